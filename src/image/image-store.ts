import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { writeJsonAtomic } from "../daemon/atomic-file.ts";
import { errno } from "../errdefs/errors.ts";
import { digestHex } from "./digest.ts";

export interface ImageLayer {
  /** Digest of the layer blob in the content store (compressed or not, as received). */
  blob: string;
  mediaType: string;
  size: number;
  diffId: string;
}

export interface ImageRecord {
  /** Image ID: the digest of the config blob, as in Docker. */
  id: string;
  /** The manifest (in the content store) that describes this image. */
  manifest: string;
  layers: ImageLayer[];
  /** Local parent image (commit/build), as Docker's `Parent`. */
  parent?: string;
  /** When this engine first stored the image. */
  storedAt: string;
}

interface ReferenceFile {
  /** Canonical reference (`docker.io/library/busybox:latest` or `name@sha256:…`) → image ID. */
  references: Record<string, string>;
}

/**
 * Image records (`images/<hex>.json`) and the reference table (`references.json`),
 * each written atomically. Kept in memory; every mutation persists before it returns.
 */
export class ImageStore {
  readonly root: string;
  private readonly images = new Map<string, ImageRecord>();
  private refs = new Map<string, string>();

  constructor(root: string) {
    this.root = root;
  }

  async init(): Promise<void> {
    await mkdir(path.join(this.root, "images"), { recursive: true, mode: 0o700 });
    for (const name of await readdir(path.join(this.root, "images"))) {
      if (!/^[a-f0-9]{64}\.json$/.test(name)) {
        if (name.startsWith(".tmp-")) await rm(path.join(this.root, "images", name), { force: true });
        continue;
      }
      const rec = JSON.parse(await readFile(path.join(this.root, "images", name), "utf8")) as ImageRecord;
      this.images.set(rec.id, rec);
    }
    try {
      const file = JSON.parse(await readFile(this.refFile(), "utf8")) as ReferenceFile;
      // A reference whose image record never made it to disk is dropped, never dangling.
      this.refs = new Map(Object.entries(file.references).filter(([, id]) => this.images.has(id)));
    } catch (err) {
      if (errno(err) !== "ENOENT") throw err;
    }
  }

  private refFile(): string {
    return path.join(this.root, "references.json");
  }

  private recordFile(id: string): string {
    return path.join(this.root, "images", `${digestHex(id)}.json`);
  }

  get(id: string): ImageRecord | undefined {
    return this.images.get(id);
  }

  list(): ImageRecord[] {
    return [...this.images.values()];
  }

  async put(rec: ImageRecord): Promise<void> {
    await writeJsonAtomic(this.recordFile(rec.id), rec);
    this.images.set(rec.id, rec);
  }

  async delete(id: string): Promise<void> {
    for (const [ref, target] of this.refs) if (target === id) this.refs.delete(ref);
    await this.saveRefs();
    await rm(this.recordFile(id), { force: true });
    this.images.delete(id);
  }

  resolveRef(ref: string): string | undefined {
    return this.refs.get(ref);
  }

  refsOf(id: string): string[] {
    return [...this.refs].filter(([, target]) => target === id).map(([ref]) => ref);
  }

  allRefs(): [string, string][] {
    return [...this.refs];
  }

  /** Points `ref` at `id`; returns the image it pointed at before, if another. */
  async setRef(ref: string, id: string): Promise<string | undefined> {
    const before = this.refs.get(ref);
    if (before === id) return undefined;
    this.refs.set(ref, id);
    await this.saveRefs();
    return before;
  }

  async deleteRef(ref: string): Promise<boolean> {
    if (!this.refs.delete(ref)) return false;
    await this.saveRefs();
    return true;
  }

  private async saveRefs(): Promise<void> {
    const sorted = Object.fromEntries([...this.refs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeJsonAtomic(this.refFile(), { references: sorted } satisfies ReferenceFile);
  }
}
