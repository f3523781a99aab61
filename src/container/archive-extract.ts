// PUT /containers/{id}/archive: a tar (plain, gzip or zstd) extracted into a directory of
// the container. The upload is spooled once (decompressed, within a budget of the data
// root's free space), indexed, checked whole against the container's tree as it will be,
// and only then written: a refused archive writes nothing.

import {
  type BigIntStats,
  closeSync,
  constants,
  createWriteStream,
  fchmodSync,
  fchownSync,
  futimesSync,
  lstatSync,
  openSync,
  readSync,
  writeSync,
} from "node:fs";
import {
  chmod,
  type FileHandle,
  lchown,
  link,
  lstat,
  lutimes,
  mkdir,
  open,
  realpath,
  rm,
  stat,
  symlink,
  utimes,
} from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getSystemErrorMessage } from "node:util";
import { errno, ForbiddenError, InvalidParameterError, SystemError } from "../errdefs/errors.ts";
import { decompress } from "../layer/unpack.ts";
import { mknod, S_IFBLK, S_IFCHR, S_IFIFO } from "../sys/syscalls.ts";
import type { ContainerRoot } from "./archive.ts";
import { type EntryType, type IndexedEntry, indexTar, TarFormatError } from "./tar-index.ts";
import { byteCap, uploadBudget } from "./upload-budget.ts";

export interface ExtractOptions {
  noOverwriteDirNonDir: boolean;
  /** Owner for every extracted file (`copyUIDGID` with a container user); else the tar's. */
  chown?: { uid: number; gid: number };
  readonlyRootfs: boolean;
  /** Where the upload is spooled while it is validated. */
  tmpDir: string;
  /** Runs the check-and-write step with the container's processes frozen (when it runs). */
  frozen?: (fn: () => Promise<void>) => Promise<void>;
}

/** An entry to write: its cleaned name relative to the destination. */
interface PlannedEntry extends IndexedEntry {
  rel: string;
}

const WRITTEN: ReadonlySet<EntryType> = new Set([
  "file",
  "directory",
  "symlink",
  "link",
  "fifo",
  "character-device",
  "block-device",
]);
/** Linux's NAME_MAX and PATH_MAX: longer names fail in the kernel, so they are refused first. */
const NAME_MAX = 255;
const PATH_MAX = 4096;

/** Cleans a tar entry name into a relative path; undefined for the destination itself. */
function cleanEntryName(raw: string, what: string): string | undefined {
  if (raw.startsWith("/"))
    throw new InvalidParameterError(`${what}: entry ${short(raw)} is an absolute path`);
  const cleaned = path.posix.normalize(raw).replace(/\/+$/, "");
  if (cleaned === "." || cleaned === "") return undefined;
  if (cleaned === ".." || cleaned.startsWith("../")) {
    throw new InvalidParameterError(`${what}: entry ${short(raw)} leaves the destination directory`);
  }
  return cleaned;
}

/** A name as quoted in an error: a 5,000-character one is cut. */
function short(name: string): string {
  return name.length > 100 ? `${name.slice(0, 100)}…` : name;
}

/** An fs error as a message with no host path in it. */
function describe(err: unknown): string {
  const n = (err as NodeJS.ErrnoException).errno;
  return typeof n === "number" ? getSystemErrorMessage(n) : String((err as Error).message ?? err);
}

/**
 * PUT /containers/{id}/archive: extracts a tar into directory `rawPath` of the container.
 * The whole archive is checked before anything is written: an entry that would leave the
 * destination (by `..`, an absolute name, or through a symlink the archive itself made),
 * that the kernel would refuse (a name too long, a path through a file, a hard link to
 * nothing), or a malformed archive refuses the request whole.
 */
export async function extractToDir(
  fs: ContainerRoot,
  rawPath: string,
  body: Readable,
  opts: ExtractOptions,
): Promise<void> {
  const absPath = path.posix.normalize(`/${rawPath}`);
  const dest = await fs.resolve(absPath);
  const st = await fs.lstat(dest, rawPath);
  if (!st.isDirectory()) throw new InvalidParameterError("extraction point is not a directory");
  // As dockerd: a volume or bind is writable unless mounted read-only, whatever the rootfs is.
  const mount = fs.mountOf(dest);
  if (mount?.readonly) throw new ForbiddenError("mounted volume is marked read-only");
  if (!mount && opts.readonlyRootfs) throw new ForbiddenError("container rootfs is marked read-only");
  const what = `Cannot extract archive to ${rawPath} in container ${fs.name}`;

  await mkdir(opts.tmpDir, { recursive: true, mode: 0o700 });
  const spool = path.join(
    opts.tmpDir,
    `cp-${process.pid}-${Date.now()}-${Math.random().toString(16).slice(2)}.tar`,
  );
  try {
    const budget = await uploadBudget(opts.tmpDir);
    try {
      await pipeline(
        await decompress(body),
        byteCap(budget, what),
        createWriteStream(spool, { mode: 0o600 }),
      );
    } catch (err) {
      if (err instanceof InvalidParameterError) throw err;
      throw new InvalidParameterError(`${what}: ${describe(err)}`);
    }
    const fh = await open(spool, "r");
    try {
      let entries: IndexedEntry[];
      try {
        entries = await indexTar(fh, (await stat(spool)).size);
      } catch (err) {
        if (err instanceof TarFormatError) throw new InvalidParameterError(`${what}: ${err.message}`);
        throw err;
      }
      // The container's processes are frozen while its tree is checked and written, so none
      // can swap a directory for a symlink in between (the race of CVE-2018-15664).
      await (opts.frozen ?? ((fn) => fn()))(async () => {
        const target = await fs.resolve(absPath);
        if (!(await fs.lstat(target, rawPath)).isDirectory()) {
          throw new InvalidParameterError("extraction point is not a directory");
        }
        const plan = await validate(fs, target, entries, opts, what);
        await extract(fs, target, fh, plan, opts, what);
      });
    } finally {
      await fh.close();
    }
  } finally {
    await rm(spool, { force: true });
  }
}

/** What a container path is now: a directory, another kind of file, or nothing. */
async function existingKind(fs: ContainerRoot, containerPath: string): Promise<"dir" | "other" | "none"> {
  try {
    const st = await lstat(fs.hostPath(containerPath), { bigint: true });
    return st.isDirectory() ? "dir" : "other";
  } catch (err) {
    if (errno(err) === "ENOENT") return "none";
    if (errno(err) === "ENOTDIR") return "other";
    throw new SystemError(`Cannot check ${containerPath} in container ${fs.name}: ${describe(err)}`);
  }
}

async function validate(
  fs: ContainerRoot,
  dest: string,
  entries: IndexedEntry[],
  opts: ExtractOptions,
  what: string,
): Promise<PlannedEntry[]> {
  const plan: PlannedEntry[] = [];
  // What the archive makes at each name, as it stands after the entries seen so far.
  const declared = new Map<string, EntryType>();
  // Directories above entries that the archive does not make: what the container has there.
  const parents = new Map<string, "dir" | "other" | "none">();
  const hostBase = fs.hostPath(dest).length;
  for (const e of entries) {
    if (!WRITTEN.has(e.type)) continue; // other types are ignored, as Docker does
    const name = cleanEntryName(e.name, what);
    if (name === undefined) continue;
    const parts = name.split("/");
    if (parts.some((p) => Buffer.byteLength(p) > NAME_MAX)) {
      throw new InvalidParameterError(`${what}: entry ${short(name)}: file name too long`);
    }
    if (hostBase + 1 + Buffer.byteLength(name) >= PATH_MAX) {
      throw new InvalidParameterError(`${what}: entry ${short(name)}: path too long`);
    }
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      const made = declared.get(prefix);
      if (made === "symlink") {
        throw new InvalidParameterError(
          `${what}: entry ${short(name)} goes through the archive's symlink ${prefix}`,
        );
      }
      if (made !== undefined && made !== "directory") {
        throw new InvalidParameterError(
          `${what}: entry ${short(name)} is under ${prefix}, which the archive makes a ${made}: not a directory`,
        );
      }
      if (made === undefined) {
        let kind = parents.get(prefix);
        if (kind === undefined) {
          kind = await existingKind(fs, await fs.resolve(path.posix.join(dest, prefix)));
          parents.set(prefix, kind);
        }
        if (kind === "other") {
          throw new InvalidParameterError(
            `${what}: entry ${short(name)} is under ${prefix}, which is not a directory`,
          );
        }
      }
    }
    if ((e.type === "symlink" || e.type === "link") && Buffer.byteLength(e.linkname) >= PATH_MAX) {
      throw new InvalidParameterError(`${what}: link ${short(name)}: target name too long`);
    }
    if (e.type === "symlink" && !e.linkname.startsWith("/")) {
      const joined = path.posix.normalize(path.posix.join(path.posix.dirname(name), e.linkname));
      if (joined === ".." || joined.startsWith("../")) {
        throw new InvalidParameterError(
          `${what}: symlink ${short(name)} -> ${short(e.linkname)} leaves the destination directory`,
        );
      }
    }
    if (e.type === "link") {
      const target = cleanEntryName(e.linkname, what);
      if (target === undefined)
        throw new InvalidParameterError(`${what}: hard link ${short(name)} has no target`);
      const tp = target.split("/");
      for (let i = 1; i < tp.length; i++) {
        if (declared.get(tp.slice(0, i).join("/")) === "symlink") {
          throw new InvalidParameterError(
            `${what}: hard link ${short(name)} goes through the archive's symlink`,
          );
        }
      }
      let kind: "dir" | "other" | "none";
      const made = declared.get(target);
      if (made !== undefined) kind = made === "directory" ? "dir" : "other";
      else if (tp.some((p) => Buffer.byteLength(p) > NAME_MAX)) kind = "none";
      else kind = await existingKind(fs, await fs.resolveNoFollow(path.posix.join(dest, target)));
      if (kind === "none") {
        throw new InvalidParameterError(
          `${what}: hard link ${short(name)} -> ${short(target)}: no such file`,
        );
      }
      if (kind === "dir") {
        throw new InvalidParameterError(
          `${what}: hard link ${short(name)} -> ${short(target)}: is a directory`,
        );
      }
    }
    if (opts.noOverwriteDirNonDir) {
      // As Docker checks the tree when it reaches the entry: what the archive made counts.
      const target = await fs.resolveNoFollow(path.posix.join(dest, name));
      const made = declared.get(name);
      const kind =
        made === undefined ? await existingKind(fs, target) : made === "directory" ? "dir" : "other";
      if (kind === "dir" && e.type !== "directory") {
        throw new InvalidParameterError(
          `cannot overwrite directory "${target}" with non-directory "${name}"`,
        );
      }
      if (kind === "other" && e.type === "directory") {
        throw new InvalidParameterError(
          `cannot overwrite non-directory "${target}" with directory "${name}"`,
        );
      }
    }
    // A non-directory replacing a directory the archive made removes what it wrote under it.
    const before = declared.get(name);
    if (before === "directory" && e.type !== "directory") {
      for (const k of declared.keys()) if (k.startsWith(`${name}/`)) declared.delete(k);
    }
    declared.set(name, e.type);
    plan.push({ ...e, rel: name });
  }
  return plan;
}

/** Fails when `hostPath` is not inside the rootfs any more (a symlink swapped in meanwhile). */
async function assertInside(fs: ContainerRoot, hostPath: string, what: string): Promise<void> {
  const real = await realpath(hostPath);
  if (!fs.holds(real)) {
    throw new InvalidParameterError(`${what}: a path resolves outside the container`);
  }
}

/** Copies `length` bytes at `from` of the spool to `position` of `out`. */
async function copyRange(src: FileHandle, from: number, length: number, out: FileHandle, position: number) {
  const buf = Buffer.allocUnsafe(Math.min(length, 1 << 20) || 1);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await src.read(buf, 0, Math.min(buf.length, length - done), from + done);
    if (bytesRead === 0) throw new SystemError("the spooled archive ended early");
    let written = 0;
    while (written < bytesRead) {
      const r = await out.write(buf, written, bytesRead - written, position + done + written);
      written += r.bytesWritten;
    }
    done += bytesRead;
  }
}

/** Writes a file's data: a sparse file's segments at their offsets, its holes left as holes. */
async function writeData(src: FileHandle, e: PlannedEntry, out: FileHandle): Promise<void> {
  if (!e.sparse) {
    await copyRange(src, e.dataOffset, e.dataSize, out, 0);
    return;
  }
  let from = e.dataOffset;
  for (const s of e.sparse) {
    await copyRange(src, from, s.length, out, s.offset);
    from += s.length;
  }
  await out.truncate(e.size);
}

/** Files up to this size are written with synchronous calls (writeSmallFile). */
const SMALL_FILE = 64 * 1024;

/**
 * A small file of the spool written with synchronous calls, in the order of extractEntry's
 * (data, owner, then mode, then times): each is microseconds against a thread pool round
 * trip when awaited, most of the time of a COPY of many small files.
 */
function writeSmallFile(
  spool: FileHandle,
  e: PlannedEntry,
  host: string,
  flags: number,
  mode: number,
  uid: number,
  gid: number,
): void {
  const buf = Buffer.allocUnsafe(e.dataSize);
  let got = 0;
  while (got < e.dataSize) {
    const n = readSync(spool.fd, buf, got, e.dataSize - got, e.dataOffset + got);
    if (n === 0) throw new SystemError("the spooled archive ended early");
    got += n;
  }
  const fd = openSync(host, flags, mode);
  try {
    let written = 0;
    while (written < got) written += writeSync(fd, buf, written, got - written, written);
    // chown clears setuid/setgid: the mode goes on after it.
    fchownSync(fd, uid, gid);
    fchmodSync(fd, mode);
    futimesSync(fd, e.mtime, e.mtime);
  } finally {
    closeSync(fd);
  }
}

async function extract(
  fs: ContainerRoot,
  dest: string,
  spool: FileHandle,
  plan: PlannedEntry[],
  opts: ExtractOptions,
  what: string,
): Promise<void> {
  const dirTimes: { host: string; mtime: Date }[] = [];
  const parents = new Map<string, string>();
  for (const e of plan) {
    try {
      await extractEntry(fs, dest, spool, e, opts, what, dirTimes, parents);
    } catch (err) {
      if (!errno(err)) throw err;
      // What validation cannot foresee (a full disk, an I/O error): said without host paths.
      throw new SystemError(`${what}: cannot write ${short(e.rel)}: ${describe(err)}`);
    }
  }
  // Directory times last: creating their children changed them.
  for (const d of dirTimes.reverse()) await utimes(d.host, d.mtime, d.mtime);
}

async function extractEntry(
  fs: ContainerRoot,
  dest: string,
  spool: FileHandle,
  e: PlannedEntry,
  opts: ExtractOptions,
  what: string,
  dirTimes: { host: string; mtime: Date }[],
  /**
   * Parent directories already resolved and checked, by their name in the archive. The
   * container is frozen, so only this extraction changes its tree: the cache is dropped
   * whenever an entry removes something or makes a symlink, the two ways a resolved path
   * can change.
   */
  parents: Map<string, string>,
): Promise<void> {
  const name = e.rel;
  const type = e.type;
  const dir = path.posix.dirname(name);
  let parent = parents.get(dir);
  if (parent === undefined) {
    parent = await fs.resolve(path.posix.join(dest, dir));
    const parentHost = fs.hostPath(parent);
    await mkdir(parentHost, { recursive: true, mode: 0o755 });
    await assertInside(fs, parentHost, what);
    parents.set(dir, parent);
  }
  const target = path.posix.join(parent, path.posix.basename(name));
  const host = fs.hostPath(target);
  const mode = e.mode & 0o7777;
  const uid = opts.chown?.uid ?? e.uid;
  const gid = opts.chown?.gid ?? e.gid;
  // Synchronous, as the small files' writes: an awaited lstat per entry is a thread-pool
  // round trip per entry, behind whatever else the pool is doing.
  let existing: BigIntStats | undefined;
  try {
    existing = lstatSync(host, { bigint: true, throwIfNoEntry: false });
  } catch {
    existing = undefined;
  }
  if (existing && !(existing.isDirectory() && type === "directory")) {
    if (!(fs.isInitFile(target) && type === "file")) {
      await rm(host, { recursive: true, force: true });
      parents.clear();
    }
    // Replaced: a directory in its place is made anew (a symlink then a directory of the
    // same name was a 500 when it was not).
    existing = undefined;
  }
  switch (type) {
    case "directory":
      if (!existing) await mkdir(host, { mode });
      break;
    case "file": {
      const flags = fs.isInitFile(target)
        ? constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW
        : constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
      if (!e.sparse && e.dataSize <= SMALL_FILE) {
        writeSmallFile(spool, e, host, flags, mode, uid, gid);
        return;
      }
      const handle = await open(host, flags, mode);
      try {
        await writeData(spool, e, handle);
      } finally {
        await handle.close();
      }
      break;
    }
    case "symlink":
      await symlink(e.linkname, host);
      parents.clear();
      break;
    case "link": {
      const src = await fs.resolveNoFollow(path.posix.join(dest, cleanEntryName(e.linkname, what) ?? ""));
      const srcHost = fs.hostPath(src);
      await assertInside(fs, path.dirname(srcHost), what);
      await link(srcHost, host);
      return;
    }
    case "fifo":
      mknod(host, S_IFIFO | mode, 0, 0);
      break;
    case "character-device":
      mknod(host, S_IFCHR | mode, e.devmajor, e.devminor);
      break;
    case "block-device":
      mknod(host, S_IFBLK | mode, e.devmajor, e.devminor);
      break;
    default:
      return;
  }
  await lchown(host, uid, gid);
  // chown clears setuid/setgid: the mode goes on after it.
  if (type !== "symlink") await chmod(host, mode);
  if (type === "directory") dirTimes.push({ host, mtime: e.mtime });
  else if (type === "symlink") await lutimes(host, e.mtime, e.mtime);
  else await utimes(host, e.mtime, e.mtime);
}
