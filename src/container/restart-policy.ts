// Docker's restart rules, once: after an exit (with moby's restartmanager back-off), after
// a daemon restart, and never after a manual stop (except `always` at daemon start).

import type { RestartPolicy } from "../types/host-config.ts";
import type { ContainerRecord } from "./container-record.ts";
import { ZERO_TIME } from "./container-record.ts";

/** What exit handling does once the exit is recorded; explicit, so no caller edits the record. */
export interface ExitDecision {
  /** Remove the container (--rm). */
  autoRemove: boolean;
  /** Restart after this many ms; undefined for no restart. */
  restartAfterMs?: number;
}

/** The decision for an exit that a removal under way caused: neither remove again nor restart. */
export const REMOVING: ExitDecision = { autoRemove: false };

type Rec = Pick<ContainerRecord, "HostConfig" | "State" | "RestartCount" | "ManuallyStopped">;

export function policyOf(rec: Pick<ContainerRecord, "HostConfig">): RestartPolicy {
  return rec.HostConfig.RestartPolicy ?? {};
}

// moby's restartmanager: 100 ms doubling per restart, at most a minute, back to 100 ms once
// the container ran for 10 s.
const BACKOFF_START_MS = 100;
const BACKOFF_MAX_MS = 60_000;
const RESET_AFTER_MS = 10_000;

export function restartDelay(restartCount: number, ranForMs: number): number {
  if (ranForMs > RESET_AFTER_MS) return BACKOFF_START_MS;
  return Math.min(BACKOFF_START_MS * 2 ** Math.min(restartCount, 10), BACKOFF_MAX_MS);
}

function underRetryLimit(rec: Rec, policy: RestartPolicy): boolean {
  return !policy.MaximumRetryCount || rec.RestartCount < policy.MaximumRetryCount;
}

/** Whether the policy brings the container back after the exit now recorded in `rec.State`. */
export function shouldRestartAfterExit(rec: Rec): boolean {
  const policy = policyOf(rec);
  const name = policy.Name || "no";
  if (name === "no" || rec.ManuallyStopped) return false;
  if (name === "on-failure") return rec.State.ExitCode !== 0 && underRetryLimit(rec, policy);
  return name === "always" || name === "unless-stopped";
}

/** What to do after an exit that no removal caused. */
export function decideAfterExit(rec: Rec): ExitDecision {
  if (rec.HostConfig.AutoRemove) return { autoRemove: true };
  if (!shouldRestartAfterExit(rec)) return { autoRemove: false };
  const ranFor = Date.parse(rec.State.FinishedAt) - Date.parse(rec.State.StartedAt);
  return { autoRemove: false, restartAfterMs: restartDelay(rec.RestartCount, ranFor) };
}

/**
 * At daemon start, for a container that is not running: always (even if stopped by hand),
 * unless-stopped unless stopped by hand, on-failure after a failure within its retry count;
 * never one that has not run yet.
 */
export function shouldRestartOnDaemonStart(rec: Rec): boolean {
  if (rec.State.StartedAt === ZERO_TIME) return false;
  const policy = policyOf(rec);
  switch (policy.Name) {
    case "always":
      return true;
    case "unless-stopped":
      return !rec.ManuallyStopped;
    case "on-failure":
      return rec.State.ExitCode !== 0 && underRetryLimit(rec, policy);
    default:
      return false;
  }
}
