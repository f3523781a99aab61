// The OCI runtime spec (config.json) of a container, from its Docker configuration, with
// Docker's defaults and rules (moby oci/defaults.go, daemon/oci_linux.go, oci/caps,
// profiles/seccomp, daemon/daemon_unix.go) and runc's checks where runc would otherwise fail
// late with an opaque error (sysctls). Pure: the caller resolves everything that needs the
// host (user, devices, host limits, netns) and writes the result with `serializeSpec`.

import { readFileSync } from "node:fs";
import os from "node:os";
import { InvalidParameterError, SystemError } from "../errdefs/errors.ts";
import type { HostConfig } from "../types/host-config.ts";
import {
  clampRlimits,
  type HostRlimit,
  type HostRlimits,
  mergeRlimits,
  type Rlimit,
  ulimitsToRlimits,
} from "./rlimits.ts";

// ---- Docker's side: HostConfig and its parts are the Engine API's (src/types) ------------

/** A Docker-format seccomp profile (moby profiles/seccomp, the `--security-opt seccomp=` JSON). */
export interface SeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[] | null;
  archMap?: { architecture: string; subArchitectures: string[] | null }[] | null;
  flags?: string[] | null;
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: SeccompProfileSyscall[] | null;
}

export interface SeccompProfileSyscall {
  name?: string;
  names?: string[] | null;
  action: string;
  errnoRet?: number;
  args?: SeccompArg[] | null;
  comment?: string;
  includes?: SeccompFilter | null;
  excludes?: SeccompFilter | null;
}

export interface SeccompFilter {
  caps?: string[] | null;
  arches?: string[] | null;
  minKernel?: string | null;
}

export interface SeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}

// ---- The OCI side (runtime-spec config.md / config-linux.md), the parts berth writes -------

export interface SpecMount {
  destination: string;
  type: string;
  source: string;
  options?: string[];
}

export interface LinuxCapabilities {
  bounding: string[];
  effective?: string[];
  permitted?: string[];
  inheritable?: string[];
  ambient?: string[];
}

export interface SpecProcess {
  terminal: boolean;
  consoleSize?: { height: number; width: number };
  user: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env: string[];
  cwd: string;
  capabilities: LinuxCapabilities;
  rlimits?: Rlimit[];
  noNewPrivileges: boolean;
  oomScoreAdj?: number;
}

export interface LinuxNamespace {
  type: "pid" | "network" | "mount" | "ipc" | "uts" | "user" | "cgroup";
  path?: string;
}

export interface LinuxIdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

export interface LinuxDevice {
  path: string;
  type: "c" | "b" | "u" | "p";
  major: number;
  minor: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

export interface LinuxDeviceCgroup {
  allow: boolean;
  type?: "a" | "b" | "c";
  major?: number;
  minor?: number;
  access?: string;
}

export interface LinuxResources {
  devices: LinuxDeviceCgroup[];
  memory?: {
    limit?: number;
    reservation?: number;
    swap?: number;
    swappiness?: number;
    disableOOMKiller?: boolean;
  };
  cpu?: { shares?: number; quota?: number; period?: number; cpus?: string; mems?: string };
  pids?: { limit: number };
  blockIO?: { weight?: number };
}

export interface LinuxSyscall {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: SeccompArg[];
}

export interface LinuxSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: LinuxSyscall[];
}

export interface SpecLinux {
  uidMappings?: LinuxIdMapping[];
  gidMappings?: LinuxIdMapping[];
  sysctl?: Record<string, string>;
  resources: LinuxResources;
  cgroupsPath: string;
  namespaces: LinuxNamespace[];
  devices?: LinuxDevice[];
  seccomp?: LinuxSeccomp;
  rootfsPropagation?: string;
  maskedPaths: string[];
  readonlyPaths: string[];
}

export interface RuntimeSpec {
  ociVersion: string;
  process: SpecProcess;
  root: { path: string; readonly: boolean };
  hostname?: string;
  mounts: SpecMount[];
  linux: SpecLinux;
}

// ---- Input --------------------------------------------------------------------------------

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
  kernelSupport?: { swapLimit?: boolean; memorySwappiness?: boolean; blkioWeight?: boolean };
  /** libseccomp's arch name (amd64, arm64, …); defaults to this host's. */
  arch?: string;
  /** Kernel release for seccomp's minKernel; defaults to this host's. */
  kernelVersion?: string;
  /** CPUs available to containers (limits NanoCpus); defaults to this host's. */
  cpuCount?: number;
}

// ---- Docker's defaults --------------------------------------------------------------------

export const OCI_VERSION = "1.0.2-dev";

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

export const DEFAULT_MASKED_PATHS: readonly string[] = [
  "/proc/asound",
  "/proc/acpi",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/sys/firmware",
  "/sys/devices/virtual/powercap",
];

/** /proc/sys among them: writable, it would let a container drop the host's caches. */
export const DEFAULT_READONLY_PATHS: readonly string[] = [
  "/proc/bus",
  "/proc/fs",
  "/proc/irq",
  "/proc/sys",
  "/proc/sysrq-trigger",
];

export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

const INIT_PATH = "/sbin/docker-init";

// Deny every device, then allow those every container has (runtime-spec "default devices").
const DEFAULT_DEVICE_RULES: readonly LinuxDeviceCgroup[] = [
  { allow: false, access: "rwm" },
  { allow: true, type: "c", major: 1, minor: 3, access: "rwm" }, // null
  { allow: true, type: "c", major: 1, minor: 5, access: "rwm" }, // zero
  { allow: true, type: "c", major: 1, minor: 7, access: "rwm" }, // full
  { allow: true, type: "c", major: 1, minor: 8, access: "rwm" }, // random
  { allow: true, type: "c", major: 1, minor: 9, access: "rwm" }, // urandom
  { allow: true, type: "c", major: 5, minor: 0, access: "rwm" }, // tty
  { allow: true, type: "c", major: 5, minor: 1, access: "rwm" }, // console
  { allow: true, type: "c", major: 5, minor: 2, access: "rwm" }, // ptmx
  { allow: true, type: "c", major: 136, access: "rwm" }, // pts/*
];

function defaultMounts(): SpecMount[] {
  return [
    { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
    {
      destination: "/dev",
      type: "tmpfs",
      source: "tmpfs",
      options: ["nosuid", "strictatime", "mode=755", "size=65536k"],
    },
    {
      destination: "/dev/pts",
      type: "devpts",
      source: "devpts",
      options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"],
    },
    { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"] },
    {
      destination: "/sys/fs/cgroup",
      type: "cgroup",
      source: "cgroup",
      options: ["ro", "nosuid", "noexec", "nodev"],
    },
    { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
    {
      destination: "/dev/shm",
      type: "tmpfs",
      source: "shm",
      options: ["nosuid", "noexec", "nodev", "mode=1777"],
    },
  ];
}

// ---- Capabilities -------------------------------------------------------------------------

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

// ---- Security options ---------------------------------------------------------------------

interface SecurityOptions {
  noNewPrivileges?: boolean;
  /** "unconfined", "builtin", or a profile's JSON. */
  seccomp?: string;
  writableCgroups?: boolean;
}

// Go's strconv.ParseBool.
function parseBool(v: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}

/** Parses HostConfig.SecurityOpt with moby's rules and error texts (parseSecurityOpt). */
export function parseSecurityOpts(opts: readonly string[]): SecurityOptions {
  const out: SecurityOptions = {};
  for (const opt of opts) {
    if (opt === "no-new-privileges") {
      out.noNewPrivileges = true;
      continue;
    }
    if (opt === "disable") continue;
    const sep = opt.includes("=") ? "=" : opt.includes(":") ? ":" : undefined;
    if (sep === undefined)
      throw new InvalidParameterError(`invalid --security-opt 1: ${JSON.stringify(opt)}`);
    const at = opt.indexOf(sep);
    const key = opt.slice(0, at);
    const value = opt.slice(at + 1);
    switch (key) {
      case "label":
      case "apparmor":
        // berth runs no LSM profiles of its own; accepted so that Docker's requests work.
        break;
      case "seccomp":
        out.seccomp = value;
        break;
      case "no-new-privileges":
      case "writable-cgroups": {
        const b = parseBool(value);
        if (b === undefined)
          throw new InvalidParameterError(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
        if (key === "no-new-privileges") out.noNewPrivileges = b;
        else out.writableCgroups = b;
        break;
      }
      default:
        throw new InvalidParameterError(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
    }
  }
  return out;
}

// ---- Seccomp ------------------------------------------------------------------------------

// libseccomp's arch names (as profiles' includes/excludes use them) → SCMP_ARCH_*.
const nativeToSeccomp: Record<string, string> = {
  x86: "SCMP_ARCH_X86",
  amd64: "SCMP_ARCH_X86_64",
  arm: "SCMP_ARCH_ARM",
  arm64: "SCMP_ARCH_AARCH64",
  mips64: "SCMP_ARCH_MIPS64",
  mips64n32: "SCMP_ARCH_MIPS64N32",
  mipsel64: "SCMP_ARCH_MIPSEL64",
  mips3l64n32: "SCMP_ARCH_MIPSEL64N32",
  mipsle: "SCMP_ARCH_MIPSEL",
  ppc: "SCMP_ARCH_PPC",
  ppc64: "SCMP_ARCH_PPC64",
  ppc64le: "SCMP_ARCH_PPC64LE",
  riscv64: "SCMP_ARCH_RISCV64",
  s390: "SCMP_ARCH_S390",
  s390x: "SCMP_ARCH_S390X",
  loong64: "SCMP_ARCH_LOONGARCH64",
};

// Node's process.arch → libseccomp's name.
const nodeToNative: Record<string, string> = {
  ia32: "x86",
  x64: "amd64",
  arm: "arm",
  arm64: "arm64",
  mips: "mips",
  mipsel: "mipsle",
  ppc: "ppc",
  ppc64: "ppc64le",
  riscv64: "riscv64",
  s390: "s390",
  s390x: "s390x",
  loong64: "loong64",
};

/** This host's architecture as seccomp profiles name it (amd64, arm64, …). */
export function hostSeccompArch(): string {
  return nodeToNative[process.arch] ?? process.arch;
}

function kernelTriple(release: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  if (!m) throw new InvalidParameterError(`Cannot parse kernel version ${JSON.stringify(release)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function kernelAtLeast(current: string, wanted: string): boolean {
  const c = kernelTriple(current);
  const w = kernelTriple(wanted);
  for (let i = 0; i < 3; i++) if (c[i] !== w[i]) return c[i] > w[i];
  return true;
}

export interface SeccompContext {
  /** The container's bounding capabilities (CAP_*). */
  capabilities: readonly string[];
  arch: string;
  kernelVersion: string;
}

/**
 * Converts a Docker-format profile into `linux.seccomp` for one host and one container, as
 * moby's setupSeccomp: archMap picks this arch and its sub-arches; a rule is kept when its
 * `includes` (arches, every cap, minKernel) hold and its `excludes` do not.
 */
export function convertSeccompProfile(
  profile: SeccompProfile,
  ctx: SeccompContext,
): LinuxSeccomp | undefined {
  const syscalls = profile.syscalls ?? [];
  if (!profile.defaultAction && syscalls.length === 0) return undefined;
  const archMap = profile.archMap ?? [];
  if ((profile.architectures ?? []).length > 0 && archMap.length > 0) {
    throw new InvalidParameterError(
      "both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'",
    );
  }
  const out: LinuxSeccomp = { defaultAction: profile.defaultAction };
  if (profile.defaultErrnoRet !== undefined) out.defaultErrnoRet = profile.defaultErrnoRet;
  const architectures = [...(profile.architectures ?? [])];
  const scmpArch = nativeToSeccomp[ctx.arch];
  const entry = scmpArch === undefined ? undefined : archMap.find((a) => a.architecture === scmpArch);
  if (entry) architectures.push(entry.architecture, ...(entry.subArchitectures ?? []));
  if (architectures.length > 0) out.architectures = architectures;
  if (profile.flags && profile.flags.length > 0) out.flags = [...profile.flags];
  if (profile.listenerPath) out.listenerPath = profile.listenerPath;
  if (profile.listenerMetadata) out.listenerMetadata = profile.listenerMetadata;

  const caps = new Set(ctx.capabilities);
  const kept: LinuxSyscall[] = [];
  for (const call of syscalls) {
    let names = call.names ?? [];
    if (call.name) {
      if (names.length > 0) {
        throw new InvalidParameterError(
          "both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'",
        );
      }
      names = [call.name];
    }
    const ex = call.excludes;
    if (ex) {
      if (ex.arches?.includes(ctx.arch)) continue;
      if (ex.caps?.some((c) => caps.has(c))) continue;
      if (ex.minKernel && kernelAtLeast(ctx.kernelVersion, ex.minKernel)) continue;
    }
    const inc = call.includes;
    if (inc) {
      if (inc.arches && inc.arches.length > 0 && !inc.arches.includes(ctx.arch)) continue;
      if (inc.caps && !inc.caps.every((c) => caps.has(c))) continue;
      if (inc.minKernel && !kernelAtLeast(ctx.kernelVersion, inc.minKernel)) continue;
    }
    const rule: LinuxSyscall = { names: [...names], action: call.action };
    if (call.errnoRet !== undefined) rule.errnoRet = call.errnoRet;
    if (call.args && call.args.length > 0) {
      rule.args = call.args.map((a) => {
        const arg: SeccompArg = { index: a.index, value: a.value, op: a.op };
        if (a.valueTwo) arg.valueTwo = a.valueTwo;
        return arg;
      });
    }
    kept.push(rule);
  }
  if (kept.length > 0) out.syscalls = kept;
  return out;
}

let defaultProfileText: string | undefined;

/** Docker's default seccomp profile (src/runtime/seccomp-default.json); a fresh copy. */
export function loadDefaultSeccompProfile(): SeccompProfile {
  defaultProfileText ??= readFileSync(new URL("./seccomp-default.json", import.meta.url), "utf8");
  return JSON.parse(defaultProfileText) as SeccompProfile;
}

function parseProfile(json: string): SeccompProfile {
  try {
    const p = JSON.parse(json) as unknown;
    if (typeof p !== "object" || p === null || Array.isArray(p)) throw new Error("not a JSON object");
    return p as SeccompProfile;
  } catch (err) {
    throw new InvalidParameterError(`Decoding seccomp profile failed: ${(err as Error).message}`);
  }
}

// ---- Sysctls ------------------------------------------------------------------------------

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

// ---- Mounts -------------------------------------------------------------------------------

const propagations = new Set(["private", "rprivate", "shared", "rshared", "slave", "rslave"]);

// moby/sys/mount flags: options that collide with each other share a key.
const mountFlagKeys: Record<string, string> = {
  ro: "rdonly",
  rw: "rdonly",
  suid: "nosuid",
  nosuid: "nosuid",
  dev: "nodev",
  nodev: "nodev",
  exec: "noexec",
  noexec: "noexec",
  sync: "sync",
  async: "sync",
  dirsync: "dirsync",
  remount: "remount",
  mand: "mand",
  nomand: "mand",
  atime: "noatime",
  noatime: "noatime",
  diratime: "nodiratime",
  nodiratime: "nodiratime",
  bind: "bind",
  rbind: "rbind",
  relatime: "relatime",
  norelatime: "relatime",
  strictatime: "strictatime",
  nostrictatime: "strictatime",
  unbindable: "propagation",
  runbindable: "propagation",
  private: "propagation",
  rprivate: "propagation",
  shared: "propagation",
  rshared: "propagation",
  slave: "propagation",
  rslave: "propagation",
};
const tmpfsDataKeys = new Set(["size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol"]);

/** moby's MergeTmpfsOptions: a later option overrides an earlier one of its kind. */
export function mergeTmpfsOptions(options: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = options.length - 1; i >= 0; i--) {
    const opt = options[i];
    if (opt === "defaults" || opt === "") continue;
    let key = mountFlagKeys[opt];
    if (key === undefined) {
      const eq = opt.indexOf("=");
      const name = eq < 0 ? opt : opt.slice(0, eq);
      if (eq < 0 || !tmpfsDataKeys.has(name)) {
        throw new InvalidParameterError(`Invalid tmpfs option ${JSON.stringify(opt)}`);
      }
      key = `data:${name}`;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.unshift(opt);
  }
  return out;
}

function depth(destination: string): number {
  const clean = destination.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
  return clean === "/" ? 2 : clean.split("/").length;
}

function checkDestination(dest: string, kind: string): void {
  if (!dest.startsWith("/")) {
    throw new InvalidParameterError(
      `invalid mount config for type "${kind}": invalid mount path: '${dest}' mount path must be absolute`,
    );
  }
}

// ---- Resources ----------------------------------------------------------------------------

const MIN_MEMORY = 6 * 1024 * 1024;

/** The cgroup resources of `hc`; `input` is the host's side (the rest of the spec is not needed). */
export function resources(
  input: Pick<SpecInput, "cgroupVersion" | "kernelSupport" | "cpuCount">,
  hc: HostConfig,
): Omit<LinuxResources, "devices"> {
  const support = { swapLimit: true, memorySwappiness: true, blkioWeight: true, ...input.kernelSupport };
  const v2 = input.cgroupVersion === "2";
  const out: Omit<LinuxResources, "devices"> = {};

  const memory = hc.Memory ?? 0;
  const reservation = hc.MemoryReservation ?? 0;
  let swap = hc.MemorySwap ?? 0;
  if (memory !== 0 && memory < MIN_MEMORY)
    throw new InvalidParameterError("Minimum memory limit allowed is 6MB");
  if (memory > 0 && swap === 0) swap = memory * 2; // Docker's default: as much swap as memory
  if (memory > 0 && swap > 0 && swap < memory) {
    throw new InvalidParameterError("Minimum memoryswap limit should be larger than memory limit, see usage");
  }
  if (memory === 0 && swap > 0) {
    throw new InvalidParameterError(
      "You should always set the Memory limit when using Memoryswap limit, see usage",
    );
  }
  let swappiness = hc.MemorySwappiness ?? undefined;
  if (swappiness === -1) swappiness = undefined;
  if (swappiness !== undefined && (swappiness < 0 || swappiness > 100)) {
    throw new InvalidParameterError(`Invalid value: ${swappiness}, valid memory swappiness range is 0-100`);
  }
  if (reservation > 0 && reservation < MIN_MEMORY) {
    throw new InvalidParameterError("Minimum memory reservation allowed is 6MB");
  }
  if (memory > 0 && reservation > 0 && memory < reservation) {
    throw new InvalidParameterError(
      "Minimum memory limit can not be less than memory reservation limit, see usage",
    );
  }
  const mem: NonNullable<LinuxResources["memory"]> = {};
  if (memory > 0) mem.limit = memory;
  if (reservation > 0) mem.reservation = reservation;
  // -1 (or no swap accounting) leaves swap unset: unlimited, as moby does.
  if (swap > 0 && support.swapLimit) mem.swap = swap;
  // cgroup v2 has no swappiness knob.
  if (swappiness !== undefined && support.memorySwappiness && !v2) mem.swappiness = swappiness;
  if (hc.OomKillDisable !== undefined && hc.OomKillDisable !== null) mem.disableOOMKiller = hc.OomKillDisable;
  if (Object.keys(mem).length > 0) out.memory = mem;

  const nano = hc.NanoCpus ?? 0;
  const period = hc.CpuPeriod ?? 0;
  const quota = hc.CpuQuota ?? 0;
  const shares = hc.CpuShares ?? 0;
  if (nano > 0 && period > 0) {
    throw new InvalidParameterError("Conflicting options: Nano CPUs and CPU Period cannot both be set");
  }
  if (nano > 0 && quota > 0) {
    throw new InvalidParameterError("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
  }
  const ncpu = input.cpuCount ?? os.availableParallelism();
  if (nano < 0 || nano > ncpu * 1e9) {
    throw new InvalidParameterError(
      `Range of CPUs is from 0.01 to ${ncpu}.00, as there are only ${ncpu} CPUs available`,
    );
  }
  if (period !== 0 && (period < 1000 || period > 1000000)) {
    throw new InvalidParameterError(
      "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
    );
  }
  if (quota > 0 && quota < 1000)
    throw new InvalidParameterError("CPU cfs quota can not be less than 1ms (i.e. 1000)");
  if (shares < 0) throw new InvalidParameterError("shares: invalid argument");
  const cpuList = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;
  if (hc.CpusetCpus && !cpuList.test(hc.CpusetCpus)) {
    throw new InvalidParameterError(`Invalid value ${hc.CpusetCpus} for cpuset cpus`);
  }
  if (hc.CpusetMems && !cpuList.test(hc.CpusetMems)) {
    throw new InvalidParameterError(`Invalid value ${hc.CpusetMems} for cpuset mems`);
  }
  const cpu: NonNullable<LinuxResources["cpu"]> = {};
  // Docker clamps shares into the kernel's range (adaptContainerSettings).
  if (shares > 0) cpu.shares = Math.min(Math.max(shares, 2), 262144);
  if (nano > 0) {
    cpu.period = 100000;
    cpu.quota = Number((BigInt(Math.trunc(nano)) * 100000n) / 1000000000n);
  }
  if (period !== 0) cpu.period = period;
  if (quota !== 0) cpu.quota = quota;
  if (hc.CpusetCpus) cpu.cpus = hc.CpusetCpus;
  if (hc.CpusetMems) cpu.mems = hc.CpusetMems;
  if (Object.keys(cpu).length > 0) out.cpu = cpu;

  if (hc.PidsLimit !== undefined && hc.PidsLimit !== null) {
    out.pids = { limit: hc.PidsLimit > 0 ? hc.PidsLimit : -1 };
  }

  const weight = hc.BlkioWeight ?? 0;
  if (weight > 0 && support.blkioWeight) {
    if (weight < 10 || weight > 1000)
      throw new InvalidParameterError("Range of blkio weight is from 10 to 1000");
    out.blockIO = { weight };
  }
  return out;
}

const deviceRuleRe = /^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$/;

/** Parses `--device-cgroup-rule` ("c 1:3 mr", "a *:* rwm"). */
export function parseDeviceCgroupRule(rule: string): LinuxDeviceCgroup {
  if (rule === "a") return { allow: true, type: "a", access: "rwm" };
  const m = deviceRuleRe.exec(rule);
  if (!m) throw new InvalidParameterError(`invalid device cgroup rule format: '${rule}'`);
  const out: LinuxDeviceCgroup = { allow: true, type: m[1] as "a" | "b" | "c" };
  if (m[2] !== "*") out.major = Number(m[2]);
  if (m[3] !== "*") out.minor = Number(m[3]);
  out.access = m[4];
  return out;
}

// ---- The spec -----------------------------------------------------------------------------

function containerRef(mode: string, kind: string): string {
  const ref = mode.slice("container:".length);
  if (!ref) throw new InvalidParameterError(`invalid ${kind} mode: ${mode}`);
  return ref;
}

/** Builds the runtime spec of a container. Throws InvalidParameterError for bad input. */
export function generateSpec(input: SpecInput): RuntimeSpec {
  const hc = input.hostConfig;
  const privileged = hc.Privileged === true;
  const sec = parseSecurityOpts(hc.SecurityOpt ?? []);
  const readonlyRootfs = input.readonlyRootfs === true || hc.ReadonlyRootfs === true;

  // Namespaces, in moby's order.
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

  const caps = containerCapabilities(hc);
  const capabilities = processCapabilities(caps, input.process.user.uid);

  // Process.
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
    noNewPrivileges: sec.noNewPrivileges ?? input.process.noNewPrivileges,
    oomScoreAdj: hc.OomScoreAdj ?? 0,
  };
  if (input.process.consoleSize) proc.consoleSize = { ...input.process.consoleSize };
  if (rlimits.length > 0) proc.rlimits = rlimits;

  // Mounts: the container's own (init files, IPC, tmpfs, the caller's), sorted by depth so a
  // parent is mounted before its children.
  const shmSize = hc.ShmSize ?? 0;
  if (shmSize < 0) throw new InvalidParameterError("SHM size can not be less than 0");
  const own: SpecMount[] = [];
  const bindOptions = (ro: boolean, propagation: string | undefined) => {
    const opts = ["rbind"];
    if (ro) opts.push("ro");
    if (propagation) opts.push(propagation);
    return opts;
  };
  let rootfsPropagation: string | undefined;
  const userDestinations = new Set<string>();
  for (const m of input.mounts ?? []) {
    checkDestination(m.destination, m.type);
    userDestinations.add(m.destination);
  }
  for (const dest of Object.keys(hc.Tmpfs ?? {})) checkDestination(dest, "tmpfs");

  if (ipcMode === "host") {
    own.push({ destination: "/dev/shm", type: "bind", source: "/dev/shm", options: ["rbind", "rprivate"] });
  } else if ((ipcMode.startsWith("container:") || ipcMode === "shareable") && input.shmPath) {
    own.push({
      destination: "/dev/shm",
      type: "bind",
      source: input.shmPath,
      options: ["rbind", "rprivate"],
    });
  }
  const initFiles: [string, string | undefined][] = [
    ["/etc/resolv.conf", input.initFiles?.resolvConf],
    ["/etc/hostname", input.initFiles?.hostname],
    ["/etc/hosts", input.initFiles?.hosts],
  ];
  for (const [destination, source] of initFiles) {
    if (!source || userDestinations.has(destination)) continue;
    own.push({ destination, type: "bind", source, options: bindOptions(readonlyRootfs, "rprivate") });
  }
  for (const [destination, data] of Object.entries(hc.Tmpfs ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (userDestinations.has(destination)) continue;
    const options = mergeTmpfsOptions([
      "noexec",
      "nosuid",
      "nodev",
      "rprivate",
      ...(data ? data.split(",") : []),
    ]);
    own.push({ destination, type: "tmpfs", source: "tmpfs", options });
  }
  for (const m of input.mounts ?? []) {
    if (m.type === "tmpfs") {
      const data = [...(m.options ?? [])];
      if (m.readonly) data.push("ro");
      const options = mergeTmpfsOptions(["noexec", "nosuid", "nodev", "rprivate", ...data]);
      own.push({ destination: m.destination, type: "tmpfs", source: "tmpfs", options });
      continue;
    }
    const propagation = m.propagation ?? (m.type === "bind" ? "rprivate" : undefined);
    if (propagation !== undefined && !propagations.has(propagation)) {
      throw new InvalidParameterError(`invalid propagation mode: ${propagation}`);
    }
    // A shared or slave mount needs a root that propagates too (moby WithMounts).
    if (propagation === "shared" || propagation === "rshared") {
      if (rootfsPropagation !== "shared" && rootfsPropagation !== "rshared") rootfsPropagation = "shared";
    } else if (propagation === "slave" || propagation === "rslave") {
      if (rootfsPropagation === undefined) rootfsPropagation = "rslave";
    }
    own.push({
      destination: m.destination,
      type: "bind",
      source: m.source,
      options: bindOptions(m.readonly, propagation),
    });
  }
  const ownDestinations = new Set(own.map((m) => m.destination));
  const stable = own.map((m, i) => ({ m, i }));
  stable.sort((a, b) => depth(a.m.destination) - depth(b.m.destination) || a.i - b.i);

  const devMounted = ownDestinations.has("/dev");
  const mounts: SpecMount[] = [];
  for (const m of defaultMounts()) {
    if (ownDestinations.has(m.destination)) continue;
    if (devMounted && m.destination.startsWith("/dev/")) continue;
    if (m.destination === "/dev/shm") {
      if (ipcMode === "none") continue;
      m.options!.push(`size=${shmSize > 0 ? shmSize : DEFAULT_SHM_SIZE}`);
    }
    mounts.push(m);
  }
  if (useInit) {
    mounts.push({ destination: INIT_PATH, type: "bind", source: input.initBinary!, options: ["bind", "ro"] });
  }
  if (readonlyRootfs) {
    const writable = new Set(["/proc", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev"]);
    for (const m of mounts)
      if (!writable.has(m.destination) && !m.options?.includes("ro")) m.options?.push("ro");
  }
  const clearRo = (m: SpecMount) => {
    m.options = m.options?.filter((o) => o !== "ro");
  };
  for (const m of mounts) {
    if (privileged && m.destination === "/sys") clearRo(m);
    if (m.type === "cgroup" && (privileged || input.userNamespace || sec.writableCgroups)) clearRo(m);
  }
  mounts.push(...stable.map((s) => s.m));

  // Devices.
  const devices: LinuxDevice[] = [];
  let deviceRules: LinuxDeviceCgroup[];
  const toDevice = (d: SpecInputDevice | LinuxDevice): LinuxDevice => {
    const { access: _access, ...dev } = d as SpecInputDevice;
    return dev;
  };
  if (privileged) {
    // As moby: every host device, then the HostConfig.Devices mappings (which may give a
    // host device a second path, or replace one at the same path), all of them allowed.
    if (input.hostDevices === undefined) {
      throw new SystemError(
        "Cannot generate the runtime spec: a privileged container needs the host's devices, which were not listed",
      );
    }
    const byPath = new Map<string, LinuxDevice>();
    for (const d of [...input.hostDevices, ...(input.devices ?? [])]) byPath.set(d.path, toDevice(d));
    devices.push(...byPath.values());
    deviceRules = [{ allow: true, access: "rwm" }];
  } else {
    if ((hc.Devices ?? []).length > 0 && input.devices === undefined) {
      throw new SystemError(
        "Cannot generate the runtime spec: HostConfig.Devices were not resolved to device numbers",
      );
    }
    deviceRules = DEFAULT_DEVICE_RULES.map((r) => ({ ...r }));
    for (const d of input.devices ?? []) {
      devices.push(toDevice(d));
      const type = d.type === "b" ? "b" : "c";
      deviceRules.push({ allow: true, type, major: d.major, minor: d.minor, access: d.access || "rwm" });
    }
    for (const rule of hc.DeviceCgroupRules ?? []) deviceRules.push(parseDeviceCgroupRule(rule));
  }

  // Sysctls: Docker's defaults for a network namespace of its own, the NIS domain name, then
  // the user's, checked as runc would.
  const sysctl: Record<string, string> = {};
  if (!hostNetwork && !networkMode.startsWith("container:")) {
    if (!input.userNamespace) sysctl["net.ipv4.ping_group_range"] = "0 2147483647";
    sysctl["net.ipv4.ip_unprivileged_port_start"] = "0";
  }
  if (input.domainname && !hostUts) sysctl["kernel.domainname"] = input.domainname;
  const userSysctls = hc.Sysctls ?? {};
  validateSysctls(userSysctls, { ipc: !hostIpc, network: !hostNetwork, uts: !hostUts });
  Object.assign(sysctl, userSysctls);

  // Seccomp: none when privileged or unconfined; the request's profile, Docker's built-in
  // one, or the daemon's.
  let seccomp: LinuxSeccomp | undefined;
  if (!privileged && sec.seccomp !== "unconfined") {
    let profile: SeccompProfile | undefined;
    if (sec.seccomp === "builtin") profile = loadDefaultSeccompProfile();
    else if (sec.seccomp) profile = parseProfile(sec.seccomp);
    else profile = input.seccompProfile;
    if (profile) {
      seccomp = convertSeccompProfile(profile, {
        capabilities: caps,
        arch: input.arch ?? hostSeccompArch(),
        kernelVersion: input.kernelVersion ?? os.release(),
      });
    }
  }

  const linux: SpecLinux = {
    resources: { devices: deviceRules, ...resources(input, hc) },
    cgroupsPath: input.cgroupsPath,
    namespaces,
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
    process: proc,
    root: { path: input.rootfsPath, readonly: readonlyRootfs },
    mounts,
    linux,
  };
  if (!hostUts && input.hostname) spec.hostname = input.hostname;
  return spec;
}

/**
 * The spec as config.json. Rlimits may hold RLIM_INFINITY, a uint64 that JSON numbers in
 * JavaScript cannot carry, so bigints are written as bare digits.
 */
export function serializeSpec(spec: RuntimeSpec): string {
  const marks: string[] = [];
  const json = JSON.stringify(
    spec,
    (_key, value) => {
      if (typeof value !== "bigint") return value;
      marks.push(value.toString());
      return `\u0000bigint:${marks.length - 1}\u0000`;
    },
    2,
  );
  return json.replace(/"\\u0000bigint:(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)]);
}
