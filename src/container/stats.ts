// `GET /containers/{id}/stats`: samples of a container's cgroup and network counters, as
// dockerd's stats collector sends them — one per second while streaming, each carrying the
// previous sample's CPU figures (precpu_stats) so that clients compute CPU % from the pair.

import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { isPrivateNetworkMode } from "../network/endpoint-settings.ts";
import {
  type CgroupSample,
  type CpuStats,
  emptyBlkio,
  emptyCpu,
  type InterfaceStats,
  parseNetDev,
  sampleCgroup,
} from "../runtime/cgroup-stats.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerContext } from "./context.ts";

/** Go's zero time.Time, which dockerd sends as `read` of a container it cannot sample. */
const ZERO_TIME = "0001-01-01T00:00:00Z";
const INTERVAL_MS = 1000;

/** moby's StatsJSON, in its field order. */
export interface StatsJSON {
  read: string;
  preread: string;
  pids_stats: CgroupSample["pids_stats"];
  blkio_stats: CgroupSample["blkio_stats"];
  num_procs: number;
  storage_stats: Record<string, never>;
  cpu_stats: CpuStats;
  precpu_stats: CpuStats;
  memory_stats: CgroupSample["memory_stats"];
  name: string;
  id: string;
  networks?: Record<string, InterfaceStats>;
}

export interface StatsOptions {
  stream: boolean;
  /** With stream=false: answer at once, without waiting for a second sample for precpu_stats. */
  oneShot: boolean;
}

const sampled = (rec: ContainerRecord) => rec.State.Running && rec.State.Pid > 0;

function emptyStats(rec: ContainerRecord): StatsJSON {
  return {
    read: ZERO_TIME,
    preread: ZERO_TIME,
    pids_stats: {},
    blkio_stats: emptyBlkio(),
    num_procs: 0,
    storage_stats: {},
    cpu_stats: emptyCpu(),
    precpu_stats: emptyCpu(),
    memory_stats: {},
    name: `/${rec.Name.replace(/^\//, "")}`,
    id: rec.ID,
  };
}

function sample(ctx: ContainerContext, rec: ContainerRecord): StatsJSON {
  const read = new Date().toISOString();
  const cg = sampleCgroup(ctx.host.cgroups, rec.CgroupsPath);
  const out: StatsJSON = { ...emptyStats(rec), read, ...cg };
  if (isPrivateNetworkMode(rec.HostConfig.NetworkMode || "default")) {
    let text = "";
    try {
      // Sync as the cgroup files (runtime/cgroup-stats.ts says why).
      text = readFileSync(`/proc/${rec.State.Pid}/net/dev`, "utf8");
    } catch {
      // the process is gone: no networks in this sample
    }
    const networks = parseNetDev(text);
    if (Object.keys(networks).length) out.networks = networks;
  }
  return out;
}

/**
 * Sends samples to `emit` until the client leaves (`signal`), the container is removed, or,
 * without `stream`, after one sample. A container that is not running gives dockerd's empty
 * stats (zero `read`), once or each second.
 */
export async function streamStats(
  ctx: ContainerContext,
  ref: string,
  opts: StatsOptions,
  emit: (s: StatsJSON) => void,
  signal: AbortSignal,
): Promise<void> {
  const first = ctx.store.get(ref);
  const id = first.ID;
  if (!opts.stream) {
    if (!sampled(first)) return emit(emptyStats(first));
    const one = sample(ctx, first);
    if (opts.oneShot) return emit(one);
    // As dockerd: wait for the collector's next round so precpu_stats has figures.
    await delay(INTERVAL_MS, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) return;
    const rec = ctx.store.find(id);
    if (!rec || !sampled(rec)) return emit(one);
    const two = sample(ctx, rec);
    return emit({ ...two, preread: one.read, precpu_stats: one.cpu_stats });
  }
  let prev: StatsJSON | undefined;
  while (!signal.aborted) {
    const rec = ctx.store.find(id);
    if (!rec) return;
    if (sampled(rec)) {
      const next = sample(ctx, rec);
      emit(prev ? { ...next, preread: prev.read, precpu_stats: prev.cpu_stats } : next);
      prev = next;
    } else {
      prev = undefined;
      emit(emptyStats(rec));
    }
    await delay(INTERVAL_MS, undefined, { signal }).catch(() => undefined);
  }
}
