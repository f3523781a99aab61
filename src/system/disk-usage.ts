// `GET /system/df` on the service side. It reads both images and containers, so it sits in
// system/, on the row above container/ and image/. Sizes are what is on disk: layer content
// once per layer, each container's upper dir.

import { statusString } from "../container/container-list.ts";
import type { ContainerRecord } from "../container/container-record.ts";
import { chainsOf, type ImageCatalog } from "../image/image-catalog.ts";
import type { ContainerSummary } from "../types/container.ts";
import type { ImageSummary } from "../types/image.ts";
import type { DiskUsage } from "../types/system.ts";
import type { Volume } from "../types/volume.ts";
import type { BuildCacheRecord } from "./build-cache.ts";

/** What df reads of the containers. */
export interface ContainerUsageSource {
  list(): ContainerRecord[];
  sizes(rec: ContainerRecord): Promise<{ SizeRw: number; SizeRootFs: number }>;
  /** The volumes with their UsageData (size on disk, users), when berthd has volumes. */
  volumes?(): Promise<Volume[]>;
  /** The build cache (records, and the images and layers that are cache only). */
  buildCache?(): Promise<{ records: BuildCacheRecord[]; cacheOnly: Set<string>; cacheChains: Set<string> }>;
}

export async function diskUsage(
  images: ImageCatalog,
  containers: ContainerUsageSource,
  now = Date.now(),
): Promise<DiskUsage> {
  const cache = (await containers.buildCache?.()) ?? {
    records: [],
    cacheOnly: new Set(),
    cacheChains: new Set(),
  };
  // Layers and images that are build cache only are the Build Cache row's, not counted twice.
  const layers = (await images.layers()).filter((l) => !cache.cacheChains.has(l.chainId));
  const layerSize = new Map(layers.map((l) => [l.chainId, l.size]));
  const records = images.list().filter((r) => !cache.cacheOnly.has(r.id));
  const users = new Map<string, number>();
  for (const r of records) for (const c of chainsOf(r)) users.set(c, (users.get(c) ?? 0) + 1);
  const all = containers.list();
  const imageOut: ImageSummary[] = [];
  for (const r of records) {
    const chains = chainsOf(r);
    const size = chains.reduce((s, c) => s + (layerSize.get(c) ?? 0), 0);
    const shared = chains
      .filter((c) => (users.get(c) ?? 0) > 1)
      .reduce((s, c) => s + (layerSize.get(c) ?? 0), 0);
    const cfg = await images.config(r);
    imageOut.push({
      Containers: all.filter((c) => c.Image === r.id).length,
      Created: Math.floor(Date.parse(cfg.created ?? r.storedAt) / 1000),
      Id: r.id,
      Labels: cfg.config?.Labels ?? null,
      ParentId: r.parent ?? "",
      RepoDigests: images.repoDigests(r.id),
      RepoTags: images.repoTags(r.id),
      SharedSize: shared,
      Size: size,
    });
  }
  const containerOut: ContainerSummary[] = [];
  for (const c of all) {
    containerOut.push({
      Id: c.ID,
      Names: [c.Name],
      Image: c.Config.Image,
      ImageID: c.Image,
      Command: [c.Path, ...c.Args].join(" "),
      Created: Math.floor(Date.parse(c.Created) / 1000),
      ...(await containers.sizes(c)),
      Labels: c.Config.Labels ?? {},
      // Unlike ps, df reports a restarting container by its recorded status.
      State: c.State.Paused ? "paused" : c.State.Status,
      Status: statusString(c, now),
      Mounts: [],
    });
  }
  return {
    LayersSize: layers.reduce((s, l) => s + l.size, 0),
    Images: imageOut,
    Containers: containerOut,
    Volumes: (await containers.volumes?.()) ?? [],
    BuildCache: cache.records.map((r) => ({
      ID: r.ID,
      Parent: r.Parent,
      Parents: r.Parents,
      Type: r.Type,
      Description: r.Description,
      InUse: r.InUse,
      Shared: r.Shared,
      Size: r.Size,
      CreatedAt: r.CreatedAt,
      LastUsedAt: r.LastUsedAt,
      UsageCount: r.UsageCount,
    })),
  };
}
