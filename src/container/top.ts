import { execFile } from "node:child_process";
import { InvalidParameterError } from "../errdefs/errors.ts";
import type { ContainerContext } from "./context.ts";
import { assertRunning } from "./state.ts";

/** `ps` on the host, filtered to the container's processes (as dockerd's ContainerTop). */
export async function topContainer(
  ctx: ContainerContext,
  ref: string,
  psArgs: string,
): Promise<{ Titles: string[]; Processes: string[][] }> {
  const rec = ctx.store.get(ref);
  assertRunning(rec);
  const pids = new Set(await ctx.rt.ps(rec));
  const args = (psArgs || "-ef").split(/\s+/).filter(Boolean);
  const out = await new Promise<string>((resolve, reject) =>
    execFile("ps", args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new InvalidParameterError(`Error running ps: ${stderr || err.message}`)) : resolve(stdout),
    ),
  );
  const lines = out.split("\n").filter((l) => l.trim());
  const titles = lines[0].trim().split(/\s+/);
  const pidCol = titles.indexOf("PID");
  if (pidCol < 0) throw new InvalidParameterError("Couldn't find PID field in ps output");
  const processes: string[][] = [];
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (!pids.has(Number(fields[pidCol]))) continue;
    // The last column (CMD/COMMAND) may contain spaces: keep it whole.
    const row = fields.slice(0, titles.length - 1);
    row.push(fields.slice(titles.length - 1).join(" "));
    processes.push(row);
  }
  ctx.emit(rec, "top");
  return { Titles: titles, Processes: processes };
}
