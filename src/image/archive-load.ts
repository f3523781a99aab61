import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar, { type ExtractEvents } from "tar-stream";
import { errno, InvalidParameterError, SystemError } from "../errdefs/errors.ts";
import { guardStream } from "../layer/stream-guard.ts";
import { sha256 } from "../oci/digest.ts";
import type { Descriptor } from "../oci/oci-types.ts";
import {
  checkConfig,
  checkDockerManifest,
  checkIndex,
  checkManifest,
  parseJsonDocument,
} from "./document-checks.ts";
import type { ImageService } from "./image-service.ts";
import type { ImageRecord } from "./image-store.ts";
import { walkIndex } from "./index-walk.ts";
import {
  familiarString,
  parseNormalizedNamed,
  type Reference,
  referenceString,
  tagNameOnly,
} from "./reference.ts";

/** One line of the load progress stream (`{"stream": "Loaded image: …\n"}`). */
export type LoadProgress = (line: string) => void;

/** JSON documents (index, manifest, config) larger than this are refused, not read into memory. */
const MAX_DOCUMENT = 8 * 1024 * 1024;

/** A layer file of the archive, with what its descriptor promises (OCI) when there is one. */
interface PlannedLayer {
  file: string;
  digest?: string;
  size: number;
}

/** An image of the archive, checked whole before anything is stored. */
interface PlannedImage {
  config: Buffer;
  diffIds: string[];
  layers: PlannedLayer[];
  refs: Reference[];
  manifest?: Buffer;
}

/**
 * `docker load`: accepts the archives `docker save` writes (manifest.json with layer tars,
 * and the newer layout that also has an OCI index.json) and OCI image-layout tarballs.
 * The archive is spooled to a private directory first (its entries come in any order),
 * every document is checked against its descriptor, then all images are stored under the
 * image service's lock and recorded together: a load that fails stores nothing.
 */
export async function loadArchive(
  images: ImageService,
  input: Readable,
  progress: LoadProgress,
  signal?: AbortSignal,
): Promise<string[]> {
  const dir = path.join(images.tmpDir, `load-${randomBytes(8).toString("hex")}`);
  await mkdir(dir, { recursive: true });
  try {
    const links = await spool(input, dir, signal);
    const file = (name: string) => resolveInArchive(dir, links, name);
    const manifestJson = await readDocument(file("manifest.json"), "manifest.json", true);
    let plan: PlannedImage[];
    if (manifestJson) plan = await planDockerArchive(manifestJson, file);
    else {
      const indexJson = await readDocument(file("index.json"), "index.json", true);
      if (!indexJson) {
        throw new InvalidParameterError(
          "Cannot load archive: it has neither manifest.json (docker save) nor index.json (OCI image layout)",
        );
      }
      plan = await planOciArchive(indexJson, file, signal);
    }
    const stored = await storePlanned(images, plan, signal);
    const loaded: string[] = [];
    for (const { rec, refs } of stored) loaded.push(...announce(images, rec, refs, progress));
    return loaded;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function planDockerArchive(
  manifestJson: Buffer,
  file: (name: string) => string,
): Promise<PlannedImage[]> {
  const entries = checkDockerManifest(parseJsonDocument(manifestJson, "manifest.json"));
  const plan: PlannedImage[] = [];
  for (const entry of entries) {
    const config = (await readDocument(file(entry.Config), entry.Config))!;
    // docker save names the config by its digest (`<hex>.json`, `blobs/sha256/<hex>`): hold it to that.
    const named = /(?:^|\/)([a-f0-9]{64})(?:\.json)?$/.exec(entry.Config)?.[1];
    if (named && sha256(config).slice(7) !== named) {
      throw new InvalidParameterError(
        `Cannot load archive: config ${entry.Config} has digest ${sha256(config)}`,
      );
    }
    const layers: PlannedLayer[] = [];
    for (const l of entry.Layers) layers.push({ file: file(l), size: await fileSize(file(l), `layer ${l}`) });
    plan.push(planImage(config, entry.Config, layers, entry.RepoTags ?? []));
  }
  return plan;
}

async function planOciArchive(
  indexJson: Buffer,
  file: (name: string) => string,
  signal: AbortSignal | undefined,
): Promise<PlannedImage[]> {
  const blobFile = (digest: string) => file(path.join("blobs", ...digest.split(":")));
  const readBlob = async (desc: Descriptor, what: string) => {
    const body = (await readDocument(blobFile(desc.digest), `${what} ${desc.digest}`))!;
    checkBlob(body, desc, what);
    return body;
  };
  const root = checkIndex(parseJsonDocument(indexJson, "index.json"), "index.json");
  const found = await walkIndex(root, (desc) => readBlob(desc, "index"), signal);
  const plan: PlannedImage[] = [];
  for (const { desc, names } of found) {
    const manifest = await readBlob(desc, "manifest");
    const what = `manifest ${desc.digest}`;
    const m = checkManifest(parseJsonDocument(manifest, what), what);
    const config = await readBlob(m.config, "config");
    const layers: PlannedLayer[] = [];
    for (const l of m.layers) {
      const size = await fileSize(blobFile(l.digest), `layer ${l.digest}`);
      if (size !== l.size) {
        throw new InvalidParameterError(
          `Cannot load archive: layer ${l.digest} has ${size} bytes but its descriptor says ${l.size}`,
        );
      }
      layers.push({ file: blobFile(l.digest), digest: l.digest, size });
    }
    // An OCI ref.name may be a bare tag, which names no repository: such images load untagged.
    const tags = names.filter((n) => {
      try {
        parseNormalizedNamed(n);
        return !/^[\w][\w.-]{0,127}$/.test(n) || n.includes("/");
      } catch {
        return false;
      }
    });
    plan.push({ ...planImage(config, `config ${m.config.digest}`, layers, tags), manifest });
  }
  return plan;
}

function planImage(config: Buffer, what: string, layers: PlannedLayer[], tags: string[]): PlannedImage {
  const cfg = checkConfig(parseJsonDocument(config, what), what);
  const diffIds = cfg.rootfs.diff_ids;
  if (diffIds.length !== layers.length) {
    throw new InvalidParameterError(
      `Cannot load image: its config lists ${diffIds.length} layers but the archive has ${layers.length}`,
    );
  }
  // Names are checked before anything is stored.
  const refs = tags.map((t) => tagNameOnly(parseNormalizedNamed(t)));
  return { config, diffIds, layers, refs };
}

/**
 * Stores every layer (blob checked against its descriptor, content against the config's
 * DiffID, even when that layer is already unpacked), then records all images and their
 * names in one step. On a failure, exclusiveAdd collects what was stored unrecorded.
 */
async function storePlanned(
  images: ImageService,
  plan: PlannedImage[],
  signal: AbortSignal | undefined,
): Promise<{ rec: ImageRecord; refs: Reference[] }[]> {
  return images.exclusiveAdd(async () => {
    const out: { rec: ImageRecord; refs: Reference[] }[] = [];
    for (const img of plan) {
      let parent: string | undefined;
      const layers = [];
      for (const [i, l] of img.layers.entries()) {
        const { layer, chainId } = await images.addLayerBlob(
          createReadStream(l.file),
          parent,
          img.diffIds[i],
          {
            expectedSize: l.size,
            ...(l.digest ? { expectedDigest: l.digest } : {}),
            ...(signal ? { signal } : {}),
          },
        );
        layers.push({ blob: layer.blob, mediaType: layer.mediaType, size: layer.size });
        parent = chainId;
      }
      const rec = await images.prepareImage({
        config: img.config,
        layers,
        ...(img.manifest ? { manifest: img.manifest } : {}),
      });
      out.push({ rec, refs: img.refs });
    }
    signal?.throwIfAborted();
    await images.commitImages(
      out.map(({ rec, refs }) => ({ rec, refs: refs.map((r) => referenceString(r)) })),
    );
    return out;
  });
}

function announce(
  images: ImageService,
  rec: ImageRecord,
  refs: Reference[],
  progress: LoadProgress,
): string[] {
  const out: string[] = [];
  for (const ref of refs) {
    progress(`Loaded image: ${familiarString(ref)}\n`);
    out.push(familiarString(ref));
  }
  if (refs.length === 0) {
    progress(`Loaded image ID: ${rec.id}\n`);
    out.push(rec.id);
  }
  images.events.emit("image", "load", rec.id, { name: refs[0] ? familiarString(refs[0]) : rec.id });
  return out;
}

function checkBlob(body: Buffer, desc: Descriptor, what: string): void {
  if (body.length !== desc.size) {
    throw new InvalidParameterError(
      `Cannot load archive: ${what} ${desc.digest} has ${body.length} bytes but its descriptor says ${desc.size}`,
    );
  }
  const got = sha256(body);
  if (got !== desc.digest) {
    throw new InvalidParameterError(`Cannot load archive: ${what} ${desc.digest} has digest ${got}`);
  }
}

async function fileSize(file: string, what: string): Promise<number> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new InvalidParameterError(`Cannot load archive: ${what} is not a file`);
    return st.size;
  } catch (err) {
    if (errno(err) === "ENOENT") throw new InvalidParameterError(`Cannot load archive: ${what} is missing`);
    throw err;
  }
}

/** Extracts regular files and directories; remembers symlinks to resolve them inside `dir`. */
async function spool(input: Readable, dir: string, signal?: AbortSignal): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      // An entry of a cut archive fails at once, while its file is still being created:
      // without a listener from the start, that error would kill the daemon.
      guardStream(stream as unknown as Readable);
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
  await Promise.all([pipeline(input, extract, ...(signal ? [{ signal }] : [])), done]).catch((err) => {
    if (err instanceof InvalidParameterError) throw err;
    if (signal?.aborted) throw signal.reason;
    // A failed write of the spool (a full disk) is the daemon's trouble, not a bad archive.
    const code = errno(err);
    if (code?.startsWith("E") && code !== "ECONNRESET") {
      throw new SystemError(`Cannot load archive: ${(err as Error).message}`, { cause: err });
    }
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

/** A JSON document of the archive, bounded in size; `optional` ones may be absent. */
async function readDocument(file: string, what: string, optional = false): Promise<Buffer | undefined> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new InvalidParameterError(`Cannot load archive: ${what} is not a file`);
    if (st.size > MAX_DOCUMENT) {
      throw new InvalidParameterError(`Cannot load archive: ${what} is larger than ${MAX_DOCUMENT} bytes`);
    }
    return await readFile(file);
  } catch (err) {
    if (errno(err) === "ENOENT") {
      if (optional) return undefined;
      throw new InvalidParameterError(`Cannot load archive: ${what} is missing`);
    }
    throw err;
  }
}
