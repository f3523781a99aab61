/**
 * A layer's compression (gzip, zstd or none) told from its first bytes, as Docker's
 * DetectCompression, and the decompressed stream; zlib's errors on corrupt data become
 * InvalidParameterError.
 */
import { pipeline, type Readable, Readable as ReadableStream } from "node:stream";
import { createGunzip, createZstdDecompress } from "node:zlib";
import { InvalidParameterError } from "../errdefs/errors.ts";

export type Compression = "gzip" | "zstd" | "none";

export function detectCompression(firstBytes: Buffer): Compression {
  if (firstBytes.length >= 2 && firstBytes[0] === 0x1f && firstBytes[1] === 0x8b) return "gzip";
  if (
    firstBytes.length >= 4 &&
    firstBytes[0] === 0x28 &&
    firstBytes[1] === 0xb5 &&
    firstBytes[2] === 0x2f &&
    firstBytes[3] === 0xfd
  ) {
    return "zstd";
  }
  return "none";
}

/**
 * Peeks at the first bytes of `input` and returns its decompressed content (or `input`'s
 * bytes unchanged when it is not gzip or zstd). Errors of `input` reach the returned
 * stream; destroying the returned stream destroys `input`.
 */
export async function decompress(input: Readable): Promise<Readable> {
  const it = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < 4) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(r.value);
    head.push(chunk);
    length += chunk.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      while (!ended) {
        const r = await it.next();
        if (r.done) break;
        yield toBuffer(r.value);
      }
    } finally {
      await it.return?.();
    }
  }
  const raw = ReadableStream.from(replay(), { objectMode: false });
  // A generator cannot be stopped while it awaits `input`: destroy `input` itself.
  raw.once("close", () => input.destroy());
  const kind = detectCompression(Buffer.concat(head, length));
  if (kind === "none") return raw;
  // Output chunks of 256 KiB, not zlib's 16 KiB: each chunk is a round trip from the thread
  // pool to the event loop, and with 16 KiB those dominate the unpack of a large layer.
  const chunkSize = 256 * 1024;
  const decoder = kind === "gzip" ? createGunzip({ chunkSize }) : createZstdDecompress({ chunkSize });
  // pipeline destroys the decoder with raw's error, so that the reader sees it.
  pipeline(raw, decoder, () => {});
  return decoder;
}

export function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === "string") return Buffer.from(chunk, "latin1");
  throw new TypeError(`Cannot read layer: unexpected chunk of type ${typeof chunk}`);
}

// zlib's errors carry a Z_* or ZSTD_* code: corrupt data, not a failing input.
export function decompressError(err: Error): Error {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  if (/^(Z_|ZSTD_|ERR_ZSTD|ERR_ZLIB)/.test(code)) {
    return new InvalidParameterError(`Cannot unpack layer: cannot decompress it: ${err.message}`, {
      cause: err,
    });
  }
  return err;
}
