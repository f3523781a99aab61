// A clock for the health checks' unit tests: timers fire only when a test moves it on.

import type { HealthClock } from "./health-checks.ts";

/** A clock whose timers fire only when the test advances it. */
export class FakeClock implements HealthClock {
  t = Date.now();
  timers: { due: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  schedule(fn: () => void, ms: number): () => void {
    const timer = { due: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }
  /** Moves to the next timer, fires it and lets the promises it starts settle. */
  async fireNext(): Promise<number> {
    this.timers.sort((a, b) => a.due - b.due);
    const next = this.timers.shift();
    if (!next) throw new Error("no health check timer is pending");
    const waited = next.due - this.t;
    this.t = next.due;
    next.fn();
    await settle();
    return waited;
  }
}

/** Lets queued promise callbacks run (not a wait for time: the clock is fake). */
export const settle = () => new Promise<void>((r) => setImmediate(r));
