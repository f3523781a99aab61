// The command line and environment of a container's process, from the image's config and
// the create request, with Docker's merge rules (moby daemon/create.go mergeAndVerifyConfig,
// runconfig merge, container.CreateDaemonEnvironment).

import { InvalidParameterError } from "../errdefs/errors.ts";

/** Docker's default PATH for Linux containers (moby oci.DefaultPathEnv). */
export const DEFAULT_PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** A Docker StrSlice: the API accepts an array, a single string, or null. */
export type StrSlice = string[] | string | null | undefined;

export interface CommandConfig {
  Entrypoint?: StrSlice;
  Cmd?: StrSlice;
}

export interface ResolvedCommand {
  /** The merged Config.Entrypoint, as `docker inspect` shows it (null when none). */
  entrypoint: string[] | null;
  /** The merged Config.Cmd (null when none). */
  cmd: string[] | null;
  /** Inspect's `Path` and `Args`. */
  path: string;
  args: string[];
  /** The process's argv: `[path, ...args]`. */
  argv: string[];
}

function strSlice(v: StrSlice): string[] | null {
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? [v] : [...v];
}

/**
 * Resolves the process's arguments as Docker does:
 * - an Entrypoint in the request replaces the image's; `[""]` (`--entrypoint ""`) resets it;
 * - the image's Cmd is used only when the request sets neither Entrypoint nor Cmd (a request
 *   that sets an Entrypoint drops the image's Cmd);
 * - argv = Entrypoint ++ Cmd, and an empty result is "No command specified".
 */
export function resolveCommand(
  imageConfig: CommandConfig | null | undefined,
  createConfig: CommandConfig | null | undefined,
): ResolvedCommand {
  let entrypoint = strSlice(createConfig?.Entrypoint);
  let cmd = strSlice(createConfig?.Cmd);
  // runconfig merge: only an entrypoint that is absent or empty lets the image fill in.
  if (entrypoint === null || entrypoint.length === 0) {
    if (cmd === null || cmd.length === 0) cmd = strSlice(imageConfig?.Cmd);
    if (entrypoint === null) entrypoint = strSlice(imageConfig?.Entrypoint);
  }
  if (entrypoint !== null && entrypoint.length === 1 && entrypoint[0] === "") entrypoint = null;
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  if (argv.length === 0) throw new InvalidParameterError("No command specified");
  return {
    entrypoint: entrypoint && entrypoint.length > 0 ? entrypoint : null,
    cmd: cmd && cmd.length > 0 ? cmd : null,
    path: argv[0],
    args: argv.slice(1),
    argv,
  };
}

function envKey(entry: string): string {
  const eq = entry.indexOf("=");
  return eq < 0 ? entry : entry.slice(0, eq);
}

/**
 * The merged Config.Env Docker stores: the request's variables, then the image's that the
 * request does not set (runconfig merge).
 */
export function mergeConfigEnv(
  imageEnv: readonly string[] | null | undefined,
  createEnv: readonly string[] | null | undefined,
): string[] {
  const user = [...(createEnv ?? [])];
  if (user.length === 0) return [...(imageEnv ?? [])];
  const keys = new Set(user.map(envKey));
  return [...user, ...(imageEnv ?? []).filter((e) => !keys.has(envKey(e)))];
}

export interface EnvOptions {
  /** Adds TERM=xterm, as Docker does for a container with a TTY. */
  tty?: boolean;
  /** Variables of legacy links, placed after Docker's defaults. */
  linkedEnv?: readonly string[];
}

/**
 * The environment of the container's process, in Docker's order: PATH (default
 * `DEFAULT_PATH_ENV`), HOSTNAME, TERM with a TTY, links, then the merged Config.Env. A
 * later entry replaces an earlier one of the same key in place; an entry without `=`
 * unsets the key. HOME is appended when no entry sets it and `home` is given (runc would
 * add it at exec; stating it makes the spec say what the process gets).
 */
export function mergeEnv(
  imageEnv: readonly string[] | null | undefined,
  createEnv: readonly string[] | null | undefined,
  hostname: string,
  home?: string,
  options: EnvOptions = {},
): string[] {
  const defaults = [`PATH=${DEFAULT_PATH_ENV}`, `HOSTNAME=${hostname}`];
  if (options.tty) defaults.push("TERM=xterm");
  const entries: (string | null)[] = [];
  const index = new Map<string, number>();
  const put = (entry: string) => {
    const key = envKey(entry);
    const at = index.get(key);
    if (!entry.includes("=")) {
      if (at !== undefined) entries[at] = null;
      index.delete(key);
      return;
    }
    if (at !== undefined) entries[at] = entry;
    else {
      index.set(key, entries.length);
      entries.push(entry);
    }
  };
  for (const e of [...defaults, ...(options.linkedEnv ?? []), ...mergeConfigEnv(imageEnv, createEnv)]) put(e);
  if (home !== undefined && !index.has("HOME")) put(`HOME=${home}`);
  return entries.filter((e): e is string => e !== null);
}
