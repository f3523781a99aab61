// Gzip compression of layers for push, in independent 1 MiB blocks compressed in parallel on
// zlib's thread pool, as pigz does; Node's zlib compresses a stream on one thread, which is
// where Docker's push of a large layer spends its time. Hand-written because no maintained
// npm package does pigz-style block compression on Node's own zlib.
//
// The output is one ordinary gzip member: each block is a raw deflate stream ended with a
// full flush (byte-aligned, no dictionary carried over), the last block is an empty final
// one, and the trailer holds the CRC-32 and size of the whole input. The result depends
// only on the input bytes, so the same layer always compresses to the same digest.
import { crc32, deflateRaw, constants as z } from "node:zlib";

const BLOCK = 1024 * 1024;
/** Blocks compressed at once: enough to keep every core of a small machine busy. */
const IN_FLIGHT = 4;
/** A block whose samples shrink by less than this is stored, not compressed. */
const STORE_RATIO = 0.97;
const SAMPLE = 16 * 1024;

const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);

function deflate(data: Buffer, level: number, finishFlush: number): Promise<Buffer> {
  // Room for the whole output in one chunk (stored data grows by 5 bytes per 64 KiB): with
  // zlib's 16 KiB chunks, a block costs dozens of round trips from the thread pool.
  const chunkSize = data.length + (data.length >> 10) + 1024;
  return new Promise((resolve, reject) =>
    deflateRaw(data, { level, finishFlush, chunkSize }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}

/**
 * Already-compressed content (archives, media, the random bytes of a benchmark) does not
 * shrink; deflating it costs as much as deflating text. Four samples of the block tell.
 */
async function compressBlock(block: Buffer, level: number): Promise<Buffer> {
  if (block.length >= 4 * SAMPLE) {
    const step = Math.floor(block.length / 4);
    const sample = Buffer.concat([0, 1, 2, 3].map((i) => block.subarray(i * step, i * step + SAMPLE)));
    const packed = await deflate(sample, 1, z.Z_FULL_FLUSH);
    if (packed.length >= sample.length * STORE_RATIO) level = 0;
  }
  return deflate(block, level, z.Z_FULL_FLUSH);
}

/** Cuts a byte stream into buffers of exactly `size` bytes, the last one shorter. */
export async function* fixedBlocks(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number,
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let have = 0;
  for await (const c of source) {
    parts.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    have += c.byteLength;
    while (have >= size) {
      const all = parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
      yield all.subarray(0, size);
      parts = [all.subarray(size)];
      have -= size;
    }
  }
  if (have > 0) yield Buffer.concat(parts, have);
}

/** Gzip of `source`'s bytes; see the top of the file. */
export async function* gzipBlocks(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: { level?: number } = {},
): AsyncGenerator<Buffer> {
  const level = opts.level ?? 6;
  // Compressed in order, IN_FLIGHT at a time; a failure is seen when its turn comes.
  const pending: Promise<Buffer>[] = [];
  let crc = 0;
  let size = 0;
  yield HEADER;
  for await (const block of fixedBlocks(source, BLOCK)) {
    crc = crc32(block, crc);
    size += block.length;
    const p = compressBlock(block, level);
    p.catch(() => {});
    pending.push(p);
    while (pending.length >= IN_FLIGHT) yield await pending.shift()!;
  }
  while (pending.length) yield await pending.shift()!;
  yield await deflate(Buffer.alloc(0), level, z.Z_FINISH);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  yield trailer;
}
