// Volumes: records, the local driver's mounts and who uses each volume. The container
// lifecycle calls acquire() when a container needs a volume (creating a named one on first
// use, as `-v name:/d` does, or a new anonymous one) and release() when it is done; a volume
// is mounted while it has users, and cannot be removed while it has any (Docker's 409).

import { chown, lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { ConflictError, InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import type { Volume, VolumeCreateOptions } from "../types/volume.ts";
import type { EventBus } from "../util/events.ts";
import type { Logger } from "../util/logger.ts";
import { mountVolume, unmountVolume } from "./local-driver.ts";
import { parseLocalOptions } from "./local-options.ts";
import { matchesList, prunable } from "./volume-filters.ts";
import { ANONYMOUS_LABEL, anonymousName, validateVolumeName } from "./volume-name.ts";
import { type VolumeRecord, VolumeStore } from "./volume-store.ts";

/** What acquire() hands the container: the directory to bind into it. */
export interface AcquiredVolume {
  name: string;
  hostPath: string;
  /** True when this acquire made the volume (an anonymous one, or a named one on first use). */
  created: boolean;
}

/** The container a user ID stands for: `cp` uses a volume as `<id>:cp:<n>` for its copy. */
function containerOf(user: string): string {
  return user.split(":")[0] as string;
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * The size of what is under `dir` as dockerd's directory.Size counts it: apparent sizes of
 * everything but directories, links not followed, a hard-linked file once.
 */
async function diskSize(dir: string, seen = new Set<string>()): Promise<number> {
  let total = 0;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e);
    const st = await lstat(p).catch(() => undefined);
    if (!st) continue;
    if (st.isDirectory()) {
      total += await diskSize(p, seen);
      continue;
    }
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) continue;
    seen.add(key);
    total += st.size;
  }
  return total;
}

export class VolumeService {
  readonly store: VolumeStore;
  private readonly events: EventBus;
  private readonly log: Logger;
  /**
   * Volume name → the containers referring to it, from their create to their removal (as
   * dockerd's refs: a stopped container's volume is in use too). In memory: the container
   * seam re-references every container's volumes on restore.
   */
  private readonly refs = new Map<string, Set<string>>();
  /** Volume name → the running containers that have it mounted (the local driver's mount count). */
  private readonly users = new Map<string, Set<string>>();
  /** Serialises operations: a remove must not race the acquire that makes it in use. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataRoot: string, events: EventBus, log: Logger) {
    this.store = new VolumeStore(dataRoot);
    this.events = events;
    this.log = log;
  }

  async init(): Promise<void> {
    await this.store.load(this.log);
  }

  /** At berthd's shutdown: stops the background deletion of removed volumes (resumed at start). */
  close(): void {
    this.store.close();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private record(name: string, op: string): VolumeRecord {
    const rec = this.store.get(name);
    if (!rec) throw new NotFoundError(`${op} ${name}: no such volume`);
    return rec;
  }

  /** The containers using a volume. */
  usersOf(name: string): string[] {
    return [...new Set([...(this.refs.get(name) ?? []), ...(this.users.get(name) ?? [])])];
  }

  view(rec: VolumeRecord): Volume {
    return {
      CreatedAt: rec.CreatedAt,
      Driver: rec.Driver,
      Labels: rec.Labels,
      Mountpoint: this.store.dataDir(rec.Name),
      Name: rec.Name,
      Options: rec.Options,
      Scope: "local",
    };
  }

  get(name: string): Volume {
    return this.view(this.record(name, "get"));
  }

  list(filters: Map<string, string[]> = new Map()): Volume[] {
    return this.store
      .list()
      .filter((r) => matchesList(r, this.usersOf(r.Name).length > 0, filters))
      .map((r) => this.view(r));
  }

  create(body: VolumeCreateOptions): Promise<Volume> {
    return this.serial(async () => this.view((await this.createLocked(body)).rec));
  }

  private async createLocked(body: VolumeCreateOptions): Promise<{ rec: VolumeRecord; created: boolean }> {
    const driver = body.Driver || "local";
    if (driver !== "local")
      throw new InvalidParameterError(
        `create ${body.Name ?? ""}: error looking up volume plugin ${driver}: plugin "${driver}" not found (berth has the local driver only)`,
      );
    const anonymous = !body.Name;
    const name = body.Name || anonymousName();
    validateVolumeName(name);
    const options = body.DriverOpts ?? {};
    const labels = { ...(body.Labels ?? {}) };
    if (anonymous) labels[ANONYMOUS_LABEL] = "";
    const existing = this.store.get(name);
    if (existing) {
      // dockerd (volume/service/store.go) hands the stored volume back whatever the request
      // asks, dropping other options and labels without a word; berth applies or refuses: the
      // same name with the same (or no) options and labels is the stored volume, different
      // ones are a conflict that says so.
      if (
        (Object.keys(options).length > 0 && !sameMap(options, existing.Options)) ||
        (!anonymous && body.Labels && !sameMap(labels, existing.Labels))
      )
        throw new ConflictError(
          `volume "${name}" already exists with other options or labels (${JSON.stringify({ Options: existing.Options, Labels: existing.Labels })}): remove it first, or create it without options`,
        );
      return { rec: existing, created: false };
    }
    const parsed = parseLocalOptions(options);
    const rec: VolumeRecord = {
      Name: name,
      Driver: "local",
      CreatedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      Labels: labels,
      Options: options,
    };
    await this.store.add(rec, parsed.root?.mode ?? 0o755);
    if (parsed.root?.uid !== undefined || parsed.root?.gid !== undefined) {
      await chown(this.store.dataDir(name), parsed.root.uid ?? 0, parsed.root.gid ?? 0);
    }
    this.events.emit("volume", "create", name, { driver: "local" });
    return { rec, created: true };
  }

  remove(name: string, force = false): Promise<void> {
    return this.serial(async () => {
      const rec = this.store.get(name);
      if (!rec) {
        if (force) return;
        throw new NotFoundError(`get ${name}: no such volume`);
      }
      const users = this.usersOf(name);
      // Docker refuses even with force: force only ignores a missing volume.
      if (users.length > 0)
        throw new ConflictError(`remove ${name}: volume is in use - [${users.join(", ")}]`);
      await this.destroy(rec);
    });
  }

  private async destroy(rec: VolumeRecord): Promise<void> {
    // A mount left by a crash would make rm walk into the mounted filesystem (or a bind source).
    await unmountVolume(rec.Name, this.store.dataDir(rec.Name));
    await this.store.remove(rec.Name);
    this.events.emit("volume", "destroy", rec.Name, { driver: "local" });
  }

  prune(filters: Map<string, string[]> = new Map()): Promise<{ deleted: string[]; reclaimed: number }> {
    return this.serial(async () => {
      const deleted: string[] = [];
      let reclaimed = 0;
      for (const rec of this.store.list()) {
        if (this.usersOf(rec.Name).length > 0 || !prunable(rec, filters)) continue;
        const parsed = parseLocalOptions(rec.Options);
        // Content of a mounted filesystem is not this host's disk space.
        if (!parsed.mount) reclaimed += await diskSize(this.store.dataDir(rec.Name));
        await this.destroy(rec);
        deleted.push(rec.Name);
      }
      if (deleted.length > 0) this.events.emit("volume", "prune", "", { reclaimed: String(reclaimed) });
      return { deleted, reclaimed };
    });
  }

  /**
   * As reference(), and mounts the volume for `containerId` (at its start) if it is the
   * first to use it; release() gives the mount back.
   */
  /**
   * Makes `containerId` refer to the volume `name` (created if missing, as `-v name:/d`), or
   * to a new anonymous volume when `name` is undefined, without mounting it: a container
   * holds its volumes from its create on. `make` are `--mount`'s volume-label and
   * volume-opt, for a volume this call creates.
   */
  reference(
    name: string | undefined,
    containerId: string,
    make: Pick<VolumeCreateOptions, "Labels" | "DriverOpts"> = {},
  ): Promise<AcquiredVolume> {
    return this.serial(async () => {
      const { rec, created } = await this.createLocked({ Name: name, ...make });
      const refs = this.refs.get(rec.Name) ?? new Set<string>();
      refs.add(containerId);
      this.refs.set(rec.Name, refs);
      return { name: rec.Name, hostPath: this.store.dataDir(rec.Name), created };
    });
  }

  /** Drops every reference `containerId` holds (at its removal); its mounts must be released first. */
  dereference(containerId: string): Promise<void> {
    return this.serial(async () => {
      for (const [vol, refs] of this.refs) {
        if (refs.delete(containerId) && refs.size === 0) this.refs.delete(vol);
      }
    });
  }

  acquire(
    name: string | undefined,
    containerId: string,
    make: Pick<VolumeCreateOptions, "Labels" | "DriverOpts"> = {},
  ): Promise<AcquiredVolume> {
    return this.serial(async () => {
      const { rec, created } = await this.createLocked({ Name: name, ...make });
      const users = this.users.get(rec.Name) ?? new Set<string>();
      if (users.size === 0) {
        const spec = parseLocalOptions(rec.Options).mount;
        if (spec) await mountVolume(rec.Name, this.store.dataDir(rec.Name), spec);
      }
      const refs = this.refs.get(rec.Name) ?? new Set<string>();
      refs.add(containerId);
      this.refs.set(rec.Name, refs);
      if (!users.has(containerId)) {
        users.add(containerId);
        this.users.set(rec.Name, users);
        this.events.emit("volume", "mount", rec.Name, {
          driver: "local",
          container: containerOf(containerId),
        });
      }
      return { name: rec.Name, hostPath: this.store.dataDir(rec.Name), created };
    });
  }

  /** Drops `containerId`'s use of its volumes (or only `name`), unmounting those left without users. */
  release(containerId: string, name?: string): Promise<void> {
    return this.serial(async () => {
      const failures: unknown[] = [];
      for (const [vol, users] of this.users) {
        if ((name !== undefined && vol !== name) || !users.delete(containerId)) continue;
        this.events.emit("volume", "unmount", vol, { driver: "local", container: containerOf(containerId) });
        if (users.size > 0) continue;
        this.users.delete(vol);
        const rec = this.store.get(vol);
        if (!rec || !parseLocalOptions(rec.Options).mount) continue;
        await unmountVolume(vol, this.store.dataDir(vol)).catch((err) => failures.push(err));
      }
      if (failures.length > 0) throw failures[0];
    });
  }

  /** `system df`'s volumes: each with its size on disk and its number of users. */
  async usage(): Promise<Volume[]> {
    const out: Volume[] = [];
    for (const rec of this.store.list()) {
      const mounted = parseLocalOptions(rec.Options).mount !== undefined;
      out.push({
        ...this.view(rec),
        UsageData: {
          // As dockerd: a volume mounted from elsewhere has no size of its own here.
          Size: mounted ? -1 : await diskSize(this.store.dataDir(rec.Name)),
          RefCount: this.usersOf(rec.Name).length,
        },
      });
    }
    return out;
  }
}
