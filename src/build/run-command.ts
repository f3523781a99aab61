// What a RUN executes: its command (exec or shell form through SHELL, or its here-documents
// as BuildKit's dispatchRun runs them) and its `--mount`/`--network` flags, with what of them
// goes into the cache key besides the command text.

import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Mount } from "../types/host-config.ts";
import type { Instruction } from "./dockerfile.ts";
import { runHeredocCommand } from "./heredoc.ts";
import { commandOf, setEnv } from "./instructions.ts";
import { type MountHost, parseRunFlags, prepareMounts, type RunFlags, runFlagsKey } from "./run-mounts.ts";
import { processWord, type Vars } from "./shell-lex.ts";

/** Where BuildKit mounts a `RUN <<EOF` document that starts with `#!`, to run it as a file. */
const PIPES_DIR = "/dev/pipes";

export interface RunCommand {
  cmd: string[];
  flags: RunFlags;
  /** A here-document to run as a file under /dev/pipes/. */
  pipe?: { name: string; content: string };
  /** More of the cache key than the command and config, when the RUN has flags or a pipe. */
  extraKey?: unknown;
}

export function runCommand(
  ins: Instruction,
  shell: string[],
  workdir: string,
  esc: string,
  vars: Vars,
): RunCommand {
  const flags = parseRunFlags(ins, workdir, (s) => processWord(s, vars, esc));
  let cmd = commandOf(ins, shell);
  let pipe: RunCommand["pipe"];
  if (ins.heredocs?.length) {
    const r = runHeredocCommand(ins.args, ins.heredocs, esc);
    if ("file" in r) {
      pipe = r.file;
      cmd = [...shell, path.posix.join(PIPES_DIR, r.file.name)];
    } else cmd = [...shell, r.script];
  }
  // A RUN without flags keeps the key it had before RUN took flags, so old cache entries hit.
  const extra = ins.flags.length > 0 ? runFlagsKey(flags) : undefined;
  const extraKey = pipe || extra ? { flags: extra, pipe } : undefined;
  return { cmd, flags, ...(pipe ? { pipe } : {}), ...(extraKey ? { extraKey } : {}) };
}

/** Writes the document (0755, as BuildKit) into a directory bind-mounted read-only at /dev/pipes. */
export async function writePipe(scratch: string, pipe: { name: string; content: string }): Promise<Mount> {
  await mkdir(scratch, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(scratch, "pipes-"));
  await writeFile(path.join(dir, pipe.name), pipe.content, { mode: 0o755 });
  return { Type: "bind", Source: dir, Target: PIPES_DIR, ReadOnly: true };
}

/** What the RUN's container gets on top of the build's: its mounts and network, and their undoing. */
export interface RunHost {
  NetworkMode?: string;
  Mounts: Mount[];
  /** Variables for the RUN's container only (secrets given with `env=`), never the image's. */
  Env: string[];
  release(): Promise<void>;
}

export async function prepareRunHost(ins: Instruction, run: RunCommand, host: MountHost): Promise<RunHost> {
  const prepared = await prepareMounts(ins, run.flags, host);
  try {
    if (run.pipe) prepared.mounts.push(await writePipe(host.tmpDir, run.pipe));
  } catch (err) {
    await prepared.release();
    throw err;
  }
  const network = run.flags.network === "default" ? undefined : run.flags.network;
  return {
    Mounts: prepared.mounts,
    Env: prepared.env,
    ...(network ? { NetworkMode: network } : {}),
    release: prepared.release,
  };
}

/** `env` with each `NAME=value` of `more` set (replacing an earlier NAME, which getenv would find first). */
export function withEnv(env: string[], more: string[]): string[] {
  let out = env;
  for (const kv of more) {
    const eq = kv.indexOf("=");
    out = setEnv(out, kv.slice(0, eq), kv.slice(eq + 1));
  }
  return out;
}
