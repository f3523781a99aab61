// A container's resource usage read from its cgroup files, in the shape of the Engine API's
// stats (moby's types/container.Stats, as daemon/stats_unix.go fills it from runc's cgroup
// manager): cgroup v1 from each controller's hierarchy, v2 from the one unified directory.
// Hand-written because the numbers come from a handful of kernel files whose formats are
// fixed; no library reads them into Docker's field names.

import { readFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import path from "node:path";
import { type CgroupVersion, controllerDir } from "./cgroups.ts";

export interface BlkioEntry {
  major: number;
  minor: number;
  op: string;
  value: number;
}

export interface CpuStats {
  cpu_usage: {
    total_usage: number;
    percpu_usage?: number[];
    usage_in_kernelmode: number;
    usage_in_usermode: number;
  };
  system_cpu_usage?: number;
  online_cpus?: number;
  throttling_data: { periods: number; throttled_periods: number; throttled_time: number };
}

export interface MemoryStats {
  usage?: number;
  max_usage?: number;
  stats?: Record<string, number>;
  failcnt?: number;
  limit?: number;
}

export interface CgroupSample {
  pids_stats: { current?: number; limit?: number };
  blkio_stats: {
    io_service_bytes_recursive: BlkioEntry[] | null;
    io_serviced_recursive: BlkioEntry[] | null;
    io_queue_recursive: BlkioEntry[] | null;
    io_service_time_recursive: BlkioEntry[] | null;
    io_wait_time_recursive: BlkioEntry[] | null;
    io_merged_recursive: BlkioEntry[] | null;
    io_time_recursive: BlkioEntry[] | null;
    sectors_recursive: BlkioEntry[] | null;
  };
  cpu_stats: CpuStats;
  memory_stats: MemoryStats;
}

/** USER_HZ: the unit of cpuacct.stat and /proc/stat (100 on every Linux ABI berth runs on). */
const CLOCK_TICKS = 100;
const NS_PER_TICK = 1e9 / CLOCK_TICKS;

export function emptyBlkio(): CgroupSample["blkio_stats"] {
  return {
    io_service_bytes_recursive: null,
    io_serviced_recursive: null,
    io_queue_recursive: null,
    io_service_time_recursive: null,
    io_wait_time_recursive: null,
    io_merged_recursive: null,
    io_time_recursive: null,
    sectors_recursive: null,
  };
}

export function emptyCpu(): CpuStats {
  return {
    cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 },
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  };
}

/**
 * Synchronous on purpose: cgroup and /proc files are generated in memory by the kernel, and a
 * sample reads a dozen of them; through the thread pool each read costs more than the read
 * itself (bench/stats.ts: a third less daemon CPU for the streams this way).
 */
function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** "key value" lines (memory.stat, cpu.stat, cpuacct.stat) as a map. */
export function parseFlatKeyed(text: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of (text ?? "").split("\n")) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^\d+$/.test(v)) out[k] = Number(v);
  }
  return out;
}

const num = (text: string | undefined): number | undefined => {
  const t = text?.trim();
  return t && /^\d+$/.test(t) ? Number(t) : undefined;
};

/** blkio.throttle.* of cgroup v1: "8:0 Read 4096" lines, the closing "Total N" left out as runc does. */
export function parseBlkioV1(text: string | undefined): BlkioEntry[] {
  const out: BlkioEntry[] = [];
  for (const line of (text ?? "").split("\n")) {
    const m = /^(\d+):(\d+) (\w+) (\d+)$/.exec(line.trim());
    if (m) out.push({ major: Number(m[1]), minor: Number(m[2]), op: m[3], value: Number(m[4]) });
  }
  return out;
}

/** io.stat of cgroup v2 ("8:0 rbytes=1 wbytes=2 rios=3 wios=4 …") as moby maps it: bytes and ios, op read/write. */
export function parseIoStatV2(text: string | undefined): { bytes: BlkioEntry[]; ios: BlkioEntry[] } {
  const bytes: BlkioEntry[] = [];
  const ios: BlkioEntry[] = [];
  for (const line of (text ?? "").split("\n")) {
    const [dev, ...fields] = line.trim().split(/\s+/);
    const m = dev && /^(\d+):(\d+)$/.exec(dev);
    if (!m) continue;
    const major = Number(m[1]);
    const minor = Number(m[2]);
    const kv = Object.fromEntries(fields.map((f) => f.split("=")).map(([k, v]) => [k, Number(v)]));
    for (const [key, op, list] of [
      ["rbytes", "read", bytes],
      ["wbytes", "write", bytes],
      ["rios", "read", ios],
      ["wios", "write", ios],
    ] as const) {
      if (Number.isFinite(kv[key])) list.push({ major, minor, op, value: kv[key] });
    }
  }
  return { bytes, ios };
}

/** An unlimited (or above the machine's) memory limit is the machine's memory, as moby reports it. */
function memoryLimit(raw: number | undefined): number {
  const machine = totalmem();
  return raw === undefined || raw > machine ? machine : raw;
}

function sampleV1(cgroupsPath: string): CgroupSample {
  const dir = (c: string) => controllerDir("1", c, cgroupsPath);
  const memDir = dir("memory");
  const usage = read(path.join(dir("cpuacct"), "cpuacct.usage"));
  const percpu = read(path.join(dir("cpuacct"), "cpuacct.usage_percpu"));
  const acctStat = read(path.join(dir("cpuacct"), "cpuacct.stat"));
  const cpuStat = read(path.join(dir("cpu"), "cpu.stat"));
  const memUsage = read(path.join(memDir, "memory.usage_in_bytes"));
  const memMax = read(path.join(memDir, "memory.max_usage_in_bytes"));
  const memLimit = read(path.join(memDir, "memory.limit_in_bytes"));
  const memFail = read(path.join(memDir, "memory.failcnt"));
  const memStat = read(path.join(memDir, "memory.stat"));
  const pids = read(path.join(dir("pids"), "pids.current"));
  const pidsMax = read(path.join(dir("pids"), "pids.max"));
  const bytes = read(path.join(dir("blkio"), "blkio.throttle.io_service_bytes_recursive"));
  const ios = read(path.join(dir("blkio"), "blkio.throttle.io_serviced_recursive"));
  const acct = parseFlatKeyed(acctStat);
  const throttle = parseFlatKeyed(cpuStat);
  const perCpu = (percpu ?? "").trim().split(/\s+/).filter(Boolean).map(Number);
  return {
    pids_stats: {
      ...(num(pids) !== undefined ? { current: num(pids) } : {}),
      ...(num(pidsMax) ? { limit: num(pidsMax) } : {}),
    },
    blkio_stats: {
      ...emptyBlkio(),
      io_service_bytes_recursive: parseBlkioV1(bytes),
      io_serviced_recursive: parseBlkioV1(ios),
    },
    cpu_stats: {
      cpu_usage: {
        total_usage: num(usage) ?? 0,
        ...(perCpu.length ? { percpu_usage: perCpu } : {}),
        usage_in_kernelmode: (acct.system ?? 0) * NS_PER_TICK,
        usage_in_usermode: (acct.user ?? 0) * NS_PER_TICK,
      },
      throttling_data: {
        periods: throttle.nr_periods ?? 0,
        throttled_periods: throttle.nr_throttled ?? 0,
        throttled_time: throttle.throttled_time ?? 0,
      },
    },
    memory_stats:
      memUsage === undefined
        ? {}
        : {
            usage: num(memUsage) ?? 0,
            max_usage: num(memMax) ?? 0,
            stats: parseFlatKeyed(memStat),
            failcnt: num(memFail) ?? 0,
            limit: memoryLimit(num(memLimit)),
          },
  };
}

function sampleV2(cgroupsPath: string): CgroupSample {
  const dir = controllerDir("2", "", cgroupsPath);
  const f = (name: string) => read(path.join(dir, name));
  const cpuStat = f("cpu.stat");
  const memCurrent = f("memory.current");
  const memMax = f("memory.max");
  const memStat = f("memory.stat");
  const pids = f("pids.current");
  const pidsMax = f("pids.max");
  const io = f("io.stat");
  const cpu = parseFlatKeyed(cpuStat);
  const { bytes, ios } = parseIoStatV2(io);
  return {
    pids_stats: {
      ...(num(pids) !== undefined ? { current: num(pids) } : {}),
      ...(num(pidsMax) ? { limit: num(pidsMax) } : {}),
    },
    blkio_stats: { ...emptyBlkio(), io_service_bytes_recursive: bytes, io_serviced_recursive: ios },
    cpu_stats: {
      cpu_usage: {
        total_usage: (cpu.usage_usec ?? 0) * 1000,
        usage_in_kernelmode: (cpu.system_usec ?? 0) * 1000,
        usage_in_usermode: (cpu.user_usec ?? 0) * 1000,
      },
      throttling_data: {
        periods: cpu.nr_periods ?? 0,
        throttled_periods: cpu.nr_throttled ?? 0,
        throttled_time: (cpu.throttled_usec ?? 0) * 1000,
      },
    },
    memory_stats:
      memCurrent === undefined
        ? {}
        : { usage: num(memCurrent) ?? 0, stats: parseFlatKeyed(memStat), limit: memoryLimit(num(memMax)) },
  };
}

/** One sample of a container's cgroup; files that are missing (a controller not mounted) read as absent. */
export function sampleCgroup(version: CgroupVersion, cgroupsPath: string): CgroupSample {
  const sample = version === "2" ? sampleV2(cgroupsPath) : sampleV1(cgroupsPath);
  sample.cpu_stats.system_cpu_usage = systemCpuUsage();
  sample.cpu_stats.online_cpus = onlineCpus();
  return sample;
}

let online: number | undefined;
/** The CPUs online (sysconf(_SC_NPROCESSORS_ONLN) in moby), read once: "0-1,4" → 3. */
function onlineCpus(): number {
  if (online !== undefined) return online;
  let n = 0;
  for (const part of (read("/sys/devices/system/cpu/online") ?? "").trim().split(",")) {
    const [a, b] = part.split("-").map(Number);
    if (Number.isInteger(a)) n += Number.isInteger(b) ? b - a + 1 : 1;
  }
  online = n || availableParallelism();
  return online;
}

/** The host's CPU time in ns from /proc/stat's first line (user … softirq), as moby's getSystemCPUUsage. */
export function systemCpuUsage(statText?: string): number {
  const text = statText ?? read("/proc/stat") ?? "";
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return 0;
  const ticks = line
    .trim()
    .split(/\s+/)
    .slice(1, 8)
    .reduce((a, v) => a + Number(v), 0);
  return ticks * NS_PER_TICK;
}

export interface InterfaceStats {
  rx_bytes: number;
  rx_packets: number;
  rx_errors: number;
  rx_dropped: number;
  tx_bytes: number;
  tx_packets: number;
  tx_errors: number;
  tx_dropped: number;
}

/** /proc/<pid>/net/dev of a process in the container's netns: every interface but lo. */
export function parseNetDev(text: string): Record<string, InterfaceStats> {
  const out: Record<string, InterfaceStats> = {};
  for (const line of text.split("\n").slice(2)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === "lo") continue;
    const v = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    out[name] = {
      rx_bytes: v[0],
      rx_packets: v[1],
      rx_errors: v[2],
      rx_dropped: v[3],
      tx_bytes: v[8],
      tx_packets: v[9],
      tx_errors: v[10],
      tx_dropped: v[11],
    };
  }
  return out;
}
