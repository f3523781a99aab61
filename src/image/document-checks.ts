// Shape checks of the JSON documents found in image archives and registries (index,
// manifest, config, docker-archive manifest.json). The structure is checked by hand (the
// Engine API swagger has no schema for OCI documents, and the checks are a dozen lines that
// must produce errors in Docker's "Cannot load archive: …" form); the config's container
// defaults go through the Engine API schema, as moby decodes them.

import { InvalidParameterError } from "../errdefs/errors.ts";
import { isSha256Digest } from "../oci/digest.ts";
import type { Descriptor, ImageConfig, Index, Manifest } from "../oci/oci-types.ts";
import { validateImageConfig } from "../schema/engine-schema.ts";

export interface DockerManifestEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/** `action` names what failed ("Cannot load archive", "Cannot pull x"), as the error's start. */
function bad(what: string, why: string, action = "Cannot load archive"): InvalidParameterError {
  return new InvalidParameterError(`${action}: ${what} ${why}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === "string");
}

export function parseJsonDocument(data: Buffer | string, what: string): unknown {
  try {
    return JSON.parse(data.toString());
  } catch (err) {
    throw bad(what, `is not valid JSON (${(err as Error).message})`);
  }
}

export function checkDescriptor(v: unknown, what: string, action?: string): Descriptor {
  if (!isObject(v)) throw bad(what, "is not a descriptor object", action);
  if (typeof v.digest !== "string") throw bad(what, "has no digest", action);
  if (!isSha256Digest(v.digest))
    throw bad(what, `has an unsupported or malformed digest "${v.digest}"`, action);
  if (typeof v.size !== "number" || !Number.isSafeInteger(v.size) || v.size < 0) {
    throw bad(what, `has an invalid size ${JSON.stringify(v.size)}`, action);
  }
  if (v.mediaType !== undefined && typeof v.mediaType !== "string")
    throw bad(what, "has a non-string mediaType", action);
  if (v.annotations !== undefined && v.annotations !== null) {
    if (!isObject(v.annotations) || !Object.values(v.annotations).every((a) => typeof a === "string")) {
      throw bad(what, "has annotations that are not a map of strings", action);
    }
  }
  return v as unknown as Descriptor;
}

export function checkIndex(v: unknown, what: string): Index {
  if (!isObject(v)) throw bad(what, "is not a JSON object");
  if (!Array.isArray(v.manifests)) throw bad(what, "has no manifests array");
  v.manifests.forEach((d, i) => {
    checkDescriptor(d, `${what} manifests[${i}]`);
  });
  return v as unknown as Index;
}

export function checkManifest(v: unknown, what: string, action?: string): Manifest {
  if (!isObject(v)) throw bad(what, "is not a JSON object", action);
  checkDescriptor(v.config, `${what} config`, action);
  if (!Array.isArray(v.layers)) throw bad(what, "has no layers array", action);
  v.layers.forEach((d, i) => {
    checkDescriptor(d, `${what} layers[${i}]`, action);
  });
  return v as unknown as Manifest;
}

/** The image config: its layer list, and the container defaults a later `run` relies on. */
export function checkConfig(v: unknown, what: string, action?: string): ImageConfig {
  if (!isObject(v)) throw bad(what, "is not a JSON object", action);
  if (!isObject(v.rootfs) || !Array.isArray(v.rootfs.diff_ids))
    throw bad(what, "has no rootfs.diff_ids list", action);
  v.rootfs.diff_ids.forEach((d, i) => {
    if (typeof d !== "string" || !isSha256Digest(d)) {
      throw bad(what, `has an invalid rootfs.diff_ids[${i}] ${JSON.stringify(d)}`, action);
    }
  });
  // The container defaults a later `run` relies on, decoded as moby decodes container.Config
  // (a string Cmd is a one-item list, `Cmd: 5` is refused): the Engine API schema's rule.
  try {
    validateImageConfig(v, "config");
  } catch (err) {
    throw bad(what, `is invalid: ${(err as Error).message.replace(/^invalid config: /, "")}`, action);
  }
  return v as unknown as ImageConfig;
}

export function checkDockerManifest(v: unknown): DockerManifestEntry[] {
  const what = "manifest.json";
  if (!Array.isArray(v)) throw bad(what, "is not a list");
  return v.map((e, i) => {
    if (!isObject(e)) throw bad(what, `entry ${i} is not an object`);
    if (typeof e.Config !== "string") throw bad(what, `entry ${i} has no Config path`);
    if (!isStringArray(e.Layers)) throw bad(what, `entry ${i} has no Layers list`);
    if (e.RepoTags !== undefined && e.RepoTags !== null && !isStringArray(e.RepoTags)) {
      throw bad(what, `entry ${i} has RepoTags that are not a list of strings`);
    }
    return {
      Config: e.Config,
      Layers: e.Layers,
      RepoTags: (e.RepoTags as string[] | null | undefined) ?? null,
    };
  });
}
