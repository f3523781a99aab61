/**
 * HostConfig's resource limits to linux.resources (cgroups v1 and v2), with moby's checks
 * and the warnings-as-discards of a kernel that lacks a controller.
 */
import os from "node:os";
import { InvalidParameterError, SystemError } from "../../errdefs/errors.ts";
import type { HostConfig } from "../../types/host-config.ts";
import type { SpecInput } from "../oci-spec.ts";
import type { LinuxResources } from "./spec-types.ts";

const MIN_MEMORY = 6 * 1024 * 1024;

/** The cgroup resources of `hc`; `input` is the host's side (the rest of the spec is not needed). */
export function resources(
  input: Pick<SpecInput, "cgroupVersion" | "kernelSupport" | "cpuCount" | "blockDevices">,
  hc: HostConfig,
): Omit<LinuxResources, "devices"> {
  const support = {
    swapLimit: true,
    memorySwappiness: true,
    blkioWeight: true,
    kernelMemoryTCP: true,
    ...input.kernelSupport,
  };
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
  if (hc.KernelMemoryTCP && support.kernelMemoryTCP) mem.kernelTCP = hc.KernelMemoryTCP;
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
  const blockIO: NonNullable<LinuxResources["blockIO"]> = {};
  if (weight > 0 && support.blkioWeight) {
    if (weight < 10 || weight > 1000)
      throw new InvalidParameterError("Range of blkio weight is from 10 to 1000");
    blockIO.weight = weight;
  }
  Object.assign(blockIO, blockIODevices(input.blockDevices, hc));
  if (Object.keys(blockIO).length > 0) out.blockIO = blockIO;
  return out;
}

/** The HostConfig fields of per-device block I/O limits, with their spec names. */
const THROTTLES = [
  ["BlkioDeviceReadBps", "throttleReadBpsDevice"],
  ["BlkioDeviceWriteBps", "throttleWriteBpsDevice"],
  ["BlkioDeviceReadIOps", "throttleReadIOPSDevice"],
  ["BlkioDeviceWriteIOps", "throttleWriteIOPSDevice"],
] as const;

/** Every device path a block I/O limit of `hc` names (the caller stats them for `blockDevices`). */
export function blockIODevicePaths(hc: HostConfig): string[] {
  const paths = (hc.BlkioWeightDevice ?? []).map((d) => d.Path ?? "");
  for (const [field] of THROTTLES) for (const d of hc[field] ?? []) paths.push(d.Path ?? "");
  return [...new Set(paths)];
}

/**
 * --blkio-weight-device and --device-read/write-bps/iops as linux.resources.blockIO (moby's
 * getBlkioWeightDevices / getBlkioThrottleDevices). Without `numbers` (create's validation,
 * which has no device numbers) only the values are checked.
 */
function blockIODevices(
  numbers: SpecInput["blockDevices"],
  hc: HostConfig,
): Omit<NonNullable<LinuxResources["blockIO"]>, "weight"> {
  const out: Omit<NonNullable<LinuxResources["blockIO"]>, "weight"> = {};
  const dev = (p: string | undefined) => {
    const n = numbers?.[p ?? ""];
    if (!n) {
      throw new SystemError(
        `Cannot generate the runtime spec: the block I/O limit's device ${p} was not resolved to its numbers`,
      );
    }
    return n;
  };
  for (const d of hc.BlkioWeightDevice ?? []) {
    const w = d.Weight ?? 0;
    if (w !== 0 && (w < 10 || w > 1000))
      throw new InvalidParameterError(`invalid weight for device: ${d.Path}:${w}`);
  }
  for (const [field] of THROTTLES) {
    for (const d of hc[field] ?? []) {
      if (!Number.isSafeInteger(d.Rate ?? 0) || (d.Rate ?? 0) < 0)
        throw new InvalidParameterError(`invalid rate for device: ${d.Path}:${d.Rate}`);
    }
  }
  if (numbers === undefined) return out;
  const weights = (hc.BlkioWeightDevice ?? []).map((d) => ({ ...dev(d.Path), weight: d.Weight ?? 0 }));
  if (weights.length > 0) out.weightDevice = weights;
  for (const [field, key] of THROTTLES) {
    const list = (hc[field] ?? []).map((d) => ({ ...dev(d.Path), rate: d.Rate ?? 0 }));
    if (list.length > 0) out[key] = list;
  }
  return out;
}
