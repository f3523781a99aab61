import { createHash } from "node:crypto";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { InvalidParameterError, NotFoundError, SystemError, UnauthorizedError } from "../errdefs/errors.ts";
import type { ImageService } from "../image/image-service.ts";
import type { ImageLayer, ImageRecord } from "../image/image-store.ts";
import { familiarName, fullName, type Reference, referenceString, withTag } from "../image/reference.ts";
import { fixedBlocks, gzipBlocks } from "../layer/gzip-blocks.ts";
import { sha256 } from "../oci/digest.ts";
import { type Manifest, MediaType } from "../oci/oci-types.ts";
import {
  normalizePlatform,
  type PlatformSpec,
  parsePlatform,
  platformString,
  selectManifest,
} from "../oci/platform.ts";
import type { RegistryCredentials } from "./auth.ts";
import type { BlobMemory } from "./blob-memory.ts";
import { byteProgress, retryCountdown, type SendProgress, shortDigest } from "./progress.ts";
import { RegistryClient, type RegistryConfig, readAll, registryErrorText } from "./registry-client.ts";

export interface PushOptions {
  creds?: RegistryCredentials;
  signal?: AbortSignal;
}

const uncompressed = new Set<string>([MediaType.dockerLayer, MediaType.ociLayer]);

/** The tags a push sends: the one asked for, or every tag of the repository (`-a`). */
export function pushTags(images: ImageService, ref: Reference): { tag: string; rec: ImageRecord }[] {
  if (ref.tag) return [{ tag: ref.tag, rec: images.resolve(referenceString(ref)) }];
  const repo = fullName(ref);
  const out = images.store
    .allRefs()
    .filter(([r]) => r.startsWith(`${repo}:`) && !r.includes("@"))
    .map(([r, id]) => ({ tag: r.slice(repo.length + 1), rec: images.store.get(id)! }))
    .filter((x) => x.rec);
  if (out.length === 0)
    throw new NotFoundError(`An image does not exist locally with the tag: ${familiarName(ref)}`);
  return out;
}

/**
 * `push --platform` (API 1.46's OCI platform JSON, or `os/arch[/variant]`). berth keeps one
 * platform per image, so this only checks that each image pushed is of that platform, and
 * refuses as moby's image store does when it is not.
 */
export async function checkPushPlatform(
  images: ImageService,
  ref: Reference,
  param: string,
): Promise<PlatformSpec> {
  let want: PlatformSpec;
  if (param.trim().startsWith("{")) {
    let p: Partial<PlatformSpec>;
    try {
      p = JSON.parse(param) as Partial<PlatformSpec>;
    } catch (err) {
      throw new InvalidParameterError(`Cannot parse the platform ${param}: ${(err as Error).message}`);
    }
    if (typeof p.os !== "string" || typeof p.architecture !== "string" || !p.os || !p.architecture) {
      throw new InvalidParameterError(`Cannot parse the platform ${param}: give os and architecture`);
    }
    want = normalizePlatform({
      os: p.os,
      architecture: p.architecture,
      variant: typeof p.variant === "string" ? p.variant : undefined,
    });
  } else want = parsePlatform(param);
  for (const { tag, rec } of pushTags(images, ref)) {
    const config = await images.config(rec);
    // An image whose config names no platform cannot be told apart: it is pushed as it is.
    if (!config.os || !config.architecture) continue;
    const have = { os: config.os, architecture: config.architecture, variant: config.variant };
    if (!selectManifest([{ mediaType: "", digest: rec.id, size: 0, platform: have }], want)) {
      throw new NotFoundError(
        `image with reference ${familiarName(ref)}:${tag} was found but its platform (${platformString(normalizePlatform(have))}) does not match the specified platform (${platformString(want)})`,
      );
    }
  }
  return want;
}

type Response = Awaited<ReturnType<RegistryClient["request"]>>;

function uploadUrl(res: Response, what: string): URL {
  const loc = res.headers.location;
  if (!loc) throw new SystemError(`Cannot ${what}: the registry gave no upload location`);
  return new URL(loc, res.url);
}

function withDigestParam(url: URL, digest: string): URL {
  const u = new URL(url);
  u.searchParams.set("digest", digest);
  return u;
}

/** A failure a fresh upload session may get past: a cut connection, a 5xx, a 416. */
class UploadInterruptedError extends SystemError {}

/** Network failures of `request` (the client wraps them with their cause) become retryable. */
function interrupted(err: unknown, sourceFailed: boolean): unknown {
  if (sourceFailed || !(err instanceof SystemError) || err instanceof UploadInterruptedError) return err;
  if (err.cause === undefined) return err;
  return new UploadInterruptedError(err.message, { cause: err.cause });
}

/** A request of an upload session, its network failures retryable. */
async function uploadRequest(
  client: RegistryClient,
  method: string,
  target: string | URL,
  opts: Parameters<RegistryClient["request"]>[2],
): Promise<Response> {
  try {
    return await client.request(method, target, opts);
  } catch (err) {
    throw interrupted(err, false);
  }
}

async function startUpload(
  client: RegistryClient,
  scopes: string[],
  signal?: AbortSignal,
): Promise<Response> {
  const post = await uploadRequest(client, "POST", `v2/${client.repo}/blobs/uploads/`, {
    headers: { "Content-Length": "0" },
    scopes,
    signal,
  });
  await expectStatus(post, [202], "start a blob upload");
  return post;
}

/** Throws unless `res` has one of the `ok` statuses; a 5xx or 416 (an upload session that lost its place) is worth a new session. */
async function expectStatus(res: Response, ok: number[], what: string) {
  if (ok.includes(res.status)) {
    res.body.resume();
    return;
  }
  const text = registryErrorText(await readAll(res, 1024 * 1024), res.status);
  const E = res.status >= 500 || res.status === 416 ? UploadInterruptedError : SystemError;
  throw new E(`Cannot ${what}: ${text}`);
}

async function finishUpload(
  client: RegistryClient,
  last: Response,
  digest: string,
  scopes: string[],
  signal?: AbortSignal,
) {
  const put = await uploadRequest(
    client,
    "PUT",
    withDigestParam(uploadUrl(last, "finish a blob upload"), digest),
    {
      headers: { "Content-Length": "0" },
      scopes,
      signal,
    },
  );
  await expectStatus(put, [201], `finish the upload of ${digest}`);
}

/** Uploads a blob of known digest in one PUT after the POST (configs, small blobs). */
async function uploadBuffer(client: RegistryClient, data: Buffer, digest: string, signal?: AbortSignal) {
  const scopes = [client.scope("pull,push")];
  const post = await startUpload(client, scopes, signal);
  const put = await uploadRequest(
    client,
    "PUT",
    withDigestParam(uploadUrl(post, `upload ${digest}`), digest),
    {
      headers: { "Content-Type": "application/octet-stream", "Content-Length": String(data.length) },
      body: data,
      scopes,
      signal,
    },
  );
  await expectStatus(put, [201], `upload ${digest}`);
}

/** The smallest chunk berth sends, so that a registry asking for tiny chunks gets no flood of requests. */
const CHUNK_FLOOR = 1024 * 1024;

/** The registry's `OCI-Chunk-Min-Length`, when it gave a usable one. */
function chunkMinLength(res: Response): number | undefined {
  const v = res.headers["oci-chunk-min-length"];
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The end offset of a `Range: 0-<end>` upload status, if the registry gave one. */
function uploadedEnd(res: Response): number | undefined {
  const m = /^(?:bytes=)?0-(\d+)$/.exec(String(res.headers.range ?? "").trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The distribution spec's chunked upload, for registries that announce a minimum chunk
 * length: `PATCH`es with `Content-Range`, each to the `Location` of the previous answer,
 * checking the `Range` the registry reports and sending again what it did not keep.
 */
async function uploadChunks(
  client: RegistryClient,
  post: Response,
  minLength: number,
  source: Readable,
  report: (n: number) => void,
  scopes: string[],
  signal?: AbortSignal,
): Promise<{ digest: string; size: number; last: Response }> {
  const hash = createHash("sha256");
  let last = post;
  let size = 0;
  let sourceFailed = false;
  source.once("error", () => {
    sourceFailed = true;
  });
  try {
    for await (const chunk of fixedBlocks(source, Math.max(minLength, CHUNK_FLOOR))) {
      hash.update(chunk);
      const start = size;
      const end = start + chunk.length - 1;
      let pos = start;
      while (pos <= end) {
        const res = await client.request("PATCH", uploadUrl(last, "upload a blob chunk"), {
          headers: {
            "Content-Type": "application/octet-stream",
            "Content-Range": `${pos}-${end}`,
            "Content-Length": String(end - pos + 1),
          },
          body: chunk.subarray(pos - start),
          scopes,
          signal,
        });
        await expectStatus(res, [202], `upload bytes ${pos}-${end} of a blob`);
        last = res;
        const kept = uploadedEnd(res) ?? end;
        if (kept < pos || kept > end) {
          throw new UploadInterruptedError(
            `Cannot upload bytes ${pos}-${end} of a blob: the registry reports it holds 0-${kept}`,
          );
        }
        pos = kept + 1;
      }
      size += chunk.length;
      report(size);
    }
  } catch (err) {
    const e = interrupted(err, sourceFailed);
    source.destroy();
    throw e;
  }
  return { digest: `sha256:${hash.digest("hex")}`, size, last };
}

/**
 * Streams a blob in one PATCH (as Docker's client does), or in chunks where the registry
 * asks for them, then closes the upload with the digest, which for a layer compressed on
 * the fly is only known at the end.
 */
async function uploadStream(
  client: RegistryClient,
  source: Readable,
  total: number | undefined,
  report: (n: number) => void,
  signal?: AbortSignal,
): Promise<{ digest: string; size: number }> {
  const scopes = [client.scope("pull,push")];
  let post: Response;
  try {
    post = await startUpload(client, scopes, signal);
  } catch (err) {
    source.destroy();
    throw err;
  }
  const minLength = chunkMinLength(post);
  if (minLength !== undefined) {
    const r = await uploadChunks(
      client,
      post,
      minLength,
      source,
      (n) => report(total ? Math.min(n, total) : n),
      scopes,
      signal,
    );
    await finishUpload(client, r.last, r.digest, scopes, signal);
    return { digest: r.digest, size: r.size };
  }
  const hash = createHash("sha256");
  let size = 0;
  let sourceFailed = false;
  const tee = new PassThrough();
  source.on("data", (c: Buffer) => {
    hash.update(c);
    size += c.length;
    report(total ? Math.min(size, total) : size);
  });
  source.once("error", () => {
    sourceFailed = true;
  });
  const piping = pipeline(source, tee);
  // Destroying the body with an error also ends the HTTP request it was piped into.
  const abandon = async (err: unknown) => {
    tee.destroy(err instanceof Error ? err : new Error(String(err)));
    await piping.catch(() => {});
  };
  let patch: Response;
  try {
    patch = await client.request("PATCH", uploadUrl(post, "upload a blob"), {
      headers: { "Content-Type": "application/octet-stream" },
      body: tee,
      scopes,
      signal,
    });
  } catch (err) {
    // Judged before abandoning, which itself fails the source.
    const e = interrupted(err, sourceFailed);
    await abandon(err);
    throw e;
  }
  if (patch.status !== 202 && patch.status !== 204) {
    const err = await expectStatus(patch, [], "upload a blob").catch((e: unknown) => e);
    await abandon(err);
    throw err;
  }
  try {
    await piping;
  } catch (err) {
    throw interrupted(err, sourceFailed);
  }
  patch.body.resume();
  const digest = `sha256:${hash.digest("hex")}`;
  await finishUpload(client, patch, digest, scopes, signal);
  return { digest, size };
}

/** Upload attempts per blob when the connection drops or the registry fails (Docker makes 5). */
const UPLOAD_ATTEMPTS = 3;

/**
 * Runs a blob upload from the start again (a new session, the blob read anew) after a cut
 * connection or a registry failure, counting down "Retrying in N seconds" as Docker does
 * (1 s, then 2 s: shorter than Docker's 5 s steps); and once after a 401 on a streamed
 * body, with the credentials asked for again.
 */
async function withUploadRetries<T>(
  client: RegistryClient,
  send: SendProgress,
  id: string | undefined,
  upload: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let renewed = false;
  for (let attempt = 1; ; ) {
    try {
      return await upload();
    } catch (err) {
      if (signal?.aborted) throw err;
      if (err instanceof UnauthorizedError && !renewed) {
        renewed = true;
        client.renewAuth();
        continue;
      }
      if (!(err instanceof UploadInterruptedError) || attempt >= UPLOAD_ATTEMPTS) throw err;
      await retryCountdown(send, id, attempt, signal);
      attempt++;
    }
  }
}

async function blobExists(client: RegistryClient, digest: string, signal?: AbortSignal): Promise<boolean> {
  const res = await client.request("HEAD", `v2/${client.repo}/blobs/${digest}`, {
    scopes: [client.scope("pull,push")],
    signal,
  });
  res.body.resume();
  return res.status === 200;
}

/** Pushes one layer; returns its descriptor as the manifest lists it. */
async function pushLayer(
  client: RegistryClient,
  images: ImageService,
  memory: BlobMemory,
  layer: ImageLayer,
  send: SendProgress,
  signal?: AbortSignal,
): Promise<{ mediaType: string; digest: string; size: number }> {
  const id = shortDigest(layer.diffId);
  const repoFull = `${client.domain}/${client.repo}`;
  const compress = uncompressed.has(layer.mediaType);
  const known = compress ? await memory.compressed(layer.blob) : { digest: layer.blob, size: layer.size };
  const mediaType = compress
    ? MediaType.dockerLayerGzip
    : layer.mediaType === MediaType.ociLayerGzip
      ? MediaType.dockerLayerGzip
      : layer.mediaType;
  if (known) {
    if (await blobExists(client, known.digest, signal)) {
      send({ status: "Layer already exists", progressDetail: {}, id });
      return { mediaType, ...known };
    }
    // Cross-repository mount: the registry links the blob it has under another name.
    const from = (await memory.sources(known.digest)).find(
      (s) => s.startsWith(`${client.domain}/`) && s !== repoFull,
    );
    if (from) {
      const fromRepo = from.slice(client.domain.length + 1);
      const q = new URLSearchParams({ mount: known.digest, from: fromRepo });
      const res = await client.request("POST", `v2/${client.repo}/blobs/uploads/?${q}`, {
        headers: { "Content-Length": "0" },
        scopes: [client.scope("pull,push"), client.scope("pull", fromRepo)],
        signal,
      });
      res.body.resume();
      if (res.status === 201) {
        send({
          status: `Mounted from ${familiarName({ domain: client.domain, path: fromRepo })}`,
          progressDetail: {},
          id,
        });
        await memory.addSource(known.digest, repoFull);
        return { mediaType, ...known };
      }
    }
  }
  const attempt = async (): Promise<{ digest: string; size: number }> => {
    // Read in 1 MiB pieces: the block compressor's block size, and a twentieth of the reads.
    const stream = await images.content.createReadStream(layer.blob, { highWaterMark: 1024 * 1024 });
    const report = byteProgress(send, id, "Pushing", layer.size);
    if (!compress) return uploadStream(client, stream, layer.size, report, signal);
    // Compressed in parallel blocks, deterministically: the same layer, the same digest.
    let read = 0;
    const counted = async function* () {
      for await (const c of stream) {
        read += (c as Buffer).length;
        report(read);
        yield c as Buffer;
      }
    };
    // A failed upload destroys gz, which ends the generators and closes the blob file.
    const gz = Readable.from(gzipBlocks(counted()), { objectMode: false });
    return uploadStream(client, gz, undefined, () => {}, signal);
  };
  const result = await withUploadRetries(client, send, id, attempt, signal);
  if (compress) await memory.setCompressed(layer.blob, result);
  else if (result.digest !== layer.blob) {
    throw new InvalidParameterError(
      `Cannot push layer ${layer.blob}: the stored blob has digest ${result.digest}`,
    );
  }
  await memory.addSource(result.digest, repoFull);
  send({ status: "Pushed", progressDetail: {}, id });
  return { mediaType, ...result };
}

/** Pushes an image's tag(s): layers (3 at once), then the config, then the manifest. */
export async function runPush(
  images: ImageService,
  memory: BlobMemory,
  config: RegistryConfig,
  ref: Reference,
  send: SendProgress,
  opts: PushOptions,
): Promise<void> {
  const targets = pushTags(images, ref);
  const client = new RegistryClient(ref.domain, ref.path, opts.creds, config);
  const signal = opts.signal;
  send({ status: `The push refers to repository [${fullName(ref)}]` });
  for (const { tag, rec } of targets) {
    const layers = [...rec.layers].reverse();
    for (const l of layers) send({ status: "Preparing", progressDetail: {}, id: shortDigest(l.diffId) });
    const descs = new Map<string, { mediaType: string; digest: string; size: number }>();
    let next = 0;
    const worker = async () => {
      while (next < layers.length) {
        const l = layers[next++];
        if (descs.has(l.blob)) continue;
        send({ status: "Waiting", progressDetail: {}, id: shortDigest(l.diffId) });
        descs.set(l.blob, await pushLayer(client, images, memory, l, send, signal));
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    const configBody = await images.content.read(rec.id);
    if (!(await blobExists(client, rec.id, signal))) {
      await withUploadRetries(
        client,
        send,
        undefined,
        () => uploadBuffer(client, configBody, rec.id, signal),
        signal,
      );
    }
    // The manifest as pulled, when every layer went up as it lists them, keeps its digest.
    let manifestBody: Buffer | undefined;
    let manifestType: string = MediaType.dockerManifest;
    const stored = await images.content.readJson<Manifest>(rec.manifest).catch(() => undefined);
    if (
      stored &&
      stored.layers.length === rec.layers.length &&
      stored.layers.every((d, i) => descs.get(rec.layers[i].blob)?.digest === d.digest)
    ) {
      manifestBody = await images.content.read(rec.manifest);
      manifestType = stored.mediaType ?? MediaType.ociManifest;
    }
    if (!manifestBody) {
      const m: Manifest = {
        schemaVersion: 2,
        mediaType: MediaType.dockerManifest,
        config: { mediaType: MediaType.dockerConfig, size: configBody.length, digest: rec.id },
        layers: rec.layers.map((l) => descs.get(l.blob)!),
      };
      manifestBody = Buffer.from(JSON.stringify(m, null, 3));
    }
    const res = await client.request("PUT", `v2/${client.repo}/manifests/${tag}`, {
      headers: { "Content-Type": manifestType, "Content-Length": String(manifestBody.length) },
      body: manifestBody,
      scopes: [client.scope("pull,push")],
      signal,
    });
    await expectStatus(res, [201, 200], `push the manifest of ${familiarName(ref)}:${tag}`);
    const digest = sha256(manifestBody);
    await images.exclusive(() => images.store.setRef(`${fullName(ref)}@${digest}`, rec.id));
    send({ status: `${tag}: digest: ${digest} size: ${manifestBody.length}` });
    send({ progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: manifestBody.length } });
    images.events.emit("image", "push", referenceString(withTag(ref, tag)), {
      name: `${familiarName(ref)}:${tag}`,
    });
  }
}
