/** Sysctl validation as runc applies it: which keys need which of the container's namespaces. */
import { InvalidParameterError } from "../../errdefs/errors.ts";
import type { SpecInput } from "../oci-spec.ts";

const ipcSysctls = new Set([
  "kernel.msgmax",
  "kernel.msgmnb",
  "kernel.msgmni",
  "kernel.sem",
  "kernel.shmall",
  "kernel.shmmax",
  "kernel.shmmni",
  "kernel.shm_rmid_forced",
]);

/** The sysctls the IPC namespace holds: those a container may set with a private IPC namespace. */
export function isIpcNamespacedSysctl(key: string): boolean {
  return ipcSysctls.has(key) || key.startsWith("fs.mqueue.");
}

// runc's convertSysctlVariableToDotsSeparator: "net/ipv4/ip_forward" → "net.ipv4.ip_forward".
function sysctlDots(key: string): string {
  const slash = key.indexOf("/");
  const dot = key.indexOf(".");
  if (slash < 0 || (dot >= 0 && dot < slash)) return key;
  return key.replace(/[./]/g, (c) => (c === "." ? "/" : "."));
}

/**
 * Checks that each sysctl is namespaced and that the container has its own namespace for it,
 * as runc does (with runc's error texts), so the failure comes at create, not at start.
 */
export function validateSysctls(
  sysctls: Record<string, string>,
  ns: { ipc: boolean; network: boolean; uts: boolean },
): void {
  for (const raw of Object.keys(sysctls)) {
    const s = sysctlDots(raw);
    if (isIpcNamespacedSysctl(s)) {
      if (ns.ipc) continue;
      throw new InvalidParameterError(
        `sysctl ${JSON.stringify(s)} is not allowed in the hosts ipc namespace`,
      );
    }
    if (s.startsWith("net.")) {
      if (ns.network) continue;
      throw new InvalidParameterError(`sysctl ${JSON.stringify(s)} not allowed in host network namespace`);
    }
    if (ns.uts && s === "kernel.domainname") continue;
    if (ns.uts && s === "kernel.hostname") {
      throw new InvalidParameterError(
        `sysctl ${JSON.stringify(s)} is not allowed as it conflicts with the OCI "hostname" field`,
      );
    }
    throw new InvalidParameterError(`sysctl ${JSON.stringify(s)} is not in a separate kernel namespace`);
  }
}

/**
 * The spec's sysctls: Docker's defaults for a network namespace of its own, the NIS domain
 * name, then the user's, checked as runc would.
 */
export function sysctlsFor(
  input: SpecInput,
  ns: { networkMode: string; hostNetwork: boolean; hostUts: boolean; hostIpc: boolean },
): Record<string, string> {
  const sysctl: Record<string, string> = {};
  if (!ns.hostNetwork && !ns.networkMode.startsWith("container:")) {
    if (!input.userNamespace) sysctl["net.ipv4.ping_group_range"] = "0 2147483647";
    sysctl["net.ipv4.ip_unprivileged_port_start"] = "0";
  }
  if (input.domainname && !ns.hostUts) sysctl["kernel.domainname"] = input.domainname;
  const userSysctls = input.hostConfig.Sysctls ?? {};
  validateSysctls(userSysctls, { ipc: !ns.hostIpc, network: !ns.hostNetwork, uts: !ns.hostUts });
  Object.assign(sysctl, userSysctls);
  return sysctl;
}
