import assert from "node:assert/strict";
import { test } from "node:test";
import type { HostConfig } from "../types/host-config.ts";
import {
  ALL_CAPABILITIES,
  convertSeccompProfile,
  DEFAULT_CAPABILITIES,
  DEFAULT_MASKED_PATHS,
  DEFAULT_READONLY_PATHS,
  generateSpec,
  grantableCapabilities,
  type LinuxSeccomp,
  loadDefaultSeccompProfile,
  mergeTmpfsOptions,
  parseDeviceCgroupRule,
  parseSpec,
  type RuntimeSpec,
  type SpecInput,
  serializeProcess,
  serializeSpec,
} from "./oci-spec.ts";
import { RLIM_INFINITY } from "./rlimits.ts";

function input(hostConfig: HostConfig = {}, extra: Partial<SpecInput> = {}): SpecInput {
  return {
    id: "c0ffee",
    rootfsPath: "/var/lib/berth/containers/c0ffee/rootfs",
    process: {
      args: ["sh", "-c", "echo hi"],
      env: ["PATH=/usr/bin:/bin", "HOSTNAME=c0ffee"],
      cwd: "/",
      user: { uid: 0, gid: 0, additionalGids: [0] },
      terminal: false,
      noNewPrivileges: false,
      rlimits: [],
    },
    hostname: "c0ffee",
    initFiles: {
      hostname: "/var/lib/berth/containers/c0ffee/hostname",
      hosts: "/var/lib/berth/containers/c0ffee/hosts",
      resolvConf: "/var/lib/berth/containers/c0ffee/resolv.conf",
    },
    hostConfig,
    cgroupsPath: "/berth/c0ffee",
    cgroupVersion: "1",
    hostRlimitNofile: { soft: 20000, hard: 20000 },
    arch: "amd64",
    kernelVersion: "6.1.0-13-amd64",
    cpuCount: 4,
    ...extra,
  };
}

const mount = (spec: RuntimeSpec, dest: string) => spec.mounts.find((m) => m.destination === dest);
const syscallNames = (s: LinuxSeccomp | undefined) =>
  new Set((s?.syscalls ?? []).filter((c) => c.action === "SCMP_ACT_ALLOW").flatMap((c) => c.names));

test("default spec: namespaces, root, process and hostname as Docker's", () => {
  const spec = generateSpec(input());
  assert.equal(spec.ociVersion, "1.0.2-dev");
  assert.deepEqual(spec.root, { path: "/var/lib/berth/containers/c0ffee/rootfs", readonly: false });
  assert.equal(spec.hostname, "c0ffee");
  assert.deepEqual(
    spec.linux.namespaces.map((n) => n.type),
    ["mount", "network", "uts", "pid", "ipc", "cgroup"],
  );
  assert.ok(spec.linux.namespaces.every((n) => n.path === undefined));
  assert.equal(spec.linux.cgroupsPath, "/berth/c0ffee");
  assert.deepEqual(spec.process.args, ["sh", "-c", "echo hi"]);
  assert.equal(spec.process.noNewPrivileges, false);
  assert.equal(spec.process.rlimits, undefined, "no RLIMIT_NOFILE unless asked: the host's is inherited");
  assert.equal(spec.process.oomScoreAdj, 0);
  assert.equal(spec.linux.seccomp, undefined, "no profile given: unconfined");
  assert.deepEqual(spec.linux.sysctl, {
    "net.ipv4.ping_group_range": "0 2147483647",
    "net.ipv4.ip_unprivileged_port_start": "0",
  });
});

test("default spec: mounts and their options, then the init files", () => {
  const spec = generateSpec(input());
  assert.deepEqual(spec.mounts, [
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
      options: ["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"],
    },
    {
      destination: "/etc/resolv.conf",
      type: "bind",
      source: "/var/lib/berth/containers/c0ffee/resolv.conf",
      options: ["rbind", "rprivate"],
    },
    {
      destination: "/etc/hostname",
      type: "bind",
      source: "/var/lib/berth/containers/c0ffee/hostname",
      options: ["rbind", "rprivate"],
    },
    {
      destination: "/etc/hosts",
      type: "bind",
      source: "/var/lib/berth/containers/c0ffee/hosts",
      options: ["rbind", "rprivate"],
    },
  ]);
});

test("default spec: masked and read-only paths, /proc/sys read-only", () => {
  const spec = generateSpec(input());
  assert.deepEqual(spec.linux.maskedPaths, [
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
  ]);
  assert.deepEqual(spec.linux.readonlyPaths, [
    "/proc/bus",
    "/proc/fs",
    "/proc/irq",
    "/proc/sys",
    "/proc/sysrq-trigger",
  ]);
  const custom = generateSpec(input({ MaskedPaths: ["/proc/x"], ReadonlyPaths: [] }));
  assert.deepEqual(custom.linux.maskedPaths, ["/proc/x"]);
  assert.deepEqual(custom.linux.readonlyPaths, []);
});

test("default spec: Docker's 14 capabilities in bounding, effective and permitted only", () => {
  const { capabilities } = generateSpec(input()).process;
  assert.equal(DEFAULT_CAPABILITIES.length, 14);
  assert.deepEqual(capabilities, {
    bounding: [...DEFAULT_CAPABILITIES],
    effective: [...DEFAULT_CAPABILITIES],
    permitted: [...DEFAULT_CAPABILITIES],
  });
});

test("a non-root process keeps only the bounding set, as execve would", () => {
  const base = input();
  base.process.user = { uid: 1000, gid: 1000, additionalGids: [1000] };
  assert.deepEqual(generateSpec(base).process.capabilities, { bounding: [...DEFAULT_CAPABILITIES] });
});

test("default spec: deny all devices, then allow the default set", () => {
  const spec = generateSpec(input());
  const rules = spec.linux.resources.devices;
  assert.deepEqual(rules[0], { allow: false, access: "rwm" });
  const allowed = rules.slice(1).map((r) => `${r.type} ${r.major}:${r.minor ?? "*"} ${r.access}`);
  assert.deepEqual(allowed, [
    "c 1:3 rwm",
    "c 1:5 rwm",
    "c 1:7 rwm",
    "c 1:8 rwm",
    "c 1:9 rwm",
    "c 5:0 rwm",
    "c 5:1 rwm",
    "c 5:2 rwm",
    "c 136:* rwm",
  ]);
  assert.equal(spec.linux.devices, undefined);
});

test("network: a prepared netns is joined, host mode has none and refuses net sysctls", () => {
  const joined = generateSpec(input({}, { netnsPath: "/run/berth/netns/c0ffee" }));
  assert.deepEqual(
    joined.linux.namespaces.find((n) => n.type === "network"),
    { type: "network", path: "/run/berth/netns/c0ffee" },
  );
  const host = generateSpec(input({ NetworkMode: "host" }));
  assert.ok(!host.linux.namespaces.some((n) => n.type === "network"));
  assert.equal(host.linux.sysctl, undefined);
  assert.throws(() => generateSpec(input({ NetworkMode: "host", Sysctls: { "net.ipv4.ip_forward": "1" } })), {
    code: "INVALID_PARAMETER",
    message: 'sysctl "net.ipv4.ip_forward" not allowed in host network namespace',
  });
});

test("cgroup namespace private unless CgroupnsMode is host, on v1 and v2", () => {
  for (const cgroupVersion of ["1", "2"] as const) {
    const priv = generateSpec(input({}, { cgroupVersion }));
    assert.ok(priv.linux.namespaces.some((n) => n.type === "cgroup"));
    const host = generateSpec(input({ CgroupnsMode: "host" }, { cgroupVersion }));
    assert.ok(!host.linux.namespaces.some((n) => n.type === "cgroup"));
  }
  assert.throws(() => generateSpec(input({ CgroupnsMode: "bogus" })), /invalid cgroup namespace mode: bogus/);
});

test("pid, ipc and uts modes", () => {
  const host = generateSpec(input({ PidMode: "host", IpcMode: "host", UTSMode: "host" }));
  const types = host.linux.namespaces.map((n) => n.type);
  assert.deepEqual(types, ["mount", "network", "cgroup"]);
  assert.equal(host.hostname, undefined, "the host's UTS namespace keeps the host's name");
  assert.deepEqual(mount(host, "/dev/shm"), {
    destination: "/dev/shm",
    type: "bind",
    source: "/dev/shm",
    options: ["rbind", "rprivate"],
  });
  const joined = generateSpec(
    input(
      { PidMode: "container:abc", IpcMode: "container:abc" },
      { namespacePaths: { pid: "/proc/42/ns/pid", ipc: "/proc/42/ns/ipc" }, shmPath: "/x/shm" },
    ),
  );
  assert.deepEqual(
    joined.linux.namespaces.filter((n) => n.path),
    [
      { type: "pid", path: "/proc/42/ns/pid" },
      { type: "ipc", path: "/proc/42/ns/ipc" },
    ],
  );
  assert.equal(mount(joined, "/dev/shm")?.source, "/x/shm");
  assert.equal(mount(generateSpec(input({ IpcMode: "none" })), "/dev/shm"), undefined);
  assert.throws(() => generateSpec(input({ PidMode: "container:abc" })), /PID namespace of container abc/);
  assert.throws(() => generateSpec(input({ IpcMode: "weird" })), /invalid IPC mode: weird/);
  assert.throws(() => generateSpec(input({ UTSMode: "weird" })), /invalid UTS mode: weird/);
});

test("user namespace only when asked, with its maps and a writable cgroup mount", () => {
  const maps = { uidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }], gidMappings: [] };
  const spec = generateSpec(input({}, { userNamespace: maps }));
  assert.ok(spec.linux.namespaces.some((n) => n.type === "user"));
  assert.deepEqual(spec.linux.uidMappings, maps.uidMappings);
  assert.ok(!mount(spec, "/sys/fs/cgroup")?.options?.includes("ro"));
  assert.equal(spec.linux.sysctl?.["net.ipv4.ping_group_range"], undefined);
  assert.ok(!generateSpec(input()).linux.namespaces.some((n) => n.type === "user"));
});

test("privileged: all capabilities, no masking, writable /sys, every device, no seccomp", () => {
  const devices = [
    { path: "/dev/sda", type: "b" as const, major: 8, minor: 0, fileMode: 0o660, uid: 0, gid: 6 },
  ];
  const spec = generateSpec(
    input({ Privileged: true }, { seccompProfile: loadDefaultSeccompProfile(), hostDevices: devices }),
  );
  assert.equal(ALL_CAPABILITIES.length, 41);
  // All the kernel's capabilities that berthd's own bounding set holds.
  assert.deepEqual(spec.process.capabilities.bounding, grantableCapabilities());
  assert.ok(grantableCapabilities().every((c) => ALL_CAPABILITIES.includes(c)));
  assert.ok(spec.process.capabilities.bounding.includes("CAP_SYS_ADMIN"));
  assert.deepEqual(spec.linux.maskedPaths, []);
  assert.deepEqual(spec.linux.readonlyPaths, []);
  assert.deepEqual(mount(spec, "/sys")?.options, ["nosuid", "noexec", "nodev"]);
  assert.deepEqual(mount(spec, "/sys/fs/cgroup")?.options, ["nosuid", "noexec", "nodev"]);
  assert.deepEqual(spec.linux.resources.devices, [{ allow: true, access: "rwm" }]);
  assert.deepEqual(spec.linux.devices, devices);
  assert.equal(spec.linux.seccomp, undefined);
});

test("privileged: the host's devices with HostConfig.Devices over them; refused without the host's list", () => {
  const kmsg = {
    path: "/dev/kmsg",
    type: "c" as const,
    major: 1,
    minor: 11,
    fileMode: 0o644,
    uid: 0,
    gid: 0,
  };
  const loop0 = {
    path: "/dev/loop0",
    type: "b" as const,
    major: 7,
    minor: 0,
    fileMode: 0o600,
    uid: 0,
    gid: 0,
  };
  const mapped = { path: "/dev/xvda", type: "b" as const, major: 7, minor: 0, access: "r" };
  const replaced = { path: "/dev/kmsg", type: "c" as const, major: 1, minor: 3, access: "rw" };
  const spec = generateSpec(
    input({ Privileged: true }, { hostDevices: [kmsg, loop0], devices: [mapped, replaced] }),
  );
  assert.deepEqual(spec.linux.devices, [
    { path: "/dev/kmsg", type: "c", major: 1, minor: 3 },
    loop0,
    { path: "/dev/xvda", type: "b", major: 7, minor: 0 },
  ]);
  assert.deepEqual(spec.linux.resources.devices, [{ allow: true, access: "rwm" }]);
  // A caller that forgot the host's devices would silently give none (Docker gives all).
  assert.throws(() => generateSpec(input({ Privileged: true })), {
    code: "SYSTEM",
    message: /a privileged container needs the host's devices/,
  });
  // Unprivileged, the host's list is never used.
  const plain = generateSpec(input({}, { hostDevices: [kmsg, loop0], devices: [] }));
  assert.deepEqual(plain.linux.devices ?? [], []);
  assert.ok(!plain.linux.resources.devices.some((r) => r.allow && r.type === undefined));
});

test("cap-add and cap-drop, with or without CAP_, any case, and ALL", () => {
  const caps = (hc: HostConfig) => generateSpec(input(hc)).process.capabilities.bounding;
  const added = caps({ CapAdd: ["sys_admin", "CAP_NET_ADMIN"], CapDrop: ["net_raw", "Cap_Mknod"] });
  assert.ok(added.includes("CAP_SYS_ADMIN") && added.includes("CAP_NET_ADMIN"));
  assert.ok(!added.includes("CAP_NET_RAW") && !added.includes("CAP_MKNOD"));
  assert.equal(added.length, 14);
  assert.deepEqual(caps({ CapDrop: ["ALL"], CapAdd: ["chown", "kill"] }), ["CAP_CHOWN", "CAP_KILL"]);
  assert.deepEqual(caps({ CapDrop: ["all"] }), []);
  const all = caps({ CapAdd: ["ALL"], CapDrop: ["SYS_ADMIN"] });
  assert.equal(all.length, grantableCapabilities().filter((c) => c !== "CAP_SYS_ADMIN").length);
  assert.ok(!all.includes("CAP_SYS_ADMIN"));
  assert.deepEqual(caps({ CapAdd: ["CHOWN"] }), [...DEFAULT_CAPABILITIES], "no duplicates");
  assert.throws(() => caps({ CapAdd: ["foo"] }), {
    code: "INVALID_PARAMETER",
    message: 'invalid CapAdd: unknown capability: "CAP_FOO"',
  });
  assert.throws(() => caps({ CapDrop: ["CAP_BAR"] }), /invalid CapDrop: unknown capability: "CAP_BAR"/);
});

test("read-only rootfs: root, system mounts and init files read-only, the rest untouched", () => {
  const spec = generateSpec(
    input(
      { ReadonlyRootfs: true, Init: true },
      {
        mounts: [{ type: "bind", source: "/srv/data", destination: "/data", readonly: false }],
        initBinary: "/usr/bin/tini",
      },
    ),
  );
  assert.equal(spec.root.readonly, true);
  assert.ok(mount(spec, "/sys")?.options?.includes("ro"));
  assert.ok(mount(spec, "/sys/fs/cgroup")?.options?.includes("ro"));
  for (const dest of ["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue"])
    assert.ok(!mount(spec, dest)?.options?.includes("ro"), dest);
  for (const dest of ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"])
    assert.deepEqual(mount(spec, dest)?.options, ["rbind", "ro", "rprivate"]);
  assert.deepEqual(mount(spec, "/data")?.options, ["rbind", "rprivate"]);
  assert.equal(generateSpec(input({}, { readonlyRootfs: true })).root.readonly, true);
});

test("no-new-privileges and the other security options", () => {
  assert.equal(generateSpec(input({ SecurityOpt: ["no-new-privileges"] })).process.noNewPrivileges, true);
  assert.equal(
    generateSpec(input({ SecurityOpt: ["no-new-privileges=true"] })).process.noNewPrivileges,
    true,
  );
  const daemonDefault = input({ SecurityOpt: ["no-new-privileges:false"] });
  daemonDefault.process.noNewPrivileges = true;
  assert.equal(generateSpec(daemonDefault).process.noNewPrivileges, false);
  assert.doesNotThrow(() => generateSpec(input({ SecurityOpt: ["label=disable", "apparmor=unconfined"] })));
  assert.throws(() => generateSpec(input({ SecurityOpt: ["x"] })), {
    code: "INVALID_PARAMETER",
    message: 'invalid --security-opt 1: "x"',
  });
  assert.throws(
    () => generateSpec(input({ SecurityOpt: ["foo=bar"] })),
    /invalid --security-opt 2: "foo=bar"/,
  );
  assert.throws(
    () => generateSpec(input({ SecurityOpt: ["no-new-privileges=maybe"] })),
    /invalid --security-opt 2: "no-new-privileges=maybe"/,
  );
  const writable = generateSpec(input({ SecurityOpt: ["writable-cgroups=true"] }));
  assert.ok(!mount(writable, "/sys/fs/cgroup")?.options?.includes("ro"));
});

test("memory: limit, reservation, and Docker's swap rules", () => {
  const mem = (hc: HostConfig, extra: Partial<SpecInput> = {}) =>
    generateSpec(input(hc, extra)).linux.resources.memory;
  const MiB = 1024 * 1024;
  assert.equal(mem({}), undefined);
  assert.deepEqual(
    mem({ Memory: 100 * MiB }),
    { limit: 100 * MiB, swap: 200 * MiB },
    "unset swap: twice memory",
  );
  assert.deepEqual(mem({ Memory: 100 * MiB, MemorySwap: -1 }), { limit: 100 * MiB }, "-1: unlimited swap");
  assert.deepEqual(mem({ Memory: 100 * MiB, MemorySwap: 300 * MiB, MemoryReservation: 50 * MiB }), {
    limit: 100 * MiB,
    reservation: 50 * MiB,
    swap: 300 * MiB,
  });
  assert.deepEqual(mem({ Memory: 100 * MiB }, { kernelSupport: { swapLimit: false } }), { limit: 100 * MiB });
  assert.deepEqual(mem({ MemorySwappiness: 10, OomKillDisable: true }), {
    swappiness: 10,
    disableOOMKiller: true,
  });
  assert.deepEqual(mem({ MemorySwappiness: 10 }, { cgroupVersion: "2" }), undefined, "no swappiness on v2");
  assert.deepEqual(mem({ MemorySwappiness: -1 }), undefined);
  assert.throws(
    () => mem({ Memory: 100 * MiB, MemorySwap: 50 * MiB }),
    /Minimum memoryswap limit should be larger/,
  );
  assert.throws(() => mem({ MemorySwap: 50 * MiB }), /You should always set the Memory limit/);
  assert.throws(() => mem({ Memory: 1024 }), /Minimum memory limit allowed is 6MB/);
  assert.throws(() => mem({ MemorySwappiness: 101 }), /valid memory swappiness range is 0-100/);
  assert.throws(
    () => mem({ Memory: 10 * MiB, MemoryReservation: 20 * MiB }),
    /Minimum memory limit can not be less than memory reservation limit/,
  );
});

test("cpu: NanoCpus as a quota over a 100 ms period, shares, cpusets", () => {
  const cpu = (hc: HostConfig) => generateSpec(input(hc)).linux.resources.cpu;
  assert.equal(cpu({}), undefined);
  assert.deepEqual(cpu({ NanoCpus: 1.5e9 }), { period: 100000, quota: 150000 });
  assert.deepEqual(cpu({ NanoCpus: 1e7 }), { period: 100000, quota: 1000 });
  assert.deepEqual(cpu({ CpuPeriod: 50000, CpuQuota: 25000, CpuShares: 512 }), {
    shares: 512,
    period: 50000,
    quota: 25000,
  });
  assert.deepEqual(cpu({ CpuShares: 1 }), { shares: 2 });
  assert.deepEqual(cpu({ CpusetCpus: "0-1,3", CpusetMems: "0" }), { cpus: "0-1,3", mems: "0" });
  assert.throws(
    () => cpu({ NanoCpus: 1e9, CpuPeriod: 50000 }),
    /Nano CPUs and CPU Period cannot both be set/,
  );
  assert.throws(() => cpu({ NanoCpus: 1e9, CpuQuota: 50000 }), /Nano CPUs and CPU Quota cannot both be set/);
  assert.throws(() => cpu({ NanoCpus: 5e9 }), /Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs/);
  assert.throws(() => cpu({ CpuPeriod: 10 }), /CPU cfs period can not be less than 1ms/);
  assert.throws(() => cpu({ CpusetCpus: "0-a" }), /Invalid value 0-a for cpuset cpus/);
});

test("pids limit and block I/O weight", () => {
  const res = (hc: HostConfig, extra: Partial<SpecInput> = {}) =>
    generateSpec(input(hc, extra)).linux.resources;
  assert.equal(res({}).pids, undefined);
  assert.deepEqual(res({ PidsLimit: 100 }).pids, { limit: 100 });
  assert.deepEqual(res({ PidsLimit: 0 }).pids, { limit: -1 });
  assert.deepEqual(res({ PidsLimit: -1 }).pids, { limit: -1 });
  assert.deepEqual(res({ BlkioWeight: 300 }).blockIO, { weight: 300 });
  assert.equal(res({ BlkioWeight: 300 }, { kernelSupport: { blkioWeight: false } }).blockIO, undefined);
  assert.throws(() => res({ BlkioWeight: 5 }), /Range of blkio weight is from 10 to 1000/);
});

test("sysctls: namespaced ones pass, the rest fail as runc words it", () => {
  const sysctl = (s: Record<string, string>, hc: HostConfig = {}) =>
    generateSpec(input({ ...hc, Sysctls: s })).linux.sysctl;
  assert.equal(sysctl({ "kernel.shmmax": "1024", "fs.mqueue.msg_max": "20" })?.["kernel.shmmax"], "1024");
  assert.equal(sysctl({ "net/ipv4/ip_forward": "1" })?.["net/ipv4/ip_forward"], "1");
  assert.equal(
    sysctl({ "net.ipv4.ip_unprivileged_port_start": "1024" })?.["net.ipv4.ip_unprivileged_port_start"],
    "1024",
  );
  assert.throws(() => sysctl({ "kernel.shmmax": "1" }, { IpcMode: "host" }), {
    code: "INVALID_PARAMETER",
    message: 'sysctl "kernel.shmmax" is not allowed in the hosts ipc namespace',
  });
  assert.throws(
    () => sysctl({ "vm.swappiness": "1" }),
    /sysctl "vm.swappiness" is not in a separate kernel namespace/,
  );
  assert.throws(() => sysctl({ "kernel.hostname": "x" }), /conflicts with the OCI "hostname" field/);
  assert.equal(
    generateSpec(input({}, { domainname: "example.org" })).linux.sysctl?.["kernel.domainname"],
    "example.org",
  );
});

test("--init: docker-init bound read-only and run as PID 1 with --", () => {
  const spec = generateSpec(input({ Init: true }, { initBinary: "/usr/bin/tini" }));
  assert.deepEqual(spec.process.args, ["/sbin/docker-init", "--", "sh", "-c", "echo hi"]);
  assert.deepEqual(mount(spec, "/sbin/docker-init"), {
    destination: "/sbin/docker-init",
    type: "bind",
    source: "/usr/bin/tini",
    options: ["bind", "ro"],
  });
  const hostPid = generateSpec(input({ Init: true, PidMode: "host" }, { initBinary: "/usr/bin/tini" }));
  assert.deepEqual(hostPid.process.args, ["sh", "-c", "echo hi"]);
  assert.throws(() => generateSpec(input({ Init: true })), /no docker-init binary/);
});

test("own mounts: sorted by depth after the defaults; they override defaults and init files", () => {
  const spec = generateSpec(
    input(
      { Tmpfs: { "/run": "size=1m,exec", "/tmp": "" }, ShmSize: 1 << 20 },
      {
        mounts: [
          { type: "bind", source: "/h/a/b", destination: "/a/b", readonly: true },
          { type: "volume", source: "/vol/_data", destination: "/a", readonly: false },
          {
            type: "bind",
            source: "/h/hosts",
            destination: "/etc/hosts",
            readonly: true,
            propagation: "rslave",
          },
          { type: "tmpfs", source: "", destination: "/cache", readonly: false, options: ["size=2m"] },
        ],
      },
    ),
  );
  const own = spec.mounts.slice(7);
  assert.deepEqual(
    own.map((m) => [m.destination, m.type, m.source, m.options]),
    [
      ["/run", "tmpfs", "tmpfs", ["nosuid", "nodev", "rprivate", "size=1m", "exec"]],
      ["/tmp", "tmpfs", "tmpfs", ["noexec", "nosuid", "nodev", "rprivate"]],
      ["/a", "bind", "/vol/_data", ["rbind"]],
      ["/cache", "tmpfs", "tmpfs", ["noexec", "nosuid", "nodev", "rprivate", "size=2m"]],
      ["/etc/resolv.conf", "bind", "/var/lib/berth/containers/c0ffee/resolv.conf", ["rbind", "rprivate"]],
      ["/etc/hostname", "bind", "/var/lib/berth/containers/c0ffee/hostname", ["rbind", "rprivate"]],
      ["/a/b", "bind", "/h/a/b", ["rbind", "ro", "rprivate"]],
      ["/etc/hosts", "bind", "/h/hosts", ["rbind", "ro", "rslave"]],
    ],
  );
  assert.equal(spec.linux.rootfsPropagation, "rslave");
  assert.ok(mount(spec, "/dev/shm")?.options?.includes("size=1048576"));
  const devShm = generateSpec(
    input({}, { mounts: [{ type: "bind", source: "/h/shm", destination: "/dev/shm", readonly: false }] }),
  );
  assert.equal(devShm.mounts.filter((m) => m.destination === "/dev/shm").length, 1);
  assert.equal(mount(devShm, "/dev/shm")?.type, "bind");
  const dev = generateSpec(
    input({}, { mounts: [{ type: "bind", source: "/dev", destination: "/dev", readonly: false }] }),
  );
  assert.ok(!dev.mounts.some((m) => m.destination.startsWith("/dev/")));
  assert.throws(
    () =>
      generateSpec(
        input({}, { mounts: [{ type: "bind", source: "/x", destination: "rel", readonly: false }] }),
      ),
    /mount path must be absolute/,
  );
  assert.throws(() => generateSpec(input({ Tmpfs: { "/x": "bogus" } })), /Invalid tmpfs option "bogus"/);
});

test("devices of HostConfig.Devices and device cgroup rules", () => {
  const spec = generateSpec(
    input(
      {
        Devices: [{ PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "rw" }],
        DeviceCgroupRules: ["c 42:* rmw", "b 8:0 r"],
      },
      { devices: [{ path: "/dev/fuse", type: "c", major: 10, minor: 229, fileMode: 0o666, access: "rw" }] },
    ),
  );
  assert.deepEqual(spec.linux.devices, [
    { path: "/dev/fuse", type: "c", major: 10, minor: 229, fileMode: 0o666 },
  ]);
  assert.deepEqual(spec.linux.resources.devices.slice(-3), [
    { allow: true, type: "c", major: 10, minor: 229, access: "rw" },
    { allow: true, type: "c", major: 42, access: "rmw" },
    { allow: true, type: "b", major: 8, minor: 0, access: "r" },
  ]);
  assert.deepEqual(parseDeviceCgroupRule("a *:* rwm"), { allow: true, type: "a", access: "rwm" });
  assert.throws(() => parseDeviceCgroupRule("x 1:2 r"), /invalid device cgroup rule format: 'x 1:2 r'/);
  assert.throws(
    () =>
      generateSpec(
        input({ Devices: [{ PathOnHost: "/dev/x", PathInContainer: "/dev/x", CgroupPermissions: "rwm" }] }),
      ),
    /not resolved/,
  );
});

test("rlimits: explicit ulimits above the host's hard limit fail, base limits are clamped", () => {
  const base = input({ Ulimits: [{ Name: "nproc", Soft: 100, Hard: 200 }] });
  base.process.rlimits = [
    { type: "RLIMIT_NOFILE", soft: 1048576, hard: 1048576 },
    { type: "RLIMIT_NPROC", soft: 5, hard: 5 },
  ];
  assert.deepEqual(generateSpec(base).process.rlimits, [
    { type: "RLIMIT_NOFILE", soft: 20000, hard: 20000 },
    { type: "RLIMIT_NPROC", soft: 100, hard: 200 },
  ]);
  assert.deepEqual(
    generateSpec(input({ Ulimits: [{ Name: "nofile", Soft: 1024, Hard: 4096 }] })).process.rlimits,
    [{ type: "RLIMIT_NOFILE", soft: 1024, hard: 4096 }],
  );
  assert.throws(() => generateSpec(input({ Ulimits: [{ Name: "nofile", Soft: 30000, Hard: 30000 }] })), {
    code: "INVALID_PARAMETER",
    message: "Cannot set ulimit nofile=30000: the host's hard limit is 20000",
  });
});

test("serializeSpec writes RLIM_INFINITY as a uint64", () => {
  const spec = generateSpec(input({ Ulimits: [{ Name: "core", Soft: -1, Hard: -1 }] }));
  assert.deepEqual(spec.process.rlimits, [{ type: "RLIMIT_CORE", soft: RLIM_INFINITY, hard: RLIM_INFINITY }]);
  const json = serializeSpec(spec);
  assert.match(json, /"soft": 18446744073709551615,/);
  assert.match(json, /"hard": 18446744073709551615\n/);
  assert.equal(JSON.parse(json).hostname, "c0ffee");
});

test("parseSpec keeps RLIM_INFINITY for an exec's process.json", () => {
  const spec = generateSpec(input({ Ulimits: [{ Name: "core", Soft: 1000, Hard: -1 }] }));
  const back = parseSpec(serializeSpec(spec));
  assert.deepEqual(back.process.rlimits, [{ type: "RLIMIT_CORE", soft: 1000, hard: RLIM_INFINITY }]);
  assert.match(serializeProcess(back.process), /"soft":1000,"hard":18446744073709551615\}/);
  assert.equal(back.hostname, "c0ffee");
});

test("seccomp: Docker's default profile for amd64 and the default capabilities", () => {
  const spec = generateSpec(input({}, { seccompProfile: loadDefaultSeccompProfile() }));
  const sc = spec.linux.seccomp!;
  assert.equal(sc.defaultAction, "SCMP_ACT_ERRNO");
  assert.equal(sc.defaultErrnoRet, 1);
  assert.deepEqual(sc.architectures, ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]);
  const allowed = syscallNames(sc);
  for (const name of ["read", "write", "execve", "arch_prctl", "ptrace"]) assert.ok(allowed.has(name), name);
  for (const name of ["mount", "unshare", "setns", "reboot", "arm_fadvise64_64", "init_module"])
    assert.ok(!allowed.has(name), name);
  const clone3 = sc.syscalls!.find((c) => c.names.includes("clone3"));
  assert.deepEqual(clone3, { names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: 38 });
  const socket = sc.syscalls!.find((c) => c.names.length === 1 && c.names[0] === "socket");
  assert.deepEqual(socket?.args, [{ index: 0, value: 40, op: "SCMP_CMP_NE" }]);
});

test("seccomp: a syscall gated by CAP_SYS_ADMIN appears with --cap-add SYS_ADMIN", () => {
  const profile = loadDefaultSeccompProfile();
  const without = generateSpec(input({}, { seccompProfile: profile })).linux.seccomp!;
  const withCap = generateSpec(input({ CapAdd: ["SYS_ADMIN"] }, { seccompProfile: profile })).linux.seccomp!;
  assert.ok(!syscallNames(without).has("mount"));
  assert.ok(syscallNames(withCap).has("mount"));
  assert.ok(syscallNames(withCap).has("unshare"));
  // The restricted clone and clone3's ENOSYS are excluded once CAP_SYS_ADMIN is held.
  assert.ok(without.syscalls!.some((c) => c.names.includes("clone3") && c.action === "SCMP_ACT_ERRNO"));
  assert.ok(!withCap.syscalls!.some((c) => c.names.includes("clone3") && c.action === "SCMP_ACT_ERRNO"));
  assert.ok(!withCap.syscalls!.some((c) => c.names.length === 1 && c.names[0] === "clone" && c.args));
});

test("seccomp: arch and kernel filtering", () => {
  const profile = loadDefaultSeccompProfile();
  const ctx = { capabilities: DEFAULT_CAPABILITIES, kernelVersion: "6.1.0" };
  const arm = convertSeccompProfile(profile, { ...ctx, arch: "arm64" });
  assert.deepEqual(arm?.architectures, ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"]);
  assert.ok(syscallNames(arm).has("arm_fadvise64_64"));
  assert.ok(!syscallNames(arm).has("arch_prctl"));
  const x86 = convertSeccompProfile(profile, { ...ctx, arch: "amd64" });
  assert.ok(syscallNames(x86).has("modify_ldt"));
  const oldKernel = convertSeccompProfile(profile, { ...ctx, arch: "amd64", kernelVersion: "4.4.0-generic" });
  assert.ok(!syscallNames(oldKernel).has("ptrace"), "ptrace needs kernel 4.8 without CAP_SYS_PTRACE");
  assert.equal(convertSeccompProfile({ defaultAction: "" }, { ...ctx, arch: "amd64" }), undefined);
  assert.throws(
    () =>
      convertSeccompProfile(
        { defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86"], archMap: profile.archMap },
        { ...ctx, arch: "amd64" },
      ),
    /both 'architectures' and 'archMap'/,
  );
  assert.deepEqual(
    convertSeccompProfile(
      { defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ name: "chmod", action: "SCMP_ACT_ERRNO" }] },
      { ...ctx, arch: "amd64" },
    ),
    { defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ names: ["chmod"], action: "SCMP_ACT_ERRNO" }] },
  );
});

test("seccomp security options: unconfined, builtin, and a profile's JSON", () => {
  const daemon = { seccompProfile: loadDefaultSeccompProfile() };
  assert.equal(generateSpec(input({ SecurityOpt: ["seccomp=unconfined"] }, daemon)).linux.seccomp, undefined);
  assert.equal(
    generateSpec(input({ SecurityOpt: ["seccomp=builtin"] })).linux.seccomp?.defaultAction,
    "SCMP_ACT_ERRNO",
  );
  const custom = JSON.stringify({ defaultAction: "SCMP_ACT_LOG", syscalls: [] });
  assert.deepEqual(generateSpec(input({ SecurityOpt: [`seccomp=${custom}`] }, daemon)).linux.seccomp, {
    defaultAction: "SCMP_ACT_LOG",
  });
  assert.throws(() => generateSpec(input({ SecurityOpt: ["seccomp={oops"] })), {
    code: "INVALID_PARAMETER",
    message: /^Decoding seccomp profile failed: /,
  });
});

test("the default profile file is Docker's", () => {
  const p = loadDefaultSeccompProfile();
  assert.equal(p.defaultAction, "SCMP_ACT_ERRNO");
  assert.ok((p.syscalls ?? []).length > 30);
  p.defaultAction = "changed";
  assert.equal(loadDefaultSeccompProfile().defaultAction, "SCMP_ACT_ERRNO", "each call returns a fresh copy");
  assert.ok(DEFAULT_MASKED_PATHS.includes("/proc/kcore") && DEFAULT_READONLY_PATHS.includes("/proc/sys"));
});

test("tmpfs options merge as moby's MergeTmpfsOptions", () => {
  assert.deepEqual(
    mergeTmpfsOptions(["noexec", "nosuid", "nodev", "rprivate", "exec", "size=1m", "size=2m", "rw"]),
    ["nosuid", "nodev", "rprivate", "exec", "size=2m", "rw"],
  );
  assert.deepEqual(mergeTmpfsOptions(["rprivate", "shared", "defaults"]), ["shared"]);
});

test("the process: env, cwd, terminal and console size pass through", () => {
  const base = input();
  base.process.terminal = true;
  base.process.cwd = "";
  base.process.consoleSize = { height: 24, width: 80 };
  const spec = generateSpec(base);
  assert.equal(spec.process.terminal, true);
  assert.equal(spec.process.cwd, "/");
  assert.deepEqual(spec.process.consoleSize, { height: 24, width: 80 });
  assert.deepEqual(spec.process.env, ["PATH=/usr/bin:/bin", "HOSTNAME=c0ffee"]);
  assert.deepEqual(spec.process.user, { uid: 0, gid: 0, additionalGids: [0] });
  const empty = input();
  empty.process.args = [];
  assert.throws(() => generateSpec(empty), /No command specified/);
});
