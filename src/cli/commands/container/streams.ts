/**
 * What run, start, attach and exec share: waiting for the exit (docker/cli's
 * waitExitOrRemoved), the attach query, the resize call and the attachable check.
 */
import type { EngineClient } from "../../../client/client.ts";
import { type CliContext, CliError, writeLine } from "../../command.ts";
import { errorText } from "./errors.ts";

export interface WaitResult {
  StatusCode: number;
  Error: { Message: string } | null;
}

interface PendingWait {
  /** The exit status as `run` reports it (125 when waiting failed). */
  status: Promise<number>;
  abort(): void;
}

/**
 * `POST /containers/{id}/wait?condition=…`: resolves once the daemon has answered with its
 * headers (it does at once), so a start after it cannot be missed.
 */
export async function waitExitOrRemoved(
  ctx: CliContext,
  id: string,
  condition: string | undefined,
): Promise<PendingWait> {
  let aborted = false;
  const report = (msg: string) => {
    if (!aborted) writeLine(ctx.stderr, msg);
    return 125;
  };
  try {
    const res = await ctx.client.pending("POST", `/containers/${encodeURIComponent(id)}/wait`, {
      query: { condition },
    });
    const status = res.body.then(
      (buf) => {
        const r = JSON.parse(buf.toString("utf8")) as WaitResult;
        if (r.Error?.Message) return report(`Error waiting for container: ${r.Error.Message}`);
        return r.StatusCode;
      },
      (err) => report(`error waiting for container: ${(err as Error).message}`),
    );
    return {
      status,
      abort: () => {
        aborted = true;
        res.abort();
      },
    };
  } catch (err) {
    return {
      status: Promise.resolve(report(`error waiting for container: ${errorText(err)}`)),
      abort: () => {
        aborted = true;
      },
    };
  }
}

export function attachQuery(stdin: boolean, stdout: boolean, stderr: boolean, detachKeys?: string) {
  // Sorted as Go's url.Values.Encode sorts them.
  return {
    detachKeys: detachKeys || undefined,
    stderr: stderr ? "1" : undefined,
    stdin: stdin ? "1" : undefined,
    stdout: stdout ? "1" : undefined,
    stream: "1",
  };
}

export function resizer(client: EngineClient, path: string) {
  return (h: number, w: number) => client.ok("POST", path, { query: { h, w } });
}

interface InspectState {
  Id: string;
  State: { Running: boolean; Paused: boolean; Restarting: boolean };
  Config: { Tty: boolean; OpenStdin: boolean };
  HostConfig: { AutoRemove: boolean };
}

export function inspectContainer(ctx: CliContext, name: string): Promise<InspectState> {
  return ctx.client.json<InspectState>("GET", `/containers/${encodeURIComponent(name)}/json`);
}

export function checkAttachable(c: InspectState): void {
  if (!c.State.Running) throw new CliError("You cannot attach to a stopped container, start it first", 1);
  if (c.State.Paused) throw new CliError("You cannot attach to a paused container, unpause it first", 1);
  if (c.State.Restarting)
    throw new CliError("You cannot attach to a restarting container, wait until it is running", 1);
}
