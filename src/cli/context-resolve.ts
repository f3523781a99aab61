// Which daemon a command talks to: the context docker's rules choose, and its endpoint. On
// every command's path, so it reads with sync calls and loads node:crypto only when a stored
// context is used (the default context needs neither; each builtin module costs start-up).

import { readFileSync } from "node:fs";
import path from "node:path";
import { resolveHost } from "../client/client.ts";
import { CliError } from "./command.ts";

export const DEFAULT_CONTEXT = "default";

export interface ContextEnv {
  BERTH_HOST?: string;
  DOCKER_HOST?: string;
  BERTH_CONTEXT?: string;
  DOCKER_CONTEXT?: string;
}

/** The store's directory name for a context: the hex sha256 of its name, as docker's. */
export function contextDigest(name: string): string {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(name).digest("hex");
}

/** `<config dir>/contexts/meta/<digest>`: where a context's meta.json lives. */
export function contextMetaDir(configDir: string, name: string): string {
  return path.join(configDir, "contexts", "meta", contextDigest(name));
}

/** The environment variable that overrides the active context, if one is set. */
export function hostOverride(env: ContextEnv): string | undefined {
  if (env.BERTH_HOST) return "BERTH_HOST";
  if (env.DOCKER_HOST) return "DOCKER_HOST";
  return undefined;
}

/** config.json's currentContext, read without the credential machinery (it is on every command's path). */
export function currentContextOf(configDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(configDir, "config.json"), "utf8");
  } catch {
    return undefined;
  }
  try {
    const raw = JSON.parse(text) as { currentContext?: unknown };
    return typeof raw.currentContext === "string" && raw.currentContext ? raw.currentContext : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which context a command uses, as docker's resolveContextName: --context, then "default"
 * when -H or a *_HOST variable names the daemon, then BERTH_CONTEXT / DOCKER_CONTEXT, then
 * config.json's currentContext.
 */
export function resolveContextName(
  opts: { context?: string; host?: string; configDir: string },
  env: ContextEnv,
): string {
  if (opts.context && opts.host)
    throw new CliError("conflicting options: cannot specify both --host and --context");
  if (opts.context) return opts.context;
  if (opts.host || hostOverride(env)) return DEFAULT_CONTEXT;
  return env.BERTH_CONTEXT || env.DOCKER_CONTEXT || currentContextOf(opts.configDir) || DEFAULT_CONTEXT;
}

/** The daemon address of a context: the default's (-H, BERTH_HOST, DOCKER_HOST, berth's socket), or the stored docker endpoint's host. */
/** A stored context's meta.json, or docker's "context not found" error. */
export function readContextMeta<T = unknown>(configDir: string, name: string): T {
  const file = path.join(contextMetaDir(configDir, name), "meta.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CliError(`context "${name}": context not found: open ${file}: no such file or directory`);
    }
    throw new CliError(`context "${name}": cannot read ${file}: ${(err as Error).message}`);
  }
}

export function hostOfContext(name: string, configDir: string, host: string | undefined): string {
  if (name === DEFAULT_CONTEXT) return resolveHost(host);
  const meta = readContextMeta<{ Endpoints?: { docker?: { Host?: string } } }>(configDir, name);
  const h = meta.Endpoints?.docker?.Host;
  if (!h) throw new CliError(`context "${name}" has no docker endpoint`);
  return h;
}
