// The wire types against the v1.44 spec they are written from: every field the spec has is
// there (no fewer, no more, except what berth leaves out on purpose), fields the spec marks
// nullable admit null, and a request body's fields are optional unless the spec requires
// them. Types are erased at run time, so this reads them with the TypeScript compiler.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  "x-nullable"?: boolean;
}

// Read as a document, not imported: src/types imports nothing (the dependency rule).
const engineApi = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../schema/engine-api-v1.44.json"), "utf8"),
) as { definitions: unknown; requests: unknown };
const definitions = engineApi.definitions as Record<string, Schema>;
const requests = engineApi.requests as Record<string, Schema>;

function deref(s: Schema): Schema {
  return s.$ref ? deref(definitions[s.$ref.replace("#/definitions/", "")]) : s;
}

/** The properties of a schema, through $ref and allOf, with whether each is required. */
function schemaProps(s: Schema): Map<string, { schema: Schema; required: boolean }> {
  const out = new Map<string, { schema: Schema; required: boolean }>();
  const r = deref(s);
  for (const part of r.allOf ?? []) for (const [k, v] of schemaProps(part)) out.set(k, v);
  for (const [k, v] of Object.entries(r.properties ?? {}))
    out.set(k, { schema: v, required: (r.required ?? []).includes(k) });
  return out;
}

const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
  .map((f) => path.join(dir, f));
const program = ts.createProgram(files, { strict: true, noEmit: true, allowImportingTsExtensions: true });
const checker = program.getTypeChecker();

/** Every exported interface or type alias of src/types, by name. */
function exportedTypes(): Map<string, ts.Type> {
  const out = new Map<string, ts.Type>();
  for (const f of files) {
    const sf = program.getSourceFile(f);
    assert.ok(sf, f);
    const mod = checker.getSymbolAtLocation(sf);
    for (const sym of mod ? checker.getExportsOfModule(mod) : []) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      out.set(sym.name, checker.getDeclaredTypeOfSymbol(target));
    }
  }
  return out;
}
const types = exportedTypes();

function admitsNull(t: ts.Type): boolean {
  return t.isUnion() ? t.types.some(admitsNull) : (t.flags & ts.TypeFlags.Null) !== 0;
}

const schemaOf = (name: string) => definitions[name];
const inline = (def: string, ...keys: string[]) => {
  let s = deref(definitions[def]);
  for (const k of keys) s = k === "items" ? deref(s.items ?? {}) : (schemaProps(s).get(k)?.schema ?? {});
  return s;
};

/** TS type, its schema, whether it is a request body (fields optional), fields left out or added on purpose. */
const cases: [string, Schema, { request?: boolean; omitted?: string[]; added?: string[] }][] = [
  ["HostConfig", schemaOf("HostConfig"), { request: true }],
  ["Resources", schemaOf("Resources"), { request: true }],
  ["RestartPolicy", schemaOf("RestartPolicy"), { request: true }],
  ["LogConfig", inline("HostConfig", "LogConfig"), { request: true }],
  ["PortBinding", schemaOf("PortBinding"), { request: true }],
  ["Mount", schemaOf("Mount"), { request: true }],
  ["MountBindOptions", inline("Mount", "BindOptions"), { request: true }],
  ["MountVolumeOptions", inline("Mount", "VolumeOptions"), { request: true }],
  ["MountTmpfsOptions", inline("Mount", "TmpfsOptions"), { request: true }],
  ["DeviceMapping", schemaOf("DeviceMapping"), {}],
  ["DeviceRequest", schemaOf("DeviceRequest"), { request: true }],
  ["ThrottleDevice", schemaOf("ThrottleDevice"), { request: true }],
  ["WeightDevice", inline("Resources", "BlkioWeightDevice", "items"), { request: true }],
  ["Ulimit", inline("Resources", "Ulimits", "items"), {}],
  ["ContainerConfig", schemaOf("ContainerConfig"), { request: true }],
  ["HealthConfig", schemaOf("HealthConfig"), { request: true }],
  ["ContainerCreateRequest", requests.ContainerCreate, { request: true }],
  ["ContainerUpdateRequest", requests.ContainerUpdate, { request: true }],
  ["ExecConfig", requests.ContainerExec, { request: true }],
  ["ExecStartConfig", requests.ExecStart, { request: true }],
  ["ContainerState", schemaOf("ContainerState"), {}],
  ["Health", schemaOf("Health"), {}],
  ["HealthcheckResult", schemaOf("HealthcheckResult"), {}],
  ["NetworkingConfig", schemaOf("NetworkingConfig"), { request: true }],
  ["EndpointSettings", schemaOf("EndpointSettings"), { request: true }],
  ["EndpointIPAMConfig", schemaOf("EndpointIPAMConfig"), { request: true }],
  ["Network", schemaOf("Network"), {}],
  ["IPAM", schemaOf("IPAM"), { request: true }],
  ["IPAMConfig", schemaOf("IPAMConfig"), { request: true }],
  ["NetworkContainer", schemaOf("NetworkContainer"), {}],
  ["NetworkCreateRequest", requests.NetworkCreate, { request: true }],
  ["NetworkConnectRequest", requests.NetworkConnect, {}],
  ["NetworkDisconnectRequest", requests.NetworkDisconnect, {}],
  // berth has no swarm: the cluster (swarm) volume parts are left out.
  ["Volume", schemaOf("Volume"), { omitted: ["ClusterVolume"] }],
  ["VolumeCreateOptions", requests.VolumeCreate, { request: true, omitted: ["ClusterVolumeSpec"] }],
  ["VolumeListResponse", schemaOf("VolumeListResponse"), {}],
  ["ContainerWaitResponse", schemaOf("ContainerWaitResponse"), {}],
  ["ContainerSummary", schemaOf("ContainerSummary"), {}],
  ["ImageSummary", schemaOf("ImageSummary"), {}],
  ["ImageInspect", schemaOf("ImageInspect"), {}],
  // berthd sends neither: it has no CDI device support and no product licence.
  ["SystemInfo", schemaOf("SystemInfo"), { omitted: ["CDISpecDirs", "ProductLicense"] }],
  ["PortSummary", schemaOf("Port"), {}],
  ["MountPoint", schemaOf("MountPoint"), {}],
  ["ContainerWaitExitError", schemaOf("ContainerWaitExitError"), {}],
  // Go's AuthConfig has the token fields the spec leaves out, and the docker CLI sends them.
  ["AuthConfig", schemaOf("AuthConfig"), { request: true, added: ["identitytoken", "registrytoken"] }],
];

for (const [name, schema, opts] of cases) {
  test(`${name} has the spec's fields, null where the spec allows it${opts.request ? ", optional as on the wire" : ""}`, () => {
    const type = types.get(name);
    assert.ok(type, `src/types exports ${name}`);
    assert.ok(schema, `the spec defines ${name}`);
    const want = schemaProps(schema);
    for (const k of opts.omitted ?? []) want.delete(k);
    for (const k of opts.added ?? []) want.set(k, { schema: {}, required: false });
    const have = new Map(checker.getPropertiesOfType(type).map((p) => [p.name, p]));
    assert.deepEqual([...have.keys()].sort(), [...want.keys()].sort());
    for (const [k, { schema: field, required }] of want) {
      const prop = have.get(k);
      assert.ok(prop);
      const propType = checker.getTypeOfSymbol(prop);
      if (field["x-nullable"]) assert.ok(admitsNull(propType), `${name}.${k} admits null`);
      if (opts.request && !required)
        assert.ok(prop.flags & ts.SymbolFlags.Optional, `${name}.${k} is optional`);
    }
  });
}

test("RestartPolicy's shape is written once, in src/types", () => {
  const src = path.join(dir, "..");
  const declaring = readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .filter((f) => /MaximumRetryCount\??: *(number|unknown)/.test(readFileSync(path.join(src, f), "utf8")));
  assert.deepEqual(declaring, ["types/host-config.ts"]);
});
