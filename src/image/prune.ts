// `POST /images/prune`'s policy: which images go (dangling only unless dangling=false,
// none in use by a container or parent of another, until/label filters), and what it frees.

import type { Filters } from "../types/filters.ts";
import type { ImageDeleteResponseItem, ImagePruneResponse } from "../types/image.ts";
import type { ImageCatalog } from "./image-catalog.ts";

/** The filters `POST /images/prune` accepts. */
export const IMAGE_PRUNE_FILTERS = ["dangling", "label", "label!", "until"] as const;

/** Prunes; `untilMs` is already a time in ms (the route parses Docker's durations). */
export async function pruneImages(
  cat: ImageCatalog,
  filters: Filters,
  untilMs: number | undefined,
): Promise<ImagePruneResponse> {
  const danglingOnly = (filters.get("dangling")?.[0] ?? "true") !== "false";
  const labels = filters.get("label");
  const notLabels = filters.get("label!");
  const deleted: ImageDeleteResponseItem[] = [];
  let reclaimed = 0;
  for (const rec of cat.list()) {
    // An earlier removal in this loop may have taken it (an untagged parent).
    if (!cat.record(rec.id)) continue;
    if (danglingOnly && cat.refs(rec.id).length > 0) continue;
    if (cat.inUse(rec.id)) continue;
    if (cat.children(rec.id).length > 0) continue;
    const cfg = await cat.config(rec);
    if (untilMs !== undefined && Date.parse(cfg.created ?? "") >= untilMs) continue;
    if (labels) {
      const l = cfg.config?.Labels ?? {};
      const ok = labels.every((f) => {
        const neg = f.startsWith("label!=");
        const [k, v] = f.replace(/^label!?=/, "").split("=", 2);
        const has = v === undefined ? k in l : l[k] === v;
        return neg ? !has : has;
      });
      if (!ok) continue;
    }
    // moby's matchLabels: `label!=` keeps an image that has every label it names.
    if (notLabels) {
      const l = cfg.config?.Labels ?? {};
      const all = notLabels.every((f) => {
        const [k, v] = f.split("=", 2);
        return v === undefined ? k in l : l[k] === v;
      });
      if (all) continue;
    }
    const size = await cat.size(rec);
    const items = await cat.remove(rec.id, { force: true });
    deleted.push(...items);
    reclaimed += size;
  }
  // Downloads of pulls that failed and were never retried.
  reclaimed += await cat.prunePartials();
  return { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed };
}
