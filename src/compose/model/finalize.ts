// The merged files → the Project the engine converges: env_file contents under `environment`,
// bare `FOO` entries from the interpolation variables, scale, the implicit `default` network,
// engine names of networks/volumes/secrets/configs, profiles, and every cross-reference checked
// (an undefined network, volume, secret, config or service is an error, as in Compose).
import { readFileSync } from "node:fs";
import type { Project, Service } from "../types.ts";
import type { Fragment } from "./canonical.ts";
import { parseDotenv } from "./dotenv.ts";
import type { Lookup } from "./interpolate.ts";
import { isEnabled, profilesFor, selectServices } from "./select.ts";
import { ComposeFileError, type YamlPath } from "./yaml-source.ts";

export interface FinalizeContext {
  name: string;
  projectDir: string;
  configFiles: string[];
  environment: Record<string, string>;
  lookup: Lookup;
  profiles: string[];
  /** Services named on the command line: enabled whatever their profiles, and selected with their dependencies. */
  select: string[];
  /** "file:line:col" of a path in the merged files. */
  locate(path: YamlPath): string;
}

function invalid(ctx: FinalizeContext, path: YamlPath, why: string): ComposeFileError {
  return new ComposeFileError(`${ctx.locate(path)}: ${why}: invalid compose project`);
}

function resolveEnvironment(ctx: FinalizeContext, s: Service): void {
  const fromFiles: Record<string, string> = {};
  for (const f of s.env_file ?? []) {
    let text: string;
    try {
      text = readFileSync(f.path, "utf8");
    } catch (e) {
      if (!f.required && (e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new ComposeFileError(
        `${ctx.locate(["services", s.name, "env_file"])}: env file ${f.path} not found: ${(e as Error).message}`,
      );
    }
    Object.assign(fromFiles, parseDotenv(text, f.path, ctx.lookup));
  }
  const env: Record<string, string | null> = { ...fromFiles };
  for (const [k, v] of Object.entries(s.environment)) {
    // A bare `FOO` takes the variable from the interpolation environment, else from env_file.
    env[k] = v !== null ? v : (ctx.lookup(k) ?? (Object.hasOwn(fromFiles, k) ? fromFiles[k] : null));
  }
  s.environment = env;
  if (s.build?.args) {
    for (const [k, v] of Object.entries(s.build.args))
      if (v === null) s.build.args[k] = ctx.lookup(k) ?? null;
  }
}

export function finalize(frag: Fragment, ctx: FinalizeContext): Project {
  const services: Record<string, Service> = {};
  const disabled: Record<string, Service> = {};
  const all = Object.keys(frag.services);
  const active = profilesFor(frag.services, ctx.profiles, ctx.select);
  for (const [name, s] of Object.entries(frag.services)) {
    const at = (...p: YamlPath) => ["services", name, ...p];
    if (!s.image && !s.build)
      throw invalid(
        ctx,
        at(),
        `service ${JSON.stringify(name)} has neither an image nor a build context specified`,
      );
    if (s.build) {
      const { context, dockerfile, ...rest } = s.build;
      s.build = { context: context ?? ctx.projectDir, dockerfile: dockerfile ?? "Dockerfile", ...rest };
    }
    resolveEnvironment(ctx, s);
    if (s.scale === undefined && s.deploy?.replicas !== undefined) s.scale = s.deploy.replicas;
    if (s.scale !== undefined && s.deploy?.replicas !== undefined && s.scale !== s.deploy.replicas) {
      throw invalid(
        ctx,
        at("scale"),
        `service ${JSON.stringify(name)}: scale (${s.scale}) and deploy.replicas (${s.deploy.replicas}) differ`,
      );
    }
    if (Object.keys(s.networks).length === 0 && s.network_mode === undefined) s.networks = { default: null };
    if (s.network_mode !== undefined && Object.keys(s.networks).length > 0) {
      throw invalid(
        ctx,
        at("network_mode"),
        `service ${JSON.stringify(name)} declares mutually exclusive network_mode and networks`,
      );
    }
    for (const dep of Object.keys(s.depends_on)) {
      if (!all.includes(dep) && s.depends_on[dep].required) {
        throw invalid(
          ctx,
          at("depends_on", dep),
          `service ${JSON.stringify(name)} depends on undefined service ${JSON.stringify(dep)}`,
        );
      }
    }
    for (const mode of [s.network_mode, s.pid, s.ipc]) {
      if (mode?.startsWith("service:") && !all.includes(mode.slice(8))) {
        throw invalid(
          ctx,
          at(),
          `service ${JSON.stringify(name)} refers to undefined service ${JSON.stringify(mode.slice(8))}`,
        );
      }
    }
    for (const vf of s.volumes_from ?? []) {
      const target = vf.split(":")[0];
      if (!vf.startsWith("container:") && !all.includes(target)) {
        throw invalid(
          ctx,
          at("volumes_from"),
          `service ${JSON.stringify(name)} refers to undefined service ${JSON.stringify(target)} in volumes_from`,
        );
      }
    }
    delete (s as { extends?: unknown }).extends;
    (isEnabled(s, active) ? services : disabled)[name] = s;
  }
  try {
    selectServices(services, disabled, ctx.select);
  } catch (e) {
    throw new ComposeFileError((e as Error).message);
  }
  const containerNames = new Map<string, string>();
  for (const [name, s] of Object.entries(services)) {
    if (s.container_name === undefined) continue;
    const other = containerNames.get(s.container_name);
    if (other !== undefined) {
      throw new ComposeFileError(
        `${ctx.locate(["services", name, "container_name"])}: services.${name}: container name ${JSON.stringify(s.container_name)} is already in use by service ${other}`,
      );
    }
    containerNames.set(s.container_name, name);
  }

  // Only what the enabled services use is kept, as `docker compose` trims its project.
  const networks: Project["networks"] = {};
  const volumes: Project["volumes"] = {};
  const secrets: Project["secrets"] = {};
  const configs: Project["configs"] = {};
  const engineName = (key: string, o: { name: string; external?: boolean }) =>
    o.name || (o.external ? key : `${ctx.name}_${key}`);
  for (const [name, s] of Object.entries(services)) {
    for (const n of Object.keys(s.networks)) {
      const decl = frag.networks[n] ?? (n === "default" ? { name: "", labels: {} } : undefined);
      if (!decl)
        throw invalid(
          ctx,
          ["services", name, "networks", n],
          `service ${JSON.stringify(name)} refers to undefined network ${n}`,
        );
      networks[n] = { ...decl, name: engineName(n, decl) };
    }
    for (const [i, v] of s.volumes.entries()) {
      if (v.type !== "volume" || !v.source) continue;
      const decl = frag.volumes[v.source];
      if (!decl)
        throw invalid(
          ctx,
          ["services", name, "volumes", i],
          `service ${JSON.stringify(name)} refers to undefined volume ${v.source}`,
        );
      volumes[v.source] = { ...decl, name: engineName(v.source, decl) };
    }
    for (const [kind, into] of [
      ["secrets", secrets],
      ["configs", configs],
    ] as const) {
      for (const ref of s[kind] ?? []) {
        const decl = frag[kind][ref.source];
        if (!decl)
          throw invalid(
            ctx,
            ["services", name, kind],
            `service ${JSON.stringify(name)} refers to undefined ${kind.slice(0, -1)} ${ref.source}`,
          );
        into[ref.source] = { ...decl, name: engineName(ref.source, decl) };
      }
    }
    for (const ref of s.build?.secrets ?? []) {
      const decl = frag.secrets[ref.source];
      if (!decl)
        throw invalid(
          ctx,
          ["services", name, "build", "secrets"],
          `service ${JSON.stringify(name)} refers to undefined secret ${ref.source}`,
        );
      secrets[ref.source] = { ...decl, name: engineName(ref.source, decl) };
    }
  }
  const project: Project = {
    name: ctx.name,
    working_dir: ctx.projectDir,
    config_files: ctx.configFiles,
    services,
    networks,
    volumes,
    secrets,
    configs,
    environment: ctx.environment,
    profiles: active,
  };
  if (Object.keys(disabled).length > 0) project.disabled_services = disabled;
  for (const [k, v] of Object.entries(frag.extensions)) project[k as `x-${string}`] = v;
  return project;
}
