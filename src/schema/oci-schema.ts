import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { loadAjv } from "./load-ajv.ts";

// The JSON documents inside an image archive, checked before any code walks them, so a
// broken archive is a 400 that names what is wrong ("invalid OCI layout: index.json has no
// manifests array") and never a TypeError ("idx.manifests is not iterable"). The schemas are
// the OCI image-spec v1.1 ones (schema/*.json there) cut down to what berth reads, written
// here because the spec ships no npm package; `docker save`'s manifest.json has no schema
// of its own and follows moby's image/tarexport types.

const descriptor = {
  type: "object",
  required: ["mediaType", "digest", "size"],
  properties: {
    mediaType: { type: "string" },
    digest: { type: "string", pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$" },
    size: { type: "integer", minimum: 0 },
    urls: { type: ["array", "null"], items: { type: "string" } },
    annotations: { type: ["object", "null"], additionalProperties: { type: "string" } },
    platform: {
      type: ["object", "null"],
      properties: { architecture: { type: "string" }, os: { type: "string" } },
    },
  },
};

const schemas = {
  index: {
    type: "object",
    required: ["manifests"],
    properties: {
      schemaVersion: { type: "integer" },
      mediaType: { type: "string" },
      manifests: { type: "array", items: descriptor },
      annotations: { type: ["object", "null"], additionalProperties: { type: "string" } },
    },
  },
  manifest: {
    type: "object",
    required: ["config", "layers"],
    properties: {
      schemaVersion: { type: "integer" },
      mediaType: { type: "string" },
      config: descriptor,
      layers: { type: "array", items: descriptor },
      annotations: { type: ["object", "null"], additionalProperties: { type: "string" } },
    },
  },
  dockerArchive: {
    type: "array",
    items: {
      type: "object",
      required: ["Config", "Layers"],
      properties: {
        Config: { type: "string" },
        RepoTags: { type: ["array", "null"], items: { type: "string" } },
        Layers: { type: "array", items: { type: "string" } },
      },
    },
  },
} as const;

type Kind = keyof typeof schemas;

let ajv: Ajv | undefined;
const compiled = new Map<Kind, ValidateFunction>();

function validator(kind: Kind): ValidateFunction {
  let v = compiled.get(kind);
  if (!v) {
    ajv ??= loadAjv({ strict: false, allowUnionTypes: true });
    v = ajv.compile(schemas[kind]);
    compiled.set(kind, v);
  }
  return v;
}

const typeNames: Record<string, string> = {
  array: "an array",
  object: "an object",
  string: "a string",
  integer: "an integer",
  "array,null": "an array",
  "object,null": "an object",
};

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "number") return Number.isInteger(v) ? "an integer" : "a number";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** "manifests[0].digest" from ajv's "/manifests/0/digest". */
function fieldName(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join("");
}

function describe(err: ErrorObject, value: unknown): string {
  const field = fieldName(err.instancePath);
  let at: unknown = value;
  for (const seg of err.instancePath.split("/").slice(1)) at = (at as Record<string, unknown>)?.[seg];
  if (err.keyword === "required") {
    const missing = String((err.params as { missingProperty: string }).missingProperty);
    const want = field ? `${field}.${missing}` : missing;
    return missing === "manifests" || missing === "layers" ? `has no ${want} array` : `has no ${want}`;
  }
  if (err.keyword === "type") {
    const t = String((err.params as { type: string | string[] }).type);
    return `${field ? `${field} ` : ""}is ${kindOf(at)}, not ${typeNames[t] ?? t}`;
  }
  if (err.keyword === "pattern") return `${field} ${JSON.stringify(at)} is not a digest`;
  return `${field ? `${field} ` : ""}${err.message ?? "is invalid"}`;
}

function check<T>(kind: Kind, value: unknown, what: string, prefix: string): T {
  const validate = validator(kind);
  if (!validate(value)) {
    const err = validate.errors?.[0];
    throw new InvalidParameterError(`${prefix}: ${what} ${err ? describe(err, value) : "is invalid"}`);
  }
  return value as T;
}

/** An OCI image index (index.json, or a nested index blob); `what` names it in the message. */
export function validateOciIndex<T>(value: unknown, what = "index.json"): T {
  return check<T>("index", value, what, "invalid OCI layout");
}

/** An OCI (or Docker v2) image manifest. */
export function validateOciManifest<T>(value: unknown, what = "the image manifest"): T {
  return check<T>("manifest", value, what, "invalid OCI layout");
}

/** `docker save`'s manifest.json: a list of {Config, RepoTags, Layers}. */
export function validateDockerArchiveManifest<T>(value: unknown, what = "manifest.json"): T {
  return check<T>("dockerArchive", value, what, "invalid image archive");
}
