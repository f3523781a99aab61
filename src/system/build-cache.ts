// The build cache's prune (`POST /build/prune`, run by `docker system prune` and `docker
// builder prune`). berth keeps no build cache: there is no builder yet, so the cache is
// always empty and a prune has nothing to remove. What it reports is that, truthfully: no
// cache deleted, nothing reclaimed, and the `builder prune` event dockerd logs on every prune.

import type { EventBus } from "../util/events.ts";

/** `BuildCachePruneReport`: the IDs deleted (null for none, Go's nil slice) and bytes freed. */
export interface BuildCachePruneReport {
  CachesDeleted: string[] | null;
  SpaceReclaimed: number;
}

export function pruneBuildCache(events: Pick<EventBus, "emit">): BuildCachePruneReport {
  events.emit("builder", "prune", "", { reclaimed: "0" });
  return { CachesDeleted: null, SpaceReclaimed: 0 };
}
