import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { decompress } from "../layer/unpack.ts";
import { type Index, type Manifest, MediaType } from "../oci/oci-types.ts";
import type { ImageService } from "./image-service.ts";
import type { ImageRecord } from "./image-store.ts";
import { familiarString, parseNormalizedNamed, referenceString, tagNameOnly } from "./reference.ts";

interface Selected {
  rec: ImageRecord;
  /** Canonical tag references to record for this image. */
  refs: string[];
}

/**
 * `docker save`: one tar holding both the docker-archive form (manifest.json,
 * repositories) and an OCI image layout (index.json, oci-layout, blobs/sha256), as Docker
 * 25+ writes it, so both `docker load` and OCI tools read it. Layers are written
 * uncompressed, named by their DiffID.
 */
export async function saveArchive(images: ImageService, names: string[], out: Writable): Promise<void> {
  if (names.length === 0) throw new InvalidParameterError("Cannot save: no image names given");
  const selected = new Map<string, Selected>();
  for (const name of names) {
    const rec = images.resolve(name);
    const sel = selected.get(rec.id) ?? { rec, refs: [] };
    selected.set(rec.id, sel);
    for (const ref of refsNamed(images, name, rec)) if (!sel.refs.includes(ref)) sel.refs.push(ref);
  }

  const pack = tar.pack();
  const written = new Set<string>();
  const tmp = path.join(images.tmpDir, `save-${randomBytes(8).toString("hex")}`);
  await mkdir(tmp, { recursive: true });
  const piping = pipeline(pack, out);
  const mtime = new Date(0);
  const addBuffer = (name: string, data: Buffer | string) =>
    new Promise<void>((resolve, reject) =>
      pack.entry({ name, mtime, mode: 0o644 }, data, (err) => (err ? reject(err) : resolve())),
    );
  const addFile = async (name: string, file: string) => {
    const size = (await stat(file)).size;
    await new Promise<void>((resolve, reject) => {
      const entry = pack.entry({ name, size, mtime, mode: 0o644 }, (err) => (err ? reject(err) : resolve()));
      pipeline(createReadStream(file), entry).catch(reject);
    });
  };
  try {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: "blobs/", type: "directory", mtime, mode: 0o755 }, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: "blobs/sha256/", type: "directory", mtime, mode: 0o755 }, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    const index: Index = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
    const dockerManifest: { Config: string; RepoTags: string[] | null; Layers: string[] }[] = [];
    const repositories: Record<string, Record<string, string>> = {};
    for (const { rec, refs } of selected.values()) {
      const config = await images.content.read(rec.id);
      const layerDescs = [];
      for (const layer of rec.layers) {
        const hex = layer.diffId.slice(7);
        if (!written.has(layer.diffId)) {
          await addFile(
            `blobs/sha256/${hex}`,
            await uncompressedLayer(images, layer.blob, layer.diffId, tmp),
          );
          written.add(layer.diffId);
        }
        const size = (await stat(await uncompressedLayer(images, layer.blob, layer.diffId, tmp))).size;
        layerDescs.push({ mediaType: MediaType.ociLayer, digest: layer.diffId, size });
      }
      if (!written.has(rec.id)) {
        await addBuffer(`blobs/sha256/${rec.id.slice(7)}`, config);
        written.add(rec.id);
      }
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaType.ociManifest,
          config: { mediaType: MediaType.ociConfig, digest: rec.id, size: config.length },
          layers: layerDescs,
        } satisfies Manifest),
      );
      const manifestDigest = `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
      if (!written.has(manifestDigest)) {
        await addBuffer(`blobs/sha256/${manifestDigest.slice(7)}`, manifest);
        written.add(manifestDigest);
      }
      const desc = { mediaType: MediaType.ociManifest, digest: manifestDigest, size: manifest.length };
      if (refs.length === 0) index.manifests.push(desc);
      for (const ref of refs) {
        const parsed = parseNormalizedNamed(ref);
        index.manifests.push({
          ...desc,
          annotations: {
            "io.containerd.image.name": ref,
            "org.opencontainers.image.ref.name": parsed.tag ?? "latest",
          },
        });
        const repo = familiarString({ domain: parsed.domain, path: parsed.path });
        repositories[repo] = {
          ...repositories[repo],
          [parsed.tag ?? "latest"]: rec.layers.at(-1)?.diffId.slice(7) ?? "",
        };
      }
      dockerManifest.push({
        Config: `blobs/sha256/${rec.id.slice(7)}`,
        RepoTags: refs.length ? refs.map((r) => familiarString(parseNormalizedNamed(r))) : null,
        Layers: rec.layers.map((l) => `blobs/sha256/${l.diffId.slice(7)}`),
      });
    }
    await addBuffer("index.json", `${JSON.stringify(index)}\n`);
    await addBuffer("manifest.json", `${JSON.stringify(dockerManifest)}\n`);
    await addBuffer("oci-layout", `${JSON.stringify({ imageLayoutVersion: "1.0.0" })}`);
    if (Object.keys(repositories).length)
      await addBuffer("repositories", `${JSON.stringify(repositories)}\n`);
    pack.finalize();
    await piping;
    for (const { rec } of selected.values()) images.events.emit("image", "save", rec.id, { name: rec.id });
  } catch (err) {
    pack.destroy(err as Error);
    await piping.catch(() => {});
    throw err;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The tags to record for `name`: that tag; every tag of the repository for a bare name; none for an ID. */
function refsNamed(images: ImageService, name: string, rec: ImageRecord): string[] {
  let ref: ReturnType<typeof parseNormalizedNamed>;
  try {
    ref = parseNormalizedNamed(name);
  } catch {
    return [];
  }
  if (ref.digest) return [];
  if (ref.tag) return [referenceString(ref)];
  const repo = `${ref.domain}/${ref.path}:`;
  const all = images.store
    .allRefs()
    .filter(([r, id]) => r.startsWith(repo) && !r.includes("@") && id === rec.id);
  if (all.length === 0) {
    // A bare hex prefix that parsed as a repository name but matched an image by ID.
    return images.store.resolveRef(referenceString(tagNameOnly(ref)))
      ? [referenceString(tagNameOnly(ref))]
      : [];
  }
  return all.map(([r]) => r);
}

/** Path of the layer as an uncompressed tar: the blob itself, or a decompressed copy in `tmp`. */
async function uncompressedLayer(
  images: ImageService,
  blob: string,
  diffId: string,
  tmp: string,
): Promise<string> {
  if (blob === diffId) return images.content.blobPath(blob);
  const file = path.join(tmp, diffId.slice(7));
  try {
    await stat(file);
    return file;
  } catch {
    const hash = createHash("sha256");
    const input = await decompress(await images.content.createReadStream(blob));
    input.on("data", (c: Buffer) => hash.update(c));
    await pipeline(input, createWriteStream(file));
    const got = `sha256:${hash.digest("hex")}`;
    if (got !== diffId)
      throw new InvalidParameterError(`Cannot save layer ${blob}: it decompresses to ${got}, not ${diffId}`);
    return file;
  }
}
