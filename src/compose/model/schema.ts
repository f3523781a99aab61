// Validation against the Compose Specification's JSON schema (compose-spec.json beside this
// file, copied from the compose-spec repository, Apache-2.0: see NOTICE.compose-spec beside it).
// The validator is ajv's standalone code, generated ahead of time from that schema
// (schema-codegen.ts; regenerate with scripts/gen-compose-validator.ts): compiling the schema
// here cost every compose command ~165 ms of CPU. It needs nothing of ajv at run time but its
// small runtime helpers. CommonJS, so that both Node (src/ run as it is) and the CLI's esbuild
// bundle load it as one plain file.
import type { ErrorObject } from "ajv";
import validate from "./compose-spec-validator.generated.cjs";
import { ComposeFileError, type YamlPath, type YamlSource } from "./yaml-source.ts";

const decode = (seg: string) => seg.replace(/~1/g, "/").replace(/~0/g, "~");

function toPath(instancePath: string, value: unknown): YamlPath {
  const path: YamlPath = [];
  let cur = value;
  for (const raw of instancePath.split("/").slice(1)) {
    const seg = decode(raw);
    const isIndex = Array.isArray(cur);
    path.push(isIndex ? Number(seg) : seg);
    cur = (cur as Record<string, unknown> | undefined)?.[seg];
  }
  return path;
}

/** The error to report: an unknown key first (the commonest mistake), else the deepest. */
function pick(errors: ErrorObject[]): ErrorObject {
  const unknown = errors.find((e) => e.keyword === "additionalProperties");
  if (unknown) return unknown;
  let best = errors[0];
  for (const e of errors)
    if (e.instancePath.split("/").length > best.instancePath.split("/").length) best = e;
  return best;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties":
      return `additional property ${JSON.stringify(p.additionalProperty)} is not allowed`;
    case "type":
      return `must be a ${String(p.type).replace(/,/g, " or a ")}`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "required":
      return `${JSON.stringify(p.missingProperty)} is required`;
    case "oneOf":
      return "does not match any of the allowed forms";
    case "uniqueItems":
      return `has duplicate items (${p.j} and ${p.i})`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Throws "file:line:col: services.web.ports.0 must be …" for the first schema violation. */
export function validateCompose(value: unknown, src: YamlSource): void {
  if (validate(value)) return;
  const e = pick(validate.errors ?? []);
  const path = toPath(e.instancePath, value);
  let where = src.where(path);
  if (e.keyword === "additionalProperties") {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    path.push(key);
    where = src.where(path, true);
  }
  const dotted = path.length ? path.join(".") : "(top level)";
  throw new ComposeFileError(`${where}: ${dotted}: ${describe(e)}`);
}
