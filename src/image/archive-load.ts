import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar, { type ExtractEvents } from "tar-stream";
import { errno, InvalidParameterError } from "../errdefs/errors.ts";
import { type ImageConfig, type Index, isIndexMediaType, type Manifest } from "../oci/oci-types.ts";
import { parseJsonBody, validateImageConfig } from "../schema/engine-schema.ts";
import type { ImageService } from "./image-service.ts";
import type { ImageRecord } from "./image-store.ts";
import { familiarString, parseNormalizedNamed, tagNameOnly } from "./reference.ts";

/** One line of the load progress stream (`{"stream": "Loaded image: …\n"}`). */
export type LoadProgress = (line: string) => void;

interface DockerManifestEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/**
 * `docker load`: accepts the archives `docker save` writes (manifest.json with layer tars,
 * and the newer layout that also has an OCI index.json) and OCI image-layout tarballs.
 * The archive is spooled to a private directory first (its entries come in any order),
 * then each image is added through the image service under its lock.
 */
export async function loadArchive(
  images: ImageService,
  input: Readable,
  progress: LoadProgress,
): Promise<string[]> {
  const dir = path.join(images.tmpDir, `load-${randomBytes(8).toString("hex")}`);
  await mkdir(dir, { recursive: true });
  try {
    const links = await spool(input, dir);
    const file = (name: string) => resolveInArchive(dir, links, name);
    const loaded: string[] = [];
    const manifestJson = await readOptional(file("manifest.json"));
    if (manifestJson) {
      const entries = JSON.parse(manifestJson) as DockerManifestEntry[];
      if (!Array.isArray(entries))
        throw new InvalidParameterError("Cannot load archive: manifest.json is not a list");
      for (const entry of entries) {
        const config = await readFile(file(entry.Config));
        const layers = entry.Layers.map((l) => file(l));
        const tags = entry.RepoTags ?? [];
        const rec = await addFromFiles(images, config, layers, tags);
        loaded.push(...announce(images, rec, tags, progress));
      }
      return loaded;
    }
    const indexJson = await readOptional(file("index.json"));
    if (!indexJson) {
      throw new InvalidParameterError(
        "Cannot load archive: it has neither manifest.json (docker save) nor index.json (OCI image layout)",
      );
    }
    const blob = (digest: string) => file(path.join("blobs", ...digest.split(":")));
    const manifests: { manifest: Buffer; names: string[] }[] = [];
    const walk = async (idx: Index, names: string[]) => {
      for (const desc of idx.manifests) {
        const body = await readFile(blob(desc.digest));
        const name =
          desc.annotations?.["io.containerd.image.name"] ??
          desc.annotations?.["org.opencontainers.image.ref.name"];
        const here = name ? [...names, name] : names;
        if (isIndexMediaType(desc.mediaType)) await walk(JSON.parse(body.toString()) as Index, here);
        else manifests.push({ manifest: body, names: here });
      }
    };
    await walk(JSON.parse(indexJson) as Index, []);
    for (const { manifest, names } of manifests) {
      const m = JSON.parse(manifest.toString()) as Manifest;
      const config = await readFile(blob(m.config.digest));
      // An OCI ref.name may be a bare tag, which names no repository: such images load untagged.
      const tags = names.filter((n) => {
        try {
          parseNormalizedNamed(n);
          return !/^[\w][\w.-]{0,127}$/.test(n) || n.includes("/");
        } catch {
          return false;
        }
      });
      const rec = await addFromFiles(
        images,
        config,
        m.layers.map((l) => blob(l.digest)),
        tags,
        manifest,
      );
      loaded.push(...announce(images, rec, tags, progress));
    }
    return loaded;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function announce(images: ImageService, rec: ImageRecord, tags: string[], progress: LoadProgress): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const ref = tagNameOnly(parseNormalizedNamed(t));
    progress(`Loaded image: ${familiarString(ref)}\n`);
    out.push(familiarString(ref));
  }
  if (tags.length === 0) {
    progress(`Loaded image ID: ${rec.id}\n`);
    out.push(rec.id);
  }
  images.events.emit("image", "load", rec.id, {
    name: tags[0] ? familiarString(parseNormalizedNamed(tags[0])) : rec.id,
  });
  return out;
}

async function addFromFiles(
  images: ImageService,
  config: Buffer,
  layerFiles: string[],
  tags: string[],
  manifest?: Buffer,
) {
  // Names are checked before anything is stored, and tagged under the same lock as the add,
  // so no prune can see the new image untagged in between.
  const refs = tags.map((t) => tagNameOnly(parseNormalizedNamed(t)));
  const cfg = validateImageConfig(parseJsonBody(config.toString("utf8")), "image config") as ImageConfig;
  const diffIds = cfg.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || diffIds.length !== layerFiles.length) {
    throw new InvalidParameterError(
      `Cannot load image: its config lists ${diffIds?.length ?? 0} layers but the archive has ${layerFiles.length}`,
    );
  }
  return images.exclusiveAdd(async () => {
    let parent: string | undefined;
    const layers = [];
    for (let i = 0; i < layerFiles.length; i++) {
      const size = (await stat(layerFiles[i])).size;
      const { layer, chainId } = await images.addLayerBlob(
        createReadStream(layerFiles[i]),
        parent,
        diffIds[i],
        {
          expectedSize: size,
        },
      );
      layers.push({ blob: layer.blob, mediaType: layer.mediaType, size: layer.size });
      parent = chainId;
    }
    const rec = await images.addImage({ config, layers, ...(manifest ? { manifest } : {}) });
    for (const ref of refs) await images.tag(rec.id, ref);
    return rec;
  });
}

/** Extracts regular files and directories; remembers symlinks to resolve them inside `dir`. */
async function spool(input: Readable, dir: string): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      // A throw in this listener would escape the stream and crash the daemon: reject instead.
      try {
        onEntry(header, stream, next);
      } catch (err) {
        stream.resume();
        reject(err);
        extract.destroy();
      }
    });
    const onEntry = (...[header, stream, next]: ExtractEvents["entry"]) => {
      const name = safeName(header.name);
      const target = path.join(dir, name);
      const fail = (err: unknown) => {
        stream.resume();
        reject(err);
      };
      if (header.type === "directory") {
        mkdir(target, { recursive: true }).then(() => {
          stream.resume();
          next();
        }, fail);
      } else if (header.type === "file" || header.type === "contiguous-file") {
        mkdir(path.dirname(target), { recursive: true })
          .then(() => pipeline(stream, createWriteStream(target)))
          .then(() => next(), fail);
      } else if (header.type === "symlink" || header.type === "link") {
        const to =
          header.type === "link"
            ? safeName(header.linkname ?? "")
            : path.posix.join(path.posix.dirname(name), header.linkname ?? "");
        links.set(name, safeName(to));
        stream.resume();
        next();
      } else {
        stream.resume();
        next();
      }
    };
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  await Promise.all([pipeline(input, extract), done]).catch((err) => {
    if (err instanceof InvalidParameterError) throw err;
    throw new InvalidParameterError(
      `Cannot load archive: it is not a valid tar stream (${(err as Error).message})`,
      {
        cause: err,
      },
    );
  });
  return links;
}

function safeName(name: string): string {
  const norm = path.posix.normalize(name.replace(/^\.\/+/, "")).replace(/\/+$/, "");
  if (norm.startsWith("/") || norm === ".." || norm.startsWith("../")) {
    throw new InvalidParameterError(`Cannot load archive: entry "${name}" points outside the archive`);
  }
  return norm;
}

function resolveInArchive(dir: string, links: Map<string, string>, name: string): string {
  let n = safeName(name);
  for (let hops = 0; links.has(n); hops++) {
    if (hops > 40) throw new InvalidParameterError(`Cannot load archive: too many links resolving "${name}"`);
    n = links.get(n)!;
  }
  return path.join(dir, n);
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if (errno(err) === "ENOENT") return undefined;
    throw err;
  }
}
