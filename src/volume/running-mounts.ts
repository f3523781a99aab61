// `cp` into a running container's mounts as the container has them. A tmpfs exists only in
// the container's mount namespace: berthd's paths reach the directory below it in the
// container's layer (which is all dockerd's cp ever reaches, moby#22020); and a bind source
// or volume subpath is held only by that namespace once the container runs (the staging
// mount runc was given is dropped then, mount-pins.ts), while the host path may have been
// replaced since. For the copy, each such mount is bound from the container's namespace
// onto a staging path of berthd's (build/berth-nsbind, a small C program: node cannot enter
// another mount namespace, see native/nsbind/berth-nsbind.c), so cp reads and writes what
// the container sees, through its ordinary host-path rules. A stopped container has no
// tmpfs: cp reaches the layer below, as dockerd's.

import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, realpath, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { errno, SystemError } from "../errdefs/errors.ts";
import { MNT_DETACH, O_CLOEXEC, O_PATH, umount2 } from "../sys/syscalls.ts";

/** Staging directories of copies: `cp-<id12>-<random>` (a container's pins are `<id>`). */
const COPY_PREFIX = "cp-";
const NSBIND = fileURLToPath(new URL("../../build/berth-nsbind", import.meta.url));

export interface RunningPoint {
  /** Clean, absolute container path. */
  destination: string;
  readonly: boolean;
  /** A file bound on a file (a mount point must be of its mount's kind). */
  file?: boolean;
}

export interface StagedMounts {
  mounts: { destination: string; host: string; readonly: boolean }[];
  /** Unmounts the staging paths and removes them. */
  release(): Promise<void>;
}

/**
 * Unmounts and removes the staging paths a berthd killed during a copy left under `root`
 * (each would keep a clone of a container's mount, a tmpfs's memory too, alive).
 */
export async function sweepStagedCopies(root: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith(COPY_PREFIX))) {
    const dir = path.join(root, name);
    for (const t of await readdir(dir).catch(() => [] as string[])) {
      const p = path.join(dir, t);
      try {
        umount2(p, MNT_DETACH);
      } catch (err) {
        if (errno(err) !== "EINVAL" && errno(err) !== "ENOENT") throw err;
      }
      await rm(p, { force: true }).catch(() => rmdir(p));
    }
    await rmdir(dir);
  }
}

/** Runs berth-nsbind with the container's namespace and root as fds 3 and 4; its exit code. */
function nsbind(nsFd: number, rootFd: number, destination: string, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(NSBIND, [destination, target], { stdio: ["ignore", "ignore", "pipe", nsFd, rootFd] });
    let stderr = "";
    child.stderr?.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    child.on("error", (err) => reject(new SystemError(`run ${NSBIND}: ${err.message}`)));
    child.on("close", (code) => {
      if (code === 0 || code === 3) resolve(code);
      else reject(new SystemError(`reach the mount at ${destination} in the container: ${stderr.trim()}`));
    });
  });
}

/**
 * Binds the mounts at `points` of container `id` (running as `pid`) on staging paths under
 * `root` (berthd's root-only mounts directory). A point the container unmounted is left out
 * (cp then sees what the container sees there: the directory below). Nothing is staged when
 * the process is not the container's any more (it exited and the pid was reused).
 */
export async function stageRunningMounts(
  root: string,
  id: string,
  pid: number,
  points: RunningPoint[],
): Promise<StagedMounts> {
  const mounts: StagedMounts["mounts"] = [];
  const targets: string[] = [];
  let dir: string | undefined;
  const release = async () => {
    for (const t of targets) {
      try {
        umount2(t, MNT_DETACH);
      } catch (err) {
        if (errno(err) !== "EINVAL" && errno(err) !== "ENOENT") throw err;
      }
      await rm(t, { force: true }).catch(() => rmdir(t));
    }
    if (dir) await rmdir(dir).catch(() => {});
  };
  if (points.length === 0 || pid <= 0) return { mounts, release };
  let nsFd: number | undefined;
  let rootFd: number | undefined;
  try {
    try {
      nsFd = openSync(`/proc/${pid}/ns/mnt`, "r");
      rootFd = openSync(`/proc/${pid}/root`, O_PATH | O_CLOEXEC);
      // Checked after the opens: if the pid is the container's now, so were the fds.
      if (!readFileSync(`/proc/${pid}/cgroup`, "utf8").includes(id)) return { mounts, release };
    } catch (err) {
      if (errno(err) === "ENOENT" || errno(err) === "ESRCH") return { mounts, release };
      throw err;
    }
    await mkdir(root, { recursive: true, mode: 0o700 });
    // Not under the container's own pin directory: a start clears that one.
    dir = await realpath(await mkdtemp(path.join(root, `${COPY_PREFIX}${id.slice(0, 12)}-`)));
    for (const [i, p] of points.entries()) {
      const target = path.join(dir, String(i));
      if (p.file) await writeFile(target, "", { flag: "wx" });
      else await mkdir(target);
      targets.push(target);
      if ((await nsbind(nsFd, rootFd, p.destination, target)) === 0) {
        mounts.push({ destination: p.destination, host: target, readonly: p.readonly });
      }
    }
    return { mounts, release };
  } catch (err) {
    await release().catch(() => {});
    throw err;
  } finally {
    if (nsFd !== undefined) closeSync(nsFd);
    if (rootFd !== undefined) closeSync(rootFd);
  }
}
