// `docker cp` on the daemon's side: HEAD/GET/PUT /containers/{id}/archive. Every path is
// resolved inside the container's root as the container sees it (symlinks followed within
// the rootfs, `..` stopped at its root, the init-layer files served from the container's
// directory as the bind mounts show them), so nothing of the host is ever read or written.

import { type BigIntStats, createReadStream } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import path from "node:path";
import { getSystemErrorMessage } from "node:util";
import tar from "tar-stream";
import { errno, InvalidParameterError, NotFoundError, SystemError } from "../errdefs/errors.ts";
import { resolveInRoot } from "../runtime/user.ts";
import { major, minor } from "../sys/syscalls.ts";
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

/** A volume or bind mount of the container, as `cp` reads and writes it on the host. */
export interface CopyMount {
  /** The container path it is mounted on (clean, absolute). */
  destination: string;
  /** The host directory or file that holds its content (resolved: no symlink in it). */
  host: string;
  readonly: boolean;
}

/**
 * A container's filesystem as the container sees it: `rootfs` (the mounted overlay) with the
 * init-layer files over it.
 */
export class ContainerRoot {
  readonly rootfs: string;
  readonly name: string;
  private readonly initFiles: InitFiles;
  /** Deepest first, so that the first one holding a path is the one the container sees. */
  private readonly mounts: CopyMount[];

  private constructor(rootfs: string, name: string, initFiles: InitFiles, mounts: CopyMount[]) {
    this.rootfs = path.resolve(rootfs);
    this.name = name;
    this.initFiles = initFiles;
    this.mounts = [...mounts].sort((a, b) => b.destination.length - a.destination.length);
  }

  /**
   * `containerDir` holds the init-layer files; they are bind-mounted where the runtime
   * resolves /etc/<name> inside the rootfs, so that is where they are mapped.
   */
  static async open(
    rootfs: string,
    containerDir: string,
    name: string,
    mounts: CopyMount[] = [],
  ): Promise<ContainerRoot> {
    const fs = new ContainerRoot(rootfs, name, new Map(), mounts);
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

  /**
   * Resolves every symlink of `p` (absolute, in the container) as the container would: each
   * link read where the container sees it (the rootfs or a mount), absolute targets taken
   * from the container's root, `..` stopped there; the container path.
   */
  async resolve(p: string): Promise<string> {
    if (this.mounts.length === 0) {
      let host: string;
      try {
        host = await resolveInRoot(this.rootfs, p);
      } catch (err) {
        // A raw fs error names the host path.
        throw errno(err) ? this.statError(err, p) : err;
      }
      const rel = path.relative(this.rootfs, host);
      return rel === "" ? "/" : `/${rel}`;
    }
    // resolveInRoot's walk, with each component looked up through hostPath.
    const pending = p.split("/").filter((c) => c !== "" && c !== ".");
    const done: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const part = pending.shift() as string;
      if (part === "..") {
        done.pop();
        continue;
      }
      const candidate = `/${[...done, part].join("/")}`;
      let isLink = false;
      try {
        isLink = (await lstat(this.hostPath(candidate))).isSymbolicLink();
      } catch (err) {
        if (errno(err) !== "ENOENT" && errno(err) !== "ENOTDIR") throw this.statError(err, p);
      }
      if (!isLink) {
        done.push(part);
        continue;
      }
      if (++links > 255) {
        throw new InvalidParameterError(`Cannot stat ${p} in container ${this.name}: too many symlinks`);
      }
      const target = await readlink(this.hostPath(candidate));
      if (target.startsWith("/")) done.length = 0;
      pending.unshift(...target.split("/").filter((c) => c !== "" && c !== "."));
    }
    return `/${done.join("/")}`;
  }

  /** The mount that holds container path `p` (resolved), if one does. */
  mountOf(p: string): CopyMount | undefined {
    return this.mounts.find((m) => p === m.destination || p.startsWith(`${m.destination}/`));
  }

  /** Whether `host` (a real path) lies in the rootfs or in one of the container's mounts. */
  holds(host: string): boolean {
    const under = (dir: string) => host === dir || host.startsWith(`${dir}/`);
    return under(this.rootfs) || this.mounts.some((m) => under(m.host));
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
    const init = this.initFiles.get(p);
    if (init) return init;
    const m = this.mountOf(p);
    if (m) return path.join(m.host, p.slice(m.destination.length));
    return path.join(this.rootfs, p);
  }

  isInitFile(p: string): boolean {
    return this.initFiles.has(p);
  }

  /** Init-layer files and mount points in directory `dir` (container path), though the image may lack them. */
  initFilesIn(dir: string): string[] {
    return [...this.initFiles.keys(), ...this.mounts.map((m) => m.destination)]
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
    if (code === "ENAMETOOLONG") {
      return new InvalidParameterError(
        `Cannot stat ${rawPath} in container ${this.name}: file name too long`,
      );
    }
    // The fs error's own message names the host path: it is not shown.
    const n = (err as NodeJS.ErrnoException).errno;
    return new SystemError(
      `Cannot stat ${rawPath} in container ${this.name}: ${typeof n === "number" ? getSystemErrorMessage(n) : String(err)}`,
    );
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
