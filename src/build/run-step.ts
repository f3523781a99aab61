// RUN: its command (run-command.ts) in an intermediate container of the step's image, with
// the RUN's mounts, network and secrets (run-mounts.ts), its output sent through the stage's
// channel, and the container's upper dir committed as the step's layer.

import { randomBytes } from "node:crypto";
import path from "node:path";
import { openLogs } from "../container/container-logs.ts";
import { InvalidParameterError } from "../errdefs/errors.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { BuildRun, StageState, StepState } from "./builder.ts";
import { withSourceRoot } from "./copy-step.ts";
import type { Instruction } from "./dockerfile.ts";
import { setEnv } from "./instructions.ts";
import { prepareRunHost, runCommand } from "./run-command.ts";
import { commitStep, type StepBase } from "./step-image.ts";

/** A RUN that exited non-zero; the API sends `exitCode` as the error's `code`, as dockerd. */
export class RunFailedError extends InvalidParameterError {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const cancelled = () => new InvalidParameterError("the build was cancelled: the client went away");

/** Build args RUN sees as environment (those ENV does not set), as `|N k=v` in history. */
function runArgs(st: StageState, env: string[]): string[] {
  const envKeys = new Set(env.map((e) => e.split("=")[0]));
  return [...st.args]
    .filter(([k]) => !envKeys.has(k))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
}

export async function runRun(
  r: BuildRun,
  st: StepState,
  ins: Instruction,
  cfg: ContainerConfig,
  vars: Map<string, string>,
): Promise<StepBase> {
  if (!st.base.record)
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: RUN needs a base image with a shell; the stage starts FROM scratch`,
    );
  const run = runCommand(ins, st.shell, cfg.WorkingDir ?? "/", r.df.escape, vars);
  const cmd = run.cmd;
  const args = runArgs(st, cfg.Env ?? []);
  const createdBy = `${args.length ? `|${args.length} ${args.join(" ")} ` : ""}${cmd.join(" ")}`;
  // The mounts and the network are part of the key, as BuildKit's (the config is only hashed).
  const keyed = run.extraKey === undefined ? cfg : ({ ...cfg, "berth.run": run.extraKey } as ContainerConfig);
  return r.cachedOr(st, keyed, createdBy, async () => {
    let env = cfg.Env ?? [];
    for (const a of args) env = setEnv(env, a.split("=")[0], a.slice(a.indexOf("=") + 1));
    const host = await prepareRunHost(ins, run, {
      cacheMountsDir: r.deps.cacheMountsDir,
      // Its own directory: stages may run side by side.
      tmpDir: path.join(r.ctx.scratch, `run-${randomBytes(6).toString("hex")}`),
      contextRoot: r.ctx.root,
      withRoot: (from, fn) => withSourceRoot(r, from, ins, (root) => fn(root)),
      secrets: r.opts.secrets ?? new Map(),
    });
    return r.inContainer(st, { ...cfg, Cmd: cmd, Entrypoint: [], Env: env }, host, async (id) => {
      const containers = r.deps.containers;
      await containers.start(id);
      const logs = openLogs(containers, id, { stdout: true, stderr: true });
      const pump = logs.pump({ follow: true }, (e) => st.out({ stream: e.log }), r.signal);
      // The kill fails only when the container has already stopped, which is what it wants.
      const onAbort = () => void containers.kill(id).catch(() => {});
      r.signal.addEventListener("abort", onAbort);
      // A client gone before the listener was added: its abort event has passed already.
      if (r.signal.aborted) onAbort();
      try {
        const res = await containers.wait(id, "not-running", new AbortController().signal);
        await pump;
        if (r.signal.aborted) throw cancelled();
        if (res.StatusCode !== 0)
          throw new RunFailedError(
            `The command '${cmd.join(" ")}' returned a non-zero code: ${res.StatusCode}`,
            res.StatusCode,
          );
      } finally {
        r.signal.removeEventListener("abort", onAbort);
      }
      return commitStep(r.deps.images, st.base, {
        config: cfg,
        createdBy,
        layer: () => r.upperTar(id),
      });
    });
  });
}
