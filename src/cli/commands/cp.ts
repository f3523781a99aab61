// `berth cp`: the docker CLI's cp.go and moby's pkg/archive copy rules (CopyInfoSourcePath,
// CopyInfoDestinationPath, PrepareArchiveCopy, RebaseArchiveEntries), over the same
// requests: HEAD stat then GET from a container; HEAD of the destination then PUT into one.

import { createReadStream, type Stats } from "node:fs";
import {
  chmod,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  readlink,
  realpath,
  rm,
  stat,
  symlink,
  utimes,
} from "node:fs/promises";
import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import tar from "tar-stream";
import { ApiError, type EngineClient } from "../../client/client.ts";
import {
  GO_DEVICE,
  GO_DIR,
  GO_IRREGULAR,
  GO_NAMED_PIPE,
  GO_SOCKET,
  GO_SYMLINK,
  goBase,
  type PathStat,
} from "../../container/path-stat.ts";
import { humanSize } from "../../format/units.ts";
import { type CliContext, CliError, type Command } from "../command.ts";

interface CopyInfo {
  path: string;
  exists: boolean;
  isDir: boolean;
  rebaseName: string;
}

/** The FileMode type bits of what is neither a directory, a regular file, a symlink nor a device. */
const GO_IRREGULAR_TYPES = GO_NAMED_PIPE | GO_SOCKET | GO_IRREGULAR;

// ---- Go path helpers (path/filepath and pkg/archive) -------------------------------------

function goClean(p: string): string {
  if (p === "") return ".";
  const n = path.posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, "") : n;
}

const specifiesCurrentDir = (p: string) => goBase(p) === ".";
const hasTrailingSep = (p: string) => p.endsWith("/");
const assertsDirectory = (p: string) => hasTrailingSep(p) || specifiesCurrentDir(p);

function preserveTrailingDotOrSeparator(cleaned: string, original: string): string {
  let out = cleaned;
  if (!specifiesCurrentDir(out) && specifiesCurrentDir(original)) {
    if (!hasTrailingSep(out)) out += "/";
    out += ".";
  }
  if (!hasTrailingSep(out) && hasTrailingSep(original)) out += "/";
  return out;
}

function splitPathDirEntry(p: string): [string, string] {
  let cleaned = goClean(p);
  if (specifiesCurrentDir(p)) cleaned += "/.";
  return [path.posix.dirname(cleaned), goBase(cleaned)];
}

function getRebaseName(p: string, resolved: string): [string, string] {
  let r = resolved;
  if (specifiesCurrentDir(p) && !specifiesCurrentDir(r)) r += "/.";
  if (hasTrailingSep(p) && !hasTrailingSep(r)) r += "/";
  return [r, goBase(p) !== goBase(r) ? goBase(p) : ""];
}

/** docker cp's splitCpArg: `CONTAINER:PATH`, unless the argument is a local path. */
export function splitCpArg(arg: string): [string, string] {
  if (arg.startsWith("/")) return ["", arg];
  const i = arg.indexOf(":");
  if (i < 0 || arg.slice(0, i).startsWith(".")) return ["", arg];
  return [arg.slice(0, i), arg.slice(i + 1)];
}

/** Replaces the first path element `oldBase` of an entry name by `newBase`. */
function rebase(name: string, oldBase: string, newBase: string): string {
  if (oldBase === "/") return newBase + name;
  if (name === oldBase) return newBase;
  if (name.startsWith(`${oldBase}/`)) return newBase + name.slice(oldBase.length);
  return name;
}

/** Node's fs error as Go prints it: "lstat /x: no such file or directory". */
function osError(err: unknown): CliError {
  const e = err as NodeJS.ErrnoException;
  if (e?.syscall && e.path) {
    const desc = e.message.replace(/^[A-Z]+: /, "").replace(/, .*$/, "");
    return new CliError(`${e.syscall} ${e.path}: ${desc}`);
  }
  return err instanceof CliError ? err : new CliError((err as Error)?.message ?? String(err));
}

// ---- API ---------------------------------------------------------------------------------

function parseStat(header: string | string[] | undefined): PathStat {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v)
    throw new CliError("unable to get resource stat from response: no X-Docker-Container-Path-Stat header");
  return JSON.parse(Buffer.from(v, "base64").toString("utf8")) as PathStat;
}

async function statPath(client: EngineClient, container: string, p: string): Promise<PathStat> {
  const res = await client.request("HEAD", `/containers/${encodeURIComponent(container)}/archive`, {
    query: { path: p },
  });
  res.body.resume();
  if (res.status !== 200) {
    throw new ApiError(
      res.status,
      res.status === 404 ? `No such container:path: ${container}:${p}` : `status ${res.status}`,
    );
  }
  return parseStat(res.headers["x-docker-container-path-stat"]);
}

// ---- local tar -----------------------------------------------------------------------------

/** archive.TarResourceRebase: a tar of `sourcePath`, its top entry named `rebaseName` or its base. */
function tarResource(sourcePath: string, rebaseName: string): Readable {
  const [dir, base] = splitPathDirEntry(sourcePath);
  const top = rebaseName || base;
  const pack = tar.pack();
  const links = new Map<string, string>();
  const add = (header: Partial<tar.Header> & { name: string }, file?: string) =>
    new Promise<void>((resolve, reject) => {
      const entry = pack.entry(header, (err) => (err ? reject(err) : resolve()));
      if (file) {
        const rs = createReadStream(file);
        rs.on("error", (err) => {
          entry.destroy(err);
          reject(err);
        });
        rs.pipe(entry);
      }
    });
  const walk = async (host: string, name: string): Promise<void> => {
    const st = await lstat(host);
    const header = { name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime, size: 0 };
    if (st.isDirectory()) {
      await add({ ...header, name: name.endsWith("/") ? name : `${name}/`, type: "directory" });
      for (const c of (await readdir(host)).sort()) await walk(path.join(host, c), `${name}/${c}`);
    } else if (st.isSymbolicLink()) {
      await add({ ...header, type: "symlink", linkname: await readlink(host) });
    } else if (st.isFile()) {
      const key = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1 ? links.get(key) : undefined;
      if (first !== undefined) await add({ ...header, type: "link", linkname: first });
      else {
        if (st.nlink > 1) links.set(key, name);
        await add({ ...header, type: "file", size: st.size }, host);
      }
    } else if (st.isFIFO()) await add({ ...header, type: "fifo" });
  };
  walk(path.join(dir, base), top).then(
    () => pack.finalize(),
    (err) => pack.destroy(err),
  );
  return pack as unknown as Readable;
}

/** Untars `content` into host directory `dstDir` (archive.Untar with NoLchown and NoOverwriteDirNonDir). */
async function untar(content: Readable, dstDir: string, mapName: (n: string) => string): Promise<void> {
  const ex = tar.extract();
  content.on("error", (err) => ex.destroy(err));
  content.pipe(ex);
  const symlinks = new Set<string>();
  const dirTimes: { p: string; mtime: Date }[] = [];
  for await (const entry of ex) {
    const h = entry.header;
    const raw = mapName(h.name).replace(/^\/+/, "");
    const name = goClean(raw);
    if (name === ".." || name.startsWith("../")) throw new CliError(`"${h.name}" is outside of "${dstDir}"`);
    const parts = name === "." ? [] : name.split("/");
    for (let i = 1; i < parts.length; i++) {
      if (symlinks.has(parts.slice(0, i).join("/")))
        throw new CliError(`"${h.name}" is outside of "${dstDir}"`);
    }
    const target = path.join(dstDir, name);
    const type = h.type ?? "file";
    if (type === "symlink") symlinks.add(name);
    await mkdir(path.dirname(target), { recursive: true });
    let existing: Stats | undefined;
    try {
      existing = await lstat(target);
    } catch {
      existing = undefined;
    }
    if (existing) {
      if (existing.isDirectory() && type !== "directory") {
        throw new CliError(`cannot overwrite directory "${target}" with non-directory "${h.name}"`);
      }
      if (!existing.isDirectory() && type === "directory") {
        throw new CliError(`cannot overwrite non-directory "${target}" with directory "${h.name}"`);
      }
      if (!existing.isDirectory()) await rm(target, { force: true });
    }
    const mode = (h.mode ?? 0o644) & 0o7777;
    const mtime = h.mtime ?? new Date();
    switch (type) {
      case "directory":
        if (!existing) await mkdir(target, { mode });
        await chmod(target, mode);
        dirTimes.push({ p: target, mtime });
        break;
      case "file": {
        const fh = await open(target, "wx", mode);
        try {
          for await (const chunk of entry) await fh.write(chunk as Buffer);
        } finally {
          await fh.close();
        }
        await chmod(target, mode);
        await utimes(target, mtime, mtime);
        break;
      }
      case "symlink":
        await symlink(h.linkname ?? "", target);
        break;
      case "link": {
        const src = goClean(mapName(h.linkname ?? "").replace(/^\/+/, ""));
        if (src === ".." || src.startsWith("../"))
          throw new CliError(`"${h.linkname}" is outside of "${dstDir}"`);
        await link(path.join(dstDir, src), target);
        break;
      }
      default:
        // Devices and fifos need privileges the CLI should not assume; skipped as by a non-root tar.
        break;
    }
    entry.resume();
  }
  for (const d of dirTimes.reverse()) await utimes(d.p, d.mtime, d.mtime);
}

// ---- copy rules ----------------------------------------------------------------------------

async function copyInfoSourcePath(p: string, followLink: boolean): Promise<CopyInfo> {
  let resolved: string;
  let rebaseName = "";
  try {
    if (followLink) {
      [resolved, rebaseName] = getRebaseName(p, await realpath(p));
    } else {
      const slash = p.lastIndexOf("/");
      const dirPath = p.slice(0, slash + 1);
      const basePath = p.slice(slash + 1);
      const resolvedDir = await realpath(dirPath);
      resolved = `${resolvedDir === "/" ? "" : resolvedDir}/${basePath}`;
      if (hasTrailingSep(p) && goBase(p) !== goBase(resolved)) rebaseName = goBase(p);
    }
    const st = await lstat(resolved);
    return { path: resolved, exists: true, isDir: st.isDirectory(), rebaseName };
  } catch (err) {
    throw osError(err);
  }
}

async function copyInfoDestinationPath(p: string): Promise<CopyInfo> {
  let cur = p;
  let st: Stats | undefined;
  try {
    for (let n = 0; ; n++) {
      st = await lstat(cur);
      if (!st.isSymbolicLink()) break;
      if (n > 10) throw new CliError(`too many symlinks in ${p}`);
      let target = await readlink(cur);
      if (!target.startsWith("/")) target = path.join(splitPathDirEntry(cur)[0], target);
      cur = target;
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw osError(err);
    const [parent] = splitPathDirEntry(cur);
    let pst: Stats;
    try {
      pst = await stat(parent);
    } catch (e) {
      throw osError(e);
    }
    if (!pst.isDirectory()) throw new CliError("not a directory");
    return { path: cur, exists: false, isDir: false, rebaseName: "" };
  }
  return { path: cur, exists: true, isDir: Boolean(st?.isDirectory()), rebaseName: "" };
}

/** archive.PrepareArchiveCopy: where to extract, and how to rename the top entry. */
function prepareArchiveCopy(src: CopyInfo, dst: CopyInfo): { dstDir: string; from?: string; to?: string } {
  const [dstDir, dstBase] = splitPathDirEntry(dst.path);
  const [, srcBaseRaw] = splitPathDirEntry(src.path);
  const srcBase = src.rebaseName || srcBaseRaw;
  if (dst.exists && dst.isDir) return { dstDir: dst.path };
  if (dst.exists && src.isDir) throw new CliError("cannot copy directory");
  if (!dst.exists && !src.isDir && assertsDirectory(dst.path)) throw new CliError("no such directory");
  return { dstDir, from: srcBase, to: dstBase };
}

function resolveLocalPath(p: string): string {
  return preserveTrailingDotOrSeparator(path.resolve(p), p);
}

/** Counts the bytes that pass, for "Successfully copied …". */
function counter(): { stream: PassThrough; bytes: () => number } {
  let n = 0;
  const stream = new PassThrough();
  stream.on("data", (c: Buffer) => {
    n += c.length;
  });
  return { stream, bytes: () => n };
}

async function copyFromContainer(
  ctx: CliContext,
  container: string,
  srcPathArg: string,
  dstArg: string,
  opts: { followLink: boolean; quiet: boolean },
): Promise<void> {
  let srcPath = srcPathArg;
  const dstPath = dstArg === "-" ? "-" : resolveLocalPath(dstArg);
  if (dstPath !== "-") {
    const dir = path.dirname(goClean(dstPath));
    try {
      await stat(dir);
    } catch {
      throw new CliError(`invalid output path: directory "${dir}" does not exist`);
    }
  }
  let rebaseName = "";
  if (opts.followLink) {
    const st = await statPath(ctx.client, container, srcPath).catch(() => undefined);
    if (st && (st.mode & GO_SYMLINK) !== 0) {
      let linkTarget = st.linkTarget;
      if (!linkTarget.startsWith("/")) linkTarget = path.join(splitPathDirEntry(srcPath)[0], linkTarget);
      [srcPath, rebaseName] = getRebaseName(srcPath, linkTarget);
    }
  }
  const res = await ctx.client.call("GET", `/containers/${encodeURIComponent(container)}/archive`, {
    query: { path: srcPath },
  });
  const st = parseStat(res.headers["x-docker-container-path-stat"]);
  if (dstPath === "-") {
    await new Promise<void>((resolve, reject) => {
      res.body.on("error", reject);
      res.body.on("end", resolve);
      res.body.pipe(ctx.stdout, { end: false });
    });
    return;
  }
  const src: CopyInfo = { path: srcPath, exists: true, isDir: (st.mode & GO_DIR) !== 0, rebaseName };
  const [, srcBase] = splitPathDirEntry(src.path);
  const count = counter();
  try {
    const dst = await copyInfoDestinationPath(dstPath);
    const plan = prepareArchiveCopy(src, dst);
    res.body.pipe(count.stream);
    await untar(count.stream, plan.dstDir, (n) => {
      let name = rebaseName ? rebase(n, srcBase, rebaseName) : n;
      if (plan.from !== undefined && plan.to !== undefined) name = rebase(name, plan.from, plan.to);
      return name;
    });
  } finally {
    // An unread response would hold the connection (and the container's lock) open.
    res.body.destroy();
  }
  if (!opts.quiet) ctx.stderr.write(`Successfully copied ${humanSize(count.bytes())} to ${dstPath}\n`);
}

async function copyToContainer(
  ctx: CliContext,
  container: string,
  srcArg: string,
  dstPathArg: string,
  opts: { followLink: boolean; copyUIDGID: boolean; quiet: boolean },
): Promise<void> {
  const srcPath = srcArg === "-" ? "-" : resolveLocalPath(srcArg);
  const dst: CopyInfo = { path: dstPathArg, exists: false, isDir: false, rebaseName: "" };
  let dstStat = await statPath(ctx.client, container, dstPathArg).catch(() => undefined);
  if (dstStat && (dstStat.mode & GO_SYMLINK) !== 0) {
    let linkTarget = dstStat.linkTarget;
    if (!linkTarget.startsWith("/")) linkTarget = path.join(splitPathDirEntry(dstPathArg)[0], linkTarget);
    dst.path = linkTarget;
    dstStat = await statPath(ctx.client, container, linkTarget).catch(() => undefined);
  }
  if (dstStat && (dstStat.mode & (GO_DEVICE | GO_IRREGULAR_TYPES)) !== 0) {
    const why = (dstStat.mode & GO_DEVICE) !== 0 ? "got a device" : "got an irregular file";
    throw new CliError(
      `destination "${container}:${dstPathArg}" must be a directory or a regular file: ${why}`,
    );
  }
  if (dstStat) {
    dst.exists = true;
    dst.isDir = (dstStat.mode & GO_DIR) !== 0;
  }
  let content: Readable;
  let resolvedDstPath: string;
  if (srcPath === "-") {
    if (!dst.isDir) throw new CliError(`destination "${container}:${dstPathArg}" must be a directory`);
    content = ctx.stdin;
    resolvedDstPath = dst.path;
  } else {
    const src = await copyInfoSourcePath(srcPath, opts.followLink);
    const plan = prepareArchiveCopy(src, dst);
    const [, srcBase] = splitPathDirEntry(src.path);
    // The top entry is named as PrepareArchiveCopy would rebase it.
    const top = plan.to ?? (src.rebaseName || srcBase);
    content = tarResource(src.path, top === srcBase ? "" : top);
    resolvedDstPath = plan.dstDir;
  }
  const count = counter();
  content.pipe(count.stream);
  await ctx.client.ok("PUT", `/containers/${encodeURIComponent(container)}/archive`, {
    query: {
      path: resolvedDstPath,
      noOverwriteDirNonDir: "true",
      ...(opts.copyUIDGID ? { copyUIDGID: "true" } : {}),
    },
    headers: { "Content-Type": "application/x-tar" },
    stream: count.stream,
  });
  if (!opts.quiet) {
    ctx.stderr.write(`Successfully copied ${humanSize(count.bytes())} to ${container}:${dst.path}\n`);
  }
}

export const cp: Command = {
  name: "cp",
  aliases: ["container cp"],
  usage: "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
  description:
    "Copy files/folders between a container and the local filesystem\n\nUse '-' as the source to read a tar archive from stdin\nand extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a\ncontainer source to stdout.",
  flags: [
    { name: "follow-link", short: "L", type: "bool", description: "Always follow symbol link in SRC_PATH" },
    { name: "archive", short: "a", type: "bool", description: "Archive mode (copy all uid/gid information)" },
    {
      name: "quiet",
      short: "q",
      type: "bool",
      description:
        "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached",
    },
  ],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, flags, args) {
    const [source, destination] = args;
    if (source === "") throw new CliError("source can not be empty");
    if (destination === "") throw new CliError("destination can not be empty");
    const quiet = flags.quiet === true || !ctx.stdout.isTTY;
    const followLink = flags["follow-link"] === true;
    const [srcContainer, srcPath] = splitCpArg(source);
    const [dstContainer, dstPath] = splitCpArg(destination);
    if (srcContainer && dstContainer) throw new CliError("copying between containers is not supported");
    if (srcContainer)
      await copyFromContainer(ctx, srcContainer, srcPath, destination === "-" ? "-" : dstPath, {
        followLink,
        quiet,
      });
    else if (dstContainer) {
      await copyToContainer(ctx, dstContainer, srcPath, dstPath, {
        followLink,
        copyUIDGID: flags.archive === true,
        quiet,
      });
    } else throw new CliError("must specify at least one container source");
    return 0;
  },
};
