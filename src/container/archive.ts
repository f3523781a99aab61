// `docker cp` on the daemon's side: HEAD/GET/PUT /containers/{id}/archive. Every path is
// resolved inside the container's root as the container sees it (symlinks followed within
// the rootfs, `..` stopped at its root, the init-layer files served from the container's
// directory as the bind mounts show them), so nothing of the host is ever read or written.

import { type BigIntStats, constants, createReadStream, createWriteStream } from "node:fs";
import {
  chmod,
  lchown,
  link,
  lstat,
  lutimes,
  mkdir,
  open,
  readdir,
  readlink,
  realpath,
  rm,
  symlink,
  utimes,
} from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import {
  errno,
  ForbiddenError,
  InvalidParameterError,
  NotFoundError,
  SystemError,
} from "../errdefs/errors.ts";
import { decompress } from "../layer/unpack.ts";
import { resolveInRoot } from "../runtime/user.ts";
import { major, minor, mknod, S_IFBLK, S_IFCHR, S_IFIFO } from "../sys/syscalls.ts";
import { goBase, goFileMode, goTime, type PathStat } from "./path-stat.ts";

/** archive.PreserveTrailingDotOrSeparator: keeps the `/.` or `/` that cleaning dropped. */
export function preserveTrailingDotOrSeparator(cleaned: string, original: string): string {
  let out = cleaned;
  if (goBase(out) !== "." && goBase(original) === "." && original !== "") {
    if (!out.endsWith("/")) out += "/";
    out += ".";
  }
  if (!out.endsWith("/") && original.endsWith("/")) out += "/";
  return out;
}

/** The container paths of the init-layer files, mapped to the files in the container's directory. */
export type InitFiles = Map<string, string>;

/**
 * A container's filesystem as the container sees it: `rootfs` (the mounted overlay) with the
 * init-layer files over it.
 */
export class ContainerRoot {
  readonly rootfs: string;
  readonly name: string;
  private readonly initFiles: InitFiles;

  private constructor(rootfs: string, name: string, initFiles: InitFiles) {
    this.rootfs = path.resolve(rootfs);
    this.name = name;
    this.initFiles = initFiles;
  }

  /**
   * `containerDir` holds the init-layer files; they are bind-mounted where the runtime
   * resolves /etc/<name> inside the rootfs, so that is where they are mapped.
   */
  static async open(rootfs: string, containerDir: string, name: string): Promise<ContainerRoot> {
    const fs = new ContainerRoot(rootfs, name, new Map());
    for (const file of ["hostname", "hosts", "resolv.conf"]) {
      const hostFile = path.join(containerDir, file);
      try {
        if (!(await lstat(hostFile)).isFile()) continue;
      } catch {
        continue;
      }
      fs.initFiles.set(await fs.resolve(`/etc/${file}`), hostFile);
    }
    return fs;
  }

  /** Resolves every symlink of `p` (absolute, in the container) inside the rootfs; the container path. */
  async resolve(p: string): Promise<string> {
    const host = await resolveInRoot(this.rootfs, p);
    const rel = path.relative(this.rootfs, host);
    return rel === "" ? "/" : `/${rel}`;
  }

  /** Resolves the directory of `p` and keeps its last element as it is (lstat semantics). */
  async resolveNoFollow(p: string): Promise<string> {
    const abs = path.posix.normalize(`/${p}`);
    if (abs === "/") return "/";
    const dir = await this.resolve(path.posix.dirname(abs));
    return path.posix.join(dir, path.posix.basename(abs));
  }

  /** The host file that holds container path `p` (already resolved). */
  hostPath(p: string): string {
    return this.initFiles.get(p) ?? path.join(this.rootfs, p);
  }

  isInitFile(p: string): boolean {
    return this.initFiles.has(p);
  }

  /** Init-layer files that appear in directory `dir` (container path) though the image may lack them. */
  initFilesIn(dir: string): string[] {
    return [...this.initFiles.keys()]
      .filter((k) => path.posix.dirname(k) === dir)
      .map((k) => path.posix.basename(k));
  }

  notFound(rawPath: string): NotFoundError {
    return new NotFoundError(`Could not find the file ${rawPath} in container ${this.name}`);
  }

  /** lstat of a resolved container path, with the API's errors. */
  async lstat(p: string, rawPath: string): Promise<BigIntStats> {
    try {
      return await lstat(this.hostPath(p), { bigint: true });
    } catch (err) {
      throw this.statError(err, rawPath);
    }
  }

  statError(err: unknown, rawPath: string): Error {
    const code = errno(err);
    if (code === "ENOENT") return this.notFound(rawPath);
    if (code === "ENOTDIR") {
      return new InvalidParameterError(`Cannot stat ${rawPath} in container ${this.name}: not a directory`);
    }
    if (code === "ELOOP") {
      return new InvalidParameterError(`Cannot stat ${rawPath} in container ${this.name}: too many symlinks`);
    }
    return err instanceof Error ? err : new SystemError(String(err));
  }
}

interface ResolvedPath {
  /** The path as asked, made absolute, with its trailing `/` or `/.` kept. */
  absPath: string;
  /** The container path to lstat: the directory resolved, the last element as asked. */
  resolved: string;
}

/** container.ResolvePath: symlinks of the directory part resolved, the last element kept. */
async function resolvePath(fs: ContainerRoot, rawPath: string): Promise<ResolvedPath> {
  const absPath = preserveTrailingDotOrSeparator(path.posix.normalize(`/${rawPath}`), rawPath);
  const slash = absPath.lastIndexOf("/");
  const dir = absPath.slice(0, slash + 1);
  const base = absPath.slice(slash + 1);
  const resolvedDir = await fs.resolve(dir);
  // A trailing `/` or `/.` asks for what the directory part resolves to, following a last
  // symlink as lstat("link/") does.
  if (base === "" || base === ".") return { absPath, resolved: resolvedDir };
  return { absPath, resolved: path.posix.join(resolvedDir, base) };
}

function pathStat(name: string, st: BigIntStats, linkTarget: string): PathStat {
  return {
    name,
    size: Number(st.size),
    mode: goFileMode(Number(st.mode)),
    mtime: goTime(st.mtimeNs),
    linkTarget,
  };
}

/** HEAD /containers/{id}/archive: the stat of `rawPath` as the container sees it. */
export async function statPath(fs: ContainerRoot, rawPath: string): Promise<PathStat> {
  const { absPath, resolved } = await resolvePath(fs, rawPath);
  // A trailing slash on a non-directory is ENOTDIR, as lstat("file/") is.
  const st = await fs.lstat(resolved, rawPath);
  if (absPath.endsWith("/") && absPath !== "/" && !st.isDirectory()) {
    throw fs.statError(Object.assign(new Error("not a directory"), { code: "ENOTDIR" }), rawPath);
  }
  let linkTarget = "";
  if (st.isSymbolicLink()) linkTarget = await fs.resolve(absPath);
  return pathStat(goBase(absPath), st, linkTarget);
}

/**
 * GET /containers/{id}/archive: the stat of `rawPath` and a tar of it, its top entry named
 * by the path's base name as asked (so `/a/link/` is archived as `link`, `dir/.` as `.`).
 * The stream must be consumed before the container's rootfs is unmounted.
 */
export async function archivePath(
  fs: ContainerRoot,
  rawPath: string,
): Promise<{ stat: PathStat; stream: tar.Pack; done: Promise<void> }> {
  const stat = await statPath(fs, rawPath);
  const { absPath, resolved } = await resolvePath(fs, rawPath);
  const top = goBase(absPath);
  const pack = tar.pack();
  const links = new Map<string, string>();
  // A consumer that goes away destroys the pack; the walk must then stop and close the file
  // it is reading, or that fd pins the container's overlay past its unmount and rm.
  const closed = new Promise<never>((_, reject) => {
    pack.once("close", () => reject(new Error("the archive stream was closed before its end")));
  });
  closed.catch(() => {});
  const done = (async () => {
    try {
      await addEntry(fs, pack, resolved, top, links, closed);
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
      throw err;
    }
  })();
  done.catch(() => {});
  return { stat, stream: pack, done };
}

function entryName(top: string, rel: string): string {
  if (rel === "") return top;
  if (top === "/") return `/${rel}`;
  return `${top}/${rel}`;
}

async function addEntry(
  fs: ContainerRoot,
  pack: tar.Pack,
  root: string,
  top: string,
  links: Map<string, string>,
  closed: Promise<never>,
): Promise<void> {
  const write = (header: Partial<tar.Header> & { name: string }) =>
    Promise.race([writeEntry(pack, header), closed]);
  const walk = async (p: string, rel: string): Promise<void> => {
    const host = fs.hostPath(p);
    let st: BigIntStats;
    try {
      st = await lstat(host, { bigint: true });
    } catch (err) {
      // Removed while we walked (a running container): leave it out, as tar does.
      if (rel !== "" && errno(err) === "ENOENT") return;
      throw err;
    }
    const name = entryName(top, rel);
    const header: Partial<tar.Header> & { name: string } = {
      name,
      mode: Number(st.mode) & 0o7777,
      uid: Number(st.uid),
      gid: Number(st.gid),
      mtime: new Date(Number(st.mtimeMs)),
      size: 0,
    };
    if (st.isDirectory()) {
      header.type = "directory";
      header.name = name.endsWith("/") ? name : `${name}/`;
      await write(header);
      const children = new Set(await readdir(host));
      for (const c of fs.initFilesIn(p)) children.add(c);
      for (const child of [...children].sort()) {
        await walk(path.posix.join(p, child), rel === "" ? child : `${rel}/${child}`);
      }
      return;
    }
    if (st.isSymbolicLink()) {
      header.type = "symlink";
      header.linkname = await readlink(host);
      await write(header);
      return;
    }
    if (st.isFile()) {
      const key = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1n ? links.get(key) : undefined;
      if (first !== undefined) {
        header.type = "link";
        header.linkname = first;
        await write(header);
        return;
      }
      if (st.nlink > 1n) links.set(key, name);
      header.type = "file";
      header.size = Number(st.size);
      const file = createReadStream(host);
      let readError: Error | undefined;
      // Listened to from the start: an open failing after the consumer left must not go unhandled.
      file.on("error", (err) => {
        readError = err;
      });
      try {
        await Promise.race([
          new Promise<void>((resolve, reject) => {
            const entry = pack.entry(header, (err) => (err ? reject(readError ?? err) : resolve()));
            // A pack destroyed with an error (the pipeline's premature close) fails its entry too.
            entry.on("error", (err) => reject(readError ?? err));
            file.on("error", (err) => {
              entry.destroy(err);
              reject(err);
            });
            file.pipe(entry);
          }),
          closed,
        ]);
      } finally {
        // Every path out (end, read error, consumer gone) closes the file now.
        file.destroy();
      }
      return;
    }
    if (st.isFIFO() || st.isCharacterDevice() || st.isBlockDevice()) {
      header.type = st.isFIFO() ? "fifo" : st.isCharacterDevice() ? "character-device" : "block-device";
      header.devmajor = major(st.rdev);
      header.devminor = minor(st.rdev);
      await write(header);
    }
    // Sockets are not archived, as tar does not.
  };
  await walk(root, "");
}

function writeEntry(pack: tar.Pack, header: Partial<tar.Header> & { name: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry(header, (err) => (err ? reject(err) : resolve()));
  });
}

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

interface PlannedEntry {
  name: string;
  type: string;
}

/** Cleans a tar entry name into a relative path; undefined for the destination itself. */
function cleanEntryName(raw: string, what: string): string | undefined {
  if (raw.startsWith("/")) throw new InvalidParameterError(`${what}: entry ${raw} is an absolute path`);
  const cleaned = path.posix.normalize(raw).replace(/\/+$/, "");
  if (cleaned === "." || cleaned === "") return undefined;
  if (cleaned === ".." || cleaned.startsWith("../")) {
    throw new InvalidParameterError(`${what}: entry ${raw} leaves the destination directory`);
  }
  return cleaned;
}

/**
 * PUT /containers/{id}/archive: extracts a tar (plain, gzip or zstd) into directory
 * `rawPath` of the container. The whole archive is checked before anything is written:
 * an entry that would leave the destination (by `..`, an absolute name, or through a
 * symlink the archive itself made) refuses the request whole.
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
  if (opts.readonlyRootfs) throw new ForbiddenError("container rootfs is marked read-only");
  const what = `Cannot extract archive to ${rawPath} in container ${fs.name}`;

  await mkdir(opts.tmpDir, { recursive: true, mode: 0o700 });
  const spool = path.join(
    opts.tmpDir,
    `cp-${process.pid}-${Date.now()}-${Math.random().toString(16).slice(2)}.tar`,
  );
  try {
    try {
      await pipeline(await decompress(body), createWriteStream(spool, { mode: 0o600 }));
    } catch (err) {
      throw new InvalidParameterError(`${what}: ${(err as Error).message}`);
    }
    // The container's processes are frozen while its tree is checked and written, so none
    // can swap a directory for a symlink in between (the race of CVE-2018-15664).
    await (opts.frozen ?? ((fn) => fn()))(async () => {
      const target = await fs.resolve(absPath);
      if (!(await fs.lstat(target, rawPath)).isDirectory()) {
        throw new InvalidParameterError("extraction point is not a directory");
      }
      const plan = await validate(fs, target, spool, opts, what);
      await extract(fs, target, spool, plan, opts, what);
    });
  } finally {
    await rm(spool, { force: true });
  }
}

async function readTar(
  file: string,
  what: string,
  onEntry: (header: tar.Header, stream: Readable) => Promise<void>,
): Promise<void> {
  const ex = tar.extract();
  const src = createReadStream(file);
  src.on("error", (err) => ex.destroy(err));
  src.pipe(ex);
  try {
    for await (const entry of ex) {
      await onEntry(entry.header, entry as unknown as Readable);
      entry.resume();
    }
  } catch (err) {
    if (err instanceof InvalidParameterError || errno(err) !== undefined) throw err;
    throw new InvalidParameterError(`${what}: ${(err as Error).message}`);
  } finally {
    src.destroy();
  }
}

async function validate(
  fs: ContainerRoot,
  dest: string,
  spool: string,
  opts: ExtractOptions,
  what: string,
): Promise<PlannedEntry[]> {
  const plan: PlannedEntry[] = [];
  const symlinks = new Set<string>();
  const declared = new Map<string, string>();
  await readTar(spool, what, async (h) => {
    const name = cleanEntryName(h.name, what);
    if (name === undefined) return;
    const type = h.type ?? "file";
    if (
      !["file", "directory", "symlink", "link", "fifo", "character-device", "block-device"].includes(type)
    ) {
      // PAX/GNU metadata entries are consumed by tar-stream; anything else is ignored as Docker does.
      return;
    }
    const parts = name.split("/");
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      if (symlinks.has(prefix)) {
        throw new InvalidParameterError(
          `${what}: entry ${h.name} goes through the archive's symlink ${prefix}`,
        );
      }
    }
    if (type === "symlink") {
      const target = h.linkname ?? "";
      if (!target.startsWith("/")) {
        const joined = path.posix.normalize(path.posix.join(path.posix.dirname(name), target));
        if (joined === ".." || joined.startsWith("../")) {
          throw new InvalidParameterError(
            `${what}: symlink ${h.name} -> ${target} leaves the destination directory`,
          );
        }
      }
      symlinks.add(name);
    } else symlinks.delete(name);
    if (type === "link") {
      const target = cleanEntryName(h.linkname ?? "", what);
      if (target === undefined) throw new InvalidParameterError(`${what}: hard link ${h.name} has no target`);
      const tp = target.split("/");
      for (let i = 1; i <= tp.length; i++) {
        if (symlinks.has(tp.slice(0, i).join("/")) && i < tp.length) {
          throw new InvalidParameterError(`${what}: hard link ${h.name} goes through the archive's symlink`);
        }
      }
    }
    if (opts.noOverwriteDirNonDir && !declared.has(name)) {
      const target = await fs.resolveNoFollow(path.posix.join(dest, name));
      let existing: BigIntStats | undefined;
      try {
        existing = await lstat(fs.hostPath(target), { bigint: true });
      } catch {
        existing = undefined;
      }
      if (existing?.isDirectory() && type !== "directory") {
        throw new InvalidParameterError(
          `cannot overwrite directory "${target}" with non-directory "${name}"`,
        );
      }
      if (existing && !existing.isDirectory() && type === "directory") {
        throw new InvalidParameterError(
          `cannot overwrite non-directory "${target}" with directory "${name}"`,
        );
      }
    }
    declared.set(name, type);
    plan.push({ name, type });
  });
  return plan;
}

/** Fails when `hostPath` is not inside the rootfs any more (a symlink swapped in meanwhile). */
async function assertInside(fs: ContainerRoot, hostPath: string, what: string): Promise<void> {
  const real = await realpath(hostPath);
  if (real !== fs.rootfs && !real.startsWith(`${fs.rootfs}/`)) {
    throw new InvalidParameterError(`${what}: ${hostPath} resolves outside the container`);
  }
}

async function extract(
  fs: ContainerRoot,
  dest: string,
  spool: string,
  plan: PlannedEntry[],
  opts: ExtractOptions,
  what: string,
): Promise<void> {
  const dirTimes: { host: string; mtime: Date }[] = [];
  let i = 0;
  await readTar(spool, what, async (h, stream) => {
    const name = cleanEntryName(h.name, what);
    if (name === undefined) return;
    const planned = plan[i];
    if (!planned || planned.name !== name) return;
    i++;
    const type = planned.type;
    const parent = await fs.resolve(path.posix.join(dest, path.posix.dirname(name)));
    const parentHost = fs.hostPath(parent);
    await mkdir(parentHost, { recursive: true, mode: 0o755 });
    await assertInside(fs, parentHost, what);
    const target = path.posix.join(parent, path.posix.basename(name));
    const host = fs.hostPath(target);
    const mode = (h.mode ?? 0o644) & 0o7777;
    const uid = opts.chown?.uid ?? h.uid ?? 0;
    const gid = opts.chown?.gid ?? h.gid ?? 0;
    let existing: BigIntStats | undefined;
    try {
      existing = await lstat(host, { bigint: true });
    } catch {
      existing = undefined;
    }
    if (existing && !(existing.isDirectory() && type === "directory")) {
      if (fs.isInitFile(target) && type === "file") existing = undefined;
      else await rm(host, { recursive: true, force: true });
    }
    switch (type) {
      case "directory":
        if (!existing) await mkdir(host, { mode });
        break;
      case "file": {
        const flags = fs.isInitFile(target)
          ? constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW
          : constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
        const handle = await open(host, flags, mode);
        try {
          for await (const chunk of stream) await handle.write(chunk as Buffer);
        } finally {
          await handle.close();
        }
        break;
      }
      case "symlink":
        await symlink(h.linkname ?? "", host);
        break;
      case "link": {
        const src = await fs.resolveNoFollow(
          path.posix.join(dest, cleanEntryName(h.linkname ?? "", what) ?? ""),
        );
        const srcHost = fs.hostPath(src);
        await assertInside(fs, path.dirname(srcHost), what);
        await link(srcHost, host);
        break;
      }
      case "fifo":
        mknod(host, S_IFIFO | mode, 0, 0);
        break;
      case "character-device":
        mknod(host, S_IFCHR | mode, h.devmajor ?? 0, h.devminor ?? 0);
        break;
      case "block-device":
        mknod(host, S_IFBLK | mode, h.devmajor ?? 0, h.devminor ?? 0);
        break;
    }
    if (type === "link") return;
    await lchown(host, uid, gid);
    // chown clears setuid/setgid: the mode goes on after it.
    if (type !== "symlink") await chmod(host, mode);
    const mtime = h.mtime ?? new Date();
    if (type === "directory") dirTimes.push({ host, mtime });
    else if (type === "symlink") await lutimes(host, mtime, mtime);
    else await utimes(host, mtime, mtime);
  });
  // Directory times last: creating their children changed them.
  for (const d of dirTimes.reverse()) await utimes(d.host, d.mtime, d.mtime);
}
