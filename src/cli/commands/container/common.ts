/**
 * What the commands over several containers share: the API path, docker's parallel
 * operation and its per-name report.
 */
import { ApiError } from "../../../client/client.ts";
import { type CliContext, CliError, writeLine } from "../../command.ts";
import { errorText } from "./errors.ts";

export const cpath = (name: string) => `/containers/${encodeURIComponent(name)}`;

/**
 * parallelOperation: the requests run concurrently (at most 50 at once), the results are
 * reported in the order the containers were given.
 */
export async function parallelOperation(
  names: string[],
  op: (name: string) => Promise<unknown>,
  limit = 50,
): Promise<(unknown | undefined)[]> {
  const results: Promise<unknown>[] = [];
  let active = 0;
  const queue: (() => void)[] = [];
  for (const name of names) {
    results.push(
      (async () => {
        if (active >= limit) await new Promise<void>((r) => queue.push(r));
        active++;
        try {
          await op(name);
          return undefined;
        } catch (err) {
          return err ?? new Error("failed");
        } finally {
          active--;
          queue.shift()?.();
        }
      })(),
    );
  }
  return Promise.all(results);
}

/** Prints each name that succeeded, collects the errors, and fails with all of them. */
export function reportEach(ctx: CliContext, names: string[], errors: (unknown | undefined)[]): number {
  const failed: string[] = [];
  names.forEach((name, i) => {
    const err = errors[i];
    if (err === undefined) writeLine(ctx.stdout, name);
    else if (err instanceof ApiError || err instanceof CliError) failed.push(errorText(err));
    else throw err;
  });
  if (failed.length) throw new CliError(failed.join("\n"), 1);
  return 0;
}
