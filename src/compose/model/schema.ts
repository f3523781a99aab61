// Validation against the Compose Specification's JSON schema (compose-spec.json beside this
// file, copied from the compose-spec repository, Apache-2.0: see NOTICE.compose-spec beside it).
// ajv imported directly, not through schema/load-ajv.ts, whose createRequire(import.meta.url)
// has no URL in the CLI's CommonJS bundle; this module is itself loaded only by compose commands.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
// Imported rather than read beside this file: the CLI is bundled (scripts/build-cli.sh).
import schema from "./compose-spec.json" with { type: "json" };
import { ComposeFileError, type YamlPath, type YamlSource } from "./yaml-source.ts";

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate) return validate;
  // The schema is draft-07 with `type` unions; no meta-validation of a fixed, tested file.
  // Compiling it is most of a first load's cost: definitions referenced rather than inlined,
  // and ajv's code optimiser off, take a first load from about 320 to 165 ms of CPU.
  const ajv = new Ajv({
    strict: false,
    allowUnionTypes: true,
    allErrors: false,
    validateSchema: false,
    inlineRefs: false,
    code: { optimize: false },
  });
  validate = ajv.compile(structuredClone(schema));
  return validate;
}

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
  const v = validator();
  if (v(value)) return;
  const e = pick(v.errors ?? []);
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
