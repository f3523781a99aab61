import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { loadAjv } from "./load-ajv.ts";

// Request bodies checked against the Engine API's own definitions (moby's swagger, see
// README.md here), with Go's encoding/json semantics, since that is what dockerd applies
// and what every client was written against:
// - only types are checked: Go's decoder ignores enum, minimum, required, format; the
//   values dockerd does check (restart policy, working dir, memory minimum…) are checked by
//   the services with dockerd's own messages;
// - `null` is accepted for any field (Go leaves the zero value);
// - unknown fields are ignored;
// - field names match case-insensitively, as Go's decoder does: `{"memory":1}` sets
//   Memory. The body is rewritten to the canonical names so berth honours such a field as
//   dockerd would, instead of validating one spelling and reading another;
// - moby's StrSlice fields (Cmd, Entrypoint, Shell, CapAdd, CapDrop) take a string or an
//   array; a string becomes a one-element array;
// - nesting deeper than Go's 10,000 levels is refused before parsing goes further.

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  format?: string;
  required?: string[];
};

interface EngineDoc {
  definitions: Record<string, Schema>;
  requests: Record<string, Schema>;
}

/** The request bodies berthd validates, by the swagger's operationId, and the Go type dockerd decodes each into. */
const rootStructs = {
  ContainerCreate: "CreateRequest",
  ContainerUpdate: "UpdateConfig",
  ContainerExec: "ExecConfig",
  ExecStart: "ExecStartCheck",
  SystemAuth: "AuthConfig",
  ImageCommit: "Config",
  NetworkCreate: "CreateRequest",
  NetworkConnect: "ConnectOptions",
  NetworkDisconnect: "DisconnectOptions",
  VolumeCreate: "CreateOptions",
} as const;
export type EngineRequest = keyof typeof rootStructs;

/** moby's strslice.StrSlice fields: a JSON string is a one-element list. */
const strSliceFields = new Set(["Cmd", "Entrypoint", "Shell", "CapAdd", "CapDrop"]);

/** Go's encoding/json nesting limit (maxNestingDepth in scanner.go). */
export const MAX_JSON_DEPTH = 10_000;

const SCHEMA_FILE = new URL("./engine-api-v1.44.json", import.meta.url);

let doc: EngineDoc | undefined;
let ajv: import("ajv").Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function engineDoc(): EngineDoc {
  doc ??= JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as EngineDoc;
  return doc;
}

/** The swagger schema as Go decodes: types only, each nullable. */
function goSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(goSchema);
  if (typeof node !== "object" || node === null) return node;
  const s = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof s.$ref === "string") out.$ref = s.$ref;
  if (typeof s.type === "string") out.type = [s.type, "null"];
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties as Record<string, unknown>).map(([k, v]) => [k, goSchema(v)]),
    );
  }
  if (s.items) out.items = goSchema(s.items);
  if (typeof s.additionalProperties === "object") out.additionalProperties = goSchema(s.additionalProperties);
  if (Array.isArray(s.allOf)) out.allOf = goSchema(s.allOf);
  return out;
}

function engineAjv(): import("ajv").Ajv {
  if (ajv) return ajv;
  const d = engineDoc();
  // strict off: the swagger is Swagger 2.0, not a draft ajv knows, and unions of a type with
  // null are how Go's null-tolerance is expressed. No meta-validation: the schema is a fixed,
  // tested file, and checking it cost a third of the first request's validation.
  ajv = loadAjv({ strict: false, allowUnionTypes: true, allErrors: false, validateSchema: false });
  // The request bodies sit beside the definitions so that a JSON pointer reaches them.
  const definitions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d.definitions)) definitions[k] = goSchema(v);
  for (const [k, v] of Object.entries(d.requests)) definitions[`request-${k}`] = goSchema(v);
  ajv.addSchema({ $id: "engine", definitions });
  return ajv;
}

function validator(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (!v) {
    v = engineAjv().compile({ $ref: `engine#/${ref}` });
    compiled.set(ref, v);
  }
  return v;
}

// ---- walking the schema alongside a value --------------------------------------------

interface Resolved {
  name?: string;
  types: string[];
  properties: Record<string, Schema>;
  /** Lower-cased property name → its spelling in the schema. */
  folded: Map<string, string>;
  items?: Schema;
  additional?: Schema;
}

const resolvedCache = new WeakMap<Schema, Resolved>();

function resolve(schema: Schema): Resolved {
  const hit = resolvedCache.get(schema);
  if (hit) return hit;
  const r: Resolved = { types: [], properties: {}, folded: new Map() };
  const merge = (s: Schema, depth: number) => {
    if (depth > 32) return;
    if (s.$ref) {
      const name = s.$ref.replace(/^#\/definitions\//, "");
      r.name ??= name;
      const target = engineDoc().definitions[name];
      if (target) merge(target, depth + 1);
    }
    if (typeof s.type === "string") r.types.push(s.type);
    if (s.properties) Object.assign(r.properties, s.properties);
    if (s.items) r.items ??= s.items;
    if (typeof s.additionalProperties === "object") r.additional ??= s.additionalProperties;
    for (const sub of s.allOf ?? []) merge(sub, depth + 1);
  };
  merge(schema, 0);
  for (const k of Object.keys(r.properties)) r.folded.set(k.toLowerCase(), k);
  resolvedCache.set(schema, r);
  return r;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Renames case-insensitive matches to the schema's names and turns StrSlice strings into lists, in place. */
function canonicalize(value: unknown, schema: Schema, depth = 0): void {
  if (depth > 64) return;
  const r = resolve(schema);
  if (Array.isArray(value)) {
    if (r.items) for (const item of value) canonicalize(item, r.items, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  if (Object.keys(r.properties).length > 0) {
    for (const key of Object.keys(value)) {
      if (key in r.properties) continue;
      const canonical = r.folded.get(key.toLowerCase());
      // An exact match wins over a folded one, as in Go.
      if (canonical && !(canonical in value)) {
        value[canonical] = value[key];
        delete value[key];
      }
    }
    for (const [key, sub] of Object.entries(r.properties)) {
      if (!(key in value)) continue;
      if (strSliceFields.has(key) && typeof value[key] === "string") value[key] = [value[key]];
      canonicalize(value[key], sub, depth + 1);
    }
  } else if (r.additional) {
    for (const v of Object.values(value)) canonicalize(v, r.additional, depth + 1);
  }
}

// ---- Go's wording ---------------------------------------------------------------------

function goValueKind(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "number" : `number ${v}`;
  if (Array.isArray(v)) return "array";
  return "object";
}

function goTypeName(schema: Schema, field: string | undefined): string {
  const r = resolve(schema);
  const t = r.types[0];
  if (field && strSliceFields.has(field) && t === "array") return "strslice.StrSlice";
  if (t === "string") return "string";
  if (t === "boolean") return "bool";
  if (t === "number") return "float64";
  if (t === "integer") return schema.format === "int64" ? "int64" : "int";
  if (t === "array") return `[]${r.items ? goTypeName(r.items, undefined) : "interface {}"}`;
  if (r.name) return r.name;
  if (Object.keys(r.properties).length === 0 && r.additional) {
    return `map[string]${goTypeName(r.additional, undefined)}`;
  }
  return Object.keys(r.properties).length === 0 ? "struct {}" : (field ?? "struct");
}

/**
 * Go's `json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Memory of
 * type int64` for the first error ajv found, by walking the instance path through the schema.
 */
function goTypeError(root: Schema, rootStruct: string, err: ErrorObject, body: unknown): string {
  const segments = err.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let value = body;
  for (const seg of segments) value = (value as Record<string, unknown>)?.[seg];
  let schema = root;
  let struct = rootStruct;
  let objectName = rootStruct;
  let field: string | undefined;
  const stack: string[] = [];
  for (const seg of segments) {
    const r = resolve(schema);
    if (r.properties[seg]) {
      struct = objectName;
      field = seg;
      stack.push(seg);
      schema = r.properties[seg];
      objectName = resolve(schema).name ?? seg;
    } else if (r.items) {
      schema = r.items;
      objectName = resolve(schema).name ?? objectName;
    } else if (r.additional) {
      schema = r.additional;
      objectName = resolve(schema).name ?? objectName;
    } else break;
  }
  const kind = goValueKind(value);
  const type = goTypeName(schema, field);
  if (stack.length === 0) return `json: cannot unmarshal ${kind} into Go value of type ${rootStruct}`;
  return `json: cannot unmarshal ${kind} into Go struct field ${struct}.${stack.join(".")} of type ${type}`;
}

// ---- entry points ---------------------------------------------------------------------

/**
 * Checks (and canonicalizes, in place) a request body against its operation's schema.
 * Throws InvalidParameterError with dockerd's wording ("invalid JSON: json: cannot
 * unmarshal …") naming the field.
 */
export function validateRequestBody<T>(operation: EngineRequest, body: T): T {
  if (body === undefined || body === null) return body;
  const schema = engineDoc().requests[operation];
  canonicalize(body, schema);
  const validate = validator(`definitions/request-${operation}`);
  if (!validate(body)) {
    const err = validate.errors?.find((e) => e.keyword === "type") ?? validate.errors?.[0];
    if (err)
      throw new InvalidParameterError(
        `invalid JSON: ${goTypeError(schema, rootStructs[operation], err, body)}`,
      );
  }
  return body;
}

/**
 * The `config` of an image's configuration (what `docker load` and commit store), checked as
 * moby decodes it into container.Config: `{"Cmd": 5}` is refused, `"Cmd": "sh"` becomes a list.
 * `what` names the document in the message ("image config sha256:…").
 */
export function validateImageConfig<T>(imageConfig: T, what = "image config"): T {
  if (!isObject(imageConfig)) {
    throw new InvalidParameterError(`invalid ${what}: ${goValueKind(imageConfig)} is not a JSON object`);
  }
  const config = imageConfig.config;
  if (config === undefined || config === null) return imageConfig;
  const schema: Schema = { $ref: "#/definitions/ContainerConfig" };
  canonicalize(config, schema);
  const validate = validator("definitions/ContainerConfig");
  if (!validate(config)) {
    const err = validate.errors?.find((e) => e.keyword === "type") ?? validate.errors?.[0];
    if (err) {
      const msg = goTypeError(schema, "Config", err, config).replace(
        /Go struct field Config\./,
        "Go struct field config.",
      );
      throw new InvalidParameterError(`invalid ${what}: ${msg}`);
    }
  }
  return imageConfig;
}

/** The depth of the deepest array or object in a JSON text, counted without recursion. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** JSON.parse with Go's nesting limit, so a hostile body cannot exhaust the stack further down. */
export function parseJsonBody(text: string): unknown {
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    const at = text.search(/[[{]/);
    throw new InvalidParameterError(
      `invalid JSON: invalid character '${text[at] ?? "{"}' exceeded max depth`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidParameterError(`invalid JSON: ${(err as Error).message}`);
  }
}
