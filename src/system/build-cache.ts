// berth's build cache as `system df`, `builder prune` and `system prune` see it.
//
// What a "build cache record" is in berth: one entry of the classic builder's cache index
// (<data-root>/build/cache.json: a step's key → the image that step made), plus each
// `RUN --mount=type=cache` directory (<data-root>/build/cache-mounts/<id>/). A step's image is
// an image like any other, so to count nothing twice:
// - a record is Shared when its image is part of an image people use (tagged, used by a
//   container, or an ancestor of one); its Size is then 0, since its layers are the images';
// - otherwise its Size is the layer its step added (0 for a config-only step), and that
//   image is hidden from df's Images and its layer left out of LayersSize (as dockerd's df
//   hides intermediate images);
// - prune deletes the images of records that are not shared (children first; never a tagged
//   image or one a container uses) and their index entries; `-a` also drops the entries of
//   shared records (the images stay: they are images, `image prune`'s). Cache-mount dirs are
//   deleted unless a build is running (it may be using them).

import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { BuildCache, CacheEntry } from "../build/cache.ts";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { chainsOf, type ImageCatalog } from "../image/image-catalog.ts";
import type { ImageRecord } from "../image/image-store.ts";
import type { EventBus } from "../util/events.ts";

/** `BuildCachePruneReport`: the IDs deleted (null for none, Go's nil slice) and bytes freed. */
export interface BuildCachePruneReport {
  CachesDeleted: string[] | null;
  SpaceReclaimed: number;
}

/** The API's BuildCache object (v1.44). */
export interface BuildCacheRecord {
  ID: string;
  Parent: string;
  Parents: string[] | null;
  Type: string;
  Description: string;
  InUse: boolean;
  Shared: boolean;
  Size: number;
  CreatedAt: string;
  LastUsedAt: string | null;
  UsageCount: number;
}

export interface BuildCacheDeps {
  images: ImageCatalog;
  cache: BuildCache;
  dataRoot: string;
  /** Builds running now. */
  activeBuilds(): number;
  events?: Pick<EventBus, "emit">;
}

interface Usage {
  records: (BuildCacheRecord & { key?: string; image?: ImageRecord; dir?: string; chain?: string })[];
  /** Images that are only build cache (hidden from df's Images). */
  cacheOnly: Set<string>;
  /** Layers counted as build cache (left out of LayersSize). */
  cacheChains: Set<string>;
}

const cacheMountsDir = (dataRoot: string) => path.join(dataRoot, "build", "cache-mounts");

/** Bytes of the files under `dir` (hand-written: a plain walk, no library is worth it). */
async function duBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await duBytes(p);
    else total += (await stat(p).catch(() => undefined))?.size ?? 0;
  }
  return total;
}

export async function buildCacheUsage(deps: BuildCacheDeps): Promise<Usage> {
  const { images } = deps;
  const all = images.list();
  const byId = new Map(all.map((r) => [r.id, r]));
  // Held: tagged, used by a container or by a build in progress, and every ancestor of such an image.
  const held = new Set<string>();
  for (const r of all) {
    if (images.refs(r.id).length === 0 && !images.inUse(r.id)) continue;
    for (let cur: ImageRecord | undefined = r; cur && !held.has(cur.id); cur = byId.get(cur.parent ?? ""))
      held.add(cur.id);
  }
  const heldChains = new Set([...held].flatMap((id) => chainsOf(byId.get(id)!)));
  const entries = Object.entries(await deps.cache.list()).filter(([, e]) => byId.has(e.id));
  const cacheIds = new Set(entries.map(([, e]) => e.id));
  const usage: Usage = { records: [], cacheOnly: new Set(), cacheChains: new Set() };
  for (const [key, e] of entries) {
    const image = byId.get(e.id)!;
    const parent = image.parent ? byId.get(image.parent) : undefined;
    const chains = chainsOf(image);
    const own = chains.length > (parent?.layers.length ?? 0) ? chains.at(-1) : undefined;
    const shared = held.has(image.id);
    let size = 0;
    if (!shared) {
      usage.cacheOnly.add(image.id);
      if (own && !heldChains.has(own) && !usage.cacheChains.has(own)) {
        usage.cacheChains.add(own);
        size = await images.layerSize(own);
      }
    }
    const cfg = await images.config(image);
    const parentKey = entries.find(([, p]) => p.id === image.parent)?.[0];
    usage.records.push({
      ...record(key, e, size, shared, images.containersUsing(image.id).length > 0),
      Parent: parentKey?.slice(0, 25) ?? "",
      Parents: parentKey ? [parentKey.slice(0, 25)] : null,
      Description: cfg.history?.at(-1)?.created_by ?? "",
      key,
      image,
      ...(own ? { chain: own } : {}),
    });
  }
  // An unshared image that is not itself a record (say, a parent whose entry was dropped) is
  // still an intermediate: Docker's df hides those too, so only records' images are hidden.
  for (const id of usage.cacheOnly) if (!cacheIds.has(id)) usage.cacheOnly.delete(id);
  for (const name of (await readdir(cacheMountsDir(deps.dataRoot)).catch(() => [])).sort()) {
    const dir = path.join(cacheMountsDir(deps.dataRoot), name);
    const st = await stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) continue;
    usage.records.push({
      ID: `cache-mount-${name}`.slice(0, 64),
      Parent: "",
      Parents: null,
      Type: "exec.cachemount",
      Description: `cached mount ${name}`,
      InUse: deps.activeBuilds() > 0,
      Shared: false,
      Size: await duBytes(dir),
      CreatedAt: st.birthtime.toISOString(),
      LastUsedAt: st.mtime.toISOString(),
      UsageCount: 0,
      dir,
    });
  }
  return usage;
}

function record(key: string, e: CacheEntry, size: number, shared: boolean, inUse: boolean): BuildCacheRecord {
  return {
    ID: key.slice(0, 25),
    Parent: "",
    Parents: null,
    Type: "regular",
    Description: "",
    InUse: inUse,
    Shared: shared,
    Size: size,
    CreatedAt: e.createdAt,
    LastUsedAt: e.lastUsedAt ?? null,
    UsageCount: e.usageCount,
  };
}

export interface BuildCachePruneOptions {
  all: boolean;
  /** Unix ms: only records last used (or made) before it. */
  until?: number;
  /** `label=`/`label!=` filters: build cache records carry no labels. */
  labels?: { positive: number; negative: number };
}

export async function pruneBuildCache(
  deps: BuildCacheDeps,
  opts: BuildCachePruneOptions,
): Promise<BuildCachePruneReport> {
  const { images } = deps;
  const usage = await buildCacheUsage(deps);
  // A record has no labels: `label=x` matches none, `label!=x` every one.
  const candidates =
    (opts.labels?.positive ?? 0) > 0
      ? []
      : usage.records.filter((r) => {
          const used = Date.parse(r.LastUsedAt ?? r.CreatedAt);
          return opts.until === undefined || used < opts.until;
        });
  const layersBefore = new Map((await images.layers()).map((l) => [l.chainId, l.size]));
  const deleted: string[] = [];
  const dropKeys: string[] = [];
  let reclaimed = 0;
  // Children first: an ancestor is never deeper than its child.
  const order = candidates
    .filter((r) => r.image && !r.Shared)
    .sort((a, b) => depth(b.image!, images) - depth(a.image!, images));
  for (const r of order) {
    if (!r.image || !images.record(r.image.id)) {
      dropKeys.push(r.key!);
      deleted.push(r.ID);
      continue;
    }
    try {
      await images.remove(r.image.id, { force: false });
    } catch {
      // A child image that is not cache (a tagged build on top): the record stays.
      continue;
    }
    dropKeys.push(r.key!);
    deleted.push(r.ID);
  }
  if (opts.all)
    for (const r of candidates)
      if (r.key && r.Shared) {
        dropKeys.push(r.key);
        deleted.push(r.ID);
      }
  await deps.cache.remove(dropKeys, (id) => images.record(id) !== undefined);
  const layersAfter = new Set((await images.layers()).map((l) => l.chainId));
  for (const [chain, size] of layersBefore) if (!layersAfter.has(chain)) reclaimed += size;
  if (deps.activeBuilds() === 0)
    for (const r of candidates)
      if (r.dir) {
        await rm(r.dir, { recursive: true, force: true });
        deleted.push(r.ID);
        reclaimed += r.Size;
      }
  deps.events?.emit("builder", "prune", "", { reclaimed: String(reclaimed) });
  return { CachesDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed };
}

function depth(rec: ImageRecord, images: ImageCatalog): number {
  let n = 0;
  for (let cur = rec.parent; cur; cur = images.record(cur)?.parent) n++;
  return n;
}

/** `keep-storage` other than 0 asks prune to keep some cache by size, which berth does not do. */
export function checkKeepStorage(keep: string): void {
  if (Number(keep) !== 0)
    throw new InvalidParameterError(
      "builder prune --keep-storage is not supported by berth: it prunes by age (--filter until=) only",
    );
}
