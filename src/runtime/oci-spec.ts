// The OCI runtime spec (config.json) of a container, from its Docker configuration, with
// Docker's defaults and rules (moby oci/defaults.go, daemon/oci_linux.go, oci/caps,
// profiles/seccomp, daemon/daemon_unix.go) and runc's checks where runc would otherwise fail
// late with an opaque error (sysctls). Pure: the caller resolves everything that needs the
// host (user, devices, host limits, netns) and writes the result with `serializeSpec`.
// generateSpec composes the parts in spec/ (namespaces, process, capabilities, mounts,
// devices, sysctls, seccomp, resources); Docker's side (HostConfig, SpecInput) is declared here.

import type { HostConfig } from "../types/host-config.ts";
import type { HostRlimit, HostRlimits, Rlimit } from "./rlimits.ts";
import { containerCapabilities, processCapabilities } from "./spec/capabilities.ts";
import { devicesFor } from "./spec/devices.ts";
import { DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS, mountsFor } from "./spec/mounts.ts";
import { namespacesFor } from "./spec/namespaces.ts";
import { processFor } from "./spec/process.ts";
import { resources } from "./spec/resources.ts";
import { seccompFor } from "./spec/seccomp.ts";
import { parseSecurityOpts } from "./spec/security-opts.ts";
import type {
  LinuxDevice,
  LinuxIdMapping,
  RuntimeSpec,
  SeccompProfile,
  SpecLinux,
  SpecProcess,
} from "./spec/spec-types.ts";
import { sysctlsFor } from "./spec/sysctls.ts";

// What moved to spec/ is exported here too: oci-spec.ts stays the runtime spec's one entry.
export {
  ALL_CAPABILITIES,
  containerCapabilities,
  DEFAULT_CAPABILITIES,
  grantableCapabilities,
  normalizeCapabilities,
  processCapabilities,
} from "./spec/capabilities.ts";
export { parseDeviceCgroupRule } from "./spec/devices.ts";
export {
  DEFAULT_MASKED_PATHS,
  DEFAULT_READONLY_PATHS,
  DEFAULT_SHM_SIZE,
  mergeTmpfsOptions,
} from "./spec/mounts.ts";
export { blockIODevicePaths, resources } from "./spec/resources.ts";
export type { SeccompContext } from "./spec/seccomp.ts";
export { convertSeccompProfile, hostSeccompArch, loadDefaultSeccompProfile } from "./spec/seccomp.ts";
export { parseSecurityOpts } from "./spec/security-opts.ts";
export type {
  LinuxCapabilities,
  LinuxDevice,
  LinuxDeviceCgroup,
  LinuxIdMapping,
  LinuxNamespace,
  LinuxResources,
  LinuxSeccomp,
  LinuxSyscall,
  RuntimeSpec,
  SeccompArg,
  SeccompFilter,
  SeccompProfile,
  SeccompProfileSyscall,
  SpecLinux,
  SpecMount,
  SpecProcess,
} from "./spec/spec-types.ts";
export { isIpcNamespacedSysctl, validateSysctls } from "./spec/sysctls.ts";

/** A mount the caller resolved (a bind, a volume's directory, or a tmpfs). */
export interface SpecInputMount {
  type: "bind" | "volume" | "tmpfs";
  /** Host path; ignored for tmpfs. */
  source: string;
  destination: string;
  readonly: boolean;
  /** private, rprivate (a bind's default), shared, rshared, slave, rslave. */
  propagation?: string;
  /** tmpfs data options (`size=…`, `mode=…`). */
  options?: string[];
}

/** A device to create in the container; `access` is its cgroup permission (default rwm). */
export interface SpecInputDevice extends LinuxDevice {
  access?: string;
}

export interface SpecInput {
  id: string;
  rootfsPath: string;
  readonlyRootfs?: boolean;
  process: {
    args: string[];
    env: string[];
    cwd: string;
    user: { uid: number; gid: number; additionalGids: number[] };
    terminal: boolean;
    /** The daemon's default; `--security-opt no-new-privileges[=bool]` overrides it. */
    noNewPrivileges: boolean;
    /** Base limits (daemon defaults), clamped to the host; HostConfig.Ulimits override them. */
    rlimits: Rlimit[];
    consoleSize?: { height: number; width: number };
  };
  hostname: string;
  domainname?: string;
  /** Host paths of the container's /etc/hostname, /etc/hosts and /etc/resolv.conf. */
  initFiles?: { hostname?: string; hosts?: string; resolvConf?: string };
  hostConfig: HostConfig;
  cgroupsPath: string;
  cgroupVersion: "1" | "2";
  /** The prepared network namespace (a bridge network, or `container:` mode's). */
  netnsPath?: string;
  /** Namespaces joined for `container:<id>` pid, ipc and uts modes. */
  namespacePaths?: { pid?: string; ipc?: string; uts?: string };
  /** The /dev/shm to bind for shared IPC (`container:<id>`, `shareable`). */
  shmPath?: string;
  /** Extra mounts, resolved by the caller. */
  mounts?: SpecInputMount[];
  /** The numbers of the block devices HostConfig's block I/O limits name, by path. */
  blockDevices?: Record<string, { major: number; minor: number }>;
  /** HostConfig.Devices resolved to numbers. */
  devices?: SpecInputDevice[];
  /** The host's devices (runtime/host-devices.ts), required for a privileged container. */
  hostDevices?: LinuxDevice[];
  /** tini or catatonit, bound at /sbin/docker-init when HostConfig.Init is set. */
  initBinary?: string;
  hostRlimitNofile: HostRlimit;
  /** The host's other limits, when known (see readHostRlimits). */
  hostRlimits?: HostRlimits;
  /** The daemon's seccomp profile; undefined runs unconfined unless SecurityOpt asks. */
  seccompProfile?: SeccompProfile;
  /** A user namespace, only when asked for. */
  userNamespace?: { uidMappings: LinuxIdMapping[]; gidMappings: LinuxIdMapping[] };
  /** What the kernel's cgroups support; a setting they lack is discarded, as Docker does. */
  kernelSupport?: {
    swapLimit?: boolean;
    memorySwappiness?: boolean;
    blkioWeight?: boolean;
    blkioWeightDevice?: boolean;
    blkioReadBps?: boolean;
    blkioWriteBps?: boolean;
    blkioReadIOps?: boolean;
    blkioWriteIOps?: boolean;
    kernelMemoryTCP?: boolean;
  };
  /** libseccomp's arch name (amd64, arm64, …); defaults to this host's. */
  arch?: string;
  /** Kernel release for seccomp's minKernel; defaults to this host's. */
  kernelVersion?: string;
  /** CPUs available to containers (limits NanoCpus); defaults to this host's. */
  cpuCount?: number;
}

export const OCI_VERSION = "1.0.2-dev";

/**
 * Builds the runtime spec of a container. Throws InvalidParameterError for bad input. Each part
 * comes from its module under spec/; the order below is the order their checks fail in.
 */
export function generateSpec(input: SpecInput): RuntimeSpec {
  const hc = input.hostConfig;
  const privileged = hc.Privileged === true;
  const sec = parseSecurityOpts(hc.SecurityOpt ?? []);
  const readonlyRootfs = input.readonlyRootfs === true || hc.ReadonlyRootfs === true;
  const ns = namespacesFor(input);
  const caps = containerCapabilities(hc);
  const { process, useInit } = processFor(
    input,
    processCapabilities(caps, input.process.user.uid),
    sec.noNewPrivileges,
    ns.privatePid,
  );
  const { mounts, rootfsPropagation } = mountsFor(input, {
    ipcMode: ns.ipcMode,
    readonlyRootfs,
    privileged,
    useInit,
    writableCgroups: sec.writableCgroups,
  });
  const { devices, deviceRules } = devicesFor(input, privileged);
  const sysctl = sysctlsFor(input, ns);
  const seccomp = seccompFor(input, sec.seccomp, privileged, caps);

  const linux: SpecLinux = {
    resources: { devices: deviceRules, ...resources(input, hc) },
    cgroupsPath: input.cgroupsPath,
    namespaces: ns.namespaces,
    maskedPaths: privileged ? [] : [...(hc.MaskedPaths ?? DEFAULT_MASKED_PATHS)],
    readonlyPaths: privileged ? [] : [...(hc.ReadonlyPaths ?? DEFAULT_READONLY_PATHS)],
  };
  if (input.userNamespace) {
    linux.uidMappings = input.userNamespace.uidMappings.map((m) => ({ ...m }));
    linux.gidMappings = input.userNamespace.gidMappings.map((m) => ({ ...m }));
  }
  if (Object.keys(sysctl).length > 0) linux.sysctl = sysctl;
  if (devices.length > 0) linux.devices = devices;
  if (seccomp) linux.seccomp = seccomp;
  if (rootfsPropagation) linux.rootfsPropagation = rootfsPropagation;

  const spec: RuntimeSpec = {
    ociVersion: OCI_VERSION,
    process,
    root: { path: input.rootfsPath, readonly: readonlyRootfs },
    mounts,
    linux,
  };
  if (!ns.hostUts && input.hostname) spec.hostname = input.hostname;
  if (hc.Annotations && Object.keys(hc.Annotations).length > 0) spec.annotations = { ...hc.Annotations };
  return spec;
}

/**
 * The spec as config.json. Rlimits may hold RLIM_INFINITY, a uint64 that JSON numbers in
 * JavaScript cannot carry, so bigints are written as bare digits.
 */
export function serializeSpec(spec: RuntimeSpec): string {
  return toJsonWithBigints(spec, 2);
}

/** An exec's `process.json` (`runc exec --process`), written as config.json's process is. */
export function serializeProcess(process: SpecProcess): string {
  return toJsonWithBigints(process);
}

/**
 * Reads config.json back: integers past 2^53 (RLIM_INFINITY) become bigints again, so that
 * writing a part of it out (an exec's process) gives the runtime the same uint64.
 */
export function parseSpec(text: string): RuntimeSpec {
  return JSON.parse(text, (_key, value, context?: { source?: string }) =>
    typeof value === "number" && !Number.isSafeInteger(value) && /^\d+$/.test(context?.source ?? "")
      ? BigInt(context?.source ?? "0")
      : value,
  ) as RuntimeSpec;
}

function toJsonWithBigints(value: unknown, indent?: number): string {
  const marks: string[] = [];
  const json = JSON.stringify(
    value,
    (_key, v) => {
      if (typeof v !== "bigint") return v;
      marks.push(v.toString());
      return `\u0000bigint:${marks.length - 1}\u0000`;
    },
    indent,
  );
  return json.replace(/"\\u0000bigint:(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)]);
}
