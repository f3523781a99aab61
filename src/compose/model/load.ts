// Compose files → the normalised Project (types.ts). Per file, as compose-go does: parse,
// interpolate values, validate against the Compose Specification's schema, canonicalise
// (long forms, absolute paths), resolve `extends` and `include`; then merge the files in order,
// and finally read env_files, apply profiles, name networks/volumes and check references.
//
// For the engine: `project.networks`/`volumes`/`secrets`/`configs` hold only what the enabled
// services use (as Compose trims its project); to start services the user named (one may be
// disabled by profiles), pass them as loadProjectWith's `services`.
// loadProjectWith's `warn` receives Compose's warnings (unset variables, `version`).
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, resolve } from "node:path";
import type { LoadOptions, Project, Service } from "../types.ts";
import { canonicalFile, type Fragment } from "./canonical.ts";
import { parseDotenv } from "./dotenv.ts";
import { finalize } from "./finalize.ts";
import { InterpolationError, interpolate, type Lookup, type OnUnset } from "./interpolate.ts";
import { type MergeTags, mergeFragments, mergeResource, mergeService } from "./merge.ts";
import { validateCompose } from "./schema.ts";
import { ComposeFileError, parseYaml, type YamlPath, type YamlSource } from "./yaml-source.ts";

type Obj = Record<string, unknown>;

/** The default files, in Compose's order of preference, and their override companions. */
const DEFAULT_FILES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];
const overrideOf = (f: string) => f.replace(/\.(ya?ml)$/, ".override.$1");

export interface LoadExtras {
  /** `config --no-interpolate`: keep `${VAR}` as written. */
  interpolate?: boolean;
  /** Compose's warnings (an unset variable, the obsolete `version`), once each. */
  warn?: (message: string) => void;
  /**
   * Services named on the command line, as docker compose's ToProject takes them: each is
   * enabled whatever its profiles, and only they and their dependencies are kept.
   */
  services?: string[];
}

/** The state shared by every file one project load reads. */
interface Session {
  home: string;
  interpolate: boolean;
  sources: YamlSource[];
  /** Files loaded for `extends: file:`, by absolute path. */
  extended: Map<string, Loaded>;
  /** Include chain, to refuse cycles. */
  including: string[];
  stdin?: string;
  onUnset: (name: string) => void;
  warn: (message: string) => void;
}

interface Loaded {
  frag: Fragment;
  tags: MergeTags;
}

export async function loadProject(options: LoadOptions): Promise<Project> {
  return loadProjectWith(options, {});
}

export async function loadProjectWith(options: LoadOptions, extras: LoadExtras): Promise<Project> {
  const cwd = resolve(options.cwd);
  const files =
    options.files.length > 0
      ? options.files.map((f) => (f === "-" ? "-" : resolve(cwd, f)))
      : findDefaultFiles(options.projectDirectory ? resolve(cwd, options.projectDirectory) : cwd);
  const first = files[0];
  const projectDir = options.projectDirectory
    ? resolve(cwd, options.projectDirectory)
    : first === "-"
      ? cwd
      : dirname(first);
  const dotenv = readEnvFiles(
    options.envFiles?.map((f) => resolve(cwd, f)) ?? defaultEnvFile(projectDir),
    options.env,
  );
  const environment: Record<string, string> = { ...dotenv };
  for (const [k, v] of Object.entries(options.env)) if (v !== undefined) environment[k] = v;
  const lookup: Lookup = (n) => (Object.hasOwn(environment, n) ? environment[n] : undefined);
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    extras.warn?.(message);
  };
  const session: Session = {
    onUnset: (n) => warn(`The ${JSON.stringify(n)} variable is not set. Defaulting to a blank string.`),
    warn,
    home: environment.HOME || homedir(),
    interpolate: extras.interpolate ?? true,
    sources: [],
    extended: new Map(),
    including: [],
  };
  const frag = loadFiles(files, projectDir, lookup, session);
  const profiles = options.profiles?.length
    ? options.profiles
    : (environment.COMPOSE_PROFILES ?? "").split(",").filter(Boolean);
  const locate = (path: YamlPath) => {
    let best = { depth: -1, at: files[0] };
    for (const s of session.sources) {
      const f = s.find(path);
      if (f.depth >= best.depth) best = f;
    }
    return best.at;
  };
  return finalize(frag, {
    name: projectName(
      options.projectName ?? environment.COMPOSE_PROJECT_NAME,
      frag.name,
      projectDir,
      files[0],
    ),
    projectDir,
    configFiles: files.map((f) => (f === "-" ? resolve(cwd, "-") : f)),
    environment,
    lookup,
    profiles,
    select: extras.services ?? [],
    locate,
  });
}

function findDefaultFiles(dir: string): string[] {
  for (let d = dir; ; d = dirname(d)) {
    for (const name of DEFAULT_FILES) {
      const f = resolve(d, name);
      if (existsSync(f)) {
        const o = overrideOf(f);
        return existsSync(o) ? [f, o] : [f];
      }
    }
    if (dirname(d) === d) break;
  }
  throw new ComposeFileError("no configuration file provided: not found");
}

function defaultEnvFile(projectDir: string): string[] {
  const f = resolve(projectDir, ".env");
  return existsSync(f) ? [f] : [];
}

/** `.env`/`--env-file` contents, later files winning; the process env is looked up first inside them. */
function readEnvFiles(paths: string[], env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, "utf8");
    } catch (e) {
      throw new ComposeFileError(`reading env file ${p}: ${(e as Error).message}`);
    }
    Object.assign(
      out,
      parseDotenv(text, p, (n) => env[n] ?? out[n]),
    );
  }
  return out;
}

const NAME_RULE = /^[a-z0-9][a-z0-9_-]*$/;

function projectName(
  explicit: string | undefined,
  fromFile: string | undefined,
  projectDir: string,
  file: string,
): string {
  const given = explicit || fromFile;
  if (given) {
    if (!NAME_RULE.test(given)) {
      const origin = explicit ? "" : `${file}: name: `;
      throw new ComposeFileError(
        `${origin}invalid project name ${JSON.stringify(given)}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
      );
    }
    return given;
  }
  const name = basename(projectDir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "")
    .replace(/^[_-]+/, "");
  if (!name)
    throw new ComposeFileError(
      `project name must not be empty: the directory name ${JSON.stringify(basename(projectDir))} has no usable character; use -p or name:`,
    );
  return name;
}

/** Several files merged in order: each later file overrides and extends the earlier ones. */
function loadFiles(files: string[], baseDir: string, lookup: Lookup, session: Session): Fragment {
  let merged: Fragment | undefined;
  for (const f of files) {
    const { frag, tags } = loadFile(f, baseDir, lookup, session);
    merged = merged ? mergeFragments(merged, frag, tags) : frag;
  }
  if (!merged) throw new ComposeFileError("no configuration file provided");
  return merged;
}

function readComposeFile(file: string, session: Session): string {
  if (file === "-") {
    session.stdin ??= readFileSync(0, "utf8");
    return session.stdin;
  }
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ComposeFileError(
      err.code === "ENOENT" ? `open ${file}: no such file or directory` : `reading ${file}: ${err.message}`,
    );
  }
}

/** Interpolates every string value (never a key), naming the file and line of a failure. */
function interpolateTree(
  v: unknown,
  path: YamlPath,
  lookup: Lookup,
  src: YamlSource,
  onUnset: OnUnset,
): unknown {
  if (typeof v === "string") {
    try {
      return interpolate(v, lookup, onUnset);
    } catch (e) {
      if (!(e instanceof InterpolationError)) throw e;
      // compose-go's messages for the two failures.
      const where = `${src.where(path)}: `;
      if (e.invalid) {
        throw new ComposeFileError(
          `${where}invalid interpolation format for ${path.join(".")}.\nYou may need to escape any $ with another $.\n${v}`,
        );
      }
      throw new ComposeFileError(`${where}error while interpolating ${path.join(".")}: ${e.message}`);
    }
  }
  if (Array.isArray(v)) return v.map((x, i) => interpolateTree(x, [...path, i], lookup, src, onUnset));
  if (v && typeof v === "object") {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) out[k] = interpolateTree(x, [...path, k], lookup, src, onUnset);
    return out;
  }
  return v;
}

function loadFile(file: string, baseDir: string, lookup: Lookup, session: Session): Loaded {
  const name = file === "-" ? "(stdin)" : file;
  const src = parseYaml(readComposeFile(file, session), name);
  session.sources.push(src);
  if (src.value === null || src.value === undefined)
    throw new ComposeFileError(`${name}: empty compose file`);
  const tree = (
    session.interpolate ? interpolateTree(src.value, [], lookup, src, session.onUnset) : src.value
  ) as Obj;
  validateCompose(tree, src);
  if (tree.version !== undefined) {
    session.warn(
      `${name}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`,
    );
  }
  const ctx = { baseDir, home: session.home, where: src.where };
  const frag = canonicalFile(ctx, tree);
  resolveExtends(frag, name, lookup, session, src);
  if (Array.isArray(tree.include)) applyIncludes(frag, tree.include, baseDir, lookup, session, src);
  return { frag, tags: { resets: src.resets, overrides: src.overrides } };
}

function resolveExtends(
  frag: Fragment,
  file: string,
  lookup: Lookup,
  session: Session,
  src: YamlSource,
): void {
  const done = new Set<string>();
  const visit = (name: string, chain: string[]): Service => {
    const s = frag.services[name];
    if (!s.extends || done.has(name)) return s;
    const at = src.where(["services", name, "extends"]);
    if (chain.includes(name)) {
      throw new ComposeFileError(`${at}: circular reference with extends: ${[...chain, name].join(" -> ")}`);
    }
    const { service, file: other } = s.extends;
    let base: Service | undefined;
    if (other) {
      let loaded = session.extended.get(other);
      if (!loaded) {
        if (!existsSync(other)) throw new ComposeFileError(`${at}: open ${other}: no such file or directory`);
        loaded = loadFile(other, dirname(other), lookup, session);
        session.extended.set(other, loaded);
      }
      base = loaded.frag.services[service];
      if (!base)
        throw new ComposeFileError(
          `${at}: cannot extend service ${JSON.stringify(name)} in ${other}: service ${JSON.stringify(service)} not found`,
        );
    } else {
      if (!frag.services[service]) {
        throw new ComposeFileError(
          `${at}: cannot extend service ${JSON.stringify(name)} in ${file}: service ${JSON.stringify(service)} not found`,
        );
      }
      base = visit(service, [...chain, name]);
    }
    const { extends: _, ...own } = s;
    const merged = mergeService(structuredClone(base), own as Service, ["services", name]);
    merged.name = name;
    frag.services[name] = merged;
    done.add(name);
    return merged;
  };
  for (const name of Object.keys(frag.services)) visit(name, []);
}

function applyIncludes(
  frag: Fragment,
  include: unknown[],
  baseDir: string,
  lookup: Lookup,
  session: Session,
  src: YamlSource,
): void {
  include.forEach((entry, i) => {
    const e: Obj = typeof entry === "string" ? { path: entry } : (entry as Obj);
    const at = src.where(["include", i]);
    const paths = (Array.isArray(e.path) ? e.path : [e.path]).map((p) => resolve(baseDir, String(p)));
    for (const p of paths) {
      if (!session.including.includes(p)) continue;
      const chain = [...session.including, p];
      throw new ComposeFileError(
        `${at}: include cycle detected:\n${chain[0]}\n include ${chain.slice(1).join("\n include ")}`,
      );
    }
    const projectDir =
      e.project_directory !== undefined ? resolve(baseDir, String(e.project_directory)) : dirname(paths[0]);
    const envFiles =
      e.env_file !== undefined
        ? (Array.isArray(e.env_file) ? e.env_file : [e.env_file]).map((p) => resolve(baseDir, String(p)))
        : defaultEnvFile(projectDir);
    // The including project's variables win over the included project's env files.
    const own = readEnvFiles(envFiles, {});
    const subLookup: Lookup = (n) => lookup(n) ?? (Object.hasOwn(own, n) ? own[n] : undefined);
    for (const p of paths) {
      if (!existsSync(p)) throw new ComposeFileError(`${at}: open ${p}: no such file or directory`);
    }
    session.including.push(...paths);
    let sub: Fragment;
    try {
      sub = loadFiles(paths, projectDir, subLookup, session);
    } finally {
      session.including.splice(session.including.length - paths.length);
    }
    // A resource the including file defines too is merged, the including file's definition
    // winning, as compose-go's importResources does.
    for (const kind of ["services", "networks", "volumes", "secrets", "configs"] as const) {
      const into = frag[kind] as Record<string, unknown>;
      for (const [n, v] of Object.entries(sub[kind])) {
        into[n] = into[n] === undefined ? v : mergeResource(v, into[n], [kind, n]);
      }
    }
  });
}
