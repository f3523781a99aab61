// The host's device nodes, as a privileged container gets them (containerd's
// oci.HostDevices, which moby calls for --privileged). Hand-written: no npm package lists
// device nodes with their numbers, and it is one directory walk.

import type { BigIntStats } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { errorMessage, InvalidParameterError } from "../errdefs/errors.ts";
import { major, minor } from "../sys/syscalls.ts";
import type { LinuxDevice } from "./oci-spec.ts";

/** Directories of /dev whose contents are the container's own (mounted by the runtime), or not devices. */
const SKIPPED_DIRS = new Set(["pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev"]);

/** The filesystem calls the walk needs: a seam so unit tests can fake a /dev. */
export interface DevFs {
  readdir(dir: string): Promise<string[]>;
  lstat(p: string): Promise<Pick<BigIntStats, "mode" | "rdev" | "uid" | "gid" | "isDirectory">>;
}

const realFs: DevFs = {
  readdir: (dir) => readdir(dir),
  lstat: (p) => lstat(p, { bigint: true }),
};

/**
 * Every character and block device under `root` (symlinks, fifos and sockets left out, as
 * containerd does); /dev/console is left out, the runtime sets up the container's own.
 */
export async function hostDevices(root = "/dev", fs: DevFs = realFs): Promise<LinuxDevice[]> {
  const out: LinuxDevice[] = [];
  const walk = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return; // gone meanwhile, or not readable: not a device
    }
    for (const name of names.sort()) {
      const p = path.join(dir, name);
      let st: Awaited<ReturnType<DevFs["lstat"]>>;
      try {
        st = await fs.lstat(p);
      } catch {
        continue; // removed while we walked (udev)
      }
      if (st.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) await walk(p);
        continue;
      }
      if (p === path.join(root, "console")) continue;
      const format = Number(st.mode) & 0o170000;
      if (format !== 0o020000 && format !== 0o060000) continue;
      out.push({
        path: p,
        type: format === 0o020000 ? "c" : "b",
        major: major(st.rdev),
        minor: minor(st.rdev),
        fileMode: Number(st.mode) & 0o777,
        uid: Number(st.uid),
        gid: Number(st.gid),
      });
    }
  };
  await walk(root);
  return out;
}

/** One host device node as the spec wants it, or undefined when `p` is not a device node. */
async function deviceAt(p: string): Promise<LinuxDevice | undefined> {
  const st = await lstat(p, { bigint: true });
  const format = Number(st.mode) & 0o170000;
  if (format !== 0o020000 && format !== 0o060000) return undefined;
  return {
    path: p,
    type: format === 0o020000 ? "c" : "b",
    major: major(st.rdev),
    minor: minor(st.rdev),
    fileMode: Number(st.mode) & 0o7777,
    uid: Number(st.uid),
    gid: Number(st.gid),
  };
}

/** A `--device` mapping resolved: the nodes to make and their cgroup permissions. */
export interface ResolvedDevice extends LinuxDevice {
  access: string;
}

/**
 * moby's oci.DevicesFromPath: `pathOnHost` (a symlink followed) is one device node, or a
 * directory whose device nodes (at any depth) all appear under `pathInContainer`.
 */
export async function devicesFromPath(
  pathOnHost: string,
  pathInContainer: string,
  access: string,
): Promise<ResolvedDevice[]> {
  let resolved = pathOnHost;
  try {
    if ((await lstat(pathOnHost)).isSymbolicLink()) resolved = await realpath(pathOnHost);
  } catch {
    // reported below, as runc's Lstat reports it
  }
  let cause: string;
  try {
    const dev = await deviceAt(resolved);
    if (dev) return [{ ...dev, path: pathInContainer, access }];
    cause = "not a device node";
  } catch (err) {
    cause = errnoText(err);
  }
  if (cause === "not a device node" && (await stat(resolved).catch(() => undefined))?.isDirectory()) {
    const out: ResolvedDevice[] = [];
    const walk = async (dir: string): Promise<void> => {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names.sort()) {
        const p = path.join(dir, name);
        const st = await lstat(p).catch(() => undefined);
        if (st?.isDirectory()) await walk(p);
        else if (st) {
          const dev = await deviceAt(p).catch(() => undefined);
          if (dev) out.push({ ...dev, path: p.replace(resolved, pathInContainer), access });
        }
      }
    };
    await walk(resolved);
    if (out.length > 0) return out;
  }
  throw new InvalidParameterError(
    `error gathering device information while adding custom device ${JSON.stringify(pathOnHost)}: ${cause}`,
  );
}

/** Go's text for an errno ("no such file or directory"), as runc's error shows it. */
function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const texts: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    ENOTDIR: "not a directory",
    ELOOP: "too many levels of symbolic links",
  };
  return (code && texts[code]) || errorMessage(err);
}

/** The major:minor of the block device at `p` (a blkio limit's device), as moby's stat. */
export async function blockDeviceNumbers(p: string): Promise<{ major: number; minor: number }> {
  const st = await stat(p, { bigint: true }).catch((err: unknown) => {
    throw new InvalidParameterError(`Cannot apply a block I/O limit to ${p}: ${errnoText(err)}`);
  });
  return { major: major(st.rdev), minor: minor(st.rdev) };
}
