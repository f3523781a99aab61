/**
 * `POST /images/create` from a registry: the manifest resolved (pull-resolve.ts), the config
 * and layers downloaded a few at a time (pull-download.ts), then stored under the image
 * store's lock; and `--all-tags`.
 */
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { ConflictError, InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import type { PartialBlob } from "../image/content-store.ts";
import { checkConfig } from "../image/document-checks.ts";
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
import { chainIds, sha256 } from "../oci/digest.ts";
import type { ImageConfig } from "../oci/oci-types.ts";
import type { BlobMemory } from "./blob-memory.ts";
import { type SendProgress, shortDigest } from "./progress.ts";
import { download, type EarlyLayer, limiter } from "./pull-download.ts";
import { type PullOptions, parseJson, type ResolvedPull, resolvePull } from "./pull-resolve.ts";
import { RegistryClient as Client, type RegistryConfig } from "./registry-client.ts";

export type { PullOptions, ResolvedPull } from "./pull-resolve.ts";
export { resolvePull } from "./pull-resolve.ts";

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
