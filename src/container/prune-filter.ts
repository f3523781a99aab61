// `POST /containers/prune`'s policy: which stopped containers its filters select.

import type { Filters } from "../types/filters.ts";
import type { ContainerRecord } from "./container-record.ts";

/** The filters `POST /containers/prune` accepts. */
export const CONTAINER_PRUNE_FILTERS = ["until", "label", "label!"] as const;

/**
 * The predicate the service's prune applies to each stopped container. `until` is already
 * a time in ms (the route parses Docker's durations and timestamps).
 */
export function containerPruneFilter(
  filters: Filters,
  untilMs: number | undefined,
): (rec: ContainerRecord) => boolean {
  return (c) => {
    if (untilMs !== undefined && Date.parse(c.Created) >= untilMs) return false;
    const l = c.Config.Labels ?? {};
    for (const f of filters.get("label") ?? []) {
      const [k, v] = f.split("=", 2);
      if (v === undefined ? !(k in l) : l[k] !== v) return false;
    }
    for (const f of filters.get("label!") ?? []) {
      const [k, v] = f.split("=", 2);
      if (v === undefined ? k in l : l[k] === v) return false;
    }
    return true;
  };
}
