// ADD's local archives: a tar, plain or compressed with gzip, bzip2, xz or zstd, is extracted
// into the destination, as Docker's (moby's DecompressStream formats). gzip and zstd go
// through Node's zlib; bzip2 and xz through Debian's `bzip2` and `xz` (bzip2, xz-utils in
// scripts/setup.sh): npm has no well-kept streaming decoder of either (lzma-native needs a
// native build, seek-bzip and compressjs are unmaintained and buffer whole files).

import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { PassThrough, pipeline, type Readable } from "node:stream";
import { createGunzip, createZstdDecompress } from "node:zlib";

export type ArchiveCompression = "none" | "gzip" | "bzip2" | "xz" | "zstd";

export function detectArchive(head: Buffer): ArchiveCompression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 3 && head.subarray(0, 3).toString("latin1") === "BZh") return "bzip2";
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])))
    return "xz";
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return "zstd";
  return "none";
}

/** The file's bytes decompressed (as they are when not compressed). */
export function decompressedFile(abs: string, kind: ArchiveCompression): Readable {
  const input = createReadStream(abs);
  if (kind === "none") return input;
  if (kind === "gzip" || kind === "zstd") {
    const d = kind === "gzip" ? createGunzip() : createZstdDecompress();
    pipeline(input, d, () => {});
    return d;
  }
  const out = new PassThrough();
  const p = spawn(kind === "xz" ? "xz" : "bzip2", ["-dc"], { stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  p.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  p.on("error", (e) => out.destroy(e));
  pipeline(input, p.stdin, () => {});
  p.stdout.pipe(out, { end: false });
  p.on("close", (code, signal) => {
    if (code === 0) out.end();
    else if (!out.destroyed)
      out.destroy(new Error(`${kind} -dc failed: ${err.trim() || `exit ${code ?? signal}`}`));
  });
  out.once("close", () => {
    if (p.exitCode === null) p.kill();
  });
  return out;
}

/** Whether ADD extracts the file: a tar once decompressed. */
export async function isTarArchive(abs: string): Promise<boolean> {
  const st = await lstat(abs);
  if (!st.isFile() || st.size < 6) return false;
  const fh = await open(abs, "r");
  const head = Buffer.alloc(Math.min(st.size, 512));
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  const kind = detectArchive(head);
  let inner = head;
  if (kind !== "none") {
    const s = decompressedFile(abs, kind);
    const chunks: Buffer[] = [];
    let n = 0;
    try {
      for await (const c of s) {
        chunks.push(c as Buffer);
        n += (c as Buffer).length;
        if (n >= 512) break;
      }
    } catch {
      return false;
    } finally {
      s.destroy();
    }
    inner = Buffer.concat(chunks);
  }
  return inner.length >= 262 && inner.subarray(257, 262).toString("latin1") === "ustar";
}

/** The archive's tar stream, decompressed whatever its compression. */
export async function archiveStream(abs: string): Promise<Readable> {
  const fh = await open(abs, "r");
  const head = Buffer.alloc(6);
  try {
    await fh.read(head, 0, 6, 0);
  } finally {
    await fh.close();
  }
  return decompressedFile(abs, detectArchive(head));
}
