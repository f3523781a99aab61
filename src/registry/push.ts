/**
 * `POST /images/{name}/push`: which tags and platform, each layer pushed (3 at once) unless
 * the registry has it, then the config and the manifest. The upload protocol is in
 * push-upload.ts.
 */
import { Readable } from "node:stream";
import { InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import type { ImageService } from "../image/image-service.ts";
import type { ImageLayer, ImageRecord } from "../image/image-store.ts";
import { familiarName, fullName, type Reference, referenceString, withTag } from "../image/reference.ts";
import { gzipBlocks } from "../layer/gzip-blocks.ts";
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
import { byteProgress, type SendProgress, shortDigest } from "./progress.ts";
import { blobExists, expectStatus, uploadBuffer, uploadStream, withUploadRetries } from "./push-upload.ts";
import { RegistryClient, type RegistryConfig } from "./registry-client.ts";

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
