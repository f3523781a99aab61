// What every `berth compose` subcommand shares: the global flags turned into LoadOptions, the
// project loaded once on demand, and Compose v2's plain progress lines.
import path from "node:path";
import type { Progress } from "../../../compose/engine/progress.ts";
import type { LoadOptions, Project } from "../../../compose/types.ts";
import type { CliContext } from "../../command.ts";
import type { FlagSpec, FlagValues } from "../../flags.ts";
// tabwriter.ts itself, not template.ts: the Go template engine is a dozen modules no table here needs.
import { TabWriter } from "../../format/template/tabwriter.ts";

export interface ComposeEnv {
  loadOptions: LoadOptions;
  /** Loads (once) and returns the project; throws the loader's error. */
  project(): Promise<Project>;
  /** `-p`/COMPOSE_PROJECT_NAME, else the loaded project's name. */
  projectName(): Promise<string>;
  progress: Progress;
}

export interface ComposeCommand {
  name: string;
  usage: string;
  description: string;
  flags: FlagSpec[];
  interspersed?: boolean;
  /** The subcommand parses its own arguments (config, which the model engineer owns). */
  passThrough?: boolean;
  run(ctx: CliContext, env: ComposeEnv, flags: FlagValues, args: string[]): Promise<number | undefined>;
}

export const composeGlobalFlags: FlagSpec[] = [
  { name: "file", short: "f", type: "list", description: "Compose configuration files" },
  { name: "project-name", short: "p", type: "string", description: "Project name" },
  { name: "profile", type: "list", description: "Specify a profile to enable" },
  { name: "env-file", type: "list", description: "Specify an alternate environment file" },
  {
    name: "project-directory",
    type: "string",
    description:
      "Specify an alternate working directory (default: the path of the, first specified, Compose file)",
  },
];

/** The global flags, then COMPOSE_FILE / COMPOSE_PROJECT_NAME / COMPOSE_PROFILES as Compose reads them. */
export function loadOptionsFrom(
  flags: FlagValues,
  env: Record<string, string | undefined>,
  cwd: string,
): LoadOptions {
  let files = (flags.file as string[] | undefined) ?? [];
  if (files.length === 0 && env.COMPOSE_FILE)
    files = env.COMPOSE_FILE.split(env.COMPOSE_PATH_SEPARATOR || path.delimiter).filter(Boolean);
  let profiles = (flags.profile as string[] | undefined) ?? [];
  if (profiles.length === 0 && env.COMPOSE_PROFILES)
    profiles = env.COMPOSE_PROFILES.split(",")
      .map((p) => p.trim())
      .filter(Boolean);
  const envFiles = (flags["env-file"] as string[] | undefined) ?? [];
  const projectName = (flags["project-name"] as string | undefined) || env.COMPOSE_PROJECT_NAME || undefined;
  const projectDirectory = (flags["project-directory"] as string | undefined) || undefined;
  return {
    files,
    ...(projectName ? { projectName } : {}),
    ...(projectDirectory ? { projectDirectory } : {}),
    ...(envFiles.length ? { envFiles } : {}),
    ...(profiles.length ? { profiles } : {}),
    env,
    cwd,
  };
}

export function makeEnv(ctx: CliContext, loadOptions: LoadOptions): ComposeEnv {
  let loaded: Promise<Project> | undefined;
  const project = () => {
    // Loaded on first use: `ls`, `version` and `down -p` need no file, and the loader (yaml,
    // the schema) is most of a compose command's start-up.
    loaded ??= import("../../../compose/model/load.ts").then((m) => m.loadProject(loadOptions));
    return loaded;
  };
  return {
    loadOptions,
    project,
    async projectName() {
      return loadOptions.projectName ?? (await project()).name;
    },
    progress: (kind, name, status) => ctx.stderr.write(` ${kind} ${name}  ${status}\n`),
  };
}

export function table(rows: string[][]): string {
  const tw = new TabWriter(3, 1, 3);
  for (const r of rows) tw.write(`${r.join("\t")}\n`);
  return tw.flush();
}

/** `--scale svc=n`. */
export function parseScale(items: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const [svc, n] = item.split("=");
    if (!svc || n === undefined || !/^\d+$/.test(n))
      throw new Error(`invalid --scale value "${item}": expected SERVICE=NUM`);
    out[svc] = Number(n);
  }
  return out;
}
