// The short syntaxes of `ports` and `volumes`, parsed into the long form of types.ts as
// compose-go does (ports: docker's nat.ParsePortSpec; volumes: compose-go's ParseVolume).
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import type { ServicePort, ServiceVolume } from "../types.ts";

function portRange(s: string, what: string, spec: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) throw new Error(`invalid ${what} port ${JSON.stringify(s)} in ${JSON.stringify(spec)}`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo > 65535 || hi > 65535 || hi < lo) {
    throw new Error(`invalid ${what} port range ${JSON.stringify(s)} in ${JSON.stringify(spec)}`);
  }
  return [lo, hi];
}

/** "80", "8080:80", "127.0.0.1:8080:80/udp", "[::1]::80", "8000-8001:80-81" → long forms. */
export function parsePortSpec(input: string | number): ServicePort[] {
  const spec = String(input);
  let rest = spec;
  let protocol: ServicePort["protocol"] = "tcp";
  const slash = rest.lastIndexOf("/");
  if (slash >= 0) {
    const p = rest.slice(slash + 1).toLowerCase();
    if (p !== "tcp" && p !== "udp" && p !== "sctp") throw new Error(`invalid proto: ${p}`);
    protocol = p;
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  let published: string | undefined;
  let container: string;
  const colon = rest.lastIndexOf(":");
  if (colon < 0) {
    container = rest;
  } else {
    container = rest.slice(colon + 1);
    const head = rest.slice(0, colon);
    const c2 = head.lastIndexOf(":");
    if (c2 < 0) {
      published = head;
    } else {
      hostIp = head.slice(0, c2);
      published = head.slice(c2 + 1);
      if (hostIp.startsWith("[") && hostIp.endsWith("]")) hostIp = hostIp.slice(1, -1);
    }
  }
  if (published === "") published = undefined;
  if (hostIp === "") hostIp = undefined;
  const [clo, chi] = portRange(container, "container", spec);
  const base = (target: number, pub?: string): ServicePort => ({
    mode: "ingress",
    ...(hostIp ? { host_ip: hostIp } : {}),
    target,
    ...(pub !== undefined ? { published: pub } : {}),
    protocol,
  });
  if (published === undefined) {
    const out: ServicePort[] = [];
    for (let p = clo; p <= chi; p++) out.push(base(p));
    return out;
  }
  const [hlo, hhi] = portRange(published, "published", spec);
  if (clo === chi) return [base(clo, hlo === hhi ? String(hlo) : `${hlo}-${hhi}`)];
  if (hhi - hlo !== chi - clo) {
    throw new Error(`invalid ranges specified for container and host ports: ${JSON.stringify(spec)}`);
  }
  const out: ServicePort[] = [];
  for (let i = 0; i <= chi - clo; i++) out.push(base(clo + i, String(hlo + i)));
  return out;
}

/** A bind source as the files write it: relative to `baseDir`, `~` for the home directory. */
export function resolveHostPath(p: string, baseDir: string, home = homedir()): string {
  if (p === "~") return home;
  if (p.startsWith("~/")) return resolve(home, p.slice(2));
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

const PROPAGATION = new Set(["shared", "rshared", "slave", "rslave", "private", "rprivate"]);
const CONSISTENCY = new Set(["consistent", "cached", "delegated"]);

/** "SRC:DST[:OPTS]" or "DST" → the long form; a SRC starting with `/`, `.` or `~` is a bind. */
export function parseVolumeSpec(spec: string, baseDir: string, home?: string): ServiceVolume {
  const parts = spec.split(":");
  if (parts.some((p) => p === "") || parts.length > 3)
    throw new Error(`invalid spec: ${spec}: empty section or too many colons`);
  if (parts.length === 1) return { type: "volume", target: parts[0] };
  const [source, target, opts] = parts;
  const isBind = source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
  const v: ServiceVolume = isBind
    ? { type: "bind", source: resolveHostPath(source, baseDir, home), target }
    : { type: "volume", source, target };
  // Key order as `docker compose config` prints them: read_only before bind.
  if (opts?.split(",").includes("ro")) v.read_only = true;
  if (isBind) v.bind = { create_host_path: true };
  for (const o of opts ? opts.split(",") : []) {
    if (o === "ro") v.read_only = true;
    else if (o === "rw") v.read_only = false;
    else if (o === "z" || o === "Z") {
      if (!v.bind) throw new Error(`invalid spec: ${spec}: "${o}" applies to bind mounts only`);
      v.bind.selinux = o;
    } else if (PROPAGATION.has(o)) {
      if (!v.bind) throw new Error(`invalid spec: ${spec}: propagation applies to bind mounts only`);
      v.bind.propagation = o;
    } else if (o === "nocopy") {
      if (v.type !== "volume") throw new Error(`invalid spec: ${spec}: nocopy applies to volumes only`);
      v.volume = { nocopy: true };
    } else if (CONSISTENCY.has(o)) v.consistency = o;
    else throw new Error(`invalid spec: ${spec}: unknown option ${JSON.stringify(o)}`);
  }
  return v;
}
