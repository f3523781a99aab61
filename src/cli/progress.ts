// A port of the docker CLI's jsonmessage.DisplayJSONMessagesStream: how pull, push and
// `run`'s automatic pull show the daemon's JSON progress stream. On a terminal each layer
// id owns one line, redrawn in place with ANSI cursor movement; elsewhere the bars are left
// out and each message becomes a plain `id: status` line, so piped output stays readable.

import type { Readable } from "node:stream";
import type { JsonMessage } from "../client/client.ts";
import { sprintf } from "../format/go-fmt.ts";
import { humanSizeWithPrecision } from "../format/units.ts";
import { CliError } from "./command.ts";

/** jsonmessage.JSONProgress as the daemon sends it in `progressDetail`. */
export interface JsonProgress {
  current?: number;
  total?: number;
  /** Unix seconds the operation started; gives the time-left estimate. */
  start?: number;
  hidecounts?: boolean;
  units?: string;
}

export interface ProgressMessage extends Omit<JsonMessage, "progressDetail"> {
  progressDetail?: JsonProgress;
  from?: string;
}

export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface DisplayOptions {
  /** Draw bars and redraw lines in place; defaults to the sink's isTTY. */
  isTerminal?: boolean;
  /** Terminal columns; the bar is drawn only when wider than 110, as docker's. */
  width?: number;
  /** The clock for the time-left estimate (ms). */
  now?: () => number;
  onAux?: (msg: ProgressMessage) => void;
}

/** An `errorDetail` in the stream: the command fails with the daemon's text, unprefixed. */
export class JsonMessageError extends CliError {
  readonly code: number | undefined;
  constructor(message: string, code?: number) {
    super(message, 1);
    this.code = code;
  }
}

const clearLine = "\x1b[2K";
const cursorUp = (n: number) => (n > 0 ? `\x1b[${n}A` : "");
const cursorDown = (n: number) => (n > 0 ? `\x1b[${n}B` : "");

/** Go's time.Duration.String for a whole number of seconds. */
function goDurationSeconds(totalSeconds: number): string {
  const h = Math.trunc(totalSeconds / 3600);
  const m = Math.trunc((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** JSONProgress.String: `[====>     ]  12.3MB/45.6MB 3s`. */
export function progressString(p: JsonProgress, width = 200, now = Date.now()): string {
  const current = p.current ?? 0;
  const total = p.total ?? 0;
  if (current <= 0 && total <= 0) return "";
  const human = (n: number) => humanSizeWithPrecision(n, 4);
  if (total <= 0) return p.units ? `${current} ${p.units}` : sprintf("%8v", human(current));
  let percentage = Math.trunc(Math.trunc((current / total) * 100) / 2);
  if (percentage > 50) percentage = 50;
  let bar = "";
  if (width > 110)
    bar = `[${"=".repeat(Math.max(0, percentage))}>${" ".repeat(Math.max(0, 50 - percentage))}] `;
  let numbers = "";
  if (p.hidecounts) numbers = "";
  else if (!p.units) {
    numbers =
      current > total ? sprintf("%8v", human(current)) : sprintf("%8v/%v", human(current), human(total));
  } else {
    numbers = current > total ? `${current} ${p.units}` : `${current}/${total} ${p.units}`;
  }
  let timeLeft = "";
  if (current > 0 && p.start && p.start > 0 && percentage < 50 && width > 50) {
    const perEntryMs = (now - p.start * 1000) / current;
    timeLeft = ` ${goDurationSeconds(Math.max(0, Math.trunc(((total - current) * perEntryMs) / 1000)))}`;
  }
  return bar + numbers + timeLeft;
}

/**
 * One stream's display state: the line each progress id owns, counted from the first id
 * line, as docker keeps it (cleared by any message that is not progress).
 */
export class JsonMessageDisplay {
  readonly #out: ProgressSink;
  readonly #terminal: boolean;
  readonly #width: number;
  readonly #now: () => number;
  readonly #onAux: ((msg: ProgressMessage) => void) | undefined;
  #ids = new Map<string, number>();

  constructor(out: ProgressSink, opts: DisplayOptions = {}) {
    this.#out = out;
    this.#terminal = opts.isTerminal ?? Boolean(out.isTTY);
    this.#width = opts.width ?? out.columns ?? 200;
    this.#now = opts.now ?? Date.now;
    this.#onAux = opts.onAux;
  }

  /** Shows one message; throws JsonMessageError for an in-band error. */
  handle(msg: ProgressMessage): void {
    if (msg.aux !== undefined && msg.aux !== null) {
      this.#onAux?.(msg);
      return;
    }
    // Go decodes `"progressDetail":{}` to a non-nil pointer: such a message is progress.
    const hasProgress = msg.progressDetail !== undefined && msg.progressDetail !== null;
    let diff = 0;
    let s = "";
    if (msg.id && (hasProgress || msg.progress)) {
      let line = this.#ids.get(msg.id);
      if (line === undefined) {
        line = this.#ids.size;
        this.#ids.set(msg.id, line);
        if (this.#terminal) s += "\n";
      }
      diff = this.#ids.size - line;
      if (this.#terminal) s += cursorUp(diff);
    } else {
      // Progress lines of an earlier operation (pull -a, one tag after another) must not be
      // redrawn by the next one.
      this.#ids = new Map();
    }
    if (msg.errorDetail || msg.error) {
      if (msg.id && this.#terminal) s += cursorDown(diff);
      if (s) this.#out.write(s);
      throw new JsonMessageError(msg.errorDetail?.message ?? msg.error ?? "", msg.errorDetail?.code);
    }
    const display = this.#display(msg, hasProgress);
    if (display === undefined) {
      if (s) this.#out.write(s);
      return;
    }
    s += display;
    if (msg.id && this.#terminal) s += cursorDown(diff);
    this.#out.write(s);
  }

  /** JSONMessage.Display; undefined when the message is not shown (a bar, off a terminal). */
  #display(msg: ProgressMessage, hasProgress: boolean): string | undefined {
    const stream = msg.stream ?? "";
    const status = msg.status ?? "";
    let endl = "";
    let s = "";
    if (this.#terminal && stream === "" && hasProgress) {
      endl = "\r";
      s += `${clearLine}${endl}`;
    } else if (hasProgress && progressString(msg.progressDetail ?? {}, this.#width, this.#now()) !== "") {
      return undefined;
    }
    if (msg.id) s += `${msg.id}: `;
    if (msg.from) s += `(from ${msg.from}) `;
    if (hasProgress && this.#terminal) {
      s += `${status} ${progressString(msg.progressDetail ?? {}, this.#width, this.#now())}${endl}`;
    } else if (msg.progress) s += `${status} ${msg.progress}${endl}`;
    else if (stream !== "") s += `${stream}${endl}`;
    else s += `${status}${endl}\n`;
    return s;
  }
}

/** Splits a JSON-lines body into messages (the daemon ends each with "\r\n"). */
export async function* jsonMessages(body: AsyncIterable<Buffer | string>): AsyncGenerator<ProgressMessage> {
  let buf = "";
  for await (const chunk of body) {
    buf += chunk.toString();
    let nl = buf.indexOf("\n");
    while (nl >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) yield JSON.parse(line) as ProgressMessage;
      nl = buf.indexOf("\n");
    }
  }
  if (buf.trim()) yield JSON.parse(buf) as ProgressMessage;
}

/** DisplayJSONMessagesStream: renders a whole progress stream; rejects on an in-band error. */
export async function displayJsonMessagesStream(
  body: Readable | AsyncIterable<Buffer | string>,
  out: ProgressSink,
  opts: DisplayOptions = {},
): Promise<void> {
  const display = new JsonMessageDisplay(out, opts);
  try {
    for await (const msg of jsonMessages(body)) display.handle(msg);
  } finally {
    if ("destroy" in body && typeof body.destroy === "function") body.destroy();
  }
}

/** Where `-q` sends the progress: nowhere, while errors still fail the command. */
export const discard: ProgressSink = { write: () => true, isTTY: false };
