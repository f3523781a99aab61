// `wait`'s conditions, as moby's State.Wait: not-running resolves at once for a container
// that is neither running nor restarting, next-exit at the next exit, removed at removal.

import { InvalidParameterError } from "../errdefs/errors.ts";
import type { ContainerWaitResponse } from "../types/container-create.ts";

export type WaitCondition = "not-running" | "next-exit" | "removed";

export type WaitResult = ContainerWaitResponse;

/** The `condition` query values; empty is not-running. */
const CONDITIONS = new Map<string, WaitCondition>([
  ["", "not-running"],
  ["not-running", "not-running"],
  ["next-exit", "next-exit"],
  ["removed", "removed"],
]);

interface Waiter {
  condition: WaitCondition;
  resolve: (r: WaitResult) => void;
}

export function parseWaitCondition(condition: string): WaitCondition {
  const known = CONDITIONS.get(condition);
  if (!known) throw new InvalidParameterError(`invalid condition: "${condition}"`);
  return known;
}

export class Waiters {
  private readonly byId = new Map<string, Waiter[]>();

  /**
   * Resolves when `condition` is met for the container; `signal` forgets the wait (the
   * promise then never settles, as the client has gone).
   */
  wait(
    c: { ID: string; State: { Running: boolean; Restarting: boolean; ExitCode: number } },
    condition: WaitCondition,
    signal?: AbortSignal,
  ): Promise<WaitResult> {
    if (condition === "not-running" && !c.State.Running && !c.State.Restarting) {
      return Promise.resolve({ StatusCode: c.State.ExitCode, Error: null });
    }
    return new Promise((resolve) => {
      const w: Waiter = { condition, resolve };
      this.byId.set(c.ID, [...(this.byId.get(c.ID) ?? []), w]);
      signal?.addEventListener("abort", () => this.drop(c.ID, w));
    });
  }

  /** Releases the waiters an exit or the removal satisfies (moby's SetStopped / SetRemoved). */
  release(c: { ID: string; State: { ExitCode: number } }, what: "exit" | "removed"): void {
    const keep: Waiter[] = [];
    for (const w of this.byId.get(c.ID) ?? []) {
      if (what === "removed" || w.condition !== "removed") {
        w.resolve({ StatusCode: c.State.ExitCode, Error: null });
      } else keep.push(w);
    }
    if (keep.length) this.byId.set(c.ID, keep);
    else this.byId.delete(c.ID);
  }

  count(id: string): number {
    return this.byId.get(id)?.length ?? 0;
  }

  private drop(id: string, w: Waiter): void {
    const l = this.byId.get(id)?.filter((x) => x !== w);
    if (l?.length) this.byId.set(id, l);
    else this.byId.delete(id);
  }
}
