import type { Readable, Writable } from "node:stream";
import type { EngineClient } from "../client/client.ts";
import type { FlagSpec, FlagValues } from "./flags.ts";

export interface CliIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable;
}

export interface CliContext extends CliIO {
  client: EngineClient;
  /** The docker-style program name used in messages ("berth"). */
  prog: string;
  /** `--config`: where config.json (registry credentials) lives, instead of DOCKER_CONFIG. */
  configDir?: string;
  /** The context the command runs in (--context, the *_HOST variables, `context use`). */
  contextName: string;
  /** `-H`, which the default context stands for. */
  host?: string;
}

export interface Command {
  /** "images", or "image ls" for a subcommand. */
  name: string;
  aliases?: string[];
  usage: string;
  description: string;
  flags: FlagSpec[];
  /** Flags end at the first positional argument (run, exec, create). */
  interspersed?: boolean;
  minArgs?: number;
  maxArgs?: number;
  run(ctx: CliContext, flags: FlagValues, args: string[]): Promise<number | undefined>;
}

/** An error the CLI reports with a given exit status (125: berth's own, as docker's). */
export class CliError extends Error {
  readonly status: number;
  constructor(message: string, status = 1) {
    super(message);
    this.status = status;
  }
}

export const formatFlag: FlagSpec = {
  name: "format",
  type: "string",
  description: "Format output using a custom template",
};

export function str(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function list(flags: FlagValues, name: string): string[] {
  return (flags[name] as string[] | undefined) ?? [];
}

/** `--filter a=b --filter a=c` → the API's `{"a":["b","c"]}` JSON. */
export function filtersJson(filters: string[]): string | undefined {
  if (filters.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq <= 0) throw new CliError(`bad format of filter (expected name=value)`, 125);
    const k = f.slice(0, eq).trim().toLowerCase();
    (out[k] ??= []).push(f.slice(eq + 1));
  }
  return JSON.stringify(out);
}

export function writeLine(w: Writable, s = ""): void {
  w.write(`${s}\n`);
}
