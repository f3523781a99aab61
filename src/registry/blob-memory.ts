import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeJsonAtomic } from "../util/atomic-file.ts";

interface MemoryFile {
  /** Blob digest → repositories (`host/path`) it was pulled from or pushed to. */
  sources: Record<string, string[]>;
  /** Digest of an uncompressed layer blob → the deterministic gzip of it that was pushed. */
  compressed: Record<string, { digest: string; size: number }>;
}

/**
 * What berth remembers about blobs and registries, in `registry/blobs.json`: where a blob
 * came from (for cross-repository mounts) and the gzip digest of each layer it compressed
 * (so a second push does not compress again). Losing it costs speed, never correctness.
 */
export class BlobMemory {
  private readonly file: string;
  private data: MemoryFile = { sources: {}, compressed: {} };
  private loaded = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataRoot: string) {
    this.file = path.join(dataRoot, "registry", "blobs.json");
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    try {
      const d = JSON.parse(await readFile(this.file, "utf8")) as Partial<MemoryFile>;
      this.data = { sources: d.sources ?? {}, compressed: d.compressed ?? {} };
    } catch {
      this.data = { sources: {}, compressed: {} };
    }
    this.loaded = true;
  }

  private update(fn: () => void): Promise<void> {
    const run = this.queue.then(async () => {
      await this.load();
      fn();
      const { mkdir } = await import("node:fs/promises");
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeJsonAtomic(this.file, this.data);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  async sources(digest: string): Promise<string[]> {
    await this.load();
    return this.data.sources[digest] ?? [];
  }

  addSource(digest: string, repo: string): Promise<void> {
    return this.update(() => {
      const list = this.data.sources[digest] ?? [];
      if (!list.includes(repo)) list.push(repo);
      this.data.sources[digest] = list.slice(-8);
    });
  }

  async compressed(digest: string): Promise<{ digest: string; size: number } | undefined> {
    await this.load();
    return this.data.compressed[digest];
  }

  setCompressed(digest: string, gz: { digest: string; size: number }): Promise<void> {
    return this.update(() => {
      this.data.compressed[digest] = gz;
    });
  }
}
