// The health checks of running containers: one timer per container, one probe at a time
// (the next is scheduled only once a probe's result is in, and a re-armed check waits for
// the probe of its previous arming to end), started and stopped by the lifecycle (start,
// exit, pause, unpause, restore). The status rules are in health-state.ts; running a probe
// is the Prober's job (probe-exec.ts: through the exec path), so tests give a fake one and
// a fake clock.

import { errorMessage } from "../../errdefs/errors.ts";
import type { Logger } from "../../util/logger.ts";
import type { ContainerRecord } from "../container-record.ts";
import { probeCommand, probeTiming } from "./health-config.ts";
import { armedHealth, nextDelayMs, recordResult } from "./health-state.ts";

export interface ProbeOutcome {
  exitCode: number;
  output: string;
}

export interface Prober {
  /**
   * Runs `cmd` in the running container and resolves with its exit code and output; a
   * probe that overruns `timeoutMs` is killed and reported as dockerd does. `signal`
   * aborts it (the probe is killed). Never rejects for the probe's own failure.
   */
  run(rec: ContainerRecord, cmd: string[], timeoutMs: number, signal: AbortSignal): Promise<ProbeOutcome>;
}

export interface HealthClock {
  now(): number;
  /** Calls `fn` once after `ms`; returns the cancel. */
  schedule(fn: () => void, ms: number): () => void;
}

export interface HealthChecksDeps {
  prober: Prober;
  /** The container's lock: a result is recorded under it, never beside a start or an exit. */
  withLock<T>(id: string, fn: () => Promise<T>): Promise<T>;
  save(rec: ContainerRecord): Promise<void>;
  emit(rec: ContainerRecord, action: string): void;
  log: Logger;
  clock?: HealthClock;
}

/** setTimeout's longest delay; longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const realClock: HealthClock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const due = Date.now() + ms;
    let timer: NodeJS.Timeout;
    const tick = () => {
      const left = due - Date.now();
      if (left > 0) timer = setTimeout(tick, Math.min(left, MAX_TIMER_MS));
      else fn();
    };
    timer = setTimeout(tick, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
    return () => clearTimeout(timer);
  },
};

interface Arming {
  stopped: boolean;
  cancelTimer?: () => void;
  abort?: AbortController;
  /** Settles when this arming's probe under way (if any) has ended. */
  inflight: Promise<void>;
}

export class HealthChecks {
  private readonly deps: HealthChecksDeps;
  private readonly clock: HealthClock;
  private readonly armings = new Map<string, Arming>();
  /** Probes of stopped armings still ending (killed, not yet reaped), by container. */
  private readonly ending = new Map<string, Promise<void>>();

  constructor(deps: HealthChecksDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? realClock;
  }

  /**
   * Starts checking `rec` (running, not paused). `reset`: a start or a berthd restart,
   * where the status goes back to "starting" with no failing streak (moby's
   * initHealthMonitor); an unpause keeps the status. A container without a check gets none.
   */
  arm(rec: ContainerRecord, opts: { reset: boolean }): void {
    const previous = this.stop(rec.ID);
    const cmd = probeCommand(rec.Config.Healthcheck, rec.Config.Shell);
    if (!cmd) {
      if (opts.reset) delete rec.State.Health;
      return;
    }
    if (opts.reset || !rec.State.Health) rec.State.Health = armedHealth(rec.State.Health);
    const arming: Arming = { stopped: false, inflight: previous };
    this.armings.set(rec.ID, arming);
    this.schedule(rec, arming, cmd);
  }

  /** Stops checking (exit, pause, removal): no timer, the probe under way killed, its result dropped. */
  disarm(id: string): void {
    // The probe under way ends by itself once killed; the next arming waits for it.
    void this.stop(id);
  }

  /** berthd shutting down: every check stops. */
  close(): void {
    for (const id of [...this.armings.keys()]) this.disarm(id);
  }

  /** Whether `id` is being checked (tests). */
  armed(id: string): boolean {
    return this.armings.has(id);
  }

  /** Stops the current arming; resolves when the probe of the last one stopped has ended. */
  private stop(id: string): Promise<void> {
    const a = this.armings.get(id);
    if (!a) return this.ending.get(id) ?? Promise.resolve();
    this.armings.delete(id);
    a.stopped = true;
    a.cancelTimer?.();
    a.abort?.abort();
    const ended = a.inflight;
    this.ending.set(id, ended);
    void ended.then(() => {
      if (this.ending.get(id) === ended) this.ending.delete(id);
    });
    return ended;
  }

  private schedule(rec: ContainerRecord, arming: Arming, cmd: string[]): void {
    const timing = probeTiming(rec.Config.Healthcheck ?? {});
    const sinceStart = this.clock.now() - Date.parse(rec.State.StartedAt);
    const delay = nextDelayMs(timing, sinceStart, rec.State.Health?.Status ?? "starting");
    arming.cancelTimer = this.clock.schedule(() => {
      arming.cancelTimer = undefined;
      const run = this.probe(rec, arming, cmd);
      arming.inflight = run;
    }, delay);
  }

  private async probe(rec: ContainerRecord, arming: Arming, cmd: string[]): Promise<void> {
    // A probe of an earlier arming (killed at a pause or exit) must end before this one.
    await arming.inflight;
    if (arming.stopped) return;
    // Frozen by a commit (which pauses without the pause operation): no probe, as paused.
    if (rec.State.Paused) {
      this.schedule(rec, arming, cmd);
      return;
    }
    const timing = probeTiming(rec.Config.Healthcheck ?? {});
    const abort = new AbortController();
    arming.abort = abort;
    const start = this.clock.now();
    const outcome = await this.deps.prober
      .run(rec, cmd, timing.timeoutMs, abort.signal)
      .catch((err): ProbeOutcome => ({ exitCode: -1, output: errorMessage(err) }));
    const end = this.clock.now();
    arming.abort = undefined;
    if (arming.stopped) return;
    await this.deps
      .withLock(rec.ID, async () => {
        const h = rec.State.Health;
        if (arming.stopped || !h || !rec.State.Running || rec.State.Paused) return;
        const streak = h.FailingStreak;
        const old = recordResult(
          h,
          {
            Start: new Date(start).toISOString(),
            End: new Date(end).toISOString(),
            ExitCode: outcome.exitCode,
            Output: outcome.output,
          },
          {
            retries: timing.retries,
            startPeriodMs: timing.startPeriodMs,
            startedAtMs: Date.parse(rec.State.StartedAt),
          },
        );
        // Written when the status or the streak moves, not at every probe (dockerd keeps the
        // log in memory too): a fsync per probe is what a busy host does not need.
        if (old !== h.Status || streak !== h.FailingStreak) {
          await this.deps.save(rec).catch((err) =>
            this.deps.log.warn("recording a container's health failed", {
              id: rec.ID,
              err: errorMessage(err),
            }),
          );
        }
        if (old !== h.Status) this.deps.emit(rec, `health_status: ${h.Status}`);
      })
      .catch((err) =>
        this.deps.log.error("health check result handling failed", { id: rec.ID, err: errorMessage(err) }),
      );
    if (!arming.stopped) this.schedule(rec, arming, cmd);
  }
}
