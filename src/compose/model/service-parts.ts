// The value forms of a Compose file shared by its services and top-level objects, each to
// its long form in types.ts: conversions of interpolated strings (booleans, integers, sizes,
// durations), list-or-dict, ports, volumes, secrets/configs refs, build, healthcheck, deploy.
import { ramInBytes } from "../../format/units.ts";
import { durationToNanos } from "../duration.ts";
import type {
  Build,
  Deploy,
  EnvFile,
  Healthcheck,
  ServiceFileRef,
  ServicePort,
  ServiceVolume,
} from "../types.ts";
import { parsePortSpec, parseVolumeSpec, resolveHostPath } from "./short-syntax.ts";
import { ComposeFileError, type YamlPath } from "./yaml-source.ts";

export type Obj = Record<string, unknown>;

export interface CanonicalContext {
  /** Relative paths resolve against it. */
  baseDir: string;
  home?: string;
  where(path: YamlPath, key?: boolean): string;
}

/** The error for a key the schema allows but berth does not apply. */
export function refuse(ctx: CanonicalContext, path: YamlPath): ComposeFileError {
  return new ComposeFileError(`${ctx.where(path, true)}: ${path.join(".")} is not supported by berth`);
}

export function only(ctx: CanonicalContext, obj: Obj, path: YamlPath, allowed: readonly string[]): void {
  for (const k of Object.keys(obj))
    if (!allowed.includes(k) && !k.startsWith("x-")) throw refuse(ctx, [...path, k]);
}

export function fail(ctx: CanonicalContext, path: YamlPath, why: string): ComposeFileError {
  return new ComposeFileError(`${ctx.where(path)}: ${path.join(".")}: ${why}`);
}

export function str(v: unknown): string {
  return v === null || v === undefined ? "" : String(v);
}

export const TRUE = new Set(["true", "yes", "y", "on", "1"]);
export const FALSE = new Set(["false", "no", "n", "off", "0"]);

export function bool(ctx: CanonicalContext, v: unknown, path: YamlPath): boolean {
  if (typeof v === "boolean") return v;
  const s = str(v).toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw fail(ctx, path, `${JSON.stringify(v)} is not a boolean`);
}

export function int(ctx: CanonicalContext, v: unknown, path: YamlPath): number {
  const n = typeof v === "number" ? v : /^[+-]?\d+$/.test(str(v).trim()) ? Number(str(v).trim()) : Number.NaN;
  if (!Number.isInteger(n)) throw fail(ctx, path, `${JSON.stringify(v)} is not an integer`);
  return n;
}

export function float(ctx: CanonicalContext, v: unknown, path: YamlPath): number {
  const n = typeof v === "number" ? v : str(v).trim() === "" ? Number.NaN : Number(v);
  if (!Number.isFinite(n)) throw fail(ctx, path, `${JSON.stringify(v)} is not a number`);
  return n;
}

export function bytes(ctx: CanonicalContext, v: unknown, path: YamlPath): number {
  if (typeof v === "number") return v;
  try {
    return ramInBytes(str(v));
  } catch (e) {
    throw fail(ctx, path, (e as Error).message);
  }
}

export function duration(ctx: CanonicalContext, v: unknown, path: YamlPath): string {
  try {
    durationToNanos(str(v));
  } catch (e) {
    throw fail(ctx, path, (e as Error).message);
  }
  return str(v);
}

export function strings(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(str);
}

/** list ["A=b", "C"] or map {A: b, C: null} → map; `nullable` keeps a missing value as null (environment, args). */
export function listOrDict(v: unknown, sep: string, nullable: boolean): Record<string, string | null> {
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

export const labelsOf = (v: unknown) => listOrDict(v, "=", false) as Record<string, string>;

export function portsOf(ctx: CanonicalContext, v: unknown[], path: YamlPath): ServicePort[] {
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

export function volumesOf(ctx: CanonicalContext, v: unknown[], path: YamlPath): ServiceVolume[] {
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
      // A `bind:` mapping without create_host_path means true (compose-go's default).
      vol.bind.create_host_path =
        b.create_host_path === undefined
          ? true
          : bool(ctx, b.create_host_path, [...at, "bind", "create_host_path"]);
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

export function fileRefs(
  ctx: CanonicalContext,
  v: unknown[],
  path: YamlPath,
  secrets: boolean,
): ServiceFileRef[] {
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

export function extraHosts(v: unknown): string[] {
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

export function buildOf(ctx: CanonicalContext, v: unknown, path: YamlPath): Build {
  const o: Obj = typeof v === "string" ? { context: v } : (v as Obj);
  only(ctx, o, path, [
    "context",
    "dockerfile",
    "dockerfile_inline",
    "args",
    "target",
    "labels",
    "network",
    "no_cache",
    "pull",
    "tags",
    "platforms",
    "extra_hosts",
    "shm_size",
    "cache_from",
    "secrets",
  ]);
  // context and dockerfile stay unset when absent, so that a later file's `build` does not
  // reset them: finalize.ts gives the defaults (the project directory, "Dockerfile") after merging.
  const b = {} as Build;
  if (o.context !== undefined && o.context !== null) {
    const context = str(o.context);
    // A remote context (git or http URL) is passed on as written; the engine decides.
    const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith("git@");
    b.context = remote ? context : resolveHostPath(context, ctx.baseDir, ctx.home);
  }
  if (o.dockerfile !== undefined && o.dockerfile !== null) b.dockerfile = str(o.dockerfile);
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

export function healthcheckOf(ctx: CanonicalContext, o: Obj, path: YamlPath): Healthcheck {
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

export function deployOf(ctx: CanonicalContext, o: Obj, path: YamlPath): Deploy {
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

export function envFiles(ctx: CanonicalContext, v: unknown, path: YamlPath): EnvFile[] {
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
