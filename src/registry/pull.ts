import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import {
  BerthError,
  ConflictError,
  InvalidParameterError,
  NotFoundError,
  SystemError,
} from "../errdefs/errors.ts";
import type { PartialBlob } from "../image/content-store.ts";
import { checkConfig, checkManifest } from "../image/document-checks.ts";
import type { ImageService } from "../image/image-service.ts";
import type { ImageLayer } from "../image/image-store.ts";
import {
  familiarName,
  familiarString,
  fullName,
  type Reference,
  referenceString,
  tagNameOnly,
  withTag,
} from "../image/reference.ts";
import { type UnpackResult, unpackLayer } from "../layer/unpack.ts";
import { unpackOnWorker } from "../layer/unpack-pool.ts";
import { chainIds, sha256 } from "../oci/digest.ts";
import {
  type Descriptor,
  type ImageConfig,
  type Index,
  isIndexMediaType,
  type Manifest,
} from "../oci/oci-types.ts";
import { hostPlatform, type PlatformSpec, platformString, selectManifest } from "../oci/platform.ts";
import type { RegistryCredentials } from "./auth.ts";
import type { BlobMemory } from "./blob-memory.ts";
import { byteProgress, retryCountdown, type SendProgress, shortDigest } from "./progress.ts";
import {
  RegistryClient as Client,
  type RegistryClient,
  type RegistryConfig,
  readAll,
  registryErrorText,
} from "./registry-client.ts";

export interface PullOptions {
  platform?: PlatformSpec;
  creds?: RegistryCredentials;
  signal?: AbortSignal;
  /** Layers downloaded at once. */
  concurrency?: number;
  /** Set by runPullAllTags, which sends one Status line for the whole repository. */
  skipStatus?: boolean;
}

/** A pull whose manifest is known: what happens before the progress stream starts. */
export interface ResolvedPull {
  ref: Reference;
  client: RegistryClient;
  manifest: Manifest;
  manifestBody: Buffer;
  manifestDigest: string;
}

const MAX_ATTEMPTS = 5;

function parseJson<T>(body: Buffer, what: string): T {
  try {
    return JSON.parse(body.toString("utf8")) as T;
  } catch (err) {
    throw new InvalidParameterError(`Cannot read ${what}: ${(err as Error).message}`);
  }
}

/**
 * Fetches the manifest (following an index to the platform's manifest). Errors here are
 * plain HTTP errors for the client, as Docker's before its progress stream starts.
 */
export async function resolvePull(
  config: RegistryConfig,
  ref: Reference,
  opts: PullOptions,
): Promise<ResolvedPull> {
  const client = new Client(ref.domain, ref.path, opts.creds, config, { mirrors: true });
  const want = opts.platform ?? hostPlatform();
  const reference = ref.digest ?? ref.tag ?? "latest";
  let got: { body: Buffer; mediaType: string };
  try {
    got = await client.getManifest(reference, opts.signal);
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new NotFoundError(`manifest for ${familiarString(ref)} not found: ${err.message}`);
    }
    throw err;
  }
  let digest = sha256(got.body);
  if (ref.digest && digest !== ref.digest) {
    throw new InvalidParameterError(
      `Cannot pull ${familiarString(ref)}: the registry sent a manifest with digest ${digest}`,
    );
  }
  let doc = parseJson<Manifest & Index>(got.body, `the manifest of ${familiarString(ref)}`);
  let body = got.body;
  if (isIndexMediaType(doc.mediaType ?? got.mediaType) || (Array.isArray(doc.manifests) && !doc.layers)) {
    const pick = selectManifest(doc.manifests ?? [], want);
    if (!pick) {
      throw new NotFoundError(
        `no matching manifest for ${platformString(want)} in the manifest list entries`,
      );
    }
    const m = await client.getManifest(pick.digest, opts.signal);
    digest = sha256(m.body);
    if (digest !== pick.digest) {
      throw new InvalidParameterError(
        `Cannot pull ${familiarString(ref)}: manifest ${pick.digest} arrived with digest ${digest}`,
      );
    }
    body = m.body;
    doc = parseJson<Manifest & Index>(m.body, `manifest ${pick.digest}`);
    // The repo digest Docker records is the one the user asked for: the index's.
    digest = ref.digest ?? sha256(got.body);
  }
  if (!doc.config || !Array.isArray(doc.layers)) {
    throw new InvalidParameterError(
      `Cannot pull ${familiarString(ref)}: unsupported manifest type ${doc.mediaType ?? got.mediaType}`,
    );
  }
  // Descriptors are used as paths and sizes below: checked before anything is fetched.
  checkManifest(doc, `manifest ${digest}`, `Cannot pull ${familiarString(ref)}`);
  return { ref, client, manifest: doc, manifestBody: body, manifestDigest: digest };
}

function retryable(err: unknown): boolean {
  if (err instanceof SystemError) return err.cause !== undefined;
  return !(err instanceof BerthError);
}

/**
 * A layer unpacked while it downloads, into a `.tmp-` directory of the layer store (which
 * start-up sweeps and garbage collection ignores), named under the image store's lock.
 */
interface EarlyLayer extends UnpackResult {
  dir: string;
}

/** Where a download's bytes go to be unpacked as they arrive. */
interface LayerSink {
  write(chunk: Buffer): Promise<void>;
  end(): void;
  abort(): Promise<void>;
  readonly result: Promise<UnpackResult>;
}

/** Layers this large are unpacked on a worker thread; smaller ones are not worth the hop. */
const WORKER_UNPACK_MIN = 4 * 1024 * 1024;

function unpackInThread(dir: string, diffId: string, signal: AbortSignal | undefined): LayerSink {
  // Object mode: a byte-mode stream read by an async iterator concatenates (copies) what
  // it has buffered; chunk by chunk, nothing is copied.
  const feed = new PassThrough({ objectMode: true, highWaterMark: 64 });
  const result = unpackLayer(feed, dir, { expectedDiffId: diffId, signal });
  result.catch(() => {});
  return {
    result,
    async write(chunk) {
      if (feed.write(chunk)) return;
      await Promise.race([new Promise((r) => feed.once("drain", r)), result.catch(() => {})]);
    },
    end: () => feed.end(),
    async abort() {
      feed.destroy();
      await result.catch(() => {});
    },
  };
}

/**
 * Feeds a download's bytes to an unpack into a temporary directory, so that decompressing
 * and unpacking overlap the transfer instead of following it. Anything unusual (a resumed
 * download, a failed unpack) abandons it: the layer is then unpacked from the stored blob.
 */
class EarlyUnpack {
  readonly dir: string;
  private sink: LayerSink | undefined;
  private readonly ready: Promise<void>;
  private failed = false;

  constructor(layerRoot: string, desc: Descriptor, diffId: string, signal: AbortSignal | undefined) {
    this.dir = path.join(layerRoot, `.tmp-pull-${randomBytes(8).toString("hex")}`);
    const diff = path.join(this.dir, "diff");
    this.ready = mkdir(diff, { recursive: true, mode: 0o755 }).then(() => {
      const sink =
        desc.size >= WORKER_UNPACK_MIN ? unpackOnWorker(diff, diffId) : unpackInThread(diff, diffId, signal);
      sink.result.catch(() => {
        this.failed = true;
      });
      // Abandoned while the directory was being made: stop the unpack that just started.
      if (this.failed) void sink.abort();
      else this.sink = sink;
    });
    this.ready.catch(() => {
      this.failed = true;
    });
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failed) return;
    if (!this.sink) await this.ready.catch(() => {});
    await this.sink?.write(chunk);
  }

  abandon(): void {
    this.failed = true;
    void this.sink?.abort();
  }

  /** The unpacked layer once the whole blob went in, or undefined (its directory removed). */
  async finish(): Promise<EarlyLayer | undefined> {
    await this.ready.catch(() => {});
    if (!this.failed && this.sink) {
      this.sink.end();
      const r = await this.sink.result.catch(() => undefined);
      if (r) return { dir: this.dir, ...r };
    }
    await this.discard();
    return undefined;
  }

  async discard(): Promise<void> {
    this.failed = true;
    await this.ready.catch(() => {});
    await this.sink?.abort();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Downloads one blob into its resumable partial file, resuming with Range after a cut. With
 * `diffId`, a download that starts from zero is unpacked as it arrives.
 */
async function download(
  client: RegistryClient,
  images: ImageService,
  desc: Descriptor,
  send: SendProgress,
  signal: AbortSignal | undefined,
  diffId?: string,
): Promise<{ part: PartialBlob; early?: EarlyLayer }> {
  const id = shortDigest(desc.digest);
  const part = await images.content.openPartial(desc.digest);
  let early: EarlyUnpack | undefined;
  try {
    if (part.offset > desc.size) await part.reset();
    if (diffId && part.offset === 0) early = new EarlyUnpack(images.layers.root, desc, diffId, signal);
    const report = byteProgress(send, id, "Downloading", desc.size);
    for (let attempt = 1; part.offset < desc.size; attempt++) {
      try {
        const res = await client.getBlob(desc.digest, { offset: part.offset, signal });
        if (res.status === 206) {
          const start = /^bytes (\d+)-/.exec(String(res.headers["content-range"] ?? ""))?.[1];
          if (Number(start) !== part.offset) {
            res.body.resume();
            await part.reset();
            throw new Error("the registry answered a different range");
          }
        } else if (res.status === 200) {
          if (part.offset > 0) await part.reset();
        } else if (res.status === 416) {
          res.body.resume();
          await part.reset();
          continue;
        } else {
          const text = registryErrorText(await readAll(res, 1024 * 1024), res.status);
          throw new SystemError(`Cannot download blob ${desc.digest}: ${text}`);
        }
        // Anything but one whole response from the start loses bytes the unpack needs.
        if (part.offset > 0) early?.abandon();
        for await (const chunk of res.body) {
          await Promise.all([part.append(chunk as Buffer), early?.write(chunk as Buffer)]);
          if (part.offset > desc.size) {
            throw new InvalidParameterError(
              `Cannot pull blob ${desc.digest}: the registry sent more than its size of ${desc.size} bytes`,
            );
          }
          report(part.offset);
        }
        if (part.offset < desc.size) throw new Error("the connection closed before the end of the blob");
      } catch (err) {
        early?.abandon();
        if (signal?.aborted) throw err;
        if (!retryable(err) || attempt >= MAX_ATTEMPTS) {
          throw err instanceof BerthError
            ? err
            : new SystemError(`Cannot download blob ${desc.digest}: ${(err as Error).message}`, {
                cause: err,
              });
        }
        // A dropped connection: resume from what is on disk at once, as Docker's resumable
        // reader does; after a second drop, count down as Docker's retry does (1 s steps).
        await retryCountdown(send, id, attempt - 1, signal);
      }
    }
    send({ status: "Verifying Checksum", progressDetail: {}, id });
    // The blob's fsync and the end of the unpack overlap.
    const [, unpacked] = await Promise.all([part.verify(desc.size), early?.finish()]);
    send({ status: "Download complete", progressDetail: {}, id });
    return { part, early: unpacked };
  } catch (err) {
    await early?.discard();
    await part.close();
    throw err;
  }
}

/** Runs a limited number of tasks at once. */
function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * Downloads what is missing (in parallel, resumable, verified), then, holding the image
 * store's lock, stores the blobs, unpacks the layers in order and records the image.
 * Returns the image ID.
 */
export async function runPull(
  images: ImageService,
  memory: BlobMemory,
  r: ResolvedPull,
  send: SendProgress,
  opts: PullOptions,
): Promise<{ id: string; updated: boolean }> {
  const { ref, client, manifest } = r;
  const signal = opts.signal;
  const name = familiarName(ref);
  send({ status: `Pulling from ${name}`, id: ref.tag ?? ref.digest });
  const configBody = await client.getBlobBuffer(manifest.config.digest, signal);
  if (sha256(configBody) !== manifest.config.digest) {
    throw new InvalidParameterError(
      `Cannot pull ${familiarString(ref)}: config ${manifest.config.digest} arrived with digest ${sha256(configBody)}`,
    );
  }
  const config = checkConfig(
    parseJson<ImageConfig>(configBody, `config ${manifest.config.digest}`),
    `config ${manifest.config.digest}`,
    `Cannot pull ${familiarString(ref)}`,
  );
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) {
    throw new InvalidParameterError(
      `Cannot pull ${familiarString(ref)}: the manifest has ${manifest.layers.length} layers but the config ${diffIds.length}`,
    );
  }
  const chains = chainIds(diffIds);
  // A layer counts as there only with its blob: a record must never name a blob the store
  // lacks (save and push read it). A blob missing under an unpacked layer is downloaded and
  // checked against the DiffID, not unpacked again.
  const unpacked = await Promise.all(chains.map((c) => images.layers.get(c)));
  const present = await Promise.all(
    manifest.layers.map(
      async (desc, i) => unpacked[i] !== undefined && (await images.content.has(desc.digest)),
    ),
  );
  // Blobs already in the content store or already unpacked need no download.
  const downloads = new Map<string, Promise<{ part: PartialBlob; early?: EarlyLayer } | undefined>>();
  const limit = limiter(opts.concurrency ?? 3);
  manifest.layers.forEach((desc, i) => {
    const id = shortDigest(desc.digest);
    if (present[i]) {
      send({ status: "Already exists", progressDetail: {}, id });
      return;
    }
    if (downloads.has(desc.digest)) return;
    send({ status: "Pulling fs layer", progressDetail: {}, id });
    downloads.set(
      desc.digest,
      limit(async () => {
        if (await images.content.has(desc.digest)) {
          send({ status: "Download complete", progressDetail: {}, id });
          return undefined;
        }
        return download(client, images, desc, send, signal, unpacked[i] ? undefined : diffIds[i]);
      }),
    );
  });
  // Every download settles before the first failure is reported: none is left writing.
  const settled = await Promise.allSettled(downloads.values());
  const parts = new Map<string, PartialBlob | undefined>();
  const early = new Map<string, EarlyLayer>();
  [...downloads.keys()].forEach((d, i) => {
    const s = settled[i];
    if (s.status !== "fulfilled") return;
    parts.set(d, s.value?.part);
    if (s.value?.early) early.set(d, s.value.early);
  });
  try {
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return await storePulled(images, memory, r, send, opts, {
      configBody,
      diffIds,
      chains,
      present,
      parts,
      early,
    });
  } finally {
    for (const e of early.values()) await rm(e.dir, { recursive: true, force: true });
    // Verified downloads the pull did not store (it failed) stay for the next try.
    for (const p of parts.values()) await p?.close();
  }
}

/** Under the image store's lock: stores the blobs, names or unpacks the layers, records the image. */
async function storePulled(
  images: ImageService,
  memory: BlobMemory,
  r: ResolvedPull,
  send: SendProgress,
  opts: PullOptions,
  got: {
    configBody: Buffer;
    diffIds: string[];
    chains: string[];
    present: unknown[];
    parts: Map<string, PartialBlob | undefined>;
    early: Map<string, EarlyLayer>;
  },
): Promise<{ id: string; updated: boolean }> {
  const { ref, manifest } = r;
  const signal = opts.signal;
  const { configBody, diffIds, chains, present, parts, early } = got;

  const previous = ref.digest ? undefined : images.store.resolveRef(referenceString(ref));
  const repo = fullName(ref);
  const id = await images.exclusiveAdd(async () => {
    const layers: ImageLayer[] = [];
    for (const [i, desc] of manifest.layers.entries()) {
      const short = shortDigest(desc.digest);
      const part = parts.get(desc.digest);
      if (part) {
        parts.delete(desc.digest);
        await part.commit(desc.size);
      }
      const mediaType = desc.mediaType;
      if (present[i]) {
        // Checked again under the lock: an rmi may have freed it since the pull began.
        if (!(await images.content.has(desc.digest)) || !(await images.layers.get(chains[i]))) {
          throw new ConflictError(
            `Cannot pull ${familiarString(ref)}: layer ${desc.digest} was deleted while the pull ran; pull again`,
          );
        }
        layers.push({ blob: desc.digest, mediaType, size: desc.size, diffId: diffIds[i] });
        continue;
      }
      signal?.throwIfAborted();
      send({ status: "Extracting", progressDetail: { current: desc.size, total: desc.size }, id: short });
      const done = early.get(desc.digest);
      if (done) {
        early.delete(desc.digest);
        await images.layers.create(
          chains[i - 1],
          async (diff) => {
            await rm(diff, { recursive: true, force: true });
            await rename(path.join(done.dir, "diff"), diff);
            return { diffId: done.diffId, size: done.size };
          },
          diffIds[i],
        );
        await rm(done.dir, { recursive: true, force: true });
        layers.push({ blob: desc.digest, mediaType, size: desc.size, diffId: done.diffId });
      } else {
        const { layer } = await images.unpackBlob(desc.digest, desc.size, chains[i - 1], diffIds[i], signal);
        layers.push({ ...layer, mediaType });
      }
      send({ status: "Pull complete", progressDetail: {}, id: short });
    }
    const rec = await images.prepareImage({
      config: configBody,
      layers: layers.map((l) => ({ blob: l.blob, mediaType: l.mediaType, size: l.size })),
      manifest: r.manifestBody,
    });
    // The record, its tag and its digest reference are written as one intent.
    const refs = [...(ref.digest ? [] : [referenceString(tagNameOnly(ref))]), `${repo}@${r.manifestDigest}`];
    await images.commitImages([{ rec, refs }]);
    return rec.id;
  });
  for (const desc of manifest.layers) await memory.addSource(desc.digest, repo).catch(() => {});
  send({ status: `Digest: ${r.manifestDigest}` });
  const updated = previous !== id;
  if (!opts.skipStatus) sendStatus(send, familiarString(ref), updated);
  images.events.emit("image", "pull", familiarString(ref), { name: familiarString(ref) });
  return { id, updated };
}

function sendStatus(send: SendProgress, shown: string, updated: boolean): void {
  send({
    status: updated
      ? `Status: Downloaded newer image for ${shown}`
      : `Status: Image is up to date for ${shown}`,
  });
}

/**
 * The tags `-a` pulls (`GET /v2/<repo>/tags/list`), fetched before the progress stream
 * starts so that a missing repository is a plain HTTP error, as Docker's.
 */
export async function listRepositoryTags(
  config: RegistryConfig,
  ref: Reference,
  opts: PullOptions,
): Promise<string[]> {
  const client = new Client(ref.domain, ref.path, opts.creds, config, { mirrors: true });
  let tags: string[];
  try {
    tags = await client.listTags(opts.signal);
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new NotFoundError(`repository ${familiarName(ref)} not found: ${err.message}`);
    }
    throw err;
  }
  if (tags.length === 0) throw new NotFoundError(`Cannot pull ${familiarName(ref)}: it has no tags`);
  return tags;
}

/**
 * `-a`: pulls every tag in turn, as Docker's pull of a name without a tag, and ends with one
 * Status line for the repository. The first tag that fails stops the pull.
 */
export async function runPullAllTags(
  images: ImageService,
  memory: BlobMemory,
  config: RegistryConfig,
  ref: Reference,
  tags: string[],
  send: SendProgress,
  opts: PullOptions,
): Promise<void> {
  let updated = false;
  for (const tag of tags) {
    const resolved = await resolvePull(config, withTag(ref, tag), opts);
    const r = await runPull(images, memory, resolved, send, { ...opts, skipStatus: true });
    updated ||= r.updated;
  }
  sendStatus(send, familiarName(ref), updated);
}
