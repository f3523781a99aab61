// `-u user[:group]` and `--group-add`, resolved against the container's own /etc/passwd and
// /etc/group with runc's rules (libcontainer/user GetExecUser, GetAdditionalGroups) and
// Docker's additional gids (primary gid, supplementary groups, then --group-add).
// The files belong to the image, so their paths are resolved inside the rootfs: a symlink
// `/etc/passwd -> /host/file` means `<rootfs>/host/file`, never a file of the host.

import { constants } from "node:fs";
import { lstat, open, readlink } from "node:fs/promises";
import path from "node:path";
import { errno, InvalidParameterError } from "../errdefs/errors.ts";

export interface ResolvedUser {
  uid: number;
  gid: number;
  /** The gids the process holds: the primary gid first, then supplementary and added ones. */
  additionalGids: number[];
  home: string;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

const MAX_ID = 2147483647;
const MAX_SYMLINKS = 255;
const MAX_FILE_SIZE = 32 * 1024 * 1024;
const ERR_RANGE = "uids and gids must be in range 0-2147483647";
const NO_PASSWD = "no matching entries in passwd file";
const NO_GROUP = "no matching entries in group file";

/**
 * Resolves `unsafePath` (absolute, as seen inside the container) to a host path under
 * `root`, following symlinks as if `root` were `/` (as filepath-securejoin does). Missing
 * components are kept as they are.
 */
export async function resolveInRoot(root: string, unsafePath: string): Promise<string> {
  const rootAbs = path.resolve(root);
  const pending = unsafePath.split("/").filter((p) => p !== "" && p !== ".");
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === "..") {
      done.pop();
      continue;
    }
    const candidate = path.join(rootAbs, ...done, part);
    let isLink = false;
    try {
      isLink = (await lstat(candidate)).isSymbolicLink();
    } catch (err) {
      if (errno(err) !== "ENOENT" && errno(err) !== "ENOTDIR") throw err;
    }
    if (!isLink) {
      done.push(part);
      continue;
    }
    if (++links > MAX_SYMLINKS) {
      throw new InvalidParameterError(`Cannot resolve ${unsafePath} in the container: too many symlinks`);
    }
    const target = await readlink(candidate);
    if (target.startsWith("/")) done.length = 0;
    pending.unshift(...target.split("/").filter((p) => p !== "" && p !== "."));
  }
  return path.join(rootAbs, ...done);
}

/** Reads a regular file of the rootfs; undefined when it does not exist. */
async function readRootFile(root: string, file: string): Promise<string | undefined> {
  const hostPath = await resolveInRoot(root, file);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // The path is resolved, so its last component must not be a symlink any more.
    handle = await open(hostPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = errno(err);
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
  try {
    const st = await handle.stat();
    // A device or fifo named /etc/passwd must not block or flood the daemon.
    if (!st.isFile() || st.size > MAX_FILE_SIZE) return undefined;
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

// libcontainer/user parseLine: a field that is not a number reads as 0.
function atoiOrZero(s: string | undefined): number {
  return s !== undefined && /^[+-]?\d+$/.test(s) ? Number(s) : 0;
}

function lines(text: string | undefined): string[][] {
  if (text === undefined) return [];
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => l.split(":"));
}

function parsePasswd(text: string | undefined): PasswdEntry[] {
  return lines(text).map((f) => ({
    name: f[0] ?? "",
    uid: atoiOrZero(f[2]),
    gid: atoiOrZero(f[3]),
    home: f[5] ?? "",
  }));
}

function parseGroup(text: string | undefined): GroupEntry[] {
  return lines(text).map((f) => ({
    name: f[0] ?? "",
    gid: atoiOrZero(f[2]),
    members: (f[3] ?? "").split(",").filter((m) => m !== ""),
  }));
}

// strconv.Atoi: an optional sign, then decimal digits.
function numeric(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

function inRange(id: number): number {
  if (id < 0 || id > MAX_ID) throw new InvalidParameterError(ERR_RANGE);
  return id;
}

/**
 * Resolves the user the container's process runs as, as `docker run -u` does. `user` is
 * `""` (root), `name`, `uid`, `name:group` or `uid:gid`; `groupAdd` are names or gids.
 * Supplementary groups (from /etc/group membership) apply only when no group is given.
 */
export async function resolveUser(
  rootfs: string,
  user: string,
  groupAdd: readonly string[],
): Promise<ResolvedUser> {
  const [userArg = "", groupArg = ""] = user.split(":");
  const uidArg = numeric(userArg);
  const gidArg = numeric(groupArg);
  const passwdText = await readRootFile(rootfs, "/etc/passwd");
  const passwd = parsePasswd(passwdText);

  let uid = 0;
  let gid = 0;
  let home = "/";
  let sgids: number[] = [];
  const match = passwd.find((u) =>
    userArg === "" ? u.uid === 0 : uidArg !== undefined ? u.uid === uidArg : u.name === userArg,
  );
  if (match) {
    uid = match.uid;
    gid = match.gid;
    home = match.home || "/";
  } else if (userArg !== "") {
    if (uidArg === undefined) throw new InvalidParameterError(`unable to find user ${userArg}: ${NO_PASSWD}`);
    uid = inRange(uidArg);
  }

  const needGroups = groupArg !== "" || match !== undefined || groupAdd.length > 0;
  const groups = needGroups ? parseGroup(await readRootFile(rootfs, "/etc/group")) : [];
  if (groupArg !== "") {
    const g = groups.find((e) => (gidArg !== undefined ? e.gid === gidArg : e.name === groupArg));
    if (g) gid = g.gid;
    else if (gidArg === undefined)
      throw new InvalidParameterError(`unable to find group ${groupArg}: ${NO_GROUP}`);
    else gid = inRange(gidArg);
  } else if (match) {
    sgids = groups.filter((g) => g.members.includes(match.name)).map((g) => g.gid);
  }

  const added: number[] = [];
  for (const ag of groupAdd) {
    const g = groups.find((e) => e.name === ag || String(e.gid) === ag);
    if (g) {
      added.push(g.gid);
      continue;
    }
    const n = numeric(ag);
    if (n === undefined) throw new InvalidParameterError(`Unable to find group ${ag}: ${NO_GROUP}`);
    added.push(inRange(n));
  }

  const additionalGids: number[] = [];
  for (const g of [gid, ...sgids, ...added]) if (!additionalGids.includes(g)) additionalGids.push(g);
  return { uid, gid, additionalGids, home };
}
