// Mount sources the runtime cannot be tricked into swapping. runc (1.1) bind-mounts a
// source by its path, looked up again when it mounts: a symlink put in place of a bind
// source (or of a directory above it, or inside a volume under a volume-subpath) between
// berthd's check and runc's mount would hand the container whatever the link points to.
// So berthd opens each source once, with openat2(2) rules that refuse symlinks on the host
// path (the path was resolved at create) or keep them inside the volume (a subpath), binds
// that very fd onto a private staging path under the run root (open_tree + move_mount), and
// gives runc the staging path: its parents are berthd's own, root-only directories, and a
// mount point cannot be renamed over, so what runc finds there is what berthd opened.
// The staging mounts live only until runc has made the container: from then on its mount
// namespace holds its own bind of each (a clone: unmounting the staging path leaves it, and
// an rshared bind stays in its peer group), so they are unmounted then (container-volumes.ts
// started()), and a host's mount table does not grow with every running container's binds.
// A restart of the container pins again; a berthd restart finds nothing to take back (a
// crash before the unmount leaves staging mounts, which adopt() unmounts). cp of a running
// container reaches its binds through its namespace (running-mounts.ts).

import { closeSync, fstatSync, readlinkSync } from "node:fs";
import { mkdir, readdir, realpath, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { errno, errorMessage, InvalidParameterError } from "../errdefs/errors.ts";
import {
  AT_FDCWD,
  bindFd,
  MNT_DETACH,
  O_CLOEXEC,
  O_PATH,
  openat2,
  RESOLVE_IN_ROOT,
  RESOLVE_NO_MAGICLINKS,
  RESOLVE_NO_SYMLINKS,
  umount2,
} from "../sys/syscalls.ts";

/**
 * The host path a bind source stands for, symlinks resolved as Docker follows them. A
 * missing tail (a `-v` source made at start) is kept as it is under its existing parent's
 * real path.
 */
export async function resolveBindSource(source: string): Promise<string> {
  const tail: string[] = [];
  let p = path.resolve(source);
  for (;;) {
    try {
      return path.join(await realpath(p), ...tail);
    } catch (err) {
      if (errno(err) !== "ENOENT" || p === "/") throw err;
      tail.unshift(path.basename(p));
      p = path.dirname(p);
    }
  }
}

export class MountPins {
  /** berthd's root-only directory of staging mounts (cp's too, container-tmpfs.ts). */
  readonly root: string;

  /** `root`: a directory of berthd's run root, made 0700 here. */
  constructor(root: string) {
    this.root = root;
  }

  private dir(containerId: string): string {
    return path.join(this.root, containerId);
  }

  /**
   * Opens the resolved host path `resolved` with no symlink anywhere in it and binds it on
   * a staging path; the path to give the runtime. `shown` names the source in errors.
   */
  async pinHostPath(containerId: string, index: number, resolved: string, shown: string): Promise<string> {
    let fd: number;
    try {
      fd = openat2(AT_FDCWD, resolved, O_PATH | O_CLOEXEC, RESOLVE_NO_SYMLINKS);
    } catch (err) {
      if (errno(err) === "ELOOP") {
        throw new InvalidParameterError(
          `cannot mount bind source ${shown}: a symbolic link replaced a directory of ${resolved} after the container was created`,
        );
      }
      throw new InvalidParameterError(`cannot mount bind source ${shown}: ${errorMessage(err)}`);
    }
    return this.bind(containerId, index, fd);
  }

  /**
   * Opens `subpath` inside the volume directory `volumeDir`, its symlinks resolved as if the
   * volume were the root (never leaving it), and binds it on a staging path.
   */
  async pinInVolume(
    containerId: string,
    index: number,
    volumeDir: string,
    subpath: string,
    volumeName: string,
  ): Promise<string> {
    const base = openat2(AT_FDCWD, volumeDir, O_PATH | O_CLOEXEC, RESOLVE_NO_SYMLINKS);
    let fd: number;
    try {
      fd = openat2(base, subpath, O_PATH | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    } catch (err) {
      const why = errno(err) === "ENOENT" ? "does not exist in the volume" : errorMessage(err);
      throw new InvalidParameterError(`cannot mount volume ${volumeName}: subpath ${subpath} ${why}`);
    } finally {
      closeSync(base);
    }
    return this.bind(containerId, index, fd);
  }

  /**
   * Where a bind source or volume subpath is on the host now, checked as a start would
   * (no symlink in the host path; a subpath resolved inside its volume); undefined when it
   * does not exist.
   */
  static where(resolved: string, subpath?: string): string | undefined {
    let fd: number;
    try {
      fd = openat2(AT_FDCWD, resolved, O_PATH | O_CLOEXEC, RESOLVE_NO_SYMLINKS);
    } catch {
      return undefined;
    }
    try {
      if (subpath) {
        const inner = openat2(fd, subpath, O_PATH | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
        closeSync(fd);
        fd = inner;
      }
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  private async bind(containerId: string, index: number, fd: number): Promise<string> {
    try {
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      const dir = this.dir(containerId);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const target = path.join(dir, String(index));
      // A mount point of the source's kind: a file can only be bound on a file.
      if (fstatSync(fd).isDirectory()) await mkdir(target, { recursive: true });
      else await writeFile(target, "", { flag: "a" });
      bindFd(fd, target);
      return target;
    } finally {
      closeSync(fd);
    }
  }

  /** Unmounts and removes a container's staging paths (idempotent). */
  async unpinAll(containerId: string): Promise<void> {
    const dir = this.dir(containerId);
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e);
      try {
        umount2(p, MNT_DETACH);
      } catch (err) {
        if (errno(err) !== "EINVAL" && errno(err) !== "ENOENT") throw err;
      }
      // rm, not recursive: a path still mounted must fail here rather than lose content.
      await rm(p, { force: true }).catch(() => rmdir(p));
    }
    await rmdir(dir).catch(() => {});
  }
}
