// Converts the Engine API's swagger (src/schema/docker-engine-api-v1.44.yaml, from moby)
// into the JSON berthd loads (src/schema/engine-api-v1.44.json): every definition and
// the body schema of every operation, by operationId, without descriptions and examples.
// Done once here rather than at start-up so berthd neither parses 400 KB of YAML on every
// start nor depends on a YAML parser at run time. Run after replacing the YAML:
//   node scripts/gen-engine-api-schema.ts && node_modules/.bin/biome format --write src/schema
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const dir = path.join(import.meta.dirname, "..", "src", "api", "schema");
const doc = parse(readFileSync(path.join(dir, "docker-engine-api-v1.44.yaml"), "utf8"));

const dropped = new Set(["description", "example", "x-go-name", "title"]);

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    // A property may itself be called "description" or "title": only drop the keywords.
    if (dropped.has(k) && typeof v !== "object") continue;
    if (k === "example") continue;
    out[k] = k === "properties" ? mapValues(v as Record<string, unknown>) : strip(v);
  }
  return out;
}

function mapValues(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, strip(v)]));
}

const requests: Record<string, unknown> = {};
for (const ops of Object.values(doc.paths as Record<string, Record<string, unknown>>)) {
  for (const op of Object.values(ops) as { operationId?: string; parameters?: Record<string, unknown>[] }[]) {
    if (!op?.operationId) continue;
    for (const p of op.parameters ?? []) {
      if (p.in === "body" && p.schema && (p.schema as { type?: string }).type !== "string") {
        requests[op.operationId] = strip(p.schema);
      }
    }
  }
}

const out = {
  source: "moby/moby api/swagger.yaml, Engine API v1.44, Apache-2.0 (see README.md here)",
  definitions: strip(doc.definitions),
  requests,
};
writeFileSync(path.join(dir, "engine-api-v1.44.json"), `${JSON.stringify(out, null, 2)}\n`);
