// `GET /exec/{id}/json` on the service side: an exec instance as Docker's inspect shows it.

import type { ExecInspect } from "../types/exec.ts";
import type { ExecRecord } from "./container-service.ts";

export function inspectExec(
  ex: Pick<ExecRecord, "ID" | "ContainerID" | "Config" | "Running" | "ExitCode" | "Pid">,
): ExecInspect {
  return {
    ID: ex.ID,
    Running: ex.Running,
    ExitCode: ex.ExitCode,
    ProcessConfig: {
      tty: Boolean(ex.Config.Tty),
      entrypoint: ex.Config.Cmd[0],
      arguments: ex.Config.Cmd.slice(1),
      privileged: Boolean(ex.Config.Privileged),
      // moby's `json:"user,omitempty"`
      ...(ex.Config.User ? { user: ex.Config.User } : {}),
    },
    OpenStdin: Boolean(ex.Config.AttachStdin),
    // Docker attaches stdout and stderr unless told not to.
    OpenStderr: ex.Config.AttachStderr !== false,
    OpenStdout: ex.Config.AttachStdout !== false,
    CanRemove: false,
    ContainerID: ex.ContainerID,
    DetachKeys: ex.Config.DetachKeys ?? "",
    Pid: ex.Pid,
  };
}
