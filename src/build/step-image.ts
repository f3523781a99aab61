// Each build step becomes an image, as in Docker's classic builder (" ---> <id>"): the parent's
// layers plus, for RUN/COPY/ADD, the step's layer (a container's upper dir through the
// deterministic layer writer, or a tar made from the context), and one more history entry.
// Recorded untagged, with the parent as `Parent`, so the cache and `docker history` find it.

import type { Readable } from "node:stream";
import type { ImageService } from "../image/image-service.ts";
import type { ImageRecord } from "../image/image-store.ts";
import { chainIds } from "../oci/digest.ts";
import type { ImageConfig } from "../oci/oci-types.ts";
import { hostPlatform } from "../oci/platform.ts";
import type { ContainerConfig } from "../types/container-config.ts";

/** The image a stage starts from: a stored image, or `scratch` (none). */
export interface StepBase {
  record?: ImageRecord;
  config: ImageConfig;
}

export function scratchConfig(): ImageConfig {
  const p = hostPlatform();
  return {
    architecture: p.architecture,
    ...(p.variant ? { variant: p.variant } : {}),
    os: p.os,
    config: {},
    rootfs: { type: "layers", diff_ids: [] },
    history: [],
  };
}

export interface StepResult {
  id: string;
  record: ImageRecord;
  config: ImageConfig;
}

export async function commitStep(
  images: ImageService,
  base: StepBase,
  step: {
    config: ContainerConfig;
    createdBy: string;
    author?: string;
    /** The step's layer as a tar (a RUN's upper dir, a tar made from the context). */
    layer?: () => Promise<Readable>;
    /** Or its files laid out in a directory that becomes the layer (ImageService.addBuiltLayer). */
    layerDir?: string;
  },
): Promise<StepResult> {
  return images.exclusiveAdd(async () => {
    const parentLayers = base.record?.layers ?? [];
    const diffIds = parentLayers.map((l) => l.diffId);
    const layers = parentLayers.map((l) => ({ blob: l.blob, mediaType: l.mediaType, size: l.size }));
    const parentChain = chainIds(diffIds).at(-1);
    const added = step.layerDir
      ? await images.addBuiltLayer(step.layerDir, parentChain)
      : step.layer
        ? await images.addLayerBlob(await step.layer(), parentChain, undefined)
        : undefined;
    if (added) {
      const { layer } = added;
      diffIds.push(layer.diffId);
      layers.push({ blob: layer.blob, mediaType: layer.mediaType, size: layer.size });
    }
    const created = new Date().toISOString();
    const author = step.author ?? base.config.author;
    const config: ImageConfig = {
      architecture: base.config.architecture,
      ...(base.config.variant ? { variant: base.config.variant } : {}),
      os: base.config.os,
      created,
      ...(author ? { author } : {}),
      config: step.config,
      rootfs: { type: "layers", diff_ids: diffIds },
      history: [
        ...(base.config.history ?? []),
        {
          created,
          created_by: step.createdBy,
          ...(added ? {} : { empty_layer: true }),
        },
      ],
    };
    const record = await images.prepareImage({
      config: Buffer.from(JSON.stringify(config)),
      layers,
      ...(base.record ? { parent: base.record.id } : {}),
    });
    await images.commitImages([{ rec: record, refs: [] }]);
    return { id: record.id, record, config };
  });
}
