// The two on-disk log formats berth-monitor writes, decoded: Docker's json-file (one JSON object
// per line) and Docker's local driver (moby daemon/logger/local: each LogEntry protobuf record
// framed by its 4-byte big-endian size before and after). Hand-written protobuf decoding: the
// record has four scalar fields and two nested messages, and time_nano needs 64 bits, which
// protobufjs gives only through the `long` package or as a lossy number; bigint varints here
// are a few lines. The unit test encodes records with protobufjs from moby's entry.proto.

import type { LogEntry } from "./log-reader.ts";

export type LogFormat = "json-file" | "local";

/** Decodes the whole entries at the start of `buf`; `used` is how many bytes they took. */
export type LogDecoder = (buf: Buffer) => { entries: LogEntry[]; used: number };

/** json-file: whole lines only; an empty or damaged line (cut by a crash) is skipped. */
export const decodeJsonLines: LogDecoder = (buf) => {
  const entries: LogEntry[] = [];
  let start = 0;
  for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
    const line = buf.subarray(start, nl);
    start = nl + 1;
    if (line.length === 0) continue;
    try {
      entries.push(JSON.parse(line.toString("utf8")) as LogEntry);
    } catch {
      // damaged: skipped, as dockerd's decoder resynchronises on the next line
    }
  }
  return { entries, used: start };
};

/** Reads a varint at `pos`; returns it and the next position. */
function varint(b: Buffer, pos: number): [bigint, number] {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= b.length) throw new Error("truncated varint");
    const c = b[pos++];
    v |= BigInt(c & 0x7f) << shift;
    if ((c & 0x80) === 0) return [v, pos];
    shift += 7n;
  }
}

/** The fields of one protobuf message: number → raw values (bytes for length-delimited). */
function fields(b: Buffer): Map<number, (bigint | Buffer)[]> {
  const out = new Map<number, (bigint | Buffer)[]>();
  let pos = 0;
  while (pos < b.length) {
    const [key, p] = varint(b, pos);
    pos = p;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value: bigint | Buffer;
    if (wire === 0) [value, pos] = varint(b, pos);
    else if (wire === 2) {
      const [len, q] = varint(b, pos);
      value = b.subarray(q, q + Number(len));
      pos = q + Number(len);
    } else if (wire === 1) {
      value = b.readBigUInt64LE(pos);
      pos += 8;
    } else if (wire === 5) {
      value = BigInt(b.readUInt32LE(pos));
      pos += 4;
    } else throw new Error(`unexpected wire type ${wire}`);
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

/** ns since the epoch as Go's RFC3339Nano (trailing zeros of the fraction dropped). */
export function nsToTime(ns: bigint): string {
  const secs = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  const iso = new Date(Number(secs) * 1000).toISOString().replace(/\.\d+Z$/, "");
  return `${iso}${frac ? `.${frac}` : ""}Z`;
}

/** One local-driver record as the entry json-file would have held. */
function localEntry(rec: Buffer): LogEntry {
  const f = fields(rec);
  const str = (n: number) => {
    const v = f.get(n)?.[0];
    return Buffer.isBuffer(v) ? v.toString("utf8") : "";
  };
  // Every piece of a split line is partial; the one that ends it says so in its metadata
  // ({last=1, id=2, ordinal=3}) and gets the newline back, as dockerd's ContainerLogs does.
  const partial = f.get(4)?.[0] === 1n;
  const meta = f.get(5)?.[0];
  const last = Buffer.isBuffer(meta) && fields(meta).get(1)?.[0] === 1n;
  const attrs: Record<string, string> = {};
  for (const a of f.get(6) ?? []) {
    if (!Buffer.isBuffer(a)) continue;
    const af = fields(a);
    const k = af.get(1)?.[0];
    const v = af.get(2)?.[0];
    attrs[Buffer.isBuffer(k) ? k.toString("utf8") : ""] = Buffer.isBuffer(v) ? v.toString("utf8") : "";
  }
  const t = f.get(2)?.[0];
  return {
    log: str(3) + (partial && !last ? "" : "\n"),
    stream: str(1) === "stderr" ? "stderr" : "stdout",
    time: nsToTime(typeof t === "bigint" ? t : 0n),
    ...(Object.keys(attrs).length ? { attrs } : {}),
  };
}

/** local: size-framed records; a damaged record ends the read of that file (it cannot resync). */
export const decodeLocalRecords: LogDecoder = (buf) => {
  const entries: LogEntry[] = [];
  let used = 0;
  while (buf.length - used >= 8) {
    const size = buf.readUInt32BE(used);
    if (buf.length - used < size + 8) break;
    try {
      entries.push(localEntry(buf.subarray(used + 4, used + 4 + size)));
    } catch {
      return { entries, used: buf.length };
    }
    used += size + 8;
  }
  return { entries, used };
};

export function decoderFor(format: LogFormat): LogDecoder {
  return format === "local" ? decodeLocalRecords : decodeJsonLines;
}
