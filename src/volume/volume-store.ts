// Volume records on disk, in Docker's layout: `<data-root>/volumes/<name>/` holds the
// record (`volume.json`, written atomically) and `_data`, the volume's content or mount
// point. The directory is made before the record, so a crash between the two leaves a
// directory without a record, which load() removes; a record always has its `_data`.

import { type ChildProcess, execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, constants, openSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { errno, errorMessage } from "../errdefs/errors.ts";
import { addInodeFlags, FS_TOPDIR_FL } from "../sys/syscalls.ts";
import { writeJsonAtomic } from "../util/atomic-file.ts";
import type { Logger } from "../util/logger.ts";
import { hasMountUnder } from "./local-driver.ts";

const run = promisify(execFile);

export interface VolumeRecord {
  Name: string;
  Driver: "local";
  CreatedAt: string;
  Labels: Record<string, string>;
  Options: Record<string, string>;
}

const RECORD = "volume.json";
/**
 * A removed volume's directory, renamed out of the way and deleted in the background. load()
 * skips dot names as volumes, and deletes these (a crash left them).
 */
const REMOVING = ".removing-";

/**
 * chattr +T on `volumes/`: each volume is the top of a directory tree of its own, and ext4's
 * Orlov allocator then places every new volume directory (and so its files) in a block group
 * chosen afresh, rather than in `volumes/`'s group. It matters on ext4 without a journal:
 * there every inode creation scans past the inodes freed in its group in the last minute
 * (ialloc.c, recently_deleted), so a copy-up into a new volume after `--rm` removed the
 * last one's 1,000 files paid for all of them: 0.5-1 s for 1,000 files, 60-90 ms with the
 * flag (see README, Benchmarks). A hint only: on a filesystem without it nothing changes.
 */
function markTopDir(dir: string, log?: Logger): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    addInodeFlags(fd, FS_TOPDIR_FL, dir);
  } catch (err) {
    log?.debug("volumes directory left without the top-directory hint", { dir, error: errorMessage(err) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export class VolumeStore {
  readonly root: string;
  private readonly records = new Map<string, VolumeRecord>();
  private log: Logger | undefined;
  /** The background deletions, one at a time. */
  private reaping: Promise<void> = Promise.resolve();
  /** The deletion's process under way, stopped by close(). */
  private reaper: ChildProcess | undefined;
  private closed = false;

  constructor(dataRoot: string) {
    this.root = path.join(dataRoot, "volumes");
  }

  dataDir(name: string): string {
    return path.join(this.root, name, "_data");
  }

  async load(log?: Logger): Promise<void> {
    this.log = log;
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    markTopDir(this.root, log);
    for (const name of await readdir(this.root)) {
      if (name.startsWith(REMOVING)) this.reap(path.join(this.root, name));
      if (name.startsWith(".")) continue;
      try {
        const rec = JSON.parse(await readFile(path.join(this.root, name, RECORD), "utf8")) as VolumeRecord;
        this.records.set(rec.Name, rec);
      } catch (err) {
        if (errno(err) !== "ENOENT") throw err;
        // A create cut short before its record: nothing refers to it yet.
        log?.warn("removing a volume directory without a record", { name });
        await rm(path.join(this.root, name), { recursive: true, force: true });
      }
    }
  }

  list(): VolumeRecord[] {
    return [...this.records.values()];
  }

  get(name: string): VolumeRecord | undefined {
    return this.records.get(name);
  }

  async add(rec: VolumeRecord, rootMode = 0o755): Promise<void> {
    const dir = path.join(this.root, rec.Name);
    await mkdir(dir, { mode: 0o700 });
    // `_data` is entered by containers of any user (their root is often not the host's
    // root), as Docker's 0755 `_data`; the closed parents keep host users out.
    await mkdir(path.join(dir, "_data"), { mode: rootMode });
    await chmod(path.join(dir, "_data"), rootMode);
    await writeJsonAtomic(path.join(dir, RECORD), rec);
    this.records.set(rec.Name, rec);
  }

  /**
   * Removes the volume: its record, then its directory, renamed away at once (the name is
   * free, nothing of it is visible) and deleted in the background. Deleting is slow where it
   * matters most: on a filesystem mounted with `discard` and no journal (this machine's ext4)
   * every freed block is discarded synchronously, 60 ms to 1.5 s for a 1,000-file volume
   * under load, which `run --rm` of an image with a VOLUME, or `rm -v`, would wait for; only
   * the freed space shows up later.
   */
  async remove(name: string): Promise<void> {
    const dir = path.join(this.root, name);
    // The record goes first: a crash part-way leaves a directory load() cleans up.
    await rm(path.join(dir, RECORD), { force: true });
    this.records.delete(name);
    const away = path.join(this.root, `${REMOVING}${name}-${randomBytes(4).toString("hex")}`);
    try {
      await rename(dir, away);
    } catch (err) {
      if (errno(err) === "ENOENT") return;
      throw err;
    }
    this.reap(away);
  }

  private reap(dir: string): void {
    this.reaping = this.reaping
      .then(async () => {
        // Never into a mounted filesystem (a volume's own mount, left by a crash).
        if (await hasMountUnder(dir)) {
          this.log?.warn("a removed volume's directory holds a mount: left in place", { dir });
          return;
        }
        // In a process of its own: fs.rm unlinks a directory's entries all at once on libuv's
        // 4 threads, each unlink blocked on its discard, and every other file operation of
        // berthd (the removal that follows, the next create's records) waited behind them
        // (+120 ms on an `rm -v` of a 1,000-file volume). --one-file-system: never below a
        // mount made after the check above.
        if (this.closed) return;
        const rmRun = run("rm", ["-rf", "--one-file-system", "--", dir]);
        this.reaper = rmRun.child;
        try {
          await rmRun;
        } finally {
          this.reaper = undefined;
        }
      })
      .catch((err) => {
        this.log?.warn("deleting a removed volume's directory failed", { dir, error: errorMessage(err) });
      });
  }

  /** At berthd's shutdown: no deletion is left running; the next start's load() finishes them. */
  close(): void {
    this.closed = true;
    this.reaper?.kill("SIGKILL");
  }

  /** Resolves when the background deletions begun so far have ended. */
  settled(): Promise<void> {
    return this.reaping;
  }
}
