/**
 * The container's process: its command (behind docker-init with --init), user, environment,
 * capabilities, rlimits clamped to the host's, and no-new-privileges.
 */
import { InvalidParameterError, SystemError } from "../../errdefs/errors.ts";
import type { SpecInput } from "../oci-spec.ts";
import { clampRlimits, type HostRlimits, mergeRlimits, ulimitsToRlimits } from "../rlimits.ts";
import { INIT_PATH } from "./mounts.ts";
import type { LinuxCapabilities, SpecProcess } from "./spec-types.ts";

/**
 * The process, and whether docker-init runs as PID 1 (only in a PID namespace of the
 * container's own, as moby).
 */
export function processFor(
  input: SpecInput,
  capabilities: LinuxCapabilities,
  noNewPrivileges: boolean | undefined,
  privatePid: boolean,
): { process: SpecProcess; useInit: boolean } {
  const hc = input.hostConfig;
  let args = [...input.process.args];
  const useInit = hc.Init === true && privatePid;
  if (useInit) {
    if (!input.initBinary) {
      throw new SystemError(
        "Cannot use --init: no docker-init binary (tini or catatonit) was found on the host",
      );
    }
    args = [INIT_PATH, "--", ...args];
  }
  if (args.length === 0) throw new InvalidParameterError("No command specified");
  const hostLimits: HostRlimits = { ...input.hostRlimits, RLIMIT_NOFILE: input.hostRlimitNofile };
  const rlimits = mergeRlimits(
    clampRlimits(input.process.rlimits, hostLimits),
    ulimitsToRlimits(hc.Ulimits, hostLimits),
  );
  const proc: SpecProcess = {
    terminal: input.process.terminal,
    user: {
      uid: input.process.user.uid,
      gid: input.process.user.gid,
      additionalGids: [...input.process.user.additionalGids],
    },
    args,
    env: [...input.process.env],
    cwd: input.process.cwd || "/",
    capabilities,
    noNewPrivileges: noNewPrivileges ?? input.process.noNewPrivileges,
    oomScoreAdj: hc.OomScoreAdj ?? 0,
  };
  if (input.process.consoleSize) proc.consoleSize = { ...input.process.consoleSize };
  if (rlimits.length > 0) proc.rlimits = rlimits;
  return { process: proc, useInit };
}
