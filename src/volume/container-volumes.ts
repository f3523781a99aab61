// A container's volumes and mounts as a resource of the container seam
// (src/container/resources.ts, matched structurally: volume/ sits below container/). At
// create, container/unhonoured-options.ts checks the specs with mount-spec.ts; then, as
// dockerd, the container's volumes are made (with the image's content copied up) and
// referenced, its bind sources resolved, and `--volumes-from` peers' mount points copied
// into the record. At start the volumes are mounted, a missing `-v` bind source is made,
// and every bind source is pinned (mount-pins.ts) before the OCI mounts are contributed, the
// pins dropped once the runtime has made the container; at exit the mounts are given back,
// at removal the references too, and the anonymous volumes when asked (`rm -v`, `--rm`). After a restart every container's references are taken
// again, and running containers' mounts.

import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { errorMessage, InvalidParameterError } from "../errdefs/errors.ts";
import type { MountPoint } from "../types/container.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { HostConfig } from "../types/host-config.ts";
import { copyUp } from "./copy-up.ts";
import { MountPins, resolveBindSource } from "./mount-pins.ts";
import { type MountPointSpec, mountPointsOf, parseVolumesFrom } from "./mount-spec.ts";
import {
  type RunningPoint,
  type StagedMounts,
  stageRunningMounts,
  sweepStagedCopies,
} from "./running-mounts.ts";
import type { VolumeService } from "./volume-service.ts";

/** The part of a container record the volumes read and write. */
export interface VolumedContainer {
  ID: string;
  /** Image ID, whose content a new volume is filled with (copy-up). */
  Image: string;
  Config: Pick<ContainerConfig, "Volumes">;
  HostConfig: HostConfig;
  /** The mount points made at create (anonymous volumes named, bind sources resolved). */
  MountPoints?: MountPointSpec[];
  /** Set by removal for `rm -v` and `--rm`: the anonymous volumes go with the container. */
  RemoveVolumes?: boolean;
  /** For `cp`: a running container's tmpfs mounts are reached through its process. */
  State?: { Running: boolean; Pid: number };
}

/**
 * What cp of a running container reaches through its mount namespace (running-mounts.ts):
 * its tmpfs mounts (`--tmpfs`, `--mount type=tmpfs`), which exist nowhere else, and its bind
 * sources and volume subpaths, held by that namespace alone once it runs. Clean paths.
 */
function runningPoints(c: VolumedContainer): RunningPoint[] {
  const out = new Map<string, RunningPoint>();
  for (const [dest, data] of Object.entries(c.HostConfig.Tmpfs ?? {})) {
    const destination = path.posix.resolve("/", dest);
    out.set(destination, { destination, readonly: (data ?? "").split(",").includes("ro") });
  }
  for (const p of c.MountPoints ?? []) {
    const destination = path.posix.resolve("/", p.Destination);
    if (p.Type === "tmpfs") out.set(destination, { destination, readonly: !p.RW });
    else if (p.Type === "bind" || p.Subpath) {
      // The kind of the staging path: the source's now (a file bind needs a file).
      const host = p.Type === "bind" ? MountPins.where(p.Resolved ?? p.Source) : undefined;
      const file = host !== undefined && !statSync(host, { throwIfNoEntry: false })?.isDirectory();
      out.set(destination, { destination, readonly: !p.RW, ...(file ? { file } : {}) });
    }
  }
  return [...out.values()];
}

/** The layer dirs of an image, top first (empty when the image is gone). */
export type ImageLayers = (imageId: string) => string[];

/** For `--volumes-from`: the live record of a container (throws NotFound). */
export interface PeerContainers {
  get(ref: string): VolumedContainer;
}

interface SpecMount {
  type: "bind" | "volume" | "tmpfs";
  source: string;
  destination: string;
  readonly: boolean;
  propagation?: string;
  options?: string[];
}

/**
 * Where a container has mounts (volumes, binds, tmpfs): their mount points and what is below
 * them are not the container's layer (diff, commit and sizes leave them out).
 */
export function mountDestinations(c: VolumedContainer): string[] {
  const out = new Set(Object.keys(c.HostConfig.Tmpfs ?? {}));
  let points = c.MountPoints;
  if (!points) {
    try {
      points = mountPointsOf(c.HostConfig, c.Config.Volumes);
    } catch {
      points = [];
    }
  }
  for (const p of points) out.add(p.Destination);
  return [...out];
}

/** Inspect's `Mounts` of a container: its mount points once created, else what create parsed. */
export function mountsView(c: VolumedContainer): MountPoint[] {
  let points = c.MountPoints;
  if (!points) {
    try {
      points = mountPointsOf(c.HostConfig, c.Config.Volumes);
    } catch {
      points = [];
    }
  }
  return points.map((m) => ({
    Type: m.Type,
    ...(m.Type === "volume" ? { Name: m.Name } : {}),
    Source: m.Source,
    Destination: m.Destination,
    ...(m.Type === "volume" ? { Driver: m.Driver } : {}),
    Mode: m.Mode,
    RW: m.RW,
    Propagation: m.Propagation,
  }));
}

export class ContainerVolumes {
  readonly name = "volumes";
  private readonly volumes: VolumeService;
  private readonly imageLayers: ImageLayers;
  private readonly peers: PeerContainers;
  private readonly pins: MountPins;

  constructor(volumes: VolumeService, imageLayers: ImageLayers, peers: PeerContainers, pins: MountPins) {
    this.volumes = volumes;
    this.imageLayers = imageLayers;
    this.peers = peers;
    this.pins = pins;
  }

  /** At berthd's start: what a copy cut short by a crash left staged goes. */
  async init(): Promise<void> {
    await sweepStagedCopies(this.pins.root);
  }

  /** At create: every `--volumes-from` entry parses and names an existing container. */
  validate(req: { HostConfig: HostConfig }): undefined {
    for (const raw of req.HostConfig.VolumesFrom ?? []) {
      const { container } = parseVolumesFrom(raw);
      try {
        this.peers.get(container);
      } catch (err) {
        // A 400, not the lookup's 404: the docker CLI takes a 404 from create for a missing
        // image and would try to pull it.
        throw new InvalidParameterError(errorMessage(err));
      }
    }
    return undefined;
  }

  /**
   * At create, as dockerd: the container's volumes are made (a new one gets the image's
   * content) and referenced, bind sources resolved once, and the mount points of
   * `--volumes-from` peers taken with the mode asked for. All of it goes in the record.
   */
  async created(c: VolumedContainer): Promise<void> {
    const own = await this.ownPoints(c);
    const taken = new Set(own.map((m) => m.Destination));
    for (const raw of c.HostConfig.VolumesFrom ?? []) {
      const { container, mode } = parseVolumesFrom(raw);
      const peer = this.peers.get(container);
      for (const p of peer.MountPoints ?? []) {
        if (p.Type === "tmpfs" || taken.has(p.Destination)) continue;
        taken.add(p.Destination);
        if (p.Type === "volume") await this.volumes.reference(p.Name, c.ID);
        const rw = mode === "" ? p.RW : mode === "rw";
        own.push({ ...p, RW: rw, Mode: mode || p.Mode, From: peer.ID, CreateSource: false });
      }
    }
  }

  private async ownPoints(c: VolumedContainer): Promise<MountPointSpec[]> {
    const points = mountPointsOf(c.HostConfig, c.Config.Volumes);
    // Recorded at once: a create failing half-way removes the anonymous volumes made so far.
    c.MountPoints = points;
    for (const p of points) {
      if (p.Type === "bind") p.Resolved = await resolveBindSource(p.Source);
      if (p.Type !== "volume") continue;
      const got = await this.volumes.reference(p.Name || undefined, c.ID, {
        ...(p.Labels ? { Labels: p.Labels } : {}),
        ...(p.DriverOpts ? { DriverOpts: p.DriverOpts } : {}),
      });
      p.Name = got.name;
      p.Source = got.hostPath;
      // As dockerd, at create: only a volume this create made, and not for a subpath or
      // nocopy. Mounted for the copy, so that a volume with a filesystem of its own gets it.
      if (got.created && !p.NoCopy && !p.Subpath) {
        await this.volumes.acquire(got.name, c.ID);
        try {
          await copyUp(this.imageLayers(c.Image), p.Destination, got.hostPath);
        } finally {
          await this.volumes.release(c.ID, got.name);
        }
      }
    }
    return points;
  }

  async prepare(c: VolumedContainer): Promise<{ mounts?: SpecMount[] }> {
    // A record from before mount points were made at create.
    if (!c.MountPoints) await this.created(c);
    const points = c.MountPoints ?? [];
    await this.pins.unpinAll(c.ID);
    const mounts: SpecMount[] = [];
    try {
      for (const [i, p] of points.entries()) {
        if (p.Type === "tmpfs") {
          mounts.push({
            type: "tmpfs",
            source: "tmpfs",
            destination: p.Destination,
            readonly: !p.RW,
            options: p.TmpfsOptions ?? [],
          });
          continue;
        }
        let source: string;
        if (p.Type === "bind") {
          const resolved = p.Resolved ?? (await resolveBindSource(p.Source));
          // As dockerd's -v: a missing host directory is made (--mount refused it at create).
          // An existing file is bound as it is.
          if (p.CreateSource && !existsSync(resolved)) await mkdir(resolved, { recursive: true });
          source = await this.pins.pinHostPath(c.ID, i, resolved, p.Source);
        } else {
          const got = await this.volumes.acquire(p.Name, c.ID);
          source = p.Subpath
            ? await this.pins.pinInVolume(c.ID, i, got.hostPath, p.Subpath, p.Name)
            : got.hostPath;
        }
        mounts.push({
          type: "bind",
          source,
          destination: p.Destination,
          readonly: !p.RW,
          ...(p.Propagation ? { propagation: p.Propagation } : {}),
        });
      }
    } catch (err) {
      // The seam releases only the resources whose prepare succeeded.
      await this.release(c, "exit").catch(() => {});
      throw err;
    }
    return { mounts };
  }

  async release(c: VolumedContainer, why: "exit" | "remove"): Promise<void> {
    await this.pins.unpinAll(c.ID);
    await this.volumes.release(c.ID);
    if (why !== "remove") return;
    await this.volumes.dereference(c.ID);
    if (!c.RemoveVolumes) return;
    // Only the anonymous ones (no name in the request): named volumes outlive containers.
    let requested: MountPointSpec[] = [];
    try {
      requested = mountPointsOf(c.HostConfig, c.Config.Volumes);
    } catch {
      // A create refused for its specs made no volume.
    }
    for (const p of c.MountPoints ?? []) {
      const asked = requested.find((r) => r.Destination === p.Destination);
      if (p.Type !== "volume" || !p.Name || asked?.Name || p.From) continue;
      // Another container may still use it (--volumes-from): then it stays, as with dockerd.
      await this.volumes.remove(p.Name, true).catch(() => {});
    }
  }

  /**
   * Runs `fn` with where the container's volumes and binds are on the host, for `cp`: a
   * running container's binds, volume subpaths and tmpfs mounts bound from its namespace
   * meanwhile (running-mounts.ts), else the sources checked now; its volumes mounted
   * meanwhile (a volume with a filesystem of its own is unmounted while nothing runs). A
   * stopped container has no tmpfs: cp reaches the directory below, as dockerd's.
   */
  async withHostMounts<T>(
    c: VolumedContainer,
    fn: (mounts: { destination: string; host: string; readonly: boolean }[]) => Promise<T>,
  ): Promise<T> {
    const user = `${c.ID}:cp:${randomBytes(4).toString("hex")}`;
    const out: { destination: string; host: string; readonly: boolean }[] = [];
    let staged: StagedMounts | undefined;
    const running = Boolean(c.State?.Running);
    try {
      if (running && c.State) {
        staged = await stageRunningMounts(this.pins.root, c.ID, c.State.Pid, runningPoints(c));
        out.push(...staged.mounts);
      }
      for (const p of c.MountPoints ?? []) {
        let host: string | undefined;
        if (running && (p.Type === "bind" || p.Subpath)) continue;
        if (p.Type === "bind") {
          host = MountPins.where(p.Resolved ?? p.Source);
        } else if (p.Type === "volume" && p.Name) {
          const got = await this.volumes.acquire(p.Name, user);
          // Checked as a bind source is: cp compares real paths with these.
          host = MountPins.where(got.hostPath, p.Subpath);
        }
        if (host) out.push({ destination: p.Destination, host, readonly: !p.RW });
      }
      return await fn(out);
    } finally {
      await staged?.release();
      await this.volumes.release(user);
      await this.volumes.dereference(user);
    }
  }

  /** At berthd's start, for every container: its volumes are in use again. */
  async restored(c: VolumedContainer): Promise<boolean> {
    if (!c.MountPoints) {
      await this.created(c);
      return true;
    }
    for (const p of c.MountPoints) {
      if (p.Type === "volume" && p.Name) await this.volumes.reference(p.Name, c.ID);
    }
    return false;
  }

  /**
   * Once the runtime has made the container, its mount namespace holds every bind: the
   * staging mounts runc was given are dropped (mount-pins.ts says why that is safe).
   */
  async started(c: VolumedContainer): Promise<void> {
    await this.pins.unpinAll(c.ID);
  }

  /**
   * A running container's volumes are mounted again; staging mounts a crash left between
   * the runtime's start and started() are dropped.
   */
  async adopt(c: VolumedContainer): Promise<void> {
    await this.pins.unpinAll(c.ID);
    for (const p of c.MountPoints ?? []) {
      if (p.Type === "volume" && p.Name) await this.volumes.acquire(p.Name, c.ID);
    }
  }
}
