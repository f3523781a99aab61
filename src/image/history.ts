// `GET /images/{name}/history` on the service side: one row per history entry, newest
// first, with the layer sizes and the IDs of the local parent images.

import type { HistoryEntry } from "../oci/oci-types.ts";
import type { HistoryResponseItem } from "../types/image.ts";
import { chainsOf, type ImageCatalog, unixSeconds } from "./image-catalog.ts";

export async function imageHistory(cat: ImageCatalog, name: string): Promise<HistoryResponseItem[]> {
  const rec = cat.resolve(name);
  const config = await cat.config(rec);
  const sizes = await Promise.all(chainsOf(rec).map((c) => cat.layerSize(c)));
  const history: HistoryEntry[] = config.history?.length
    ? config.history
    : rec.layers.map(() => ({ created: config.created, created_by: "" }));
  let layerIdx = 0;
  const rows = history.map(
    (h): HistoryResponseItem => ({
      Comment: h.comment ?? "",
      Created: unixSeconds(h.created),
      CreatedBy: h.created_by ?? "",
      Id: "<missing>",
      Size: h.empty_layer ? 0 : (sizes[layerIdx++] ?? 0),
      Tags: null,
    }),
  );
  rows.reverse();
  if (rows[0]) {
    rows[0].Id = rec.id;
    rows[0].Tags = cat.repoTags(rec.id);
  }
  // Older entries that are local parent images get their IDs, as Docker shows them.
  let parent = rec.parent ? cat.record(rec.parent) : undefined;
  let idx = rows.length - (config.history?.length ?? 0);
  while (parent && idx >= 0) {
    const pcfg = await cat.config(parent);
    const pos = rows.length - (pcfg.history?.length ?? 0);
    if (rows[pos]) {
      rows[pos].Id = parent.id;
      rows[pos].Tags = cat.repoTags(parent.id);
    }
    idx = pos;
    parent = parent.parent ? cat.record(parent.parent) : undefined;
  }
  return rows;
}
