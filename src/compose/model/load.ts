// TEMPORARY STUB for the engine branch: the model engineer's real loader replaces this file at
// merge. It does only what the engine's tests need (yaml.parse and the short forms they use) and
// holds none of the engine's logic.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { LoadOptions, Project, Service, ServicePort, ServiceVolume } from "../types.ts";

// biome-ignore lint/suspicious/noExplicitAny: a throw-away stub over untyped YAML
type Raw = Record<string, any>;

const DEFAULT_FILES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

function kv(v: unknown): Record<string, string> {
  if (!v) return {};
  if (Array.isArray(v))
    return Object.fromEntries(
      v.map((s: string) => {
        const i = s.indexOf("=");
        return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
      }),
    );
  return Object.fromEntries(Object.entries(v as Raw).map(([k, x]) => [k, x === null ? "" : String(x)]));
}

function words(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v.map(String) : String(v).split(/\s+/).filter(Boolean);
}

export async function loadProject(options: LoadOptions): Promise<Project> {
  const files = options.files.length
    ? options.files.map((f) => path.resolve(options.cwd, f))
    : [
        DEFAULT_FILES.map((f) => path.join(options.projectDirectory ?? options.cwd, f)).find((f) => {
          try {
            readFileSync(f);
            return true;
          } catch {
            return false;
          }
        }) ?? path.join(options.cwd, "compose.yaml"),
      ];
  const doc: Raw = {};
  for (const f of files) {
    const d = parse(readFileSync(f, "utf8")) as Raw;
    for (const [k, v] of Object.entries(d)) {
      if (k === "services" || k === "networks" || k === "volumes") {
        doc[k] ??= {};
        for (const [n, s] of Object.entries(v as Raw)) doc[k][n] = { ...(doc[k][n] ?? {}), ...(s ?? {}) };
      } else doc[k] = v;
    }
  }
  const dir = options.projectDirectory
    ? path.resolve(options.cwd, options.projectDirectory)
    : path.dirname(files[0]);
  const name =
    options.projectName ??
    doc.name ??
    path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "");
  const services: Record<string, Service> = {};
  for (const [sn, s] of Object.entries((doc.services ?? {}) as Raw)) {
    const ports: ServicePort[] = (s.ports ?? []).map((p: unknown) => {
      if (typeof p === "object") return p as ServicePort;
      const [spec, proto = "tcp"] = String(p).split("/");
      const parts = spec.split(":");
      const target = Number(parts.pop());
      const published = parts.pop();
      const host_ip = parts.pop();
      return {
        mode: "ingress",
        target,
        protocol: proto,
        ...(published ? { published } : {}),
        ...(host_ip ? { host_ip } : {}),
      };
    });
    const volumes: ServiceVolume[] = (s.volumes ?? []).map((v: unknown) => {
      if (typeof v === "object") return v as ServiceVolume;
      const [src, target, mode] = String(v).split(":");
      if (target === undefined) return { type: "volume", target: src };
      const bind = src.startsWith(".") || src.startsWith("/");
      return {
        type: bind ? "bind" : "volume",
        source: bind ? path.resolve(dir, src) : src,
        target,
        ...(mode === "ro" ? { read_only: true } : {}),
      };
    });
    const depends_on: Service["depends_on"] = {};
    if (Array.isArray(s.depends_on))
      for (const d of s.depends_on) depends_on[d] = { condition: "service_started", required: true };
    else
      for (const [d, c] of Object.entries((s.depends_on ?? {}) as Raw))
        depends_on[d] = { condition: "service_started", required: true, ...c };
    const networks: Service["networks"] = {};
    if (Array.isArray(s.networks)) for (const n of s.networks) networks[n] = null;
    else if (s.networks) Object.assign(networks, s.networks);
    else if (!s.network_mode) networks.default = null;
    const hc = s.healthcheck ? { ...s.healthcheck } : undefined;
    if (hc && typeof hc.test === "string") hc.test = ["CMD-SHELL", hc.test];
    services[sn] = {
      ...s,
      name: sn,
      build:
        s.build === undefined
          ? undefined
          : typeof s.build === "string"
            ? { context: path.resolve(dir, s.build), dockerfile: "Dockerfile" }
            : { dockerfile: "Dockerfile", ...s.build, context: path.resolve(dir, s.build.context ?? ".") },
      command: words(s.command),
      entrypoint: words(s.entrypoint),
      environment: kv(s.environment),
      labels: kv(s.labels),
      ports,
      volumes,
      depends_on,
      networks,
      healthcheck: hc,
      scale: s.scale ?? s.deploy?.replicas,
    };
    for (const k of Object.keys(services[sn]) as (keyof Service)[])
      if (services[sn][k] === undefined) delete services[sn][k];
  }
  const networks: Project["networks"] = {};
  const usedNets = new Set(Object.values(services).flatMap((s) => Object.keys(s.networks)));
  for (const n of new Set([...usedNets, ...Object.keys(doc.networks ?? {})])) {
    const x = (doc.networks?.[n] ?? {}) as Raw;
    networks[n] = { ...x, name: x.name ?? (x.external ? n : `${name}_${n}`), labels: kv(x.labels) };
  }
  const volumes: Project["volumes"] = {};
  for (const [n, v] of Object.entries((doc.volumes ?? {}) as Raw)) {
    const x = (v ?? {}) as Raw;
    volumes[n] = { ...x, name: x.name ?? (x.external ? n : `${name}_${n}`), labels: kv(x.labels) };
  }
  return {
    name,
    working_dir: dir,
    config_files: files,
    services,
    networks,
    volumes,
    secrets: {},
    configs: {},
    environment: Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >,
    profiles: options.profiles ?? [],
  };
}
