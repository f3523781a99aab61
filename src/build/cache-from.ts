// `--cache-from <image>` as Docker's classic builder applies it (moby daemon/images/cache.go,
// imageCache): a step hits when a cache-from image's history starts with the parent's history
// and rootfs (entry for entry, timestamps included) and its next history entry was made by
// the same instruction (`created_by`). The step's image is then restored from it: the parent's
// layers plus that entry's layer (the cache image's own blob, already stored and unpacked,
// since the image is local), the parent's history plus that entry. Missing images are skipped,
// as dockerd does (it logs them); the build's stream says so.

import type { ImageService } from "../image/image-service.ts";
import type { ImageLayer, ImageRecord } from "../image/image-store.ts";
import type { ImageConfig } from "../oci/oci-types.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { StepBase } from "./step-image.ts";

interface CacheImage {
  record: ImageRecord;
  config: ImageConfig;
}

export class CacheFromImages {
  private readonly images: ImageService;
  private readonly sources: CacheImage[];
  readonly missing: string[];

  private constructor(images: ImageService, sources: CacheImage[], missing: string[]) {
    this.images = images;
    this.sources = sources;
    this.missing = missing;
  }

  static async load(images: ImageService, names: string[]): Promise<CacheFromImages> {
    const sources: CacheImage[] = [];
    const missing: string[] = [];
    for (const name of names) {
      const record = images.tryResolve(name);
      if (!record) missing.push(name);
      else sources.push({ record, config: await images.config(record) });
    }
    return new CacheFromImages(images, sources, missing);
  }

  /** The step's image restored from a cache-from image, or undefined (a miss). */
  async restore(
    parent: StepBase,
    createdBy: string,
    config: ContainerConfig,
  ): Promise<ImageRecord | undefined> {
    const ph = parent.config.history ?? [];
    const pd = parent.config.rootfs?.diff_ids ?? [];
    for (const src of this.sources) {
      const h = src.config.history ?? [];
      const d = src.config.rootfs?.diff_ids ?? [];
      if (h.length <= ph.length || d.length < pd.length) continue;
      if (!ph.every((e, i) => JSON.stringify(e) === JSON.stringify(h[i]))) continue;
      if (!pd.every((x, i) => x === d[i])) continue;
      const entry = h[ph.length];
      if (entry.created_by !== createdBy) continue;
      let layer: ImageLayer | undefined;
      if (!entry.empty_layer) {
        // The entry's layer is the one after as many layers as non-empty entries before it.
        const k = h.slice(0, ph.length).filter((e) => !e.empty_layer).length;
        layer = src.record.layers[k];
        if (!layer) continue;
      }
      return this.images.exclusiveAdd(async () => {
        const layers = [...(parent.record?.layers ?? []), ...(layer ? [layer] : [])];
        const img: ImageConfig = {
          architecture: src.config.architecture,
          ...(src.config.variant ? { variant: src.config.variant } : {}),
          os: src.config.os,
          ...(entry.created ? { created: entry.created } : {}),
          ...(src.config.author ? { author: src.config.author } : {}),
          config,
          rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) },
          history: [...ph, entry],
        };
        const rec = await this.images.prepareImage({
          config: Buffer.from(JSON.stringify(img)),
          layers: layers.map((l) => ({ blob: l.blob, mediaType: l.mediaType, size: l.size })),
          ...(parent.record ? { parent: parent.record.id } : {}),
        });
        await this.images.commitImages([{ rec, refs: [] }]);
        return rec;
      });
    }
    return undefined;
  }
}
