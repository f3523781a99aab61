import { createHash, type Hash, randomBytes } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { errno, InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { guardStream } from "../layer/stream-guard.ts";
import { assertDigest, digestHex } from "../oci/digest.ts";
import { syncDir } from "../util/atomic-file.ts";

export interface BlobInfo {
  digest: string;
  size: number;
}

export interface WriteOptions {
  /** When given, the content must hash to this digest or nothing is stored. */
  expectedDigest?: string;
  expectedSize?: number;
  signal?: AbortSignal;
}

/** Bytes gathered before one write to an ingest file. */
const WRITE_BATCH = 1024 * 1024;

/**
 * Content-addressed blob store, as containerd's: `blobs/sha256/<hex>` holds only verified
 * content. Writers stream into `ingest/`, then fsync and rename into place, so a crash or
 * a digest mismatch never leaves a blob under its final name.
 */
export class ContentStore {
  readonly root: string;
  private readonly blobDir: string;
  private readonly ingestDir: string;
  private readonly partialDir: string;
  /** Partial downloads open right now (hex digests): a sweep leaves them alone. */
  private readonly openPartials = new Set<string>();

  constructor(root: string) {
    this.root = root;
    this.blobDir = path.join(root, "blobs", "sha256");
    this.ingestDir = path.join(root, "ingest");
    this.partialDir = path.join(root, "partial");
  }

  async init(): Promise<void> {
    await mkdir(this.blobDir, { recursive: true, mode: 0o700 });
    // Leftovers of writes interrupted by a crash are never valid content.
    await rm(this.ingestDir, { recursive: true, force: true });
    await mkdir(this.ingestDir, { recursive: true });
    // Partial downloads survive restarts on purpose: the next pull resumes them. Those a
    // day old are from pulls nobody retried.
    await mkdir(this.partialDir, { recursive: true });
    await this.prunePartials(PARTIAL_MAX_AGE);
  }

  /**
   * Removes the partial downloads not open now and not modified for `olderThanMs` (all of
   * them with 0); returns the bytes freed. `image prune` calls it with 0.
   */
  async prunePartials(olderThanMs = 0): Promise<number> {
    let freed = 0;
    const now = Date.now();
    for (const name of await readdir(this.partialDir)) {
      if (this.openPartials.has(name)) continue;
      const file = path.join(this.partialDir, name);
      const st = await stat(file).catch(() => undefined);
      if (!st || now - st.mtimeMs < olderThanMs) continue;
      await rm(file, { force: true });
      freed += st.size;
    }
    return freed;
  }

  /** PartialBlob's end of life (closed, discarded or committed). */
  releasePartial(digest: string): void {
    this.openPartials.delete(digestHex(digest));
  }

  /**
   * A download of a known digest, kept under `partial/<hex>` across attempts so it can be
   * resumed; it only becomes a blob through `commit`, after its digest and size are checked.
   */
  async openPartial(digest: string): Promise<PartialBlob> {
    const file = path.join(this.partialDir, digestHex(digest));
    const hash = createHash("sha256");
    let offset = 0;
    try {
      for await (const c of createReadStream(file)) {
        hash.update(c as Buffer);
        offset += (c as Buffer).length;
      }
    } catch (err) {
      if (errno(err) !== "ENOENT") throw err;
    }
    const fh = await open(file, "a", 0o644);
    this.openPartials.add(digestHex(digest));
    return new PartialBlob(this, digest, file, fh, hash, offset);
  }

  /** Moves a verified partial file into place (PartialBlob.commit). */
  async adoptVerified(file: string, digest: string): Promise<void> {
    await rename(file, this.blobPath(digest));
    await syncDir(this.blobDir);
  }

  blobPath(digest: string): string {
    return path.join(this.blobDir, digestHex(digest));
  }

  async info(digest: string): Promise<BlobInfo | undefined> {
    try {
      const st = await stat(this.blobPath(digest));
      return { digest, size: st.size };
    } catch (err) {
      if (errno(err) === "ENOENT") return undefined;
      throw err;
    }
  }

  async has(digest: string): Promise<boolean> {
    return (await this.info(digest)) !== undefined;
  }

  async read(digest: string): Promise<Buffer> {
    try {
      return await readFile(this.blobPath(digest));
    } catch (err) {
      if (errno(err) === "ENOENT") throw new NotFoundError(`content ${digest}: not found`);
      throw err;
    }
  }

  async readJson<T>(digest: string): Promise<T> {
    return JSON.parse((await this.read(digest)).toString("utf8")) as T;
  }

  async createReadStream(digest: string, opts: { highWaterMark?: number } = {}): Promise<ReadStream> {
    if (!(await this.has(digest))) throw new NotFoundError(`content ${digest}: not found`);
    return guardStream(createReadStream(this.blobPath(digest), opts));
  }

  async write(data: Uint8Array | string, opts: WriteOptions = {}): Promise<BlobInfo> {
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    return this.writeChunks([buf], opts);
  }

  async writeStream(input: Readable, opts: WriteOptions = {}): Promise<BlobInfo> {
    // Read only once the ingest file is open.
    return this.writeChunks(guardStream(input), opts);
  }

  private async writeChunks(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: WriteOptions) {
    if (opts.expectedDigest) assertDigest(opts.expectedDigest);
    const tmp = path.join(this.ingestDir, randomBytes(8).toString("hex"));
    const hash = createHash("sha256");
    let size = 0;
    const fh = await open(tmp, "wx", 0o644);
    let done = false;
    try {
      // Chunks are gathered into writes of up to WRITE_BATCH: a packed layer comes as a header
      // and a body per file, and one awaited write each is a thread-pool round trip each.
      let batch: Uint8Array[] = [];
      let batched = 0;
      for await (const chunk of chunks) {
        opts.signal?.throwIfAborted();
        hash.update(chunk);
        size += chunk.length;
        batch.push(chunk);
        batched += chunk.length;
        if (batched >= WRITE_BATCH) {
          await fh.writev(batch);
          batch = [];
          batched = 0;
        }
      }
      if (batch.length > 0) await fh.writev(batch);
      const digest = `sha256:${hash.digest("hex")}`;
      if (opts.expectedSize !== undefined && opts.expectedSize !== size) {
        throw new InvalidParameterError(
          `Cannot store blob ${opts.expectedDigest ?? digest}: size ${size} does not match the expected ${opts.expectedSize}`,
        );
      }
      if (opts.expectedDigest && opts.expectedDigest !== digest) {
        throw new InvalidParameterError(
          `Cannot store blob ${opts.expectedDigest}: its content has digest ${digest}`,
        );
      }
      await fh.sync();
      await fh.close();
      done = true;
      await rename(tmp, this.blobPath(digest));
      await syncDir(this.blobDir);
      return { digest, size };
    } finally {
      if (!done) {
        await fh.close().catch(() => {});
        await rm(tmp, { force: true });
      }
    }
  }

  async delete(digest: string): Promise<void> {
    await rm(this.blobPath(digest), { force: true });
  }

  async list(): Promise<string[]> {
    return (await readdir(this.blobDir)).filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => `sha256:${n}`);
  }
}

/** A partial download untouched this long is dropped when the daemon starts. */
const PARTIAL_MAX_AGE = 24 * 60 * 60 * 1000;

/** Bytes written between the background syncs of a partial download. */
const SYNC_EVERY = 16 * 1024 * 1024;

/** Bytes a partial download may hold in memory before `append` waits for the disk. */
const PARTIAL_QUEUE_LIMIT = 8 * 1024 * 1024;

/**
 * A resumable download; see ContentStore.openPartial. Appends are queued and written in
 * batches by one writer: awaiting a write per network chunk would make every 64 KiB of the
 * download wait for a round trip to the thread pool.
 */
export class PartialBlob {
  readonly digest: string;
  /** Bytes received (hashed), written or queued. */
  offset: number;
  private readonly store: ContentStore;
  private readonly file: string;
  private fh: FileHandle;
  private hash: Hash;
  private queue: Buffer[] = [];
  private queued = 0;
  private writing: Promise<void> | undefined;
  private writeError: unknown;
  private unsynced = 0;
  private syncing: Promise<void> | undefined;

  constructor(store: ContentStore, digest: string, file: string, fh: FileHandle, hash: Hash, offset: number) {
    this.store = store;
    this.digest = digest;
    this.file = file;
    this.fh = fh;
    this.hash = hash;
    this.offset = offset;
  }

  async append(chunk: Buffer): Promise<void> {
    if (this.writeError) throw this.writeError;
    this.hash.update(chunk);
    this.offset += chunk.length;
    this.queue.push(chunk);
    this.queued += chunk.length;
    this.writing ??= this.drain();
    if (this.queued >= PARTIAL_QUEUE_LIMIT) await this.flush();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        await this.fh.writev(batch);
        const n = batch.reduce((sum, b) => sum + b.length, 0);
        this.queued -= n;
        this.unsynced += n;
        // Write back as the download goes, on another pool thread, so that the fsync that
        // makes the blob durable at the end has little left to do.
        if (this.unsynced >= SYNC_EVERY && !this.syncing) {
          this.unsynced = 0;
          this.syncing = this.fh.datasync().then(
            () => {
              this.syncing = undefined;
            },
            () => {
              this.syncing = undefined;
            },
          );
        }
      }
    } catch (err) {
      this.writeError = err;
      this.queue = [];
      this.queued = 0;
    } finally {
      this.writing = undefined;
    }
  }

  /** Waits until every appended byte is in the file. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    await this.syncing;
    if (this.writeError) throw this.writeError;
  }

  /** Starts over (the server ignored the Range, or the kept bytes are longer than the blob). */
  async reset(): Promise<void> {
    await this.flush().catch(() => {});
    this.writeError = undefined;
    await this.fh.truncate(0);
    this.hash = createHash("sha256");
    this.offset = 0;
  }

  /** Gives the download up for now: its bytes stay for a later resume. */
  async close(): Promise<void> {
    await this.flush().catch(() => {});
    await this.fh.close().catch(() => {});
    this.store.releasePartial(this.digest);
  }

  async discard(): Promise<void> {
    await this.close();
    await rm(this.file, { force: true });
  }

  private verified = false;

  /**
   * Checks the whole download against its digest and size; on a mismatch the partial file
   * is deleted and the error says what arrived.
   */
  async verify(expectedSize?: number): Promise<void> {
    if (this.verified) return;
    await this.flush();
    const got = `sha256:${this.hash.copy().digest("hex")}`;
    if (expectedSize !== undefined && this.offset !== expectedSize) {
      await this.discard();
      throw new InvalidParameterError(
        `Cannot store blob ${this.digest}: size ${this.offset} does not match the expected ${expectedSize}`,
      );
    }
    if (got !== this.digest) {
      await this.discard();
      throw new InvalidParameterError(`Cannot store blob ${this.digest}: its content has digest ${got}`);
    }
    await this.fh.sync();
    // Still counted open (not swept) until commit renames it or close gives it up.
    await this.fh.close();
    this.verified = true;
  }

  /** Verifies (if not done yet) and renames the download into the blob store. */
  async commit(expectedSize?: number): Promise<BlobInfo> {
    await this.verify(expectedSize);
    await this.store.adoptVerified(this.file, this.digest);
    this.store.releasePartial(this.digest);
    return { digest: this.digest, size: this.offset };
  }
}
