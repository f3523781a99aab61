/**
 * The CLI side of attached streams, as docker/cli's hijack.go and moby's stdcopy and term
 * packages do it: demultiplexing stdcopy frames, raw terminal input with the client-side
 * detach-key proxy, stdin forwarding with a half-close at EOF, tty resizing and the signal
 * proxy.
 */
import type { Readable, Writable } from "node:stream";

/** A systemerr frame (stream 3) or a malformed header: the daemon reported a failure in-band. */
export class StreamError extends Error {}

/** The user typed the detach sequence (moby/term EscapeError). */
export class DetachedError extends Error {
  constructor() {
    super("read escape sequence");
  }
}

const HEADER_LEN = 8;

/**
 * stdcopy's demultiplexer: 8-byte headers `[stream,0,0,0,len BE32]` then the payload, frames
 * possibly split across chunks. Stream 0 (stdin echo) and 1 go to stdout, 2 to stderr, 3 is an
 * error from the daemon.
 */
export class StdcopyDemuxer {
  private buf: Buffer = Buffer.alloc(0);
  private readonly onStdout: (b: Buffer) => void;
  private readonly onStderr: (b: Buffer) => void;

  constructor(onStdout: (b: Buffer) => void, onStderr: (b: Buffer) => void) {
    this.onStdout = onStdout;
    this.onStderr = onStderr;
  }

  write(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= HEADER_LEN) {
      const stream = this.buf[0];
      const size = this.buf.readUInt32BE(4);
      if (this.buf.length < HEADER_LEN + size) return;
      const payload = this.buf.subarray(HEADER_LEN, HEADER_LEN + size);
      this.buf = this.buf.subarray(HEADER_LEN + size);
      switch (stream) {
        case 0:
        case 1:
          if (size) this.onStdout(payload);
          break;
        case 2:
          if (size) this.onStderr(payload);
          break;
        case 3:
          throw new StreamError(`error from daemon in stream: ${payload.toString("utf8")}`);
        default:
          throw new StreamError(`Unrecognized input header: ${stream}`);
      }
    }
  }

  /** Bytes of an unfinished frame left when the stream ended (docker ignores them too). */
  get pending(): number {
    return this.buf.length;
  }
}

const ctrlKeys = [
  "ctrl-@",
  "ctrl-a",
  "ctrl-b",
  "ctrl-c",
  "ctrl-d",
  "ctrl-e",
  "ctrl-f",
  "ctrl-g",
  "ctrl-h",
  "ctrl-i",
  "ctrl-j",
  "ctrl-k",
  "ctrl-l",
  "ctrl-m",
  "ctrl-n",
  "ctrl-o",
  "ctrl-p",
  "ctrl-q",
  "ctrl-r",
  "ctrl-s",
  "ctrl-t",
  "ctrl-u",
  "ctrl-v",
  "ctrl-w",
  "ctrl-x",
  "ctrl-y",
  "ctrl-z",
  "ctrl-[",
  "ctrl-\\",
  "ctrl-]",
  "ctrl-^",
  "ctrl-_",
];

/** The default detach sequence, ctrl-p ctrl-q. */
export const DEFAULT_DETACH_KEYS = [16, 17];

/** moby/term ToBytes: "ctrl-p,ctrl-q" or "ctrl-a,x" to the key codes. */
export function parseDetachKeys(keys: string): number[] {
  const codes: number[] = [];
  for (const key of keys.split(",")) {
    if (key.length === 1) {
      codes.push(key.charCodeAt(0));
      continue;
    }
    const code = ctrlKeys.indexOf(key.toLowerCase());
    if (code < 0) throw new Error(`Unknown character: '${key}'`);
    codes.push(code);
  }
  return codes;
}

/**
 * moby/term's escape proxy: holds back bytes that may start the detach sequence, lets them
 * through once they turn out not to, and reports the whole sequence.
 */
export class EscapeProxy {
  private readonly keys: number[];
  private pos = 0;

  constructor(keys: number[]) {
    this.keys = keys;
  }

  /** The bytes to forward, and whether the detach sequence was completed. */
  feed(chunk: Buffer): { data: Buffer; detach: boolean } {
    if (this.keys.length === 0) return { data: chunk, detach: false };
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.pos]) {
        this.pos++;
        if (this.pos === this.keys.length) {
          this.pos = 0;
          return { data: Buffer.from(out), detach: true };
        }
        continue;
      }
      if (this.pos > 0) {
        out.push(...this.keys.slice(0, this.pos));
        this.pos = 0;
        if (b === this.keys[0]) {
          this.pos = 1;
          continue;
        }
      }
      out.push(b);
    }
    return { data: Buffer.from(out), detach: false };
  }
}

type TtyIn = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown; unref?: () => unknown };
type TtyOut = Writable & { isTTY?: boolean; columns?: number; rows?: number };

/** The terminal's [height, width], or [0, 0] when the output is not a terminal (GetTtySize). */
export function ttySize(out: TtyOut): [number, number] {
  if (!out.isTTY) return [0, 0];
  return [out.rows ?? 0, out.columns ?? 0];
}

/** docker's CheckTty: a TTY was asked for with stdin attached, but stdin is not a terminal. */
export function checkTty(stdin: TtyIn, attachStdin: boolean, tty: boolean): void {
  if (tty && attachStdin && !stdin.isTTY) throw new Error("the input device is not a TTY");
}

function writeOut(w: Writable, b: Buffer): Promise<void> | undefined {
  if (w.write(b)) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      w.off("drain", done);
      w.off("close", done);
      w.off("error", done);
      resolve();
    };
    w.on("drain", done);
    w.on("close", done);
    w.on("error", done);
  });
}

export interface HijackedStreams {
  socket: import("node:stream").Duplex;
  /** Bytes that arrived with the 101 response. */
  head: Buffer;
  stdin?: TtyIn;
  stdout?: Writable;
  stderr?: Writable;
  tty: boolean;
  /** docker's --detach-keys; used by the client-side proxy when stdin is a raw terminal. */
  detachKeys?: string;
  /** Warnings ("invalid detach escape keys") go here. */
  warn?: (msg: string) => void;
}

/**
 * hijackedIOStreamer.stream: copies stdin to the connection (half-closing it at EOF, or at
 * once when stdin is not attached) and the output to stdout/stderr, raw with a TTY and
 * stdcopy-demultiplexed without. Resolves when the output ends (or, with no output, when the
 * input does); rejects with DetachedError on the detach sequence and StreamError on an
 * in-band daemon error.
 */
export function streamHijacked(s: HijackedStreams): Promise<void> {
  const { socket } = s;
  let restored = false;
  let rawSet = false;
  const stdin = s.stdin;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (rawSet) stdin?.setRawMode?.(false);
  };

  let escaper: EscapeProxy | undefined;
  if (stdin && s.tty && stdin.isTTY && typeof stdin.setRawMode === "function") {
    stdin.setRawMode(true);
    rawSet = true;
    let keys = DEFAULT_DETACH_KEYS;
    if (s.detachKeys) {
      try {
        keys = parseDetachKeys(s.detachKeys);
      } catch (err) {
        s.warn?.(`invalid detach escape keys, using default: ${(err as Error).message}`);
      }
    }
    escaper = new EscapeProxy(keys);
  }

  const hasOutput = Boolean(s.stdout || s.stderr);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let stopInput = () => {};

    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      stopInput();
      restore();
      if (err) reject(err);
      else resolve();
    };

    // Input: stdin → socket, then half-close.
    let inputDone = false;
    const closeWrite = () => {
      if (!socket.writableEnded && !socket.destroyed) socket.end();
    };
    const onInputDone = () => {
      if (inputDone) return;
      inputDone = true;
      stopInput();
      restore();
      closeWrite();
      if (!hasOutput) finish();
    };
    if (stdin) {
      const onData = (chunk: Buffer | string) => {
        let data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        if (escaper) {
          const r = escaper.feed(data);
          data = r.data;
          if (data.length && !socket.destroyed) socket.write(data);
          if (r.detach) {
            finish(new DetachedError());
            socket.destroy();
          }
          return;
        }
        if (!socket.destroyed && !socket.writableEnded && !socket.write(data)) {
          stdin.pause();
          socket.once("drain", () => {
            if (!inputDone) stdin.resume();
          });
        }
      };
      const onEnd = () => onInputDone();
      const onError = () => onInputDone();
      stdin.on("data", onData);
      stdin.on("end", onEnd);
      stdin.on("error", onError);
      stopInput = () => {
        stdin.off("data", onData);
        stdin.off("end", onEnd);
        stdin.off("error", onError);
        stdin.pause();
        // A stdin still open (a terminal, a pipe nobody closes) must not keep the CLI alive.
        stdin.unref?.();
      };
      stdin.resume();
    } else {
      queueMicrotask(onInputDone);
    }

    // Output: socket → stdout/stderr.
    if (!hasOutput) {
      socket.resume();
      return;
    }
    const out = s.stdout;
    const err = s.stderr;
    const pending: Buffer[] = [];
    let writing: Promise<void> | undefined;
    const emit = (w: Writable | undefined, b: Buffer) => {
      if (!w) return;
      const p = writeOut(w, b);
      if (p) {
        socket.pause();
        writing = p.then(() => {
          writing = undefined;
          if (!settled) socket.resume();
        });
      }
    };
    const demux = s.tty
      ? undefined
      : new StdcopyDemuxer(
          (b) => emit(out, b),
          (b) => emit(err, b),
        );
    const handle = (chunk: Buffer) => {
      try {
        if (demux) demux.write(chunk);
        else emit(out, chunk);
      } catch (e) {
        finish(e as Error);
        socket.destroy();
      }
    };
    if (s.head.length) pending.push(s.head);
    for (const c of pending) handle(c);
    socket.on("data", handle);
    const onOutputEnd = () => {
      if (s.tty) restore();
      if (writing) writing.then(() => finish());
      else finish();
    };
    socket.on("end", onOutputEnd);
    socket.on("close", onOutputEnd);
    socket.on("error", (e: NodeJS.ErrnoException) => {
      // A reset after the daemon is done is an ordinary end of the stream.
      if (e.code === "ECONNRESET" || e.code === "EPIPE") onOutputEnd();
      else finish(e);
    });
  });
}

/**
 * MonitorTtySize: resizes the TTY now and on every SIGWINCH. Returns the function that stops
 * watching.
 */
export function monitorTtySize(out: TtyOut, resize: (h: number, w: number) => Promise<unknown>): () => void {
  const doResize = () => {
    const [h, w] = ttySize(out);
    if (h === 0 && w === 0) return;
    resize(h, w).catch(() => {});
  };
  doResize();
  process.on("SIGWINCH", doResize);
  return () => {
    process.off("SIGWINCH", doResize);
  };
}

/** The signals the proxy forwards: what a process can catch and docker forwards by name. */
export const PROXIED_SIGNALS: NodeJS.Signals[] = [
  "SIGHUP",
  "SIGINT",
  "SIGQUIT",
  "SIGTERM",
  "SIGUSR2",
  "SIGALRM",
];

/**
 * ForwardAllSignals: every signal the CLI receives is sent to the container with
 * `POST /containers/{id}/kill?signal=NAME`. Returns the function that stops forwarding.
 */
export function forwardSignals(kill: (signal: string) => Promise<unknown>): () => void {
  const handlers = PROXIED_SIGNALS.map((sig) => {
    const h = () => {
      kill(sig.replace(/^SIG/, "")).catch(() => {});
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return () => {
    for (const [sig, h] of handlers) process.off(sig, h);
  };
}
