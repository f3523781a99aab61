/**
 * The container's namespaces, in moby's order, from HostConfig's network, UTS, PID, IPC and
 * cgroup namespace modes (`host`, `container:<id>`, private), and what the other parts of the
 * spec need to know about them.
 */
import { InvalidParameterError } from "../../errdefs/errors.ts";
import type { SpecInput } from "../oci-spec.ts";
import type { LinuxNamespace } from "./spec-types.ts";

export interface NamespacePlan {
  namespaces: LinuxNamespace[];
  networkMode: string;
  hostNetwork: boolean;
  hostUts: boolean;
  hostIpc: boolean;
  ipcMode: string;
  /** The container has a PID namespace of its own (so an init process can run as its PID 1). */
  privatePid: boolean;
}

function containerRef(mode: string, kind: string): string {
  const ref = mode.slice("container:".length);
  if (!ref) throw new InvalidParameterError(`invalid ${kind} mode: ${mode}`);
  return ref;
}

export function namespacesFor(input: SpecInput): NamespacePlan {
  const hc = input.hostConfig;
  const namespaces: LinuxNamespace[] = [{ type: "mount" }];
  const networkMode = hc.NetworkMode ?? "";
  const hostNetwork = networkMode === "host";
  if (!hostNetwork) {
    namespaces.push(input.netnsPath ? { type: "network", path: input.netnsPath } : { type: "network" });
  }
  const utsMode = hc.UTSMode ?? "";
  if (utsMode !== "" && utsMode !== "host") throw new InvalidParameterError(`invalid UTS mode: ${utsMode}`);
  const hostUts = utsMode === "host";
  if (!hostUts) namespaces.push({ type: "uts" });

  const pidMode = hc.PidMode ?? "";
  let privatePid = true;
  if (pidMode === "host") privatePid = false;
  else if (pidMode.startsWith("container:")) {
    const ref = containerRef(pidMode, "PID");
    if (!input.namespacePaths?.pid) {
      throw new InvalidParameterError(`Cannot join the PID namespace of container ${ref}: it is not running`);
    }
    namespaces.push({ type: "pid", path: input.namespacePaths.pid });
    privatePid = false;
  } else if (pidMode === "") namespaces.push({ type: "pid" });
  else throw new InvalidParameterError(`invalid PID mode: ${pidMode}`);

  const ipcMode = hc.IpcMode ?? "";
  let hostIpc = false;
  if (ipcMode === "host") hostIpc = true;
  else if (ipcMode.startsWith("container:")) {
    const ref = containerRef(ipcMode, "IPC");
    if (!input.namespacePaths?.ipc) {
      throw new InvalidParameterError(`Cannot join the IPC namespace of container ${ref}: it is not running`);
    }
    namespaces.push({ type: "ipc", path: input.namespacePaths.ipc });
  } else if (["", "private", "shareable", "none"].includes(ipcMode)) namespaces.push({ type: "ipc" });
  else throw new InvalidParameterError(`invalid IPC mode: ${ipcMode}`);

  const cgroupnsMode = hc.CgroupnsMode ?? "";
  if (!["", "private", "host"].includes(cgroupnsMode)) {
    throw new InvalidParameterError(`invalid cgroup namespace mode: ${cgroupnsMode}`);
  }
  if (cgroupnsMode !== "host") namespaces.push({ type: "cgroup" });
  if (input.userNamespace) namespaces.push({ type: "user" });
  return { namespaces, networkMode, hostNetwork, hostUts, hostIpc, ipcMode, privatePid };
}
