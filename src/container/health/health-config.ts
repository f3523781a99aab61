// A container's health check as configured: the request's HealthConfig merged over the
// image's HEALTHCHECK field by field (moby's daemon/commit.go merge), dockerd's create-time
// validation, and what a probe runs and how often (daemon/health.go's defaults).

import { InvalidParameterError } from "../../errdefs/errors.ts";
import type { HealthConfig } from "../../types/container-config.ts";

/** moby's containertypes.MinimumDuration: 1ms, in nanoseconds. */
const MINIMUM_DURATION_NS = 1_000_000;

/** Docker's defaults for a zero (unset) field, in milliseconds. */
export const HEALTH_DEFAULTS = {
  intervalMs: 30_000,
  timeoutMs: 30_000,
  startPeriodMs: 0,
  startIntervalMs: 5_000,
  retries: 3,
} as const;

export interface ProbeTiming {
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  startIntervalMs: number;
  retries: number;
}

/**
 * The container's health check: the request's, each unset field (empty Test, zero
 * duration or retries) taken from the image's; undefined when neither has one.
 */
export function mergeHealthcheck(
  req: HealthConfig | null | undefined,
  image: HealthConfig | null | undefined,
): HealthConfig | undefined {
  if (!req) return image ? { ...image } : undefined;
  const out: HealthConfig = { ...req };
  if (!image) return out;
  if (!out.Test?.length && image.Test?.length) out.Test = [...image.Test];
  if (!out.Interval && image.Interval) out.Interval = image.Interval;
  if (!out.Timeout && image.Timeout) out.Timeout = image.Timeout;
  if (!out.StartPeriod && image.StartPeriod) out.StartPeriod = image.StartPeriod;
  if (!out.StartInterval && image.StartInterval) out.StartInterval = image.StartInterval;
  if (!out.Retries && image.Retries) out.Retries = image.Retries;
  return out;
}

/**
 * dockerd's checks (daemon/container.go verifyContainerSettings), with its messages; and,
 * since berth applies or refuses, a test it could not run: an unknown type, `CMD` without
 * a command, or durations with no test at all (dockerd keeps such a container "starting"
 * for ever).
 */
export function validateHealthcheck(hc: HealthConfig | undefined): void {
  if (!hc) return;
  // null is Go's zero value (docker-py sends `"StartPeriod": null` for an unset field).
  const tooShort = (ns: number | null | undefined) => ns != null && ns !== 0 && ns < MINIMUM_DURATION_NS;
  if (tooShort(hc.Interval))
    throw new InvalidParameterError("Interval in Healthcheck cannot be less than 1ms");
  if (tooShort(hc.Timeout)) throw new InvalidParameterError("Timeout in Healthcheck cannot be less than 1ms");
  if ((hc.Retries ?? 0) < 0) throw new InvalidParameterError("Retries in Healthcheck cannot be negative");
  if (tooShort(hc.StartPeriod))
    throw new InvalidParameterError("StartPeriod in Healthcheck cannot be less than 1ms");
  if (tooShort(hc.StartInterval))
    throw new InvalidParameterError("StartInterval in Healthcheck cannot be less than 1ms");
  const test = hc.Test ?? [];
  if (test.length === 0) {
    throw new InvalidParameterError(
      'Healthcheck has no test: give a command (--health-cmd, Test ["CMD-SHELL", …]) or an image with a HEALTHCHECK',
    );
  }
  switch (test[0]) {
    case "NONE":
      return;
    case "CMD":
      if (test.length < 2) throw new InvalidParameterError('Healthcheck test ["CMD"] has no command');
      return;
    case "CMD-SHELL":
      if (test.length !== 2 || test[1] === "")
        throw new InvalidParameterError('Healthcheck test ["CMD-SHELL", …] takes exactly one command string');
      return;
    default:
      throw new InvalidParameterError(
        `Unknown healthcheck type '${test[0]}' (expected CMD, CMD-SHELL or NONE)`,
      );
  }
}

/** The probe's command line; undefined when the container has no check (none, or NONE). */
export function probeCommand(
  hc: HealthConfig | null | undefined,
  shell: string[] | null | undefined,
): string[] | undefined {
  const test = hc?.Test ?? [];
  if (test[0] === "CMD" && test.length > 1) return test.slice(1);
  if (test[0] === "CMD-SHELL" && test.length > 1) {
    return [...(shell?.length ? shell : ["/bin/sh", "-c"]), ...test.slice(1)];
  }
  return undefined;
}

/** The check's timing in milliseconds, Docker's defaults for the unset fields. */
export function probeTiming(hc: HealthConfig): ProbeTiming {
  const ms = (ns: number | undefined, dflt: number) => (ns && ns > 0 ? ns / 1e6 : dflt);
  return {
    intervalMs: ms(hc.Interval, HEALTH_DEFAULTS.intervalMs),
    timeoutMs: ms(hc.Timeout, HEALTH_DEFAULTS.timeoutMs),
    startPeriodMs: ms(hc.StartPeriod, HEALTH_DEFAULTS.startPeriodMs),
    startIntervalMs: ms(hc.StartInterval, HEALTH_DEFAULTS.startIntervalMs),
    retries: hc.Retries && hc.Retries > 0 ? hc.Retries : HEALTH_DEFAULTS.retries,
  };
}
