import { createHash } from "node:crypto";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { InvalidParameterError, NotFoundError, SystemError } from "../errdefs/errors.ts";
import { sha256 } from "../image/digest.ts";
import type { ImageService } from "../image/image-service.ts";
import type { ImageLayer, ImageRecord } from "../image/image-store.ts";
import { type Manifest, MediaType } from "../image/oci-types.ts";
import { familiarName, fullName, type Reference, referenceString, withTag } from "../image/reference.ts";
import type { RegistryCredentials } from "./auth.ts";
import type { BlobMemory } from "./blob-memory.ts";
import { byteProgress, type SendProgress, shortDigest } from "./progress.ts";
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

async function expectStatus(res: Awaited<ReturnType<RegistryClient["request"]>>, ok: number[], what: string) {
  if (ok.includes(res.status)) {
    res.body.resume();
    return;
  }
  const text = registryErrorText(await readAll(res, 1024 * 1024), res.status);
  throw new SystemError(`Cannot ${what}: ${text}`);
}

function uploadUrl(res: Awaited<ReturnType<RegistryClient["request"]>>, what: string): URL {
  const loc = res.headers.location;
  if (!loc) throw new SystemError(`Cannot ${what}: the registry gave no upload location`);
  return new URL(loc, res.url);
}

function withDigestParam(url: URL, digest: string): URL {
  const u = new URL(url);
  u.searchParams.set("digest", digest);
  return u;
}

/** Uploads a blob of known digest in one PUT after the POST (configs, small blobs). */
async function uploadBuffer(client: RegistryClient, data: Buffer, digest: string, signal?: AbortSignal) {
  const scopes = [client.scope("pull,push")];
  const post = await client.request("POST", `v2/${client.repo}/blobs/uploads/`, {
    headers: { "Content-Length": "0" },
    scopes,
    signal,
  });
  await expectStatus(post, [202], `start the upload of ${digest}`);
  const put = await client.request("PUT", withDigestParam(uploadUrl(post, `upload ${digest}`), digest), {
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(data.length) },
    body: data,
    scopes,
    signal,
  });
  await expectStatus(put, [201], `upload ${digest}`);
}

/**
 * Streams a blob in one PATCH (as Docker's client does), then closes the upload with the
 * digest, which for a layer compressed on the fly is only known at the end.
 */
async function uploadStream(
  client: RegistryClient,
  source: Readable,
  total: number | undefined,
  report: (n: number) => void,
  signal?: AbortSignal,
): Promise<{ digest: string; size: number }> {
  const scopes = [client.scope("pull,push")];
  const post = await client.request("POST", `v2/${client.repo}/blobs/uploads/`, {
    headers: { "Content-Length": "0" },
    scopes,
    signal,
  });
  await expectStatus(post, [202], "start a blob upload");
  const hash = createHash("sha256");
  let size = 0;
  const tee = new PassThrough();
  source.on("data", (c: Buffer) => {
    hash.update(c);
    size += c.length;
    report(total ? Math.min(size, total) : size);
  });
  const piping = pipeline(source, tee);
  const patch = await client.request("PATCH", uploadUrl(post, "upload a blob"), {
    headers: { "Content-Type": "application/octet-stream" },
    body: tee,
    scopes,
    signal,
  });
  await piping;
  await expectStatus(patch, [202, 204], "upload a blob");
  const digest = `sha256:${hash.digest("hex")}`;
  const put = await client.request("PUT", withDigestParam(uploadUrl(patch, "finish a blob upload"), digest), {
    headers: { "Content-Length": "0" },
    scopes,
    signal,
  });
  await expectStatus(put, [201], `finish the upload of ${digest}`);
  return { digest, size };
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
  const stream = await images.content.createReadStream(layer.blob);
  const report = byteProgress(send, id, "Pushing", layer.size);
  let result: { digest: string; size: number };
  if (compress) {
    // Node's gzip writes no name and a zero mtime: the same layer always compresses the same.
    const gz = createGzip({ level: 6 });
    let read = 0;
    stream.on("data", (c) => {
      read += c.length;
      report(read);
    });
    stream.on("error", (e) => gz.destroy(e));
    stream.pipe(gz);
    result = await uploadStream(client, gz, undefined, () => {}, signal);
    await memory.setCompressed(layer.blob, result);
  } else {
    result = await uploadStream(client, stream, layer.size, report, signal);
    if (result.digest !== layer.blob) {
      throw new InvalidParameterError(
        `Cannot push layer ${layer.blob}: the stored blob has digest ${result.digest}`,
      );
    }
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
    if (!(await blobExists(client, rec.id, signal))) await uploadBuffer(client, configBody, rec.id, signal);
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
