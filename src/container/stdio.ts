import type { Duplex } from "node:stream";
import { InvalidParameterError } from "../errdefs/errors.ts";

/** The 8-byte stdcopy header Docker puts before each chunk of a non-tty stream. */
export function stdcopyFrame(stream: 1 | 2 | 3, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** Docker's `--detach-keys` format: "ctrl-p,ctrl-q", "ctrl-a,x", "ctrl-@". */
export function parseDetachKeys(spec: string): Buffer {
  const out: number[] = [];
  for (const key of spec.split(",")) {
    const k = key.trim();
    if (k.length === 1) {
      out.push(k.charCodeAt(0));
      continue;
    }
    const m = /^ctrl-([a-z@[\\\]^_])$/.exec(k);
    if (!m) throw new InvalidParameterError(`Invalid detach keys (${spec}) provided`);
    const c = m[1];
    out.push(c === "@" ? 0 : c >= "a" && c <= "z" ? c.charCodeAt(0) - 96 : c.charCodeAt(0) - 64);
  }
  return Buffer.from(out);
}

export const DEFAULT_DETACH_KEYS = Buffer.from([0x10, 0x11]);

/**
 * Watches a client's stdin for the detach sequence. `push` returns the bytes to pass on
 * and whether the sequence completed; bytes that might start the sequence are held back
 * until it is clear they do not.
 */
export class DetachKeyScanner {
  private readonly keys: Buffer;
  private held = 0;

  constructor(keys: Buffer) {
    this.keys = keys;
  }

  push(chunk: Buffer): { data: Buffer; detached: boolean } {
    if (this.keys.length === 0) return { data: chunk, detached: false };
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.held]) {
        this.held++;
        if (this.held === this.keys.length) return { data: Buffer.from(out), detached: true };
        continue;
      }
      // Not the sequence: release what was held, then look at this byte afresh.
      for (let i = 0; i < this.held; i++) out.push(this.keys[i]);
      this.held = 0;
      if (b === this.keys[0]) this.held = 1;
      else out.push(b);
    }
    return { data: Buffer.from(out), detached: false };
  }
}

/** Ends a hijacked client connection after its pending writes. */
export function endClient(socket: Duplex): void {
  if (!socket.destroyed && socket.writable) socket.end();
}
