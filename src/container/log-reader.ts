import { watch } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { errno } from "../errdefs/errors.ts";
import { decoderFor, type LogFormat } from "./log-format.ts";

export interface LogEntry {
  log: string;
  stream: "stdout" | "stderr";
  time: string;
  /** The driver's extra attributes (`--log-opt labels/env/tag`), shown by `logs --details`. */
  attrs?: Record<string, string>;
}

export interface LogReadOptions {
  stdout: boolean;
  stderr: boolean;
  /** Entries at or after this time (ns since epoch). */
  sinceNs?: bigint;
  /** Entries before this time (ns since epoch). */
  untilNs?: bigint;
  /** Last N entries of the whole log (before the stream and time filters); undefined for all. */
  tail?: number;
  /** The driver's file format; json-file unless said. */
  format?: LogFormat;
}

/** RFC 3339 with nanoseconds → ns since epoch (Date drops the last six digits). */
export function timeToNs(t: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  if (!m) return 0n;
  const secs = BigInt(Math.floor(Date.parse(`${m[1]}${m[3]}`) / 1000));
  return secs * 1_000_000_000n + BigInt((m[2] ?? "").padEnd(9, "0").slice(0, 9));
}

/** The log's files, oldest first (`x.log.2.gz`, `x.log.1`, `x.log`): a rotated file is read uncompressed while its gzip copy is being written. */
async function logFiles(logPath: string): Promise<string[]> {
  const files: string[] = [];
  for (let i = 1; i < 1000; i++) {
    const found = await stat(`${logPath}.${i}`).then(
      () => `${logPath}.${i}`,
      () =>
        stat(`${logPath}.${i}.gz`).then(
          () => `${logPath}.${i}.gz`,
          () => undefined,
        ),
    );
    if (!found) break;
    files.unshift(found);
  }
  files.push(logPath);
  return files;
}

function wanted(e: LogEntry, o: LogReadOptions): boolean {
  if (e.stream === "stdout" ? !o.stdout : !o.stderr) return false;
  if (o.sinceNs !== undefined || o.untilNs !== undefined) {
    const t = timeToNs(e.time);
    if (o.sinceNs !== undefined && t < o.sinceNs) return false;
    if (o.untilNs !== undefined && t >= o.untilNs) return false;
  }
  return true;
}

/**
 * A log entry's time as `logs -t` shows it: moby formats with RFC3339NanoFixed (always nine
 * fractional digits), while the json-file log stores RFC3339Nano, whose trailing zeros Go drops.
 */
export function fixedNanoTime(time: string): string {
  const m = /^([^.Z+]+?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!m) return time;
  return `${m[1]}.${(m[2] ?? "").padEnd(9, "0").slice(0, 9)}${m[3]}`;
}

/** One log file's content (gunzipped for `.gz`) and its inode. */
async function openLogFile(file: string): Promise<{ input: AsyncIterable<Buffer>; ino: number }> {
  const fh = await open(file, "r");
  const ino = (await fh.stat()).ino;
  const raw = fh.createReadStream();
  return { input: file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw, ino };
}

/** Where a read of the live log file stopped, for a follow to go on from exactly there. */
export interface LogPosition {
  ino: number;
  offset: number;
}

/** Reads what the log holds now; returns where it stopped in the live file. */
export async function readLogs(
  logPath: string,
  o: LogReadOptions,
  onEntry: (e: LogEntry) => void,
): Promise<LogPosition | undefined> {
  const keep: LogEntry[] = [];
  let position: LogPosition | undefined;
  const decode = decoderFor(o.format ?? "json-file");
  for (const file of await logFiles(logPath)) {
    let input: AsyncIterable<Buffer>;
    let ino: number;
    try {
      ({ input, ino } = await openLogFile(file).catch((err) => {
        // A compression that finished meanwhile removed the plain file: read its gzip copy.
        if (errno(err) !== "ENOENT" || file === logPath || file.endsWith(".gz")) throw err;
        return openLogFile(`${file}.gz`);
      }));
    } catch (err) {
      if (errno(err) === "ENOENT") continue;
      throw err;
    }
    // Whole lines only: the monitor may be half-way through writing the last one, which the
    // follow then reads whole from `end`.
    let end = 0;
    let partial: Buffer = Buffer.alloc(0);
    for await (const chunk of input) {
      partial = partial.length ? Buffer.concat([partial, chunk as Buffer]) : (chunk as Buffer);
      const { entries, used } = decode(partial);
      for (const e of entries) {
        // As dockerd: the tail is the last N entries of the whole log, filtered afterwards.
        if (o.tail === undefined) {
          if (wanted(e, o)) onEntry(e);
        } else if (o.tail > 0) {
          keep.push(e);
          if (keep.length > o.tail) keep.shift();
        }
      }
      end += used;
      partial = partial.subarray(used);
    }
    if (file === logPath) position = { ino, offset: end };
  }
  for (const e of keep) if (wanted(e, o)) onEntry(e);
  return position;
}

/**
 * Follows the live log file from `from` (else its current end): calls `onEntry` for each new entry,
 * across rotations, until `signal` aborts. Returns once stopped and drained.
 */
export async function followLogs(
  logPath: string,
  o: LogReadOptions,
  onEntry: (e: LogEntry) => void,
  signal: AbortSignal,
  from?: LogPosition,
): Promise<void> {
  let fh = await open(logPath, "a+").then(async (h) => {
    await h.close();
    return open(logPath, "r");
  });
  let ino = (await fh.stat()).ino;
  // Go on from where the read stopped, so nothing written in between is lost.
  let pos = from === undefined ? (await fh.stat()).size : from.ino === ino ? from.offset : 0;
  // Bytes, not text: a character split across two reads must not become U+FFFD.
  let partial: Buffer = Buffer.alloc(0);
  const decode = decoderFor(o.format ?? "json-file");
  const drain = async () => {
    for (;;) {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      partial = Buffer.concat([partial, buf.subarray(0, bytesRead)]);
      const { entries, used } = decode(partial);
      partial = partial.subarray(used);
      for (const e of entries) if (wanted(e, o)) onEntry(e);
    }
  };
  let busy = Promise.resolve();
  const step = () => {
    busy = busy.then(async () => {
      await drain();
      // Rotated: finish the old file (done above), then continue on the new one.
      try {
        const st = await stat(logPath);
        if (st.ino !== ino) {
          await fh.close();
          fh = await open(logPath, "r");
          ino = st.ino;
          pos = 0;
          partial = Buffer.alloc(0);
          await drain();
        }
      } catch {
        // the file is being replaced; the next event finds the new one
      }
    });
    return busy;
  };
  const dir = logPath.slice(0, logPath.lastIndexOf("/"));
  const watcher = watch(dir, () => void step());
  // A timer backs up inotify, which coalesces events under load.
  const timer = setInterval(() => void step(), 250);
  await step();
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
  watcher.close();
  clearInterval(timer);
  await step();
  await fh.close();
}
