// A container's volumes and mounts as a resource of the container seam
// (src/container/resources.ts, matched structurally: volume/ sits below container/). At
// create, container/unhonoured-options.ts checks the specs with mount-spec.ts; at start it acquires the volumes, creates a missing `-v` bind source,
// and contributes the OCI mounts; at exit it gives the volumes back, at removal it also
// removes the anonymous ones when asked (`rm -v`, `--rm`); after a restart it re-acquires
// the volumes of running containers.

import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { InvalidParameterError } from "../errdefs/errors.ts";
import type { MountPoint } from "../types/container.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { HostConfig } from "../types/host-config.ts";
import { copyUp } from "./copy-up.ts";
import { type MountPointSpec, mountPointsOf } from "./mount-spec.ts";
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

  constructor(volumes: VolumeService, imageLayers: ImageLayers) {
    this.volumes = volumes;
    this.imageLayers = imageLayers;
  }

  async prepare(c: VolumedContainer): Promise<{ mounts?: SpecMount[] }> {
    const before = new Map((c.MountPoints ?? []).map((m) => [m.Destination, m]));
    const points = mountPointsOf(c.HostConfig, c.Config.Volumes);
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
        const got = await this.volumes.acquire(name, c.ID);
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
      if (p.Type !== "volume" || !p.Name || asked?.Name) continue;
      await this.volumes.remove(p.Name, true).catch(() => {});
    }
  }

  async adopt(c: VolumedContainer): Promise<void> {
    for (const p of c.MountPoints ?? []) {
      if (p.Type === "volume" && p.Name) await this.volumes.acquire(p.Name, c.ID);
    }
  }
}
