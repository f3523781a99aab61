// The merged files → the Project the engine converges: env_file contents under `environment`,
// bare `FOO` entries from the interpolation variables, scale, the implicit `default` network,
// engine names of networks/volumes/secrets/configs, profiles, and every cross-reference checked
// (an undefined network, volume, secret, config or service is an error, as in Compose).
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import type { Project, Service } from "../types.ts";
import type { Fragment } from "./canonical.ts";
import { parseDotenv } from "./dotenv.ts";
import type { Lookup } from "./interpolate.ts";
import { isEnabled, profilesFor, selectServices } from "./select.ts";
import { checkServices } from "./validate.ts";
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
  return new ComposeFileError(`${ctx.locate(path)}: ${why}`);
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
    // Unlike environment, an argument with no value and no variable is dropped (as compose-go).
    for (const [k, v] of Object.entries(s.build.args)) {
      if (v !== null) continue;
      const found = ctx.lookup(k);
      if (found === undefined) delete s.build.args[k];
      else s.build.args[k] = found;
    }
  }
}

/** path.Clean of a container path, as compose-go normalises volume targets. */
function cleanPath(p: string): string {
  const clean = posix.normalize(p);
  return clean.length > 1 && clean.endsWith("/") ? clean.slice(0, -1) : clean;
}

/**
 * The dependencies compose-go adds: a service named by `links`, a `service:` namespace
 * (network_mode, ipc, pid) or `volumes_from` must be started first.
 */
function implicitDependencies(s: Service): void {
  const add = (name: string, restart: boolean) => {
    s.depends_on[name] ??= { condition: "service_started", required: true, restart };
  };
  for (const link of s.links ?? []) add(link.split(":")[0], true);
  for (const ns of [s.network_mode, s.ipc, s.pid]) {
    if (ns?.startsWith("service:")) add(ns.slice("service:".length), true);
  }
  for (const vf of s.volumes_from ?? []) if (!vf.startsWith("container:")) add(vf.split(":")[0], false);
}

export function finalize(frag: Fragment, ctx: FinalizeContext): Project {
  const services: Record<string, Service> = {};
  const disabled: Record<string, Service> = {};
  const active = profilesFor(frag.services, ctx.profiles, ctx.select);
  for (const [name, s] of Object.entries(frag.services)) {
    const at = (...p: YamlPath) => ["services", name, ...p];
    if (!s.image && !s.build)
      throw invalid(
        ctx,
        at(),
        `service ${JSON.stringify(name)} has neither an image nor a build context specified: invalid compose project`,
      );
    if (s.build) {
      const { context, dockerfile, ...rest } = s.build;
      if (dockerfile !== undefined && rest.dockerfile_inline !== undefined) {
        throw invalid(
          ctx,
          at("build", "dockerfile_inline"),
          `service ${JSON.stringify(name)} declares mutualy exclusive dockerfile and dockerfile_inline: invalid compose project`,
        );
      }
      // types.ts's dockerfile is always set; with dockerfile_inline it is not used (nor printed).
      s.build = { context: context ?? ctx.projectDir, dockerfile: dockerfile ?? "Dockerfile", ...rest };
    }
    if (s.pull_policy === "if_not_present") s.pull_policy = "missing";
    implicitDependencies(s);
    for (const v of s.volumes) v.target = cleanPath(v.target);
    resolveEnvironment(ctx, s);
    if (s.scale === undefined && s.deploy?.replicas !== undefined) s.scale = s.deploy.replicas;
    if (s.scale !== undefined && s.deploy?.replicas !== undefined && s.scale !== s.deploy.replicas) {
      throw invalid(
        ctx,
        at("scale"),
        `services.${name}: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project`,
      );
    }
    if (s.deploy?.replicas !== undefined && s.deploy.replicas < 0) {
      throw invalid(
        ctx,
        at("deploy", "replicas"),
        `services.${name}.deploy.replicas: must be greater than or equal to 0`,
      );
    }
    if (Object.keys(s.networks).length === 0 && s.network_mode === undefined) s.networks = { default: null };
    delete (s as { extends?: unknown }).extends;
    (isEnabled(s, active) ? services : disabled)[name] = s;
  }
  try {
    selectServices(services, disabled, ctx.select);
  } catch (e) {
    throw new ComposeFileError((e as Error).message);
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
          `service ${JSON.stringify(name)} refers to undefined network ${n}: invalid compose project`,
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
          `service ${JSON.stringify(name)} refers to undefined volume ${v.source}: invalid compose project`,
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
            `service ${JSON.stringify(name)} refers to undefined ${kind.slice(0, -1)} ${ref.source}: invalid compose project`,
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
          `service ${JSON.stringify(name)} refers to undefined build secret ${ref.source}: invalid compose project`,
        );
      secrets[ref.source] = { ...decl, name: engineName(ref.source, decl) };
    }
  }
  checkServices(services, disabled, secrets, (path, why) => invalid(ctx, path, why));
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
