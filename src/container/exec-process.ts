// An exec's process, derived as moby's daemon/exec.go does: from the container's own
// process in its OCI spec (rlimits, no-new-privileges, oom score, capability bounding set),
// with the exec's command, environment, user, directory and terminal on top. So the
// capability rule and the security options are written once, in oci-spec.ts.

import path from "node:path";
import { mergeEnv } from "../runtime/command.ts";
import { containerCapabilities, processCapabilities, type SpecProcess } from "../runtime/oci-spec.ts";
import type { HostConfig } from "../types/host-config.ts";
import type { ExecProcessConfig } from "./context.ts";

export interface ExecProcessInput {
  /** process of the container's config.json, as its start wrote it. */
  container: SpecProcess;
  hostConfig: HostConfig;
  config: { Env?: string[] | null; Hostname?: string; WorkingDir?: string };
  exec: ExecProcessConfig;
  user: { uid: number; gid: number; additionalGids: number[]; home: string };
  tty: boolean;
}

export function execProcess(input: ExecProcessInput): SpecProcess {
  const { exec, user, tty, config } = input;
  const hostname = config.Hostname ?? "";
  const baseEnv = mergeEnv(undefined, config.Env, hostname, user.home, { tty });
  const env = mergeEnv(
    undefined,
    [...baseEnv.filter((e) => !e.startsWith("PATH=") && !e.startsWith("HOSTNAME=")), ...(exec.Env ?? [])],
    hostname,
    user.home,
    { tty },
  );
  // A privileged exec gets every capability, as a privileged container would; otherwise the
  // container's bounding set.
  const caps = exec.Privileged
    ? containerCapabilities({ ...input.hostConfig, Privileged: true })
    : input.container.capabilities.bounding;
  const { consoleSize: _containerConsole, ...base } = input.container;
  return {
    ...base,
    terminal: tty,
    ...(tty && exec.ConsoleSize?.[0]
      ? { consoleSize: { height: exec.ConsoleSize[0], width: exec.ConsoleSize[1] } }
      : {}),
    user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
    args: exec.Cmd,
    env,
    cwd: path.resolve("/", exec.WorkingDir || config.WorkingDir || "/"),
    capabilities: processCapabilities(caps, user.uid),
  };
}
