// The build cache's prune (`POST /build/prune`, run by `docker system prune` and `docker
// builder prune`). That route prunes BuildKit's cache; berth's builder is the classic one,
// whose cache is its intermediate images (pruned as images, `image prune`), as with dockerd's
// classic builder. So the report is true: no BuildKit cache deleted, nothing reclaimed, and
// the `builder prune` event dockerd logs on every prune. (`builder prune` of berth's own
// cache index is issue 14's, still open.)

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
