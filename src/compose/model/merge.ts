// The Compose Specification's merge rules (13-merge.md), for several `-f` files and for
// `extends`: mappings merge, sequences append, `command`/`entrypoint`/`healthcheck.test`
// are replaced, ports/volumes/secrets/configs are unique by key (the later entry wins), and
// `!override`/`!reset` replace or remove what the earlier file had.
import type { Service, ServicePort } from "../types.ts";
import type { Fragment } from "./canonical.ts";
import type { YamlPath } from "./yaml-source.ts";

type Obj = Record<string, unknown>;

/** Paths (from the file's root) tagged in the overriding file. */
export interface MergeTags {
  resets: YamlPath[];
  overrides: YamlPath[];
}

const REPLACED = new Set(["command", "entrypoint", "test"]);

const portKey = (p: ServicePort) => `${p.host_ip ?? ""}|${p.target}|${p.published ?? ""}|${p.protocol}`;
const UNIQUE: Record<string, (item: Obj) => string> = {
  ports: (p) => portKey(p as unknown as ServicePort),
  volumes: (v) => String(v.target),
  secrets: (v) => String(v.target),
  configs: (v) => String(v.target),
};

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function uniqueBy(base: Obj[], over: Obj[], key: (o: Obj) => string): Obj[] {
  const out = [...base];
  for (const o of over) {
    const i = out.findIndex((b) => key(b) === key(o));
    if (i >= 0) out[i] = o;
    else out.push(o);
  }
  return out;
}

function appendUnique(base: unknown[], over: unknown[]): unknown[] {
  const seen = new Set(base.map((v) => JSON.stringify(v)));
  const out = [...base];
  for (const v of over) {
    const k = JSON.stringify(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

const pathKey = (p: YamlPath) => p.join("\u0000");

function mergeValue(base: unknown, over: unknown, path: YamlPath, overrides: Set<string>): unknown {
  const key = path[path.length - 1];
  if (overrides.has(pathKey(path))) return over;
  if (over === undefined) return base;
  // An empty value in the later file (`networks: {front: }`) keeps what the earlier one said.
  if (over === null) return base === undefined ? null : base;
  if (typeof key === "string" && REPLACED.has(key)) return over;
  if (Array.isArray(base) && Array.isArray(over)) {
    const unique = typeof key === "string" ? UNIQUE[key] : undefined;
    return unique ? uniqueBy(base as Obj[], over as Obj[], unique) : appendUnique(base, over);
  }
  if (isObj(base) && isObj(over)) {
    // A logging driver change drops the earlier driver's options.
    if (
      key === "logging" &&
      base.driver !== undefined &&
      over.driver !== undefined &&
      base.driver !== over.driver
    ) {
      return over;
    }
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeValue(base[k], v, [...path, k], overrides);
    return out;
  }
  return over;
}

/** `over` (a service of a later file, or the service that extends) merged onto `base`. */
export function mergeService(
  base: Service,
  over: Service,
  path: YamlPath,
  overrides: Set<string> = new Set(),
): Service {
  return mergeValue(base, over, path, overrides) as Service;
}

/** A resource (service, network, volume…) of `over` merged onto the same one of `base`. */
export function mergeResource<T>(base: T, over: T, path: YamlPath): T {
  return mergeValue(base, over, path, new Set()) as T;
}

function deleteAt(root: Obj, path: YamlPath): void {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1)) cur = isObj(cur) || Array.isArray(cur) ? (cur as Obj)[seg] : undefined;
  const last = path[path.length - 1];
  if (isObj(cur) && last !== undefined) delete cur[String(last)];
}

/** The fragment of a later file merged onto the project so far. */
export function mergeFragments(base: Fragment, over: Fragment, tags: MergeTags): Fragment {
  const out = structuredClone(base);
  for (const p of tags.resets) deleteAt(out as unknown as Obj, p);
  const overrides = new Set(tags.overrides.map(pathKey));
  if (over.name !== undefined) out.name = over.name;
  Object.assign(out.extensions, over.extensions);
  for (const kind of ["services", "networks", "volumes", "secrets", "configs"] as const) {
    const into = out[kind] as Record<string, unknown>;
    for (const [name, v] of Object.entries(over[kind])) {
      into[name] = into[name] === undefined ? v : mergeValue(into[name], v, [kind, name], overrides);
    }
  }
  return out;
}
