// One Compose file's validated tree → the long, canonical forms of types.ts (per file, before
// merging, as compose-go does, so that merging compares like with like), with relative paths
// resolved against the file's base directory. A key the schema allows but berth does not
// apply is refused here, naming its line: never stored and dropped.
import { ramInBytes } from "../../format/units.ts";
import { durationToNanos } from "../duration.ts";
import type {
  Build,
  DependsOn,
  Deploy,
  EnvFile,
  FileObject,
  Healthcheck,
  Network,
  Service,
  ServiceFileRef,
  ServiceNetwork,
  ServicePort,
  ServiceVolume,
  Volume,
} from "../types.ts";
import { splitShellWords } from "./shell-words.ts";
import { parsePortSpec, parseVolumeSpec, resolveHostPath } from "./short-syntax.ts";
import { ComposeFileError, type YamlPath } from "./yaml-source.ts";

type Obj = Record<string, unknown>;

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

export interface CanonicalContext {
  /** Relative paths resolve against it. */
  baseDir: string;
  home?: string;
  where(path: YamlPath, key?: boolean): string;
}

const SERVICE_KEYS = new Set([
  "image", "build", "pull_policy", "container_name", "hostname", "domainname", "command", "entrypoint",
  "working_dir", "user", "environment", "env_file", "labels", "annotations", "ports", "expose", "volumes",
  "volumes_from", "tmpfs", "depends_on", "networks", "network_mode", "links", "external_links", "dns",
  "dns_search", "dns_opt", "extra_hosts", "healthcheck", "restart", "deploy", "scale", "init", "privileged",
  "read_only", "stdin_open", "tty", "cap_add", "cap_drop", "security_opt", "devices", "group_add", "ulimits",
  "sysctls", "stop_signal", "stop_grace_period", "logging", "pid", "ipc", "userns_mode", "cgroup_parent",
  "shm_size", "mem_limit", "mem_reservation", "memswap_limit", "cpus", "cpu_shares", "cpuset", "pids_limit",
  "oom_kill_disable", "oom_score_adj", "platform", "profiles", "secrets", "configs", "extends",
]); // biome-ignore format: a list of keys

/** The error for a key the schema allows but berth does not apply. */
function refuse(ctx: CanonicalContext, path: YamlPath): ComposeFileError {
  return new ComposeFileError(`${ctx.where(path, true)}: ${path.join(".")} is not supported by berth`);
}

function only(ctx: CanonicalContext, obj: Obj, path: YamlPath, allowed: readonly string[]): void {
  for (const k of Object.keys(obj))
    if (!allowed.includes(k) && !k.startsWith("x-")) throw refuse(ctx, [...path, k]);
}

function fail(ctx: CanonicalContext, path: YamlPath, why: string): ComposeFileError {
  return new ComposeFileError(`${ctx.where(path)}: ${path.join(".")}: ${why}`);
}

function str(v: unknown): string {
  return v === null || v === undefined ? "" : String(v);
}

const TRUE = new Set(["true", "yes", "y", "on", "1"]);
const FALSE = new Set(["false", "no", "n", "off", "0"]);

function bool(ctx: CanonicalContext, v: unknown, path: YamlPath): boolean {
  if (typeof v === "boolean") return v;
  const s = str(v).toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw fail(ctx, path, `${JSON.stringify(v)} is not a boolean`);
}

function int(ctx: CanonicalContext, v: unknown, path: YamlPath): number {
  const n = typeof v === "number" ? v : /^[+-]?\d+$/.test(str(v).trim()) ? Number(str(v).trim()) : Number.NaN;
  if (!Number.isInteger(n)) throw fail(ctx, path, `${JSON.stringify(v)} is not an integer`);
  return n;
}

function float(ctx: CanonicalContext, v: unknown, path: YamlPath): number {
  const n = typeof v === "number" ? v : str(v).trim() === "" ? Number.NaN : Number(v);
  if (!Number.isFinite(n)) throw fail(ctx, path, `${JSON.stringify(v)} is not a number`);
  return n;
}

function bytes(ctx: CanonicalContext, v: unknown, path: YamlPath): number {
  if (typeof v === "number") return v;
  try {
    return ramInBytes(str(v));
  } catch (e) {
    throw fail(ctx, path, (e as Error).message);
  }
}

function duration(ctx: CanonicalContext, v: unknown, path: YamlPath): string {
  try {
    durationToNanos(str(v));
  } catch (e) {
    throw fail(ctx, path, (e as Error).message);
  }
  return str(v);
}

function strings(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(str);
}

/** list ["A=b", "C"] or map {A: b, C: null} → map; `nullable` keeps a missing value as null (environment, args). */
function listOrDict(v: unknown, sep: string, nullable: boolean): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = str(item);
      const i = s.indexOf(sep);
      if (i < 0) out[s] = nullable ? null : "";
      else out[s.slice(0, i)] = s.slice(i + 1);
    }
  } else if (v && typeof v === "object") {
    for (const [k, val] of Object.entries(v as Obj))
      out[k] = val === null ? (nullable ? null : "") : str(val);
  }
  return out;
}

const labelsOf = (v: unknown) => listOrDict(v, "=", false) as Record<string, string>;

function portsOf(ctx: CanonicalContext, v: unknown[], path: YamlPath): ServicePort[] {
  const out: ServicePort[] = [];
  v.forEach((p, i) => {
    const at = [...path, i];
    if (typeof p === "string" || typeof p === "number") {
      try {
        out.push(...parsePortSpec(p));
      } catch (e) {
        throw fail(ctx, at, (e as Error).message);
      }
      return;
    }
    const o = p as Obj;
    only(ctx, o, at, ["name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"]);
    const mode = str(o.mode ?? "ingress");
    if (mode !== "ingress" && mode !== "host") throw fail(ctx, [...at, "mode"], `unknown port mode ${mode}`);
    const protocol = str(o.protocol ?? "tcp").toLowerCase();
    if (protocol !== "tcp" && protocol !== "udp" && protocol !== "sctp") {
      throw fail(ctx, [...at, "protocol"], `unknown protocol ${protocol}`);
    }
    const port: ServicePort = { mode, target: int(ctx, o.target, [...at, "target"]), protocol };
    if (o.host_ip !== undefined) port.host_ip = str(o.host_ip);
    if (o.published !== undefined && o.published !== null && o.published !== "")
      port.published = str(o.published);
    if (o.name !== undefined) port.name = str(o.name);
    if (o.app_protocol !== undefined) port.app_protocol = str(o.app_protocol);
    out.push(port);
  });
  return out;
}

function volumesOf(ctx: CanonicalContext, v: unknown[], path: YamlPath): ServiceVolume[] {
  return v.map((item, i) => {
    const at = [...path, i];
    if (typeof item === "string") {
      try {
        return parseVolumeSpec(item, ctx.baseDir, ctx.home);
      } catch (e) {
        throw fail(ctx, at, (e as Error).message);
      }
    }
    const o = item as Obj;
    only(ctx, o, at, ["type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs"]);
    const type = str(o.type) as ServiceVolume["type"];
    if (type === "npipe" || type === "cluster" || type === "image") throw refuse(ctx, [...at, "type"]);
    const vol: ServiceVolume = { type, target: str(o.target) };
    if (o.source !== undefined && o.source !== null && o.source !== "") {
      vol.source = type === "bind" ? resolveHostPath(str(o.source), ctx.baseDir, ctx.home) : str(o.source);
    }
    if (type === "bind" && !vol.source) throw fail(ctx, at, "a bind mount needs a source");
    if (o.read_only !== undefined) vol.read_only = bool(ctx, o.read_only, [...at, "read_only"]);
    if (o.consistency !== undefined) vol.consistency = str(o.consistency);
    if (o.bind) {
      const b = o.bind as Obj;
      only(ctx, b, [...at, "bind"], ["propagation", "create_host_path", "selinux", "recursive"]);
      vol.bind = {};
      if (b.propagation !== undefined) vol.bind.propagation = str(b.propagation);
      if (b.create_host_path !== undefined) {
        vol.bind.create_host_path = bool(ctx, b.create_host_path, [...at, "bind", "create_host_path"]);
      }
      if (b.selinux !== undefined) vol.bind.selinux = str(b.selinux) as "z" | "Z";
      if (b.recursive !== undefined) vol.bind.recursive = str(b.recursive);
    }
    if (o.volume) {
      const vv = o.volume as Obj;
      only(ctx, vv, [...at, "volume"], ["nocopy", "subpath"]);
      vol.volume = {};
      if (vv.nocopy !== undefined) vol.volume.nocopy = bool(ctx, vv.nocopy, [...at, "volume", "nocopy"]);
      if (vv.subpath !== undefined) vol.volume.subpath = str(vv.subpath);
    }
    if (o.tmpfs) {
      const t = o.tmpfs as Obj;
      only(ctx, t, [...at, "tmpfs"], ["size", "mode"]);
      vol.tmpfs = {};
      if (t.size !== undefined) vol.tmpfs.size = bytes(ctx, t.size, [...at, "tmpfs", "size"]);
      if (t.mode !== undefined) {
        vol.tmpfs.mode = typeof t.mode === "number" ? t.mode : Number.parseInt(str(t.mode), 8);
      }
    }
    return vol;
  });
}

function fileRefs(ctx: CanonicalContext, v: unknown[], path: YamlPath, secrets: boolean): ServiceFileRef[] {
  const target = (t: string) => (t.startsWith("/") ? t : secrets ? `/run/secrets/${t}` : `/${t}`);
  return v.map((item, i) => {
    if (typeof item === "string") return { source: item, target: target(item) };
    const o = item as Obj;
    only(ctx, o, [...path, i], ["source", "target", "uid", "gid", "mode"]);
    const ref: ServiceFileRef = { source: str(o.source), target: target(str(o.target ?? o.source)) };
    if (o.uid !== undefined) ref.uid = str(o.uid);
    if (o.gid !== undefined) ref.gid = str(o.gid);
    if (o.mode !== undefined)
      ref.mode = typeof o.mode === "number" ? o.mode : Number.parseInt(str(o.mode), 8);
    return ref;
  });
}

function extraHosts(v: unknown): string[] {
  if (Array.isArray(v)) {
    // Compose accepts "host=ip" and Docker's "host:ip"; berth hands the engine Docker's form.
    return v.map((s) => {
      const t = str(s);
      const eq = t.indexOf("=");
      return eq > 0 ? `${t.slice(0, eq)}:${t.slice(eq + 1)}` : t;
    });
  }
  const out: string[] = [];
  for (const [host, ips] of Object.entries((v ?? {}) as Obj))
    for (const ip of strings(ips)) out.push(`${host}:${ip}`);
  return out;
}

function buildOf(ctx: CanonicalContext, v: unknown, path: YamlPath): Build {
  const o: Obj = typeof v === "string" ? { context: v } : (v as Obj);
  only(ctx, o, path, [
    "context", "dockerfile", "dockerfile_inline", "args", "target", "labels", "network", "no_cache", "pull",
    "tags", "platforms", "extra_hosts", "shm_size", "cache_from", "secrets",
  ]); // biome-ignore format: a list of keys
  const context = str(o.context ?? ".");
  // A remote context (git or http URL) is passed on as written; the engine decides.
  const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith("git@");
  const b: Build = {
    context: remote ? context : resolveHostPath(context, ctx.baseDir, ctx.home),
    dockerfile: str(o.dockerfile ?? "Dockerfile"),
  };
  if (o.dockerfile_inline !== undefined) b.dockerfile_inline = str(o.dockerfile_inline);
  if (o.args !== undefined) b.args = listOrDict(o.args, "=", true);
  if (o.target !== undefined) b.target = str(o.target);
  if (o.labels !== undefined) b.labels = labelsOf(o.labels);
  if (o.network !== undefined) b.network = str(o.network);
  if (o.no_cache !== undefined) b.no_cache = bool(ctx, o.no_cache, [...path, "no_cache"]);
  if (o.pull !== undefined) b.pull = bool(ctx, o.pull, [...path, "pull"]);
  if (o.tags !== undefined) b.tags = strings(o.tags);
  if (o.platforms !== undefined) b.platforms = strings(o.platforms);
  if (o.extra_hosts !== undefined) b.extra_hosts = extraHosts(o.extra_hosts);
  if (o.shm_size !== undefined) b.shm_size = bytes(ctx, o.shm_size, [...path, "shm_size"]);
  if (o.cache_from !== undefined) b.cache_from = strings(o.cache_from);
  if (o.secrets !== undefined) b.secrets = fileRefs(ctx, o.secrets as unknown[], [...path, "secrets"], true);
  return b;
}

function healthcheckOf(ctx: CanonicalContext, o: Obj, path: YamlPath): Healthcheck {
  only(ctx, o, path, ["test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"]);
  const h: Healthcheck = {};
  if (typeof o.test === "string") h.test = ["CMD-SHELL", o.test];
  else if (Array.isArray(o.test)) h.test = o.test.map(str);
  for (const k of ["interval", "timeout", "start_period", "start_interval"] as const) {
    if (o[k] !== undefined && o[k] !== null) h[k] = duration(ctx, o[k], [...path, k]);
  }
  if (o.retries !== undefined && o.retries !== null) h.retries = int(ctx, o.retries, [...path, "retries"]);
  if (o.disable !== undefined) h.disable = bool(ctx, o.disable, [...path, "disable"]);
  return h;
}

function deployOf(ctx: CanonicalContext, o: Obj, path: YamlPath): Deploy {
  only(ctx, o, path, ["mode", "replicas", "labels", "resources", "restart_policy"]);
  const d: Deploy = {};
  if (o.mode !== undefined) {
    d.mode = str(o.mode);
    if (d.mode !== "replicated")
      throw fail(ctx, [...path, "mode"], `deploy mode ${d.mode} is not supported by berth`);
  }
  if (o.replicas !== undefined && o.replicas !== null)
    d.replicas = int(ctx, o.replicas, [...path, "replicas"]);
  if (o.labels !== undefined) d.labels = labelsOf(o.labels);
  if (o.resources) {
    const r = o.resources as Obj;
    const rp = [...path, "resources"];
    only(ctx, r, rp, ["limits", "reservations"]);
    d.resources = {};
    if (r.limits) {
      const l = r.limits as Obj;
      only(ctx, l, [...rp, "limits"], ["cpus", "memory", "pids"]);
      const limits: NonNullable<Deploy["resources"]>["limits"] = {};
      if (l.cpus !== undefined) limits.cpus = float(ctx, l.cpus, [...rp, "limits", "cpus"]);
      if (l.memory !== undefined) limits.memory = bytes(ctx, l.memory, [...rp, "limits", "memory"]);
      if (l.pids !== undefined) limits.pids = int(ctx, l.pids, [...rp, "limits", "pids"]);
      d.resources.limits = limits;
    }
    if (r.reservations) {
      const l = r.reservations as Obj;
      only(ctx, l, [...rp, "reservations"], ["cpus", "memory"]);
      const res: NonNullable<Deploy["resources"]>["reservations"] = {};
      if (l.cpus !== undefined) res.cpus = float(ctx, l.cpus, [...rp, "reservations", "cpus"]);
      if (l.memory !== undefined) res.memory = bytes(ctx, l.memory, [...rp, "reservations", "memory"]);
      d.resources.reservations = res;
    }
  }
  if (o.restart_policy) {
    const r = o.restart_policy as Obj;
    const rp = [...path, "restart_policy"];
    only(ctx, r, rp, ["condition", "delay", "max_attempts", "window"]);
    const p: NonNullable<Deploy["restart_policy"]> = {};
    if (r.condition !== undefined) {
      const c = str(r.condition);
      if (c !== "none" && c !== "on-failure" && c !== "any")
        throw fail(ctx, [...rp, "condition"], `unknown condition ${c}`);
      p.condition = c;
    }
    if (r.delay !== undefined) p.delay = duration(ctx, r.delay, [...rp, "delay"]);
    if (r.max_attempts !== undefined) p.max_attempts = int(ctx, r.max_attempts, [...rp, "max_attempts"]);
    if (r.window !== undefined) p.window = duration(ctx, r.window, [...rp, "window"]);
    d.restart_policy = p;
  }
  return d;
}

function envFiles(ctx: CanonicalContext, v: unknown, path: YamlPath): EnvFile[] {
  return (Array.isArray(v) ? v : [v]).map((item, i) => {
    if (typeof item === "string")
      return { path: resolveHostPath(item, ctx.baseDir, ctx.home), required: true };
    const o = item as Obj;
    if (o.format !== undefined) throw refuse(ctx, [...path, i, "format"]);
    return {
      path: resolveHostPath(str(o.path), ctx.baseDir, ctx.home),
      required: o.required === undefined ? true : bool(ctx, o.required, [...path, i, "required"]),
    };
  });
}

const STRING_LISTS = [
  "expose", "volumes_from", "tmpfs", "links", "external_links", "dns", "dns_search", "dns_opt", "cap_add",
  "cap_drop", "security_opt", "group_add", "profiles",
] as const; // biome-ignore format: a list of keys
const STRINGS = [
  "image", "container_name", "hostname", "domainname", "working_dir", "user", "network_mode", "restart",
  "stop_signal", "pid", "ipc", "userns_mode", "cgroup_parent", "cpuset", "platform",
] as const; // biome-ignore format: a list of keys
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
    if (!SERVICE_KEYS.has(k) && !k.startsWith("x-")) throw refuse(ctx, [...path, k]);
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
      throw fail(ctx, at("pull_policy"), `invalid pull policy ${JSON.stringify(p)}`);
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
