/**
 * The container's capability set: Docker's defaults, --cap-add/--cap-drop and --privileged
 * (moby oci/caps), and the sets the process gets for its user.
 */
import { readFileSync } from "node:fs";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import type { HostConfig } from "../../types/host-config.ts";
import type { LinuxCapabilities } from "./spec-types.ts";

/** Docker's default capability set (moby oci/caps/defaults.go). */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_FSETID",
  "CAP_FOWNER",
  "CAP_MKNOD",
  "CAP_NET_RAW",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETFCAP",
  "CAP_SETPCAP",
  "CAP_NET_BIND_SERVICE",
  "CAP_SYS_CHROOT",
  "CAP_KILL",
  "CAP_AUDIT_WRITE",
];

/** Every capability Linux knows, by number (0 … CAP_CHECKPOINT_RESTORE = 40). */
export const ALL_CAPABILITIES: readonly string[] = [
  "CHOWN",
  "DAC_OVERRIDE",
  "DAC_READ_SEARCH",
  "FOWNER",
  "FSETID",
  "KILL",
  "SETGID",
  "SETUID",
  "SETPCAP",
  "LINUX_IMMUTABLE",
  "NET_BIND_SERVICE",
  "NET_BROADCAST",
  "NET_ADMIN",
  "NET_RAW",
  "IPC_LOCK",
  "IPC_OWNER",
  "SYS_MODULE",
  "SYS_RAWIO",
  "SYS_CHROOT",
  "SYS_PTRACE",
  "SYS_PACCT",
  "SYS_ADMIN",
  "SYS_BOOT",
  "SYS_NICE",
  "SYS_RESOURCE",
  "SYS_TIME",
  "SYS_TTY_CONFIG",
  "MKNOD",
  "LEASE",
  "AUDIT_WRITE",
  "AUDIT_CONTROL",
  "SETFCAP",
  "MAC_OVERRIDE",
  "MAC_ADMIN",
  "SYSLOG",
  "WAKE_ALARM",
  "BLOCK_SUSPEND",
  "AUDIT_READ",
  "PERFMON",
  "BPF",
  "CHECKPOINT_RESTORE",
].map((c) => `CAP_${c}`);

/** Upper-cases and prefixes CAP_ (keeping "ALL"), as moby's NormalizeLegacyCapabilities. */
export function normalizeCapabilities(caps: readonly string[], field = "CapAdd"): string[] {
  return caps.map((raw) => {
    let c = raw.toUpperCase();
    if (c === "ALL") return c;
    if (!c.startsWith("CAP_")) c = `CAP_${c}`;
    if (!ALL_CAPABILITIES.includes(c)) {
      throw new InvalidParameterError(`invalid ${field}: unknown capability: ${JSON.stringify(c)}`);
    }
    return c;
  });
}

let hostBoundingSet: readonly string[] | undefined;

/**
 * The capabilities berthd itself may grant: the kernel's, less any its own bounding set
 * lacks (a sandboxed host may drop some; asking the runtime for them fails with EPERM).
 */
export function grantableCapabilities(): readonly string[] {
  if (hostBoundingSet) return hostBoundingSet;
  let bnd = (1n << BigInt(ALL_CAPABILITIES.length)) - 1n;
  try {
    const m = /^CapBnd:\s+([0-9a-f]+)$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) bnd = BigInt(`0x${m[1]}`);
  } catch {
    // not Linux /proc: assume all
  }
  hostBoundingSet = ALL_CAPABILITIES.filter((_, i) => (bnd >> BigInt(i)) & 1n);
  return hostBoundingSet;
}

/**
 * A process's capability sets from the container's: a non-root process starts with none
 * effective or permitted, as execve would give it (moby oci.SetCapabilities). For the
 * container's init and for every exec, so that both follow one rule.
 */
export function processCapabilities(caps: readonly string[], uid: number): LinuxCapabilities {
  return uid === 0
    ? { bounding: [...caps], effective: [...caps], permitted: [...caps] }
    : { bounding: [...caps] };
}

/** The container's capabilities: Docker's 14, tweaked by CapAdd/CapDrop; all if privileged. */
export function containerCapabilities(hostConfig: HostConfig): string[] {
  const drops = normalizeCapabilities(hostConfig.CapDrop ?? [], "CapDrop");
  const adds = normalizeCapabilities(hostConfig.CapAdd ?? [], "CapAdd");
  if (hostConfig.Privileged) return [...grantableCapabilities()];
  let caps: string[];
  if (adds.includes("ALL")) caps = grantableCapabilities().filter((c) => !drops.includes(c));
  else if (drops.includes("ALL")) caps = adds;
  else caps = [...DEFAULT_CAPABILITIES.filter((c) => !drops.includes(c)), ...adds];
  return [...new Set(caps)];
}
