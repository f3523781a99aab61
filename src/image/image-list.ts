// `GET /images/json` (docker images) on the service side: the filters and the summary view.

import { InvalidParameterError } from "../errdefs/errors.ts";
import type { ImageConfig } from "../oci/oci-types.ts";
import type { Filters } from "../types/filters.ts";
import type { ImageSummary } from "../types/image.ts";
import type { ImageCatalog } from "./image-catalog.ts";
import { unixSeconds } from "./image-catalog.ts";
import type { ImageRecord } from "./image-store.ts";

/** The filters `GET /images/json` accepts. */
export const IMAGE_LIST_FILTERS = ["dangling", "label", "before", "since", "reference", "until"] as const;

export interface ImageListOptions {
  /** Show intermediate images (untagged parents) too, as `docker images -a`. */
  all: boolean;
  filters: Filters;
  /** The `until` filter, already a time in ms (the route parses Docker's timestamps and durations). */
  untilMs?: number;
}

/** Docker's `reference=` filter: a shell-style pattern on the familiar name, with or without the tag. */
export function matchReference(pattern: string, refs: string[]): boolean {
  const re = new RegExp(
    `^${pattern
      .split("")
      .map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("")}$`,
  );
  return refs.some((r) => {
    const name = r.replace(/[:@][^/]*$/, "");
    return re.test(r) || re.test(name);
  });
}

/** One row of `docker images`. */
export async function imageSummary(
  cat: ImageCatalog,
  rec: ImageRecord,
  config: ImageConfig,
): Promise<ImageSummary> {
  return {
    Containers: -1,
    Created: unixSeconds(config.created),
    Id: rec.id,
    Labels: config.config?.Labels ?? null,
    ParentId: rec.parent ?? "",
    RepoDigests: cat.repoDigests(rec.id),
    RepoTags: cat.repoTags(rec.id),
    SharedSize: -1,
    Size: await cat.size(rec),
  };
}

/** `GET /images/json`: the images `opts` selects, newest first. */
export async function listImages(cat: ImageCatalog, opts: ImageListOptions): Promise<ImageSummary[]> {
  const { filters } = opts;
  const dangling = filters.get("dangling");
  if (dangling?.some((d) => !["true", "false", "1", "0"].includes(d))) {
    throw new InvalidParameterError(`invalid filter 'dangling=${dangling[0]}'`);
  }
  const before = filters.get("before")?.map((n) => cat.resolve(n));
  const since = filters.get("since")?.map((n) => cat.resolve(n));
  const out: ImageSummary[] = [];
  const records = cat.list();
  const configs = new Map<string, ImageConfig>();
  for (const rec of records) configs.set(rec.id, await cat.config(rec));
  const created = (r: ImageRecord) => configs.get(r.id)?.created ?? "";
  for (const rec of records) {
    const tags = cat.repoTags(rec.id);
    const isDangling = tags.length === 0 && cat.repoDigests(rec.id).length === 0;
    // Intermediate images (untagged parents) are hidden unless -a, as in Docker.
    if (!opts.all && isDangling && cat.children(rec.id).length > 0) continue;
    if (dangling && (dangling[0] === "true" || dangling[0] === "1") !== isDangling) continue;
    if (before && !before.every((b) => created(rec) < created(b))) continue;
    if (since && !since.every((b) => created(b) < created(rec))) continue;
    if (opts.untilMs !== undefined && !(Date.parse(created(rec)) < opts.untilMs)) continue;
    const refs = filters.get("reference");
    if (refs && !refs.some((p) => matchReference(p, [...tags, ...cat.repoDigests(rec.id)]))) continue;
    const labels = filters.get("label");
    const cfgLabels = configs.get(rec.id)?.config?.Labels ?? {};
    if (
      labels &&
      !labels.every((l) => {
        const [k, v] = l.split("=", 2);
        return v === undefined ? k in cfgLabels : cfgLabels[k] === v;
      })
    )
      continue;
    out.push(await imageSummary(cat, rec, configs.get(rec.id)!));
  }
  out.sort((a, b) => b.Created - a.Created);
  return out;
}
