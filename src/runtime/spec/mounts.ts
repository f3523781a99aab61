/**
 * The container's mounts: the runtime's default file systems, the init files, IPC, tmpfs and
 * the caller's binds, with Docker's options and order (moby oci/defaults.go, daemon/oci_linux.go
 * WithMounts), and the paths masked or made read-only.
 */
import { InvalidParameterError } from "../../errdefs/errors.ts";
import type { SpecInput } from "../oci-spec.ts";
import type { SpecMount } from "./spec-types.ts";

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

export const INIT_PATH = "/sbin/docker-init";

export function defaultMounts(): SpecMount[] {
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

export const propagations = new Set(["private", "rprivate", "shared", "rshared", "slave", "rslave"]);

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

export function depth(destination: string): number {
  const clean = destination.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
  return clean === "/" ? 2 : clean.split("/").length;
}

export function checkDestination(dest: string, kind: string): void {
  if (!dest.startsWith("/")) {
    throw new InvalidParameterError(
      `invalid mount config for type "${kind}": invalid mount path: '${dest}' mount path must be absolute`,
    );
  }
}

export interface MountOptions {
  ipcMode: string;
  readonlyRootfs: boolean;
  privileged: boolean;
  /** docker-init is bound at INIT_PATH. */
  useInit: boolean;
  /** `--security-opt writable-cgroups`. */
  writableCgroups: boolean | undefined;
}

/**
 * The spec's mounts: the runtime's defaults the container does not replace, then the
 * container's own (init files, IPC, tmpfs, the caller's), sorted by depth so a parent is
 * mounted before its children; and the root's propagation a shared or slave mount needs.
 */
export function mountsFor(
  input: SpecInput,
  o: MountOptions,
): { mounts: SpecMount[]; rootfsPropagation: string | undefined } {
  const hc = input.hostConfig;
  const { ipcMode, readonlyRootfs, privileged } = o;
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
  if (o.useInit) {
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
    if (m.type === "cgroup" && (privileged || input.userNamespace || o.writableCgroups)) clearRo(m);
  }
  mounts.push(...stable.map((s) => s.m));
  return { mounts, rootfsPropagation };
}
