// The build cache of Docker's classic builder: a step is a hit when an image exists whose
// parent is the step's parent and that the same instruction made (its text, the build args
// RUN sees, the checksums of what COPY/ADD read). Kept in `<data-root>/build/cache.json`,
// key → image ID, written atomically, so it survives berthd restarts; an entry whose image
// was removed is a miss.

import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { writeJsonAtomic } from "../util/atomic-file.ts";

export function cacheKey(parent: string | undefined, createdBy: string, config: unknown): string {
  return createHash("sha256")
    .update(`${parent ?? "scratch"}\n${createdBy}\n${JSON.stringify(config)}`)
    .digest("hex");
}

export class BuildCache {
  private readonly file: string;
  private entries: Record<string, string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataRoot: string) {
    this.file = path.join(dataRoot, "build", "cache.json");
  }

  private async load(): Promise<Record<string, string>> {
    if (!this.entries) {
      try {
        this.entries = JSON.parse(await readFile(this.file, "utf8")) as Record<string, string>;
      } catch {
        // No cache yet, or a file a crash cut: the cache is only an optimisation.
        this.entries = {};
      }
    }
    return this.entries;
  }

  /** The image a previous build made for `key`, if `exists` still says so. */
  async get(key: string, exists: (id: string) => boolean): Promise<string | undefined> {
    const id = (await this.load())[key];
    return id && exists(id) ? id : undefined;
  }

  /** Records `key` → `id`, dropping entries whose image is gone. */
  set(key: string, id: string, exists: (id: string) => boolean): Promise<void> {
    const run = this.queue.then(async () => {
      const entries = await this.load();
      const next: Record<string, string> = {};
      for (const [k, v] of Object.entries(entries)) if (exists(v)) next[k] = v;
      next[key] = id;
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await writeJsonAtomic(this.file, next);
      this.entries = next;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
