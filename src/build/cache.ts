// The build cache of Docker's classic builder: a step is a hit when an image exists whose
// parent is the step's parent and that the same instruction made (its text, the build args
// RUN sees, the checksums of what COPY/ADD read). Kept in `<data-root>/build/cache.json`,
// key → entry (image ID, when made, when last used, how often), written atomically, so it
// survives berthd restarts; an entry whose image was removed is a miss. `builder prune`
// (system/build-cache.ts) reads and removes entries.

import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { writeJsonAtomic } from "../util/atomic-file.ts";

export function cacheKey(parent: string | undefined, createdBy: string, config: unknown): string {
  return createHash("sha256")
    .update(`${parent ?? "scratch"}\n${createdBy}\n${JSON.stringify(config)}`)
    .digest("hex");
}

/** One cache entry: the step's image and its use, for `system df` and `builder prune --filter until=`. */
export interface CacheEntry {
  id: string;
  createdAt: string;
  lastUsedAt?: string;
  usageCount: number;
}

export class BuildCache {
  private readonly file: string;
  private entries: Record<string, CacheEntry> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataRoot: string) {
    this.file = path.join(dataRoot, "build", "cache.json");
  }

  private async load(): Promise<Record<string, CacheEntry>> {
    if (!this.entries) {
      let raw: Record<string, string | CacheEntry> = {};
      try {
        raw = JSON.parse(await readFile(this.file, "utf8")) as Record<string, string | CacheEntry>;
      } catch {
        // No cache yet, or a file a crash cut: the cache is only an optimisation.
      }
      // Entries of the first format were bare image IDs.
      const epoch = new Date(0).toISOString();
      this.entries = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [
          k,
          typeof v === "string" ? { id: v, createdAt: epoch, usageCount: 0 } : v,
        ]),
      );
    }
    return this.entries;
  }

  /**
   * The image a previous build made for `key`, if `exists` still says so; counts the use.
   * The use is written behind the build's back: a hit must not wait for an fsync, and a use
   * lost to a crash only makes `until=` prune a little sooner.
   */
  async get(key: string, exists: (id: string) => boolean): Promise<string | undefined> {
    const e = (await this.load())[key];
    if (!e || !exists(e.id)) return undefined;
    e.lastUsedAt = new Date().toISOString();
    e.usageCount++;
    this.persistSoon(exists);
    return e.id;
  }

  private pending = false;

  private persistSoon(exists: (id: string) => boolean): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      // A failed write leaves the previous file: the uses are only statistics.
      this.update(exists, () => {}).catch(() => {});
    });
  }

  /** Records `key` → `id`, dropping entries whose image is gone. */
  set(key: string, id: string, exists: (id: string) => boolean): Promise<void> {
    return this.update(exists, (entries) => {
      entries[key] = { id, createdAt: new Date().toISOString(), usageCount: 0 };
    });
  }

  /** Every entry (a copy). */
  async list(): Promise<Record<string, CacheEntry>> {
    return { ...(await this.load()) };
  }

  /** Removes the given keys. */
  remove(keys: string[], exists: (id: string) => boolean): Promise<void> {
    return this.update(exists, (entries) => {
      for (const k of keys) delete entries[k];
    });
  }

  private update(
    exists: (id: string) => boolean,
    change: (e: Record<string, CacheEntry>) => void,
  ): Promise<void> {
    const run = this.queue.then(async () => {
      const entries = await this.load();
      const next: Record<string, CacheEntry> = {};
      for (const [k, v] of Object.entries(entries)) if (exists(v.id)) next[k] = v;
      change(next);
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await writeJsonAtomic(this.file, next);
      this.entries = next;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
