// `logs` for the journald driver: as moby reads the journal (daemon/logger/journald/read.go),
// the entries whose CONTAINER_ID_FULL is the container's, here through `journalctl -o json`
// (moby links libsystemd; berth has no native binding, and journalctl is where journald is).

import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { SystemError } from "../errdefs/errors.ts";
import { nsToTime } from "./log-format.ts";
import { type LogEntry, type LogReadOptions, timeToNs } from "./log-reader.ts";

/** Fields the driver itself sends, not shown as attributes (moby's wellKnownFields). */
const WELL_KNOWN = new Set([
  "MESSAGE",
  "MESSAGE_ID",
  "PRIORITY",
  "CODE_FILE",
  "CODE_LINE",
  "CODE_FUNC",
  "ERRNO",
  "SYSLOG_FACILITY",
  "SYSLOG_IDENTIFIER",
  "SYSLOG_PID",
  "CONTAINER_NAME",
  "CONTAINER_ID",
  "CONTAINER_ID_FULL",
  "CONTAINER_TAG",
  "CONTAINER_PARTIAL_MESSAGE",
  "CONTAINER_PARTIAL_ID",
  "CONTAINER_PARTIAL_ORDINAL",
  "CONTAINER_PARTIAL_LAST",
]);

/** A field of `journalctl -o json`: a string, or an array of bytes when it is not UTF-8 text. */
function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return Buffer.from(v as number[]).toString("utf8");
  return "";
}

/**
 * One `journalctl -o json` object as a log entry, with its cursor; PRIORITY 3 is stderr (moby
 * sends stdout at 6), a piece of a split line keeps no newline.
 */
export function journalEntry(o: Record<string, unknown>): { entry: LogEntry; cursor: string } {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (!k.startsWith("_") && !WELL_KNOWN.has(k)) attrs[k] = text(v);
  const partial = text(o.CONTAINER_PARTIAL_MESSAGE) === "true";
  const usec = text(o.__REALTIME_TIMESTAMP);
  return {
    entry: {
      log: text(o.MESSAGE) + (partial ? "" : "\n"),
      stream: text(o.PRIORITY) === "3" ? "stderr" : "stdout",
      time: nsToTime(/^\d+$/.test(usec) ? BigInt(usec) * 1000n : 0n),
      ...(Object.keys(attrs).length ? { attrs } : {}),
    },
    cursor: text(o.__CURSOR),
  };
}

/** Runs journalctl for `id`'s entries, calling `each` per entry until it exits or `signal` aborts. */
async function journalctl(
  id: string,
  args: string[],
  each: (e: { entry: LogEntry; cursor: string }) => void,
  signal?: AbortSignal,
): Promise<void> {
  const p = spawn("journalctl", ["-o", "json", "--all", "--no-pager", ...args, `CONTAINER_ID_FULL=${id}`], {
    stdio: ["ignore", "pipe", "pipe"],
    signal,
  });
  let stderr = "";
  p.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    p.on("error", (err) => (signal?.aborted ? resolve(0) : reject(err)));
    p.on("close", (code) => resolve(code));
  });
  for await (const line of createInterface({ input: p.stdout })) {
    if (line.trim()) each(journalEntry(JSON.parse(line) as Record<string, unknown>));
  }
  const code = await exited.catch((err: Error) => {
    throw new SystemError(`read the journal of container ${id}: cannot run journalctl: ${err.message}`);
  });
  if (code !== 0 && !signal?.aborted) {
    throw new SystemError(
      `read the journal of container ${id}: journalctl: ${stderr.trim() || `exit ${code}`}`,
    );
  }
}

function wanted(e: LogEntry, o: LogReadOptions): boolean {
  if (!(e.stream === "stdout" ? o.stdout : o.stderr)) return false;
  const ns = timeToNs(e.time);
  if (o.sinceNs !== undefined && ns < o.sinceNs) return false;
  return !(o.untilNs !== undefined && ns >= o.untilNs);
}

/** What the journal holds for `id` now (`tail` counts both streams, as dockerd); returns the last cursor. */
export async function readJournal(
  id: string,
  o: LogReadOptions,
  onEntry: (e: LogEntry) => void,
): Promise<string | undefined> {
  let cursor: string | undefined;
  await journalctl(id, o.tail !== undefined ? ["-n", String(o.tail)] : [], (r) => {
    cursor = r.cursor || cursor;
    if (o.tail !== 0 && wanted(r.entry, o)) onEntry(r.entry);
  });
  return cursor;
}

/** New journal entries of `id` after `cursor`, until `signal` aborts. */
export async function followJournal(
  id: string,
  o: LogReadOptions,
  onEntry: (e: LogEntry) => void,
  signal: AbortSignal,
  cursor?: string,
): Promise<void> {
  if (signal.aborted) return;
  const from = cursor ? [`--after-cursor=${cursor}`] : ["-n", "0"];
  await journalctl(
    id,
    ["-f", ...from],
    (r) => {
      if (wanted(r.entry, o)) onEntry(r.entry);
    },
    signal,
  );
}
