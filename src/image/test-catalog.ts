// An in-memory ImageCatalog for unit tests of the image read views (no store, no root).

import { NotFoundError } from "../errdefs/errors.ts";
import { chainIds } from "../oci/digest.ts";
import type { ImageConfig } from "../oci/oci-types.ts";
import type { ImageCatalog } from "./image-catalog.ts";
import type { ImageRecord } from "./image-store.ts";

export interface FakeImage {
  id: string;
  /** Familiar references: `name:tag` or `name@sha256:…`. */
  refs?: string[];
  parent?: string;
  /** diff IDs, lowest first. */
  diffIds?: string[];
  config?: Partial<ImageConfig>;
  usedBy?: string[];
  /** Held by a build in progress (ImageService.holds). */
  heldByBuild?: boolean;
}

export function fakeCatalog(
  images: FakeImage[],
  layerSizes: Record<string, number> = {},
): ImageCatalog & { removed: string[] } {
  const recs = new Map<string, ImageRecord>();
  const byId = new Map(images.map((i) => [i.id, i]));
  for (const i of images) {
    recs.set(i.id, {
      id: i.id,
      manifest: `sha256:m-${i.id}`,
      layers: (i.diffIds ?? []).map((d) => ({ diffId: d }) as ImageRecord["layers"][number]),
      ...(i.parent ? { parent: i.parent } : {}),
      storedAt: "2026-01-01T00:00:00Z",
    });
  }
  const refs = (id: string) => (recs.has(id) ? (byId.get(id)?.refs ?? []) : []);
  const removed: string[] = [];
  const cat: ImageCatalog & { removed: string[] } = {
    removed,
    list: () => [...recs.values()],
    record: (id) => recs.get(id),
    resolve: (name) => {
      const hit = [...recs.values()].find(
        (r) => r.id === name || refs(r.id).some((x) => x === name || x === `${name}:latest`),
      );
      if (!hit) throw new NotFoundError(`No such image: ${name}`);
      return hit;
    },
    config: async (rec) =>
      ({
        architecture: "amd64",
        os: "linux",
        rootfs: { type: "layers", diff_ids: rec.layers.map((l) => l.diffId) },
        ...byId.get(rec.id)?.config,
      }) as ImageConfig,
    size: async (rec) =>
      chainIds(rec.layers.map((l) => l.diffId)).reduce((s, c) => s + (layerSizes[c] ?? 0), 0),
    refs,
    repoTags: (id) => refs(id).filter((r) => !r.includes("@")),
    repoDigests: (id) => refs(id).filter((r) => r.includes("@")),
    children: (id) => [...recs.values()].filter((r) => r.parent === id),
    layerDirs: (rec) => chainIds(rec.layers.map((l) => l.diffId)).map((c) => `/layers/${c.slice(7, 11)}`),
    layerSize: async (c) => layerSizes[c] ?? 0,
    layers: async () => Object.entries(layerSizes).map(([chainId, size]) => ({ chainId, size })),
    containersUsing: (id) => (byId.get(id)?.usedBy ?? []).map((c) => ({ id: c, running: false })),
    inUse: (id) => (byId.get(id)?.usedBy?.length ?? 0) > 0 || byId.get(id)?.heldByBuild === true,
    remove: async (id) => {
      recs.delete(id);
      removed.push(id);
      return [{ Deleted: id }];
    },
    prunePartials: async () => 5,
  };
  return cat;
}

/** The chain ID of the layers `diffIds` (lowest first) make. */
export function chainOf(...diffIds: string[]): string {
  return chainIds(diffIds).at(-1)!;
}
