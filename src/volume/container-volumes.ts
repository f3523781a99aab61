// A container's volumes and mounts as a resource of the container seam
// (src/container/resources.ts, matched structurally: volume/ sits below container/). At
// create, container/unhonoured-options.ts checks the specs with mount-spec.ts; at start it acquires the volumes, creates a missing `-v` bind source,
// and contributes the OCI mounts; at exit it gives the volumes back, at removal it also
// removes the anonymous ones when asked (`rm -v`, `--rm`); after a restart it re-acquires
// the volumes of running containers.

import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { errorMessage, InvalidParameterError } from "../errdefs/errors.ts";
import type { MountPoint } from "../types/container.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { HostConfig } from "../types/host-config.ts";
import { copyUp } from "./copy-up.ts";
import { type MountPointSpec, mountPointsOf, parseVolumesFrom } from "./mount-spec.ts";
import type { VolumeService } from "./volume-service.ts";

/** The part of a container record the volumes read and write. */
export interface VolumedContainer {
  ID: string;
  /** Image ID, whose content a new volume is filled with (copy-up). */
  Image: string;
  Config: Pick<ContainerConfig, "Volumes">;
  HostConfig: HostConfig;
  /** The mount points of the last start (anonymous volumes keep their names across starts). */
  MountPoints?: MountPointSpec[];
  /** Set by removal for `rm -v` and `--rm`: the anonymous volumes go with the container. */
  RemoveVolumes?: boolean;
}

/** The layer dirs of an image, top first (empty when the image is gone). */
export type ImageLayers = (imageId: string) => string[];

/** For `--volumes-from`: the live record of a container (throws NotFound), and how to save it. */
export interface PeerContainers {
  get(ref: string): VolumedContainer;
  save(c: VolumedContainer): Promise<void>;
}

interface SpecMount {
  type: "bind" | "volume" | "tmpfs";
  source: string;
  destination: string;
  readonly: boolean;
  propagation?: string;
  options?: string[];
}

/** Inspect's `Mounts` of a container: its mount points once started, else what create parsed. */
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

  constructor(volumes: VolumeService, imageLayers: ImageLayers, peers: PeerContainers) {
    this.volumes = volumes;
    this.imageLayers = imageLayers;
    this.peers = peers;
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
   * The mount points `--volumes-from` adds: the peer's, with the mode asked for. A peer never
   * started has no volumes yet (Docker makes them at create): they are made now, for it.
   */
  private async inherited(c: VolumedContainer, own: MountPointSpec[]): Promise<MountPointSpec[]> {
    const out: MountPointSpec[] = [];
    const taken = new Set(own.map((m) => m.Destination));
    for (const raw of c.HostConfig.VolumesFrom ?? []) {
      const { container, mode } = parseVolumesFrom(raw);
      const peer = this.peers.get(container);
      if (!peer.MountPoints) {
        const points = mountPointsOf(peer.HostConfig, peer.Config.Volumes);
        for (const p of points) {
          if (p.Type !== "volume") continue;
          const got = await this.volumes.acquire(p.Name || undefined, peer.ID);
          p.Name = got.name;
          p.Source = got.hostPath;
          if (got.created && !p.NoCopy && !p.Subpath) {
            await copyUp(this.imageLayers(peer.Image), p.Destination, got.hostPath);
          }
          await this.volumes.release(peer.ID, got.name);
        }
        peer.MountPoints = points;
        await this.peers.save(peer);
      }
      for (const p of peer.MountPoints) {
        if (p.Type === "tmpfs" || taken.has(p.Destination)) continue;
        taken.add(p.Destination);
        const rw = mode === "" ? p.RW : mode === "rw";
        out.push({ ...p, RW: rw, Mode: mode || p.Mode, From: peer.ID, CreateSource: false });
      }
    }
    return out;
  }

  async prepare(c: VolumedContainer): Promise<{ mounts?: SpecMount[] }> {
    const before = new Map((c.MountPoints ?? []).map((m) => [m.Destination, m]));
    const own = mountPointsOf(c.HostConfig, c.Config.Volumes);
    const points = [...own, ...(await this.inherited(c, own))];
    const mounts: SpecMount[] = [];
    for (const p of points) {
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
      if (p.Type === "bind") {
        // As dockerd's -v: a missing host directory is made (--mount refused it at create).
        if (p.CreateSource) await mkdir(p.Source, { recursive: true });
      } else {
        const name = p.Name || before.get(p.Destination)?.Name || undefined;
        const got = await this.volumes.acquire(name, c.ID, {
          ...(p.Labels ? { Labels: p.Labels } : {}),
          ...(p.DriverOpts ? { DriverOpts: p.DriverOpts } : {}),
        });
        p.Name = got.name;
        p.Source = got.hostPath;
        // As dockerd: only a volume this start made, and not for a subpath or nocopy.
        if (got.created && !p.NoCopy && !p.Subpath) {
          await copyUp(this.imageLayers(c.Image), p.Destination, got.hostPath);
        }
      }
      let source = p.Source;
      if (p.Subpath) {
        source = path.join(p.Source, p.Subpath);
        if (!existsSync(source)) {
          throw new InvalidParameterError(
            `cannot mount volume ${p.Name}: subpath ${p.Subpath} does not exist in the volume`,
          );
        }
      }
      mounts.push({
        type: "bind",
        source,
        destination: p.Destination,
        readonly: !p.RW,
        ...(p.Propagation ? { propagation: p.Propagation } : {}),
      });
    }
    c.MountPoints = points;
    return { mounts };
  }

  async release(c: VolumedContainer, why: "exit" | "remove"): Promise<void> {
    await this.volumes.release(c.ID);
    if (why !== "remove" || !c.RemoveVolumes) return;
    // Only the anonymous ones (no name in the request): named volumes outlive containers.
    const requested = mountPointsOf(c.HostConfig, c.Config.Volumes);
    for (const p of c.MountPoints ?? []) {
      const asked = requested.find((r) => r.Destination === p.Destination);
      if (p.Type !== "volume" || !p.Name || asked?.Name || p.From) continue;
      await this.volumes.remove(p.Name, true).catch(() => {});
    }
  }

  async adopt(c: VolumedContainer): Promise<void> {
    for (const p of c.MountPoints ?? []) {
      if (p.Type === "volume" && p.Name) await this.volumes.acquire(p.Name, c.ID);
    }
  }
}
