// `docker logs` and attach's log replay on the service side: which entries, until when a
// follow goes on, and the API's `since`/`until` times. The route only frames and writes.

import type { Duplex } from "node:stream";
import { ConflictError, InvalidParameterError } from "../errdefs/errors.ts";
import type { ContainerWaitResponse } from "../types/container-create.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { AttachOptions } from "./container-service.ts";
import { followJournal, readJournal } from "./journald-reader.ts";
import type { LogFormat } from "./log-format.ts";
import { readNotSupported } from "./log-options.ts";
import { followLogs, type LogEntry, type LogReadOptions, readLogs, timeToNs } from "./log-reader.ts";

/** What logs and attach use of the container service. */
export interface LogsSource {
  get(ref: string): ContainerRecord;
  logPathOf(rec: ContainerRecord): string;
  wait(ref: string, condition: string, signal: AbortSignal): Promise<ContainerWaitResponse>;
  attach(ref: string, client: Duplex, head: Buffer, opts: AttachOptions): Promise<void>;
}

/** How much of the log, and whether to follow it. */
export interface LogsRequest {
  follow: boolean;
  /** Last N entries; undefined for all. */
  tail?: number;
  sinceNs?: bigint;
  untilNs?: bigint;
}

/** A container's log, opened: whether it is a TTY's (no stream framing) and its entries. */
export interface OpenLogs {
  tty: boolean;
  /**
   * Writes what the log holds, then, with `follow` and while the container runs, new entries
   * until it stops, `untilNs` passes or `closed` aborts.
   */
  pump(req: LogsRequest, write: (e: LogEntry) => void, closed: AbortSignal): Promise<void>;
}

/** Where `rec`'s log is read from; throws dockerd's error for a driver that keeps nothing. */
function logFormat(rec: ContainerRecord): LogFormat | "journald" {
  const type = rec.HostConfig.LogConfig?.Type || "json-file";
  if (type === "none") throw readNotSupported();
  return type === "local" || type === "journald" ? type : "json-file";
}

type Write = (e: LogEntry) => void;
/** Reads what a log holds now; the function it returns follows the log from there. */
type LogRead = (o: LogReadOptions, write: Write) => Promise<(signal: AbortSignal) => Promise<void>>;

/** The read of one log: its files through log-reader, or the journal. */
function logReader(src: LogsSource, rec: ContainerRecord, format: LogFormat | "journald"): LogRead {
  if (format === "journald") {
    return async (o, write) => {
      const cursor = await readJournal(rec.ID, o, write);
      return (signal) => followJournal(rec.ID, o, write, signal, cursor);
    };
  }
  const logPath = src.logPathOf(rec);
  return async (o, write) => {
    const position = await readLogs(logPath, { ...o, format }, write);
    return (signal) => followLogs(logPath, { ...o, tail: undefined, format }, write, signal, position);
  };
}

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/**
 * `logs --details`: an entry's attributes as moby's attrsByteSlice writes them before the line
 * (`k=v,k2=v2 `, query-escaped, by key; a lone space when there are none).
 */
export function detailsPrefix(e: LogEntry): string {
  const attrs = Object.entries(e.attrs ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${attrs.map(([k, v]) => `${queryEscape(k)}=${queryEscape(v)}`).join(",")} `;
}

/**
 * `tail` of `GET /containers/{id}/logs`: as moby, anything that is not an integer Go's Atoi
 * reads (`all`, `-1`, `x`, empty) or is negative means the whole log.
 */
export function parseTail(v: string | null): number | undefined {
  if (v === null || !/^[+-]?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 0 ? n : undefined;
}

/** `since`/`until` of `GET /containers/{id}/logs` in ns: unix seconds with fraction, or RFC 3339. */
export function parseLogTime(v: string | null): bigint | undefined {
  if (!v || v === "0") return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const [s, frac = ""] = v.split(".");
    return BigInt(s) * 1_000_000_000n + BigInt(frac.padEnd(9, "0").slice(0, 9));
  }
  const ns = timeToNs(v);
  if (ns === 0n) throw new InvalidParameterError(`invalid value for time: ${v}`);
  return ns;
}

/** Opens the log of `ref` for the streams asked; 404 and 400 before anything is sent. */
export function openLogs(
  src: LogsSource,
  ref: string,
  streams: { stdout: boolean; stderr: boolean },
): OpenLogs {
  const rec = src.get(ref);
  if (!streams.stdout && !streams.stderr)
    throw new InvalidParameterError("Bad parameters: you must choose at least one stream");
  const read = logReader(src, rec, logFormat(rec));
  return {
    tty: Boolean(rec.Config.Tty),
    async pump(req, write, closed) {
      const opts = { ...streams, sinceNs: req.sinceNs, untilNs: req.untilNs };
      const follow = await read({ ...opts, tail: req.tail }, write);
      if (!req.follow || !rec.State.Running) return;
      const ac = new AbortController();
      const onClosed = () => ac.abort();
      if (closed.aborted) ac.abort();
      closed.addEventListener("abort", onClosed);
      const wait = new AbortController();
      // Settled either way: a rejection here would outlive the request and kill berthd.
      src.wait(rec.ID, "not-running", wait.signal).then(
        () => ac.abort(),
        () => ac.abort(),
      );
      const untilTimer =
        opts.untilNs !== undefined
          ? setTimeout(() => ac.abort(), Math.max(0, Number(opts.untilNs / 1_000_000n) - Date.now()))
          : undefined;
      await follow(ac.signal);
      wait.abort();
      closed.removeEventListener("abort", onClosed);
      if (untilTimer) clearTimeout(untilTimer);
    },
  };
}

/** An attach, checked: the log replay (`logs=1`) and the live streams. */
export interface AttachSession {
  tty: boolean;
  replay(streams: { stdout: boolean; stderr: boolean }, write: (e: LogEntry) => void): Promise<void>;
  attach(stream: Duplex, head: Buffer, opts: AttachOptions): Promise<void>;
}

/**
 * Checks an attach can happen, before the connection is taken over, in Docker's order: the
 * container, something to attach (`stream` or `logs`), not paused.
 */
export function openAttach(
  src: LogsSource,
  ref: string,
  want: { stream: boolean; logs: boolean },
): AttachSession {
  const rec = src.get(ref);
  if (!want.stream && !want.logs) throw new InvalidParameterError("Cannot attach: give stream=1 or logs=1");
  if (rec.State.Paused) throw new ConflictError("You cannot attach to a paused container, unpause it first");
  const read = want.logs ? logReader(src, rec, logFormat(rec)) : undefined;
  return {
    tty: Boolean(rec.Config.Tty),
    async replay(streams, write) {
      await read?.(streams, write);
    },
    attach: (stream, head, opts) => src.attach(rec.ID, stream, head, opts),
  };
}
