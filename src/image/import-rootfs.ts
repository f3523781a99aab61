import type { Readable } from "node:stream";
import type { ImageConfig } from "../oci/oci-types.ts";
import { goArch } from "../oci/platform.ts";
import { applyChanges } from "./config-changes.ts";
import type { ImageService } from "./image-service.ts";
import { familiarString, parseRepositoryTag, referenceString, tagNameOnly } from "./reference.ts";

export interface ImportOptions {
  /** `repo[:tag]` to tag the new image with. */
  repo?: string;
  tag?: string;
  changes?: string[];
  message?: string;
  /** Shown in the history as Docker does: "-" for stdin. */
  source?: string;
  platform?: { os?: string; architecture?: string };
}

/** `docker import`: a rootfs tarball (plain, gzip or zstd) becomes a one-layer image. */
export async function importRootfs(
  images: ImageService,
  input: Readable,
  opts: ImportOptions,
): Promise<string> {
  // Validate everything the caller gave before storing anything.
  const ref = opts.repo ? tagNameOnly(parseRepositoryTag(opts.repo, opts.tag)) : undefined;
  const containerConfig = applyChanges({}, opts.changes ?? []);
  return images.exclusiveAdd(async () => {
    const { layer } = await images.addLayerBlob(input, undefined, undefined);
    const created = new Date().toISOString();
    const config: ImageConfig = {
      architecture: opts.platform?.architecture ?? goArch(),
      os: opts.platform?.os ?? "linux",
      created,
      config: containerConfig,
      rootfs: { type: "layers", diff_ids: [layer.diffId] },
      history: [{ created, comment: opts.message || `Imported from ${opts.source ?? "-"}` }],
      ...(opts.message ? { comment: opts.message } : {}),
    };
    const rec = await images.prepareImage({
      config: Buffer.from(JSON.stringify(config)),
      layers: [{ blob: layer.blob, mediaType: layer.mediaType, size: layer.size }],
    });
    // Record and name together: a crash in between must not leave the import nameless.
    await images.commitImages([{ rec, refs: ref ? [referenceString(ref)] : [] }]);
    images.events.emit("image", "import", rec.id, { name: ref ? familiarString(ref) : rec.id });
    return rec.id;
  });
}
