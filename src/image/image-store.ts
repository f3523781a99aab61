import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { errno } from "../errdefs/errors.ts";
import { digestHex } from "../oci/digest.ts";
import { writeJsonAtomic } from "../util/atomic-file.ts";

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
 * What an add is about to write, written first (`pending.json`): the records and references
 * of a load or pull become visible together, and a restart after a kill in between finishes
 * the add instead of leaving a record without its names.
 */
interface PendingAdd {
  records: ImageRecord[];
  references: Record<string, string>;
}

/**
 * Image records (`images/<hex>.json`) and the reference table (`references.json`),
 * each written atomically. Kept in memory; every mutation persists before the memory
 * changes, so a failed write (a full disk) leaves both as they were.
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
    for (const name of await readdir(this.root)) {
      if (name.startsWith(".tmp-")) await rm(path.join(this.root, name), { force: true });
    }
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
    await this.finishPending();
  }

  /** The records a pending add was writing; their blobs and layers were stored before it. */
  private async finishPending(): Promise<void> {
    let pending: PendingAdd;
    try {
      pending = JSON.parse(await readFile(this.pendingFile(), "utf8")) as PendingAdd;
    } catch (err) {
      // A torn pending file cannot exist (written atomically); absent is the normal case.
      if (errno(err) === "ENOENT") return;
      throw err;
    }
    await this.apply(pending);
    await rm(this.pendingFile(), { force: true });
  }

  private refFile(): string {
    return path.join(this.root, "references.json");
  }

  private pendingFile(): string {
    return path.join(this.root, "pending.json");
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

  /**
   * Records images and points references at them as one step: the intent is written
   * first, so a crash part-way is finished at the next start.
   */
  async commit(records: ImageRecord[], references: [string, string][]): Promise<void> {
    // One record and no names (each step of a build): its own temp + rename write is already
    // all or nothing, so the intent would only add two fsynced writes and a removal.
    if (records.length === 1 && references.length === 0) return this.put(records[0]);
    const pending: PendingAdd = { records, references: Object.fromEntries(references) };
    await writeJsonAtomic(this.pendingFile(), pending);
    const previous = records.map((r) => [r.id, this.images.get(r.id)] as const);
    try {
      await this.apply(pending);
    } catch (err) {
      // Undone rather than left for the next start to finish: the caller reports a failure,
      // and removals still work on the full disk that most likely failed the write.
      for (const [id, old] of previous) {
        if (old) await this.put(old).catch(() => {});
        else {
          await rm(this.recordFile(id), { force: true }).catch(() => {});
          this.images.delete(id);
        }
      }
      await rm(this.pendingFile(), { force: true }).catch(() => {});
      throw err;
    }
    await rm(this.pendingFile(), { force: true });
  }

  private async apply(pending: PendingAdd): Promise<void> {
    for (const rec of pending.records) await this.put(rec);
    const refs = new Map(this.refs);
    for (const [ref, id] of Object.entries(pending.references)) refs.set(ref, id);
    if (Object.keys(pending.references).length > 0) await this.saveRefs(refs);
  }

  async delete(id: string): Promise<void> {
    const refs = new Map([...this.refs].filter(([, target]) => target !== id));
    if (refs.size !== this.refs.size) await this.saveRefs(refs);
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
    await this.saveRefs(new Map(this.refs).set(ref, id));
    return before;
  }

  async deleteRef(ref: string): Promise<boolean> {
    if (!this.refs.has(ref)) return false;
    const refs = new Map(this.refs);
    refs.delete(ref);
    await this.saveRefs(refs);
    return true;
  }

  /** Writes `refs` and only then makes them the table in memory. */
  private async saveRefs(refs: Map<string, string>): Promise<void> {
    const sorted = Object.fromEntries([...refs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeJsonAtomic(this.refFile(), { references: sorted } satisfies ReferenceFile);
    this.refs = refs;
  }
}
