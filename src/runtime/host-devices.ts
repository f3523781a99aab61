// The host's device nodes, as a privileged container gets them (containerd's
// oci.HostDevices, which moby calls for --privileged). Hand-written: no npm package lists
// device nodes with their numbers, and it is one directory walk.

import type { BigIntStats } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
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
