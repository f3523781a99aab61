// One Compose file's validated tree → the long, canonical forms of types.ts (per file, before
// merging, as compose-go does, so that merging compares like with like), with relative paths
// resolved against the file's base directory. A key the schema allows but berth does not
// apply is refused here, naming its line: never stored and dropped.

import { SERVICE_KEYS } from "../service-keys.ts";
import type { DependsOn, FileObject, Network, Service, ServiceNetwork, Volume } from "../types.ts";
import {
  bool,
  buildOf,
  bytes,
  type CanonicalContext,
  deployOf,
  duration,
  envFiles,
  extraHosts,
  fail,
  fileRefs,
  float,
  healthcheckOf,
  int,
  labelsOf,
  listOrDict,
  type Obj,
  only,
  portsOf,
  refuse,
  str,
  strings,
  volumesOf,
} from "./service-parts.ts";
import { splitShellWords } from "./shell-words.ts";
import { resolveHostPath } from "./short-syntax.ts";
import type { YamlPath } from "./yaml-source.ts";

export type { CanonicalContext } from "./service-parts.ts";

/** A Compose file after canonicalisation: the pieces the files of a project are merged from. */
export interface Fragment {
  name?: string;
  services: Record<string, Service & { extends?: { service: string; file?: string } }>;
  networks: Record<string, Network>;
  volumes: Record<string, Volume>;
  secrets: Record<string, FileObject>;
  configs: Record<string, FileObject>;
  extensions: Record<string, unknown>;
}

/** What a service may hold in a file: the normalised keys, plus `extends` (resolved here). */
const FILE_SERVICE_KEYS = new Set([...SERVICE_KEYS, "extends"]);

const STRING_LISTS = [
  "expose",
  "volumes_from",
  "tmpfs",
  "links",
  "external_links",
  "dns",
  "dns_search",
  "dns_opt",
  "cap_add",
  "cap_drop",
  "security_opt",
  "group_add",
  "profiles",
] as const;
const STRINGS = [
  "image",
  "container_name",
  "hostname",
  "domainname",
  "working_dir",
  "user",
  "network_mode",
  "restart",
  "stop_signal",
  "pid",
  "ipc",
  "userns_mode",
  "cgroup_parent",
  "cpuset",
  "platform",
] as const;
const BOOLS = ["init", "privileged", "read_only", "stdin_open", "tty", "oom_kill_disable"] as const;
const SIZES = ["shm_size", "mem_limit", "mem_reservation", "memswap_limit"] as const;
const INTS = ["cpu_shares", "pids_limit", "oom_score_adj", "scale"] as const;

export function canonicalService(
  ctx: CanonicalContext,
  name: string,
  raw: Obj | null,
  path: YamlPath,
): Fragment["services"][string] {
  const o = raw ?? {};
  for (const k of Object.keys(o))
    if (!FILE_SERVICE_KEYS.has(k) && !k.startsWith("x-")) throw refuse(ctx, [...path, k]);
  const at = (k: string) => [...path, k];
  const s: Fragment["services"][string] = {
    name,
    environment: {},
    labels: {},
    ports: [],
    volumes: [],
    depends_on: {},
    networks: {},
  };
  for (const k of STRINGS) if (o[k] !== undefined && o[k] !== null) s[k] = str(o[k]);
  for (const k of STRING_LISTS) if (o[k] !== undefined && o[k] !== null) s[k] = strings(o[k]);
  for (const k of BOOLS) if (o[k] !== undefined && o[k] !== null) s[k] = bool(ctx, o[k], at(k));
  for (const k of SIZES) if (o[k] !== undefined && o[k] !== null) s[k] = bytes(ctx, o[k], at(k));
  for (const k of INTS) if (o[k] !== undefined && o[k] !== null) s[k] = int(ctx, o[k], at(k));
  for (const [k, v] of Object.entries(o)) if (k.startsWith("x-")) s[k as `x-${string}`] = v;
  if (o.pull_policy !== undefined) {
    const p = str(o.pull_policy);
    if (!["always", "never", "missing", "build", "if_not_present"].includes(p)) {
      throw fail(ctx, at("pull_policy"), `pull policy ${JSON.stringify(p)} is not supported by berth`);
    }
    s.pull_policy = p as Service["pull_policy"];
  }
  if (o.cpus !== undefined && o.cpus !== null) s.cpus = float(ctx, o.cpus, at("cpus"));
  for (const k of ["command", "entrypoint"] as const) {
    const v = o[k];
    if (v === undefined) continue;
    if (v === null) s[k] = null;
    else if (Array.isArray(v)) s[k] = v.map(str);
    else {
      try {
        s[k] = splitShellWords(str(v));
      } catch (e) {
        throw fail(ctx, at(k), (e as Error).message);
      }
    }
  }
  if (o.build !== undefined && o.build !== null) s.build = buildOf(ctx, o.build, at("build"));
  if (o.environment !== undefined) s.environment = listOrDict(o.environment, "=", true);
  if (o.env_file !== undefined && o.env_file !== null) s.env_file = envFiles(ctx, o.env_file, at("env_file"));
  if (o.labels !== undefined) s.labels = labelsOf(o.labels);
  if (o.annotations !== undefined) s.annotations = labelsOf(o.annotations);
  if (Array.isArray(o.ports)) s.ports = portsOf(ctx, o.ports, at("ports"));
  if (Array.isArray(o.volumes)) s.volumes = volumesOf(ctx, o.volumes, at("volumes"));
  if (o.depends_on) {
    const d: Record<string, DependsOn> = {};
    if (Array.isArray(o.depends_on)) {
      for (const n of o.depends_on) d[str(n)] = { condition: "service_started", required: true };
    } else {
      for (const [n, v] of Object.entries(o.depends_on as Obj)) {
        const e = v as Obj;
        const dep: DependsOn = {
          condition: str(e.condition) as DependsOn["condition"],
          required:
            e.required === undefined ? true : bool(ctx, e.required, [...at("depends_on"), n, "required"]),
        };
        if (e.restart !== undefined) dep.restart = bool(ctx, e.restart, [...at("depends_on"), n, "restart"]);
        d[n] = dep;
      }
    }
    s.depends_on = d;
  }
  if (o.networks) {
    const n: Record<string, ServiceNetwork | null> = {};
    if (Array.isArray(o.networks)) for (const k of o.networks) n[str(k)] = null;
    else {
      for (const [k, v] of Object.entries(o.networks as Obj)) {
        if (v === null) {
          n[k] = null;
          continue;
        }
        const e = v as Obj;
        const np = [...at("networks"), k];
        only(ctx, e, np, [
          "aliases",
          "ipv4_address",
          "ipv6_address",
          "priority",
          "mac_address",
          "link_local_ips",
        ]);
        const sn: ServiceNetwork = {};
        if (e.aliases !== undefined) sn.aliases = strings(e.aliases);
        if (e.ipv4_address !== undefined) sn.ipv4_address = str(e.ipv4_address);
        if (e.ipv6_address !== undefined) sn.ipv6_address = str(e.ipv6_address);
        if (e.priority !== undefined) sn.priority = int(ctx, e.priority, [...np, "priority"]);
        if (e.mac_address !== undefined) sn.mac_address = str(e.mac_address);
        if (e.link_local_ips !== undefined) sn.link_local_ips = strings(e.link_local_ips);
        n[k] = sn;
      }
    }
    s.networks = n;
  }
  if (o.extra_hosts !== undefined) s.extra_hosts = extraHosts(o.extra_hosts);
  if (o.healthcheck) s.healthcheck = healthcheckOf(ctx, o.healthcheck as Obj, at("healthcheck"));
  if (o.deploy) s.deploy = deployOf(ctx, o.deploy as Obj, at("deploy"));
  if (o.devices !== undefined) {
    s.devices = (o.devices as unknown[]).map((d) => {
      if (typeof d === "string") return d;
      const e = d as Obj;
      return [e.source, e.target ?? e.source, e.permissions]
        .filter((x) => x !== undefined)
        .map(str)
        .join(":");
    });
  }
  if (o.ulimits) {
    const u: NonNullable<Service["ulimits"]> = {};
    for (const [k, v] of Object.entries(o.ulimits as Obj)) {
      const up = [...at("ulimits"), k];
      if (v && typeof v === "object") {
        const e = v as Obj;
        u[k] = { soft: int(ctx, e.soft, [...up, "soft"]), hard: int(ctx, e.hard, [...up, "hard"]) };
      } else {
        const n = int(ctx, v, up);
        u[k] = { soft: n, hard: n };
      }
    }
    s.ulimits = u;
  }
  if (o.sysctls !== undefined) s.sysctls = labelsOf(o.sysctls);
  if (o.stop_grace_period !== undefined)
    s.stop_grace_period = duration(ctx, o.stop_grace_period, at("stop_grace_period"));
  if (o.logging) {
    const l = o.logging as Obj;
    s.logging = {};
    if (l.driver !== undefined) s.logging.driver = str(l.driver);
    if (l.options) s.logging.options = labelsOf(l.options);
  }
  if (Array.isArray(o.secrets)) s.secrets = fileRefs(ctx, o.secrets, at("secrets"), true);
  if (Array.isArray(o.configs)) s.configs = fileRefs(ctx, o.configs, at("configs"), false);
  if (o.extends !== undefined) {
    const e = o.extends;
    s.extends = typeof e === "string" ? { service: e } : { service: str((e as Obj).service) };
    if (typeof e === "object" && (e as Obj).file !== undefined) {
      s.extends.file = resolveHostPath(str((e as Obj).file), ctx.baseDir, ctx.home);
    }
  }
  return s;
}

/** `external: true`, or the deprecated `external: {name: x}`. */
function external(ctx: CanonicalContext, v: Obj, path: YamlPath): { external?: boolean; name?: string } {
  const e = v.external;
  if (e === undefined || e === null) return {};
  if (typeof e === "object") {
    const name = (e as Obj).name;
    return { external: true, ...(name !== undefined ? { name: str(name) } : {}) };
  }
  return { external: bool(ctx, e, [...path, "external"]) };
}

function networkOf(ctx: CanonicalContext, raw: Obj | null, path: YamlPath): Network {
  const o = raw ?? {};
  only(ctx, o, path, [
    "name",
    "driver",
    "driver_opts",
    "ipam",
    "external",
    "internal",
    "attachable",
    "enable_ipv6",
    "labels",
  ]);
  // The engine's name is set once the project's name is known (load.ts); "" until then.
  const n: Network = { name: o.name !== undefined ? str(o.name) : "", labels: labelsOf(o.labels) };
  const ext = external(ctx, o, path);
  if (ext.external !== undefined) n.external = ext.external;
  if (ext.name !== undefined && o.name === undefined) n.name = ext.name;
  if (o.driver !== undefined) n.driver = str(o.driver);
  if (o.driver_opts !== undefined) n.driver_opts = labelsOf(o.driver_opts);
  for (const k of ["internal", "attachable", "enable_ipv6"] as const) {
    if (o[k] !== undefined) n[k] = bool(ctx, o[k], [...path, k]);
  }
  if (o.ipam) {
    const i = o.ipam as Obj;
    only(ctx, i, [...path, "ipam"], ["driver", "config", "options"]);
    n.ipam = {};
    if (i.driver !== undefined) n.ipam.driver = str(i.driver);
    if (i.options !== undefined) n.ipam.options = labelsOf(i.options);
    if (Array.isArray(i.config)) {
      n.ipam.config = i.config.map((c, idx) => {
        const e = c as Obj;
        only(ctx, e, [...path, "ipam", "config", idx], ["subnet", "ip_range", "gateway", "aux_addresses"]);
        const out: NonNullable<NonNullable<Network["ipam"]>["config"]>[number] = {};
        if (e.subnet !== undefined) out.subnet = str(e.subnet);
        if (e.ip_range !== undefined) out.ip_range = str(e.ip_range);
        if (e.gateway !== undefined) out.gateway = str(e.gateway);
        if (e.aux_addresses !== undefined) out.aux_addresses = labelsOf(e.aux_addresses);
        return out;
      });
    }
  }
  return n;
}

function volumeOf(ctx: CanonicalContext, raw: Obj | null, path: YamlPath): Volume {
  const o = raw ?? {};
  only(ctx, o, path, ["name", "driver", "driver_opts", "external", "labels"]);
  const v: Volume = { name: o.name !== undefined ? str(o.name) : "", labels: labelsOf(o.labels) };
  const ext = external(ctx, o, path);
  if (ext.external !== undefined) v.external = ext.external;
  if (ext.name !== undefined && o.name === undefined) v.name = ext.name;
  if (o.driver !== undefined) v.driver = str(o.driver);
  if (o.driver_opts !== undefined) v.driver_opts = labelsOf(o.driver_opts);
  return v;
}

function fileObjectOf(ctx: CanonicalContext, raw: Obj, path: YamlPath): FileObject {
  only(ctx, raw, path, ["name", "file", "environment", "content", "external", "labels"]);
  const f: FileObject = { name: raw.name !== undefined ? str(raw.name) : "" };
  const ext = external(ctx, raw, path);
  if (ext.external !== undefined) f.external = ext.external;
  if (ext.name !== undefined && raw.name === undefined) f.name = ext.name;
  if (raw.file !== undefined) f.file = resolveHostPath(str(raw.file), ctx.baseDir, ctx.home);
  if (raw.environment !== undefined) f.environment = str(raw.environment);
  if (raw.content !== undefined) f.content = str(raw.content);
  if (raw.labels !== undefined) f.labels = labelsOf(raw.labels);
  return f;
}

/** A validated file's tree → its fragment (include and extends are the loader's). */
export function canonicalFile(ctx: CanonicalContext, tree: Obj): Fragment {
  const top = tree ?? {};
  const frag: Fragment = {
    services: {},
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    extensions: {},
  };
  for (const k of Object.keys(top)) {
    if (k.startsWith("x-")) frag.extensions[k] = top[k];
    else if (k === "models" && top[k] !== null && Object.keys(top[k] as Obj).length > 0)
      throw refuse(ctx, [k]);
  }
  if (top.name !== undefined) frag.name = str(top.name);
  for (const [n, v] of Object.entries((top.services ?? {}) as Obj)) {
    frag.services[n] = canonicalService(ctx, n, v as Obj | null, ["services", n]);
  }
  for (const [n, v] of Object.entries((top.networks ?? {}) as Obj)) {
    frag.networks[n] = networkOf(ctx, v as Obj | null, ["networks", n]);
  }
  for (const [n, v] of Object.entries((top.volumes ?? {}) as Obj)) {
    frag.volumes[n] = volumeOf(ctx, v as Obj | null, ["volumes", n]);
  }
  for (const kind of ["secrets", "configs"] as const) {
    for (const [n, v] of Object.entries((top[kind] ?? {}) as Obj)) {
      frag[kind][n] = fileObjectOf(ctx, (v ?? {}) as Obj, [kind, n]);
    }
  }
  return frag;
}
