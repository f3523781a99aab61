// Unpacks an image layer (a tar, plain, gzip or zstd) into a directory that serves as an
// overlay lower dir: OCI whiteouts become overlay whiteouts, ownership, modes, times,
// device nodes and xattrs are kept, and nothing is ever written outside the target.
//
// Contract with the caller: unpack into a fresh temporary directory and rename it into
// place only when unpackLayer resolves; on rejection (bad tar, unsafe entry, digest
// mismatch, abort) the directory holds a partial layer and the caller removes it.
//
// Decompression is in decompress.ts (re-exported here for the layer's other readers).
//
// Over 500 lines on purpose: the streaming writer and the small-file writer (whole entry in
// memory, synchronous calls: most of a layer's files) share the checks that keep every write
// inside the target; split apart, those checks would have to be kept in step in two files.

import { createHash } from "node:crypto";
import {
  closeSync,
  fchmodSync,
  fchownSync,
  constants as fsc,
  futimesSync,
  lstatSync,
  openSync,
  rmSync,
  type Stats,
  unlinkSync,
  writeSync,
} from "node:fs";
import { chmod, lchown, link, lstat, lutimes, mkdir, open, rm, symlink, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import tar from "tar-stream";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { lsetxattr, mknod, S_IFBLK, S_IFCHR, S_IFIFO } from "../sys/syscalls.ts";
import { decompress, decompressError, toBuffer } from "./decompress.ts";
import { guardStream } from "./stream-guard.ts";

export { type Compression, decompress, detectCompression } from "./decompress.ts";

const WHITEOUT_PREFIX = ".wh.";
const WHITEOUT_META_PREFIX = ".wh..wh.";
const WHITEOUT_OPAQUE = ".wh..wh..opq";
const PAX_XATTR = "SCHILY.xattr.";

/** Bytes of a file's content gathered before one write. */
const WRITE_BATCH = 1024 * 1024;
/** Files up to this size are written with synchronous calls (writeSmallFile). */
const SMALL_FILE = 64 * 1024;

export interface UnpackOptions {
  /** The layer's DiffID from the image config: the unpack fails if the content differs. */
  expectedDiffId?: string;
  signal?: AbortSignal;
}

export interface UnpackResult {
  /** `sha256:` + hex digest of the uncompressed tar stream. */
  diffId: string;
  /** Bytes of regular-file content written. */
  size: number;
}

// tar-stream's type leaves out what it gives for unknown entries (type and linkname null).
type Header = Omit<tar.Header, "type" | "linkname"> & {
  type: tar.Header["type"] | null;
  linkname: string | null;
};

/** PAX records as raw bytes: tar-stream decodes values as UTF-8, which breaks binary xattrs. */
type RawPax = Map<string, Buffer>;

interface ExtractInternals {
  _header: { type: string | null } | null;
  _decodeLongHeader(buf: Buffer): void;
}

/**
 * Unpacks the layer tar read from `input` into `target` (an existing directory) and
 * returns its DiffID and content size. See the contract with the caller at the top.
 */
export async function unpackLayer(
  input: Readable,
  target: string,
  opts: UnpackOptions = {},
): Promise<UnpackResult> {
  const { signal } = opts;
  // Read only after the target is checked.
  guardStream(input);
  signal?.throwIfAborted();
  const root = path.resolve(target);

  // The first failure of the input, the decompressor or the tar parser, or the abort:
  // the entry being read then only reports "Stream was destroyed", so the cause is kept.
  // `stopping`: the unpacker failed and tears the streams down; their errors are echoes.
  let cause: Error | undefined;
  let stopping = false;
  let extract: tar.Extract | undefined;
  let content: Readable | undefined;
  const fail = (err: Error) => {
    if (stopping) return;
    cause ??= err;
    extract?.destroy(cause);
    content?.destroy();
    input.destroy();
  };
  const onAbort = () => fail(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
  signal?.addEventListener("abort", onAbort, { once: true });

  try {
    const rootStat = await lstat(root);
    if (!rootStat.isDirectory()) {
      throw new InvalidParameterError(`Cannot unpack layer: ${root} is not a directory`);
    }
    content = await decompress(input);
    if (cause !== undefined) {
      content.destroy();
      throw cause;
    }
    extract = tar.extract();
    const ex = extract;
    const closed = new Promise<void>((resolve) => ex.once("close", () => resolve()));
    ex.on("error", (err: Error) => {
      cause ??= new InvalidParameterError(`Cannot unpack layer: ${err.message}`, { cause: err });
    });

    // Keep each PAX header's raw bytes (tar-stream 3 has no hook for them; this instance
    // method is where it decodes them). The unit tests catch a tar-stream that changes it.
    const internals = ex as unknown as ExtractInternals;
    const decodeLongHeader = internals._decodeLongHeader;
    if (typeof decodeLongHeader !== "function") {
      throw new Error("Cannot unpack layer: unsupported tar-stream version");
    }
    let paxGlobal: RawPax | null = null;
    let paxNext: RawPax | null = null;
    internals._decodeLongHeader = function (this: ExtractInternals, buf: Buffer) {
      if (this._header?.type === "pax-header") paxNext = new Map([...(paxGlobal ?? []), ...parsePax(buf)]);
      else if (this._header?.type === "pax-global-header") paxGlobal = parsePax(buf);
      decodeLongHeader.call(this, buf);
    };

    // Every byte is hashed, trailing zero blocks included, so that the digest is the
    // digest of the whole uncompressed tar.
    const hash = createHash("sha256");
    const source = content;
    const feed = (async () => {
      try {
        for await (const chunk of source) {
          hash.update(chunk as Buffer);
          if (!ex.write(chunk) && !(await drained(ex))) return;
        }
        ex.end(undefined);
      } catch (err) {
        fail(decompressError(err as Error));
      }
    })();

    const unpacker = new Unpacker(root);
    try {
      for await (const entry of ex) {
        const header = entry.header as Header;
        const pax = header.pax ? paxNext : null;
        paxNext = null;
        await unpacker.entry(header, pax, entry);
        await skip(entry);
      }
      await unpacker.finish();
    } catch (err) {
      // The input's end is no failure of its own now; a parser error, if any, is
      // reported before the extractor closes and is the better cause.
      stopping = true;
      ex.destroy();
      source.destroy();
      await closed;
      throw cause ?? err;
    } finally {
      await feed;
    }

    const diffId = `sha256:${hash.digest("hex")}`;
    if (opts.expectedDiffId !== undefined && opts.expectedDiffId !== diffId) {
      throw new InvalidParameterError(
        `Cannot unpack layer: its content digest ${diffId} does not match the DiffID ${opts.expectedDiffId} in the image config`,
      );
    }
    return { diffId, size: unpacker.size };
  } catch (err) {
    throw cause ?? err;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

// Whatever an entry's handler did not read (a hard link's or a device's data) is skipped.
async function skip(entry: AsyncIterable<unknown>): Promise<void> {
  for await (const chunk of entry) void chunk;
}

// Resolves true on 'drain', false when the extractor closes first (destroyed on error).
function drained(w: { once(e: string, f: () => void): unknown; off(e: string, f: () => void): unknown }) {
  return new Promise<boolean>((resolve) => {
    const onDrain = () => {
      w.off("close", onClose);
      resolve(true);
    };
    const onClose = () => {
      w.off("drain", onDrain);
      resolve(false);
    };
    w.once("drain", onDrain);
    w.once("close", onClose);
  });
}

function parsePax(buf: Buffer): RawPax {
  const records: RawPax = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const space = buf.indexOf(0x20, pos);
    if (space < 0) break;
    const len = Number.parseInt(buf.toString("latin1", pos, space), 10);
    if (!(len > 0) || pos + len > buf.length) break;
    const record = buf.subarray(space + 1, pos + len - 1); // drop the trailing \n
    const eq = record.indexOf(0x3d);
    if (eq >= 0) records.set(record.toString("utf8", 0, eq), Buffer.from(record.subarray(eq + 1)));
    pos += len;
  }
  return records;
}

function leaves(name: string, why = "leaves the layer"): InvalidParameterError {
  return new InvalidParameterError(`Cannot unpack layer: entry ${JSON.stringify(name)} ${why}`);
}

/**
 * Splits an entry name into safe path components: no `..`, not absolute; a leading
 * `./`, `.` components and empty components (`a//b`) are dropped.
 */
function components(name: string, entryName: string): string[] {
  if (name.startsWith("/")) throw leaves(entryName);
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") throw leaves(entryName);
    parts.push(part);
  }
  return parts;
}

interface DirTimes {
  path: string;
  depth: number;
  atime: Date;
  mtime: Date;
}

class Unpacker {
  readonly root: string;
  size = 0;
  // Directories known to be real (not symlinks) in this unpack: spares an lstat per
  // component. Invalidated under any path that is removed.
  readonly dirs = new Set<string>();
  readonly dirTimes: DirTimes[] = [];

  constructor(root: string) {
    this.root = root;
  }

  async entry(header: Header, pax: RawPax | null, data: AsyncIterable<unknown>): Promise<void> {
    const name = header.name;
    const parts = components(name, name);
    if (parts.length === 0) return; // the root itself: the target dir keeps its own metadata

    const base = parts[parts.length - 1];
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const parent = await this.parentOf(parts.slice(0, -1), name);
      if (base === WHITEOUT_OPAQUE) {
        lsetxattr(parent, "trusted.overlay.opaque", Buffer.from("y"));
        return;
      }
      if (base.startsWith(WHITEOUT_META_PREFIX)) return; // aufs bookkeeping (.wh..wh.plnk…): no meaning here
      const hidden = base.slice(WHITEOUT_PREFIX.length);
      if (hidden === "." || hidden === ".." || hidden === "") throw leaves(name);
      const file = path.join(parent, hidden);
      await this.removeExisting(file, false);
      mknod(file, S_IFCHR, 0, 0);
      await lchown(file, header.uid ?? 0, header.gid ?? 0);
      return;
    }

    const parent = await this.parentOf(parts.slice(0, -1), name);
    const file = path.join(parent, base);
    const mode = (header.mode ?? 0o644) & 0o7777;
    const uid = paxNumber(pax, "uid") ?? header.uid ?? 0;
    const gid = paxNumber(pax, "gid") ?? header.gid ?? 0;
    const mtime = paxTime(pax, "mtime") ?? header.mtime ?? new Date(0);
    const atime = paxTime(pax, "atime") ?? mtime;

    switch (header.type) {
      case "directory": {
        if (!(await this.removeExisting(file, true))) await mkdir(file, { mode: 0o700 });
        this.dirs.add(file);
        await lchown(file, uid, gid);
        await chmod(file, mode);
        this.setXattrs(file, pax);
        this.dirTimes.push({ path: file, depth: parts.length, atime, mtime });
        return;
      }
      case "file":
      case "contiguous-file": {
        if ((header.size ?? 0) <= SMALL_FILE) {
          const chunks: Buffer[] = [];
          for await (const piece of data) chunks.push(toBuffer(piece));
          this.size += writeSmallFile(
            file,
            chunks,
            uid,
            gid,
            mode,
            atime,
            mtime,
            (f) => this.setXattrs(f, pax),
            (d) => this.forgetDirs(d),
          );
          return;
        }
        await this.removeExisting(file, false);
        const fh = await open(file, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o600);
        try {
          // The parser hands out pieces of ~50 KiB: written 1 MiB at a time, a large file
          // costs a twentieth of the system calls and thread pool round trips.
          let batch: Buffer[] = [];
          let batched = 0;
          for await (const piece of data) {
            const chunk = toBuffer(piece);
            batch.push(chunk);
            batched += chunk.length;
            this.size += chunk.length;
            if (batched >= WRITE_BATCH) {
              await fh.writev(batch);
              batch = [];
              batched = 0;
            }
          }
          if (batch.length) await fh.writev(batch);
          // chown clears setuid bits and file capabilities: chmod and xattrs come after.
          await fh.chown(uid, gid);
          await fh.chmod(mode);
          this.setXattrs(file, pax);
          await fh.utimes(atime, mtime);
        } finally {
          await fh.close();
        }
        return;
      }
      case "link": {
        const linkname = header.linkname ?? "";
        const targetParts = components(linkname, name);
        if (targetParts.length === 0) throw leaves(name, `links to ${JSON.stringify(linkname)}`);
        const targetParent = await this.existingParent(targetParts.slice(0, -1), name);
        const linkTarget = path.join(targetParent, targetParts[targetParts.length - 1]);
        const st = await lstat(linkTarget).catch(() => undefined);
        if (!st) throw leaves(name, `links to ${JSON.stringify(linkname)}, which is not in the layer`);
        if (st.isDirectory()) throw leaves(name, `links to the directory ${JSON.stringify(linkname)}`);
        if (linkTarget === file) return;
        await this.removeExisting(file, false);
        // link(2) never follows a symlink: the link shares the inode (and metadata) of linkTarget.
        await link(linkTarget, file);
        return;
      }
      case "symlink": {
        await this.removeExisting(file, false);
        await symlink(header.linkname ?? "", file);
        await lchown(file, uid, gid);
        this.setXattrs(file, pax);
        await lutimes(file, atime, mtime);
        return;
      }
      case "character-device":
      case "block-device":
      case "fifo": {
        await this.removeExisting(file, false);
        const type = header.type === "fifo" ? S_IFIFO : header.type === "block-device" ? S_IFBLK : S_IFCHR;
        mknod(file, type | 0o600, header.devmajor ?? 0, header.devminor ?? 0);
        await lchown(file, uid, gid);
        await chmod(file, mode);
        this.setXattrs(file, pax);
        await lutimes(file, atime, mtime);
        return;
      }
      default:
        throw leaves(name, `has an unsupported type (${header.type ?? "unknown"})`);
    }
  }

  /** Directory times last, deepest first: creating an entry changes its parent's mtime. */
  async finish(): Promise<void> {
    this.dirTimes.sort((a, b) => b.depth - a.depth);
    for (const d of this.dirTimes) {
      // A later entry may have replaced the directory: only set times on what is still there.
      const st = await lstat(d.path).catch(() => undefined);
      if (st?.isDirectory()) await lutimes(d.path, d.atime, d.mtime);
    }
  }

  /** The directory for the parent components, created (0755, root) where missing. */
  async parentOf(parts: string[], entryName: string): Promise<string> {
    let dir = this.root;
    for (const part of parts) {
      dir = path.join(dir, part);
      if (this.dirs.has(dir)) continue;
      const st = await lstat(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === "ENOENT") return undefined;
        throw err;
      });
      if (st === undefined) {
        await mkdir(dir, { mode: 0o755 });
        await chmod(dir, 0o755);
      } else if (st.isSymbolicLink()) {
        throw leaves(
          entryName,
          `leaves the layer (${JSON.stringify(path.relative(this.root, dir))} is a symlink)`,
        );
      } else if (!st.isDirectory()) {
        throw leaves(
          entryName,
          `has a parent ${JSON.stringify(path.relative(this.root, dir))} that is not a directory`,
        );
      }
      this.dirs.add(dir);
    }
    return dir;
  }

  /** As parentOf, for a hard link's target: every component must exist. */
  async existingParent(parts: string[], entryName: string): Promise<string> {
    let dir = this.root;
    for (const part of parts) {
      dir = path.join(dir, part);
      if (this.dirs.has(dir)) continue;
      const st = await lstat(dir).catch(() => undefined);
      if (st?.isSymbolicLink()) {
        throw leaves(entryName, `links through the symlink ${JSON.stringify(path.relative(this.root, dir))}`);
      }
      if (!st?.isDirectory()) throw leaves(entryName, "links to a file that is not in the layer");
      this.dirs.add(dir);
    }
    return dir;
  }

  /**
   * Makes way for a new entry at `file`: a later entry replaces an earlier one, except
   * that a directory over a directory merges. Returns whether a directory was kept.
   */
  async removeExisting(file: string, keepDir: boolean): Promise<boolean> {
    const st = await lstat(file).catch(() => undefined);
    if (st === undefined) return false;
    if (keepDir && st.isDirectory()) return true;
    if (st.isDirectory()) {
      await rm(file, { recursive: true, force: true });
      this.forgetDirs(file);
    } else {
      await unlink(file);
    }
    return false;
  }

  /** `dir` and everything under it was removed: no longer known to be real directories. */
  forgetDirs(dir: string): void {
    const prefix = dir + path.sep;
    for (const d of this.dirs) if (d === dir || d.startsWith(prefix)) this.dirs.delete(d);
  }

  setXattrs(file: string, pax: RawPax | null): void {
    if (!pax) return;
    for (const [key, value] of pax) {
      if (!key.startsWith(PAX_XATTR)) continue;
      const name = key.slice(PAX_XATTR.length);
      try {
        lsetxattr(file, name, value);
      } catch (err) {
        // As Docker: a filesystem without xattrs (or user.* on a symlink) drops them.
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EPERM") throw err;
      }
    }
  }
}

/**
 * A small file written with synchronous calls: its seven system calls (lstat, open, write,
 * chown, chmod, utimes, close) take microseconds each against a thread pool round trip each
 * when awaited, which made unpacking a context or layer of many small files cost ~1 ms a
 * file on a busy machine. The same order and flags as the streamed path in `entry`.
 */
function writeSmallFile(
  file: string,
  chunks: Buffer[],
  uid: number,
  gid: number,
  mode: number,
  atime: Date,
  mtime: Date,
  setXattrs: (file: string) => void,
  dropDirs: (dir: string) => void,
): number {
  let st: Stats | undefined;
  try {
    st = lstatSync(file);
  } catch {}
  if (st?.isDirectory()) {
    rmSync(file, { recursive: true, force: true });
    dropDirs(file);
  } else if (st) unlinkSync(file);
  const fd = openSync(file, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o600);
  let size = 0;
  try {
    let rest = chunks.length > 1 ? Buffer.concat(chunks) : chunks[0];
    // A short write (a full disk) is retried for the rest, as fs.writeFile does.
    while (rest?.length) {
      const n = writeSync(fd, rest);
      size += n;
      rest = rest.subarray(n);
    }
    // chown clears setuid bits and file capabilities: chmod and xattrs come after.
    fchownSync(fd, uid, gid);
    fchmodSync(fd, mode);
    setXattrs(file);
    futimesSync(fd, atime, mtime);
  } finally {
    closeSync(fd);
  }
  return size;
}

function paxNumber(pax: RawPax | null, key: string): number | undefined {
  const v = pax?.get(key);
  if (v === undefined) return undefined;
  const n = Number(v.toString("latin1"));
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function paxTime(pax: RawPax | null, key: string): Date | undefined {
  const v = pax?.get(key);
  if (v === undefined) return undefined;
  const seconds = Number(v.toString("latin1"));
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : undefined;
}
