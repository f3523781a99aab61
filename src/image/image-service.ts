import { mkdir, rename, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { ConflictError, errno, InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { verifyLayerDiffId } from "../layer/diff-id.ts";
import { LayerStore } from "../layer/layer-store.ts";
import { packLayerDir } from "../layer/pack.ts";
import { unmountBelow } from "../layer/rootfs.ts";
import { unpackLayer } from "../layer/unpack.ts";
import { chainIdOf, chainIds, isSha256Digest } from "../oci/digest.ts";
import { type ImageConfig, type Manifest, MediaType } from "../oci/oci-types.ts";
import type { EventBus } from "../util/events.ts";
import type { Logger } from "../util/logger.ts";
import { ContentStore, type WriteOptions } from "./content-store.ts";
import { ImageHolds } from "./image-holds.ts";
import { type ImageLayer, type ImageRecord, ImageStore } from "./image-store.ts";
import {
  familiarString,
  fullName,
  parseNormalizedNamed,
  parseRepositoryTag,
  type Reference,
  referenceString,
  tagNameOnly,
} from "./reference.ts";

export interface ResolvedImage {
  record: ImageRecord;
  config: ImageConfig;
}

export interface DeleteResponseItem {
  Untagged?: string;
  Deleted?: string;
}

/** What the image service must know about containers, supplied by the container layer. */
export interface ImageUsers {
  /** Containers using the image, with whether each is running. */
  containersUsing(imageId: string): { id: string; running: boolean }[];
}

export interface NewImage {
  config: Buffer;
  layers: { blob: string; mediaType: string; size: number }[];
  /** The manifest as received; when absent one is made (Docker schema2). */
  manifest?: Buffer;
  parent?: string;
}

/**
 * Images: content store + layer store + records and references, and the operations the
 * API offers on them. Serialises its mutations so that a tag, a delete and a load never
 * interleave half-way.
 */
export class ImageService {
  readonly content: ContentStore;
  readonly layers: LayerStore;
  readonly store: ImageStore;
  readonly tmpDir: string;
  users: ImageUsers = { containersUsing: () => [] };
  /** Images builds in progress hold: removal refuses them, prunes pass them by. */
  readonly holds = new ImageHolds();
  private queue: Promise<unknown> = Promise.resolve();

  readonly events: EventBus;
  readonly log: Logger;

  constructor(dataRoot: string, events: EventBus, log: Logger) {
    this.events = events;
    this.log = log;
    this.content = new ContentStore(path.join(dataRoot, "content"));
    this.layers = new LayerStore(path.join(dataRoot, "layers"));
    this.store = new ImageStore(path.join(dataRoot, "image"));
    this.tmpDir = path.join(dataRoot, "tmp");
  }

  async init(): Promise<void> {
    // Spooled archives of operations a crash interrupted: never valid input again. A build
    // step's layer or source mount there is unmounted first (rm -r must not walk into it).
    await unmountBelow(this.tmpDir);
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    await this.content.init();
    await this.layers.init();
    await this.store.init();
    // Records are written last when an image is added, so a crash mid-add leaves only
    // unreferenced blobs and layers: collect them.
    await this.collectGarbage();
  }

  /** Runs `fn` with the store to itself. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Runs an operation that adds blobs, layers and records under the lock; if it fails,
   * whatever it stored without recording is collected, so nothing half-made stays.
   */
  exclusiveAdd<T>(fn: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      try {
        return await fn();
      } catch (err) {
        await this.collectGarbage().catch((gcErr) =>
          this.log.error("cleanup after a failed add failed", { err: String(gcErr) }),
        );
        throw err;
      }
    });
  }

  // ---- lookup ---------------------------------------------------------------------------

  /** Resolves a name, `name:tag`, `name@digest`, full or short image ID, as Docker does. */
  resolve(nameOrId: string): ImageRecord {
    const rec = this.tryResolve(nameOrId);
    if (!rec) throw new NotFoundError(`No such image: ${this.displayName(nameOrId)}`);
    return rec;
  }

  tryResolve(nameOrId: string): ImageRecord | undefined {
    if (isSha256Digest(nameOrId)) return this.store.get(nameOrId);
    let ref: Reference | undefined;
    try {
      ref = parseNormalizedNamed(nameOrId);
    } catch {
      ref = undefined;
    }
    if (ref) {
      const id = this.store.resolveRef(referenceString(tagNameOnly(ref)));
      if (id) return this.store.get(id);
    }
    const hex = nameOrId.startsWith("sha256:") ? nameOrId.slice(7) : nameOrId;
    if (/^[a-f0-9]{1,64}$/.test(hex) && !ref?.tag && !ref?.digest) {
      const matches = this.store.list().filter((r) => r.id.slice(7).startsWith(hex));
      if (matches.length === 1) return matches[0];
    }
    return undefined;
  }

  private displayName(nameOrId: string): string {
    try {
      const ref = parseNormalizedNamed(nameOrId);
      if (/^[a-f0-9]{12,64}$/.test(nameOrId)) return nameOrId;
      return familiarString(tagNameOnly(ref));
    } catch {
      return nameOrId;
    }
  }

  async config(rec: ImageRecord): Promise<ImageConfig> {
    return this.content.readJson<ImageConfig>(rec.id);
  }

  async get(nameOrId: string): Promise<ResolvedImage> {
    const record = this.resolve(nameOrId);
    return { record, config: await this.config(record) };
  }

  /** Familiar `repo:tag` strings of an image, and its `repo@digest`s. */
  repoTags(id: string): string[] {
    return this.store
      .refsOf(id)
      .filter((r) => !r.includes("@"))
      .map((r) => familiarString(parseNormalizedNamed(r)))
      .sort();
  }

  repoDigests(id: string): string[] {
    return this.store
      .refsOf(id)
      .filter((r) => r.includes("@"))
      .map((r) => familiarString(parseNormalizedNamed(r)))
      .sort();
  }

  /** Bytes of file content of all the image's layers. */
  async size(rec: ImageRecord): Promise<number> {
    let total = 0;
    for (const chainId of chainIds(rec.layers.map((l) => l.diffId))) {
      total += (await this.layers.get(chainId))?.size ?? 0;
    }
    return total;
  }

  layerDirs(rec: ImageRecord): string[] {
    return chainIds(rec.layers.map((l) => l.diffId)).map((c) => this.layers.diffDir(c));
  }

  children(id: string): ImageRecord[] {
    return this.store.list().filter((r) => r.parent === id);
  }

  // ---- adding ---------------------------------------------------------------------------

  /**
   * Stores a layer blob that arrives as a stream, and unpacks it unless the layer exists.
   * The blob is written first (verified), then unpacked from the stored copy.
   */
  async addLayerBlob(
    input: Readable,
    parentChain: string | undefined,
    expectedDiffId: string | undefined,
    opts: WriteOptions = {},
  ): Promise<{ layer: ImageLayer; chainId: string }> {
    const blob = await this.content.writeStream(input, opts);
    return this.unpackBlob(blob.digest, blob.size, parentChain, expectedDiffId, opts.signal);
  }

  /**
   * A layer whose files were written here, in `dir` (a build step's upper dir, on the data
   * root's filesystem): its tar is stored as the blob, and `dir` itself is moved into the
   * layer store rather than that tar unpacked again beside it. The moved files keep
   * overlayfs' own xattrs (the tar leaves them out; overlayfs ignores them in a lower layer,
   * as in containerd's snapshots) and their times' nanoseconds (the tar has seconds).
   */
  async addBuiltLayer(
    dir: string,
    parentChain: string | undefined,
  ): Promise<{ layer: ImageLayer; chainId: string }> {
    const { tar, size, asUnpacked } = await packLayerDir(dir);
    const blob = await this.content.writeStream(tar);
    const unpack = async (diff: string) =>
      unpackLayer(await this.content.createReadStream(blob.digest), diff, { expectedDiffId: blob.digest });
    const info = await this.layers.create(
      parentChain,
      async (diff) => {
        // A file named `.wh.*` is a whiteout in the tar: the layer is what the tar says.
        if (!asUnpacked) return unpack(diff);
        await rmdir(diff);
        try {
          await rename(dir, diff);
        } catch (err) {
          if (errno(err) !== "EXDEV") throw err;
          // A data root whose tmp dir is another filesystem: unpacked, as any layer.
          await mkdir(diff, { mode: 0o755 });
          return unpack(diff);
        }
        return { diffId: blob.digest, size };
      },
      blob.digest,
    );
    return {
      layer: { blob: blob.digest, mediaType: MediaType.dockerLayer, size: blob.size, diffId: info.diffId },
      chainId: info.chainId,
    };
  }

  async unpackBlob(
    blob: string,
    size: number,
    parentChain: string | undefined,
    expectedDiffId: string | undefined,
    signal?: AbortSignal,
  ): Promise<{ layer: ImageLayer; chainId: string }> {
    const head = await this.content.createReadStream(blob);
    const first: Buffer | undefined = await new Promise((resolve, reject) => {
      head.once("readable", () => resolve(head.read(4) ?? undefined));
      head.once("error", reject);
    });
    head.destroy();
    const mediaType =
      first?.[0] === 0x1f && first[1] === 0x8b
        ? MediaType.dockerLayerGzip
        : first?.readUInt32BE(0) === 0x28b52ffd
          ? MediaType.ociLayerZstd
          : MediaType.dockerLayer;
    // A layer already unpacked skips the unpack, not the check that this blob holds it
    // (needless for an uncompressed blob named by the DiffID: its digest was checked).
    if (
      expectedDiffId &&
      blob !== expectedDiffId &&
      (await this.layers.get(chainIdOf(parentChain, expectedDiffId)))
    ) {
      await verifyLayerDiffId(await this.content.createReadStream(blob), expectedDiffId, signal);
    }
    const info = await this.layers.create(
      parentChain,
      async (dir) => unpackLayer(await this.content.createReadStream(blob), dir, { expectedDiffId, signal }),
      expectedDiffId,
    );
    return { layer: { blob, mediaType, size, diffId: info.diffId }, chainId: info.chainId };
  }

  /**
   * Records images and points names at them in one step (see ImageStore.commit), so a load
   * or pull is either wholly visible or, after a crash, finished at the next start.
   * `refs` are canonical reference strings. Emits the tag events.
   */
  async commitImages(entries: { rec: ImageRecord; refs: string[] }[]): Promise<void> {
    const refs: [string, string][] = entries.flatMap(({ rec, refs }) =>
      refs.map((r) => [r, rec.id] as [string, string]),
    );
    await this.store.commit(
      entries.map((e) => e.rec),
      refs,
    );
    for (const [ref, id] of refs) {
      if (!ref.includes("@"))
        this.events.emit("image", "tag", id, { name: familiarString(parseNormalizedNamed(ref)) });
    }
  }

  /**
   * Stores an image's config and manifest blobs and returns its record, not yet recorded:
   * its layer blobs and layers must already be stored.
   */
  async prepareImage(img: NewImage): Promise<ImageRecord> {
    const cfgInfo = await this.content.write(img.config);
    const config = JSON.parse(img.config.toString("utf8")) as ImageConfig;
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== img.layers.length) {
      throw new InvalidParameterError(
        `Cannot add image ${cfgInfo.digest}: its config lists ${diffIds.length} layers but ${img.layers.length} were given`,
      );
    }
    const manifest: Buffer =
      img.manifest ??
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaType.dockerManifest,
          config: { mediaType: MediaType.dockerConfig, size: cfgInfo.size, digest: cfgInfo.digest },
          layers: img.layers.map((l) => ({ mediaType: l.mediaType, size: l.size, digest: l.blob })),
        } satisfies Manifest),
      );
    const manifestInfo = await this.content.write(manifest);
    const existing = this.store.get(cfgInfo.digest);
    const rec: ImageRecord = {
      id: cfgInfo.digest,
      manifest: manifestInfo.digest,
      layers: img.layers.map((l, i) => ({ ...l, diffId: diffIds[i] })),
      ...(img.parent ? { parent: img.parent } : {}),
      storedAt: existing?.storedAt ?? new Date().toISOString(),
    };
    for (const chainId of chainIds(diffIds)) await this.layers.mustGet(chainId);
    return rec;
  }

  // ---- references -----------------------------------------------------------------------

  /** Points `name:tag` at an image; the image it pointed at before loses the tag. */
  async tag(id: string, ref: Reference): Promise<void> {
    const full = referenceString(tagNameOnly(ref));
    await this.store.setRef(full, id);
    this.events.emit("image", "tag", id, { name: familiarString(tagNameOnly(ref)) });
  }

  async tagByName(source: string, repo: string, tag?: string): Promise<void> {
    const rec = this.resolve(source);
    const ref = parseRepositoryTag(repo, tag);
    if (ref.digest) throw new InvalidParameterError("refusing to create a tag with a digest reference");
    await this.exclusive(() => this.tag(rec.id, ref));
  }

  // ---- deleting -------------------------------------------------------------------------

  async remove(
    nameOrId: string,
    opts: { force?: boolean; prune?: boolean } = {},
  ): Promise<DeleteResponseItem[]> {
    return this.exclusive(() => this.removeLocked(nameOrId, opts));
  }

  /** Used by a container or held by a build in progress: removal keeps it, prunes pass it by. */
  inUse(imageId: string): boolean {
    return this.users.containersUsing(imageId).length > 0 || this.holds.has(imageId);
  }

  private async removeLocked(nameOrId: string, opts: { force?: boolean; prune?: boolean }) {
    const rec = this.resolve(nameOrId);
    const out: DeleteResponseItem[] = [];
    const refs = this.store.refsOf(rec.id);
    const users = this.users.containersUsing(rec.id);
    const short = rec.id.slice(7, 19);
    let byRef: string | undefined;
    try {
      const ref = parseNormalizedNamed(nameOrId);
      const full = referenceString(tagNameOnly(ref));
      if (this.store.resolveRef(full) === rec.id) byRef = full;
    } catch {
      byRef = undefined;
    }

    if (byRef) {
      let others = refs.filter((r) => r !== byRef);
      let digestRefs: string[] = [];
      // As Docker: the last tag of a repository takes that repository's digest references with it.
      const removed = parseNormalizedNamed(byRef);
      if (!removed.digest) {
        const repo = fullName(removed);
        const inRepo = others
          .map((r) => ({ r, ref: parseNormalizedNamed(r) }))
          .filter((x) => fullName(x.ref) === repo);
        if (!inRepo.some((x) => !x.ref.digest)) digestRefs = inRepo.map((x) => x.r);
      }
      others = others.filter((r) => !digestRefs.includes(r));
      if (others.length === 0 && users.length > 0 && !opts.force) {
        throw new ConflictError(
          `conflict: unable to remove repository reference "${nameOrId}" (must force) - container ${users[0].id.slice(0, 12)} is using its referenced image ${short}`,
        );
      }
      await this.untag(rec.id, byRef, out);
      for (const r of digestRefs) await this.untag(rec.id, r, out);
      // Docker keeps an image that still has other names, or that a container (or a child image) needs.
      if (others.length > 0 || this.inUse(rec.id) || this.children(rec.id).length > 0) return out;
      await this.deleteImage(rec, out, opts.prune !== false);
      return out;
    }

    // By ID.
    const running = users.find((u) => u.running);
    if (running) {
      throw new ConflictError(
        `conflict: unable to delete ${short} (cannot be forced) - image is being used by running container ${running.id.slice(0, 12)}`,
      );
    }
    if (this.holds.has(rec.id)) {
      throw new ConflictError(
        `conflict: unable to delete ${short} (cannot be forced) - image is being used by a build in progress`,
      );
    }
    if (this.children(rec.id).length > 0) {
      throw new ConflictError(
        `conflict: unable to delete ${short} (cannot be forced) - image has dependent child images`,
      );
    }
    if (users.length > 0 && !opts.force) {
      throw new ConflictError(
        `conflict: unable to delete ${short} (must be forced) - image is being used by stopped container ${users[0].id.slice(0, 12)}`,
      );
    }
    const repos = new Set(refs.map((r) => parseNormalizedNamed(r)).map((r) => `${r.domain}/${r.path}`));
    if (repos.size > 1 && !opts.force) {
      throw new ConflictError(
        `conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories`,
      );
    }
    for (const r of refs) await this.untag(rec.id, r, out);
    // Forced past a stopped container: the names go, the image stays while the container
    // needs its layers (Docker would leave that container unable to start again).
    if (users.length > 0) return out;
    await this.deleteImage(rec, out, opts.prune !== false);
    return out;
  }

  private async untag(id: string, full: string, out: DeleteResponseItem[]): Promise<void> {
    await this.store.deleteRef(full);
    const name = familiarString(parseNormalizedNamed(full));
    out.push({ Untagged: name });
    this.events.emit("image", "untag", id, { name });
  }

  private async deleteImage(rec: ImageRecord, out: DeleteResponseItem[], prune: boolean): Promise<void> {
    const parent = rec.parent;
    await this.store.delete(rec.id);
    out.push({ Deleted: rec.id });
    this.events.emit("image", "delete", rec.id, { name: rec.id });
    for (const chainId of await this.collectGarbage()) out.push({ Deleted: chainId });
    // A parent left without names or children goes too (Docker's "prune parents").
    if (prune && parent) {
      const p = this.store.get(parent);
      if (p && this.store.refsOf(p.id).length === 0 && this.children(p.id).length === 0) {
        if (!this.inUse(p.id)) await this.deleteImage(p, out, prune);
      }
    }
  }

  /** Frees layers and blobs no image record refers to; returns the freed layers' chain IDs. */
  async collectGarbage(): Promise<string[]> {
    const liveChains = new Set<string>();
    const liveBlobs = new Set<string>();
    for (const rec of this.store.list()) {
      for (const c of chainIds(rec.layers.map((l) => l.diffId))) liveChains.add(c);
      liveBlobs.add(rec.id);
      liveBlobs.add(rec.manifest);
      for (const l of rec.layers) liveBlobs.add(l.blob);
    }
    const freed: string[] = [];
    for (const layer of await this.layers.list()) {
      if (liveChains.has(layer.chainId)) continue;
      await this.layers.remove(layer.chainId);
      freed.push(layer.chainId);
    }
    for (const blob of await this.content.list()) {
      if (!liveBlobs.has(blob)) await this.content.delete(blob);
    }
    return freed;
  }
}
