import { InvalidParameterError } from "../../errdefs/errors.ts";
import type { BuildCachePruneReport } from "../../system/build-cache.ts";
import { filtersParam, sendJson, untilParam } from "../http-util.ts";
import type { Router } from "../router.ts";

/** What the build routes need of berthd. */
export interface BuildBackend {
  pruneCache(): BuildCachePruneReport;
}

// moby builder-next Prune's valid filters (cacheFields plus until, unused-for, label, label!).
const BUILD_PRUNE_FILTERS = [
  "until",
  "unused-for",
  "label",
  "label!",
  "id",
  "parent",
  "type",
  "description",
  "inuse",
  "shared",
  "private",
] as const;

export function registerBuildRoutes(router: Router, build: BuildBackend): void {
  router.post("/build/prune", (ctx) => {
    const filters = filtersParam(ctx.query, BUILD_PRUNE_FILTERS);
    const keep = ctx.query.get("keep-storage") || "0";
    if (!/^[+-]?\d+$/.test(keep)) {
      throw new InvalidParameterError(
        `keep-storage is in bytes and expects an integer, got ${keep}: strconv.Atoi: parsing ${JSON.stringify(keep)}: invalid syntax`,
      );
    }
    const until = filters.get("until") ?? [];
    const unusedFor = filters.get("unused-for") ?? [];
    if (until.length && unusedFor.length)
      throw new InvalidParameterError('conflicting filters: "until" and "unused-for"');
    const ages = [...until, ...unusedFor];
    if (ages.length > 1) throw new InvalidParameterError("filters expect only one value");
    if (ages.length === 1) untilParam(ages[0]);
    for (const [key, values] of filters) {
      if (!["until", "unused-for", "label", "label!"].includes(key) && values.length > 1)
        throw new InvalidParameterError("filters expect only one value");
    }
    sendJson(ctx.res, 200, build.pruneCache());
  });
}
