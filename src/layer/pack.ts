// A container's upper dir as an OCI layer tar, written byte for byte the same for the same
// content: entries in walk order (names sorted bytewise), headers built here from the
// few fields that matter (no atime/ctime, no user or group names), so that committing
// identical changes twice gives the same DiffID.

import { closeSync, openSync, readSync, type Stats } from "node:fs";
import { lstat, open, readdir, readlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { lgetxattr, llistxattr, major, minor } from "../sys/syscalls.ts";
import { type UpperEntry, walkUpper } from "./changes.ts";

const BLOCK = 512;
const WHITEOUT_PREFIX = ".wh.";
const WHITEOUT_OPAQUE = ".wh..wh..opq";

type TypeFlag = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "x";

interface TarHeader {
  name: string;
  type: TypeFlag;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
}

const MAX_OCTAL_7 = 0o7777777;
const MAX_OCTAL_11 = 0o77777777777;

function writeString(buf: Buffer, s: string, offset: number, length: number): boolean {
  const b = Buffer.from(s, "utf8");
  if (b.length > length) return false;
  b.copy(buf, offset);
  return true;
}

// Go's archive/tar: zero-padded octal with a NUL terminator.
function writeOctal(buf: Buffer, n: number, offset: number, length: number): void {
  buf.write(`${n.toString(8).padStart(length - 1, "0")}\0`, offset, length, "latin1");
}

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`, "utf8"), value, Buffer.from("\n")]);
  // The length prefix counts itself.
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

function pad(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest);
}

/** One ustar header block. Fields that do not fit are left to the PAX records. */
function headerBlock(h: TarHeader): Buffer {
  const buf = Buffer.alloc(BLOCK);
  if (!writeString(buf, h.name, 0, 100)) writeString(buf, h.name.slice(0, 99), 0, 100);
  writeOctal(buf, h.mode & 0o7777, 100, 8);
  writeOctal(buf, Math.min(h.uid, MAX_OCTAL_7), 108, 8);
  writeOctal(buf, Math.min(h.gid, MAX_OCTAL_7), 116, 8);
  writeOctal(buf, Math.min(h.size, MAX_OCTAL_11), 124, 12);
  writeOctal(buf, Math.max(0, Math.min(h.mtime, MAX_OCTAL_11)), 136, 12);
  buf.write(h.type, 156, 1, "latin1");
  if (h.linkname) writeString(buf, h.linkname.slice(0, 100), 157, 100);
  buf.write("ustar\0", 257, 6, "latin1");
  buf.write("00", 263, 2, "latin1");
  writeOctal(buf, h.devmajor ?? 0, 329, 8);
  writeOctal(buf, h.devminor ?? 0, 337, 8);
  buf.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of buf) sum += b;
  buf.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "latin1");
  return buf;
}

/** The header blocks of an entry: a PAX header first when a field or an xattr needs one. */
export function encodeHeader(h: TarHeader, xattrs: [string, Buffer][] = []): Buffer {
  const records: Buffer[] = [];
  if (Buffer.byteLength(h.name) > 100) records.push(paxRecord("path", Buffer.from(h.name)));
  if (h.linkname && Buffer.byteLength(h.linkname) > 100) {
    records.push(paxRecord("linkpath", Buffer.from(h.linkname)));
  }
  if (h.uid > MAX_OCTAL_7) records.push(paxRecord("uid", Buffer.from(String(h.uid))));
  if (h.gid > MAX_OCTAL_7) records.push(paxRecord("gid", Buffer.from(String(h.gid))));
  if (h.size > MAX_OCTAL_11) records.push(paxRecord("size", Buffer.from(String(h.size))));
  for (const [name, value] of xattrs) records.push(paxRecord(`SCHILY.xattr.${name}`, value));
  const blocks: Buffer[] = [];
  if (records.length > 0) {
    // Sorted by key as Go writes them, so the bytes never depend on discovery order.
    const data = Buffer.concat(records.sort(Buffer.compare));
    const base = path.posix.basename(h.name.replace(/\/$/, ""));
    blocks.push(
      headerBlock({
        name: `PaxHeaders.0/${base}`.slice(0, 99),
        type: "x",
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: data.length,
        mtime: 0,
      }),
      data,
      pad(data.length),
    );
  }
  blocks.push(headerBlock(h));
  return Buffer.concat(blocks);
}

/** The two zero blocks that end a tar: all there is of an empty layer. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

function entryXattrs(hostPath: string): [string, Buffer][] {
  let names: string[];
  try {
    names = llistxattr(hostPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOTSUP" || code === "EOPNOTSUPP") return [];
    throw err;
  }
  const out: [string, Buffer][] = [];
  // overlay's own bookkeeping (opaque, origin, redirect…) is not content.
  for (const name of names.filter((n) => !n.startsWith("trusted.overlay.")).sort()) {
    const value = lgetxattr(hostPath, name);
    if (value !== undefined) out.push([name, value]);
  }
  return out;
}

function mtimeOf(st: Stats): number {
  return Math.floor(st.mtimeMs / 1000);
}

/** Files up to this size are read with synchronous calls (three µs-calls against three thread pool round trips). */
const SMALL_FILE = 64 * 1024;

function smallFileContent(hostPath: string, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  const fd = openSync(hostPath, "r");
  let got = 0;
  try {
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, null);
      if (n === 0) break;
      got += n;
    }
  } finally {
    closeSync(fd);
  }
  // A file that shrank while being read still fills the size its header promised.
  if (got < size) buf.fill(0, got);
  return buf;
}

async function* fileContent(hostPath: string, size: number): AsyncGenerator<Buffer> {
  if (size <= SMALL_FILE) {
    if (size > 0) yield smallFileContent(hostPath, size);
    return;
  }
  const fh = await open(hostPath, "r");
  try {
    let left = size;
    while (left > 0) {
      // A buffer of the size still to read (at most 1 MiB), handed on without a copy: a
      // zero-filled 1 MiB per file made a layer of many small files cost its size in GC.
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, left));
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      left -= bytesRead;
      yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
    }
    // A file that shrank while being read still fills the size its header promised.
    if (left > 0) yield Buffer.alloc(left);
  } finally {
    await fh.close();
  }
}

async function* entries(items: UpperEntry[]): AsyncGenerator<Buffer> {
  const links = new Map<string, string>();
  for (const e of items) {
    const st = e.stat;
    const rel = e.path.slice(1);
    const base = { uid: st.uid, gid: st.gid, mtime: mtimeOf(st), mode: st.mode & 0o7777, size: 0 };
    if (e.whiteout) {
      const dir = path.posix.dirname(rel);
      const name = `${dir === "." ? "" : `${dir}/`}${WHITEOUT_PREFIX}${path.posix.basename(rel)}`;
      yield encodeHeader({ ...base, name, type: "0", mode: 0o600 });
      continue;
    }
    const xattrs = entryXattrs(e.hostPath);
    if (st.isDirectory()) {
      yield encodeHeader({ ...base, name: `${rel}/`, type: "5" }, xattrs);
      if (e.opaque) {
        yield encodeHeader({ ...base, name: `${rel}/${WHITEOUT_OPAQUE}`, type: "0" });
      }
      continue;
    }
    if (st.isFile()) {
      if (st.nlink > 1) {
        const key = `${st.dev}:${st.ino}`;
        const first = links.get(key);
        if (first !== undefined) {
          yield encodeHeader({ ...base, name: rel, type: "1", linkname: first }, xattrs);
          continue;
        }
        links.set(key, rel);
      }
      yield encodeHeader({ ...base, name: rel, type: "0", size: st.size }, xattrs);
      yield* fileContent(e.hostPath, st.size);
      const tail = pad(st.size);
      if (tail.length > 0) yield tail;
      continue;
    }
    if (st.isSymbolicLink()) {
      const linkname = await readlink(e.hostPath);
      yield encodeHeader({ ...base, name: rel, type: "2", linkname }, xattrs);
      continue;
    }
    if (st.isCharacterDevice() || st.isBlockDevice() || st.isFIFO()) {
      const type = st.isFIFO() ? "6" : st.isBlockDevice() ? "4" : "3";
      yield encodeHeader(
        { ...base, name: rel, type, devmajor: major(st.rdev), devminor: minor(st.rdev) },
        xattrs,
      );
    }
    // Sockets have no tar form: left out, as Docker does.
  }
  yield TAR_END;
}

/**
 * The upper dir as a layer tar: overlay whiteouts become `.wh.<name>` files, opaque
 * directories get a `.wh..wh..opq` entry, xattrs (file capabilities…) travel as PAX
 * `SCHILY.xattr.*` records, a hard-linked file is stored once and linked to after; the
 * init layer's paths and the `excluded` mount points are left out.
 */
export async function packUpper(upperDir: string, excluded: Iterable<string> = []): Promise<Readable> {
  const items = await walkUpper(upperDir, excluded);
  return Readable.from(entries(items), { objectMode: false });
}

/**
 * A layer's files written in place (a build step's upper dir: no init layer, no mount points)
 * as its tar, with the content size the layer store records (unpackLayer's count: each
 * regular file's bytes, a hard-linked one once). `asUnpacked`: whether unpacking the tar
 * gives back this very tree; not when a file of its own is named `.wh.*`, which the tar
 * format reads as a whiteout (as every engine does).
 */
export async function packLayerDir(
  dir: string,
): Promise<{ tar: Readable; size: number; asUnpacked: boolean }> {
  const items = await walkUpper(dir, [], { keepInitPaths: true });
  const seen = new Set<string>();
  let size = 0;
  let asUnpacked = true;
  for (const { path: p, stat, whiteout } of items) {
    if (!whiteout && path.posix.basename(p).startsWith(WHITEOUT_PREFIX)) asUnpacked = false;
    if (!stat.isFile()) continue;
    const key = `${stat.dev}:${stat.ino}`;
    if (stat.nlink > 1 && seen.has(key)) continue;
    seen.add(key);
    size += stat.size;
  }
  return { tar: Readable.from(entries(items), { objectMode: false }), size, asUnpacked };
}

/** Every entry under `root`, depth first, names sorted bytewise: a filesystem as it is seen. */
async function walkTree(root: string): Promise<UpperEntry[]> {
  const out: UpperEntry[] = [];
  const walk = async (rel: string, hostDir: string): Promise<void> => {
    const names = (await readdir(hostDir)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const name of names) {
      const p = rel === "/" ? `/${name}` : `${rel}/${name}`;
      const hostPath = path.join(hostDir, name);
      const stat = await lstat(hostPath);
      out.push({ path: p, hostPath, stat, whiteout: false, opaque: false });
      if (stat.isDirectory()) await walk(p, hostPath);
    }
  };
  await walk("/", root);
  return out;
}

/** A directory tree (a mounted rootfs) as a flat tar, for `export`. */
export async function packTree(root: string): Promise<Readable> {
  return Readable.from(entries(await walkTree(root)), { objectMode: false });
}
