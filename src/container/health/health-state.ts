// The health status machine, as moby's daemon/health.go handleProbeResult and monitor's
// interval choice: pure functions over State.Health, so the rules are tested with a fake
// clock and no container.

import type { Health, HealthcheckResult } from "../../types/container.ts";
import type { ProbeTiming } from "./health-config.ts";

/** moby's maxLogEntries: State.Health.Log keeps the last five results. */
export const MAX_LOG_ENTRIES = 5;
/** moby's maxOutputLen: a probe's stdout and stderr together, at most 4 KiB kept. */
export const MAX_OUTPUT_LEN = 4096;

/** Health at a (re)start of the checks: "starting", no failing streak, the old log kept. */
export function armedHealth(prev: Health | undefined): Health {
  return { Status: "starting", FailingStreak: 0, Log: prev?.Log ? [...prev.Log] : [] };
}

/**
 * Records one probe's result; returns the status before it (the caller emits
 * `health_status: <new>` when it differs). Failures while "starting" inside the start
 * period do not count; a success ends the start period.
 */
export function recordResult(
  h: Health,
  result: HealthcheckResult,
  opts: { retries: number; startPeriodMs: number; startedAtMs: number },
): Health["Status"] {
  const old = h.Status;
  h.Log = [...(h.Log ?? []), result].slice(-MAX_LOG_ENTRIES);
  if (result.ExitCode === 0) {
    h.FailingStreak = 0;
    h.Status = "healthy";
    return old;
  }
  const inStartPeriod =
    h.Status === "starting" && Date.parse(result.Start) - opts.startedAtMs < opts.startPeriodMs;
  if (!inStartPeriod) {
    h.FailingStreak++;
    if (h.FailingStreak >= opts.retries) h.Status = "unhealthy";
  }
  return old;
}

/**
 * The wait before the next probe (moby 25's getInterval): the start interval while still
 * "starting" inside the start period, the interval otherwise.
 */
export function nextDelayMs(t: ProbeTiming, sinceStartMs: number, status: Health["Status"]): number {
  // No start period: the interval, whatever a clock step makes of the time since the start.
  if (t.startPeriodMs <= 0 || sinceStartMs >= t.startPeriodMs) return t.intervalMs;
  return status === "starting" ? t.startIntervalMs : t.intervalMs;
}

/** moby's limitedBuffer: the first 4 KiB of output, "..." after it when there was more. */
export class LimitedOutput {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private truncated = false;

  write(data: Buffer): void {
    const keep = Math.min(MAX_OUTPUT_LEN - this.size, data.length);
    if (keep > 0) {
      this.chunks.push(data.subarray(0, keep));
      this.size += keep;
    }
    if (keep < data.length) this.truncated = true;
  }

  toString(): string {
    const out = Buffer.concat(this.chunks).toString("utf8");
    return this.truncated ? `${out}...` : out;
  }
}
