/** `berth update` (docker/cli's container/update.go). */
import { ApiError } from "../../../client/client.ts";
import { ramInBytes } from "../../../format/units.ts";
import { CliError, type Command, writeLine } from "../../command.ts";
import type { FlagValues } from "../../flags.ts";
import { cpath } from "./common.ts";
import { errorText } from "./errors.ts";
import { parseCpus, parseRestartPolicy } from "./opts-values.ts";

/** The UpdateConfig body: Resources in Go's field order, then RestartPolicy. */
export function buildUpdateBody(flags: FlagValues): Record<string, unknown> {
  const bytes = (name: string) => {
    const v = flags[name] as string | undefined;
    if (v === undefined) return 0;
    if (name === "memory-swap" && v === "-1") return -1;
    try {
      return ramInBytes(v);
    } catch (err) {
      throw new CliError(
        `berth: invalid argument "${v}" for "${name === "memory" ? "-m, --memory" : `--${name}`}" flag: ${(err as Error).message}\nSee 'berth update --help'.`,
        125,
      );
    }
  };
  const int = (name: string) => (flags[name] as number | undefined) ?? 0;
  let nanoCpus = 0;
  if (flags.cpus !== undefined) {
    try {
      nanoCpus = parseCpus(flags.cpus as string);
    } catch (err) {
      throw new CliError(
        `berth: invalid argument "${flags.cpus}" for "--cpus" flag: ${(err as Error).message}\nSee 'berth update --help'.`,
        125,
      );
    }
  }
  const body: Record<string, unknown> = {
    CpuShares: int("cpu-shares"),
    Memory: bytes("memory"),
    NanoCpus: nanoCpus,
    CgroupParent: "",
    BlkioWeight: int("blkio-weight"),
    BlkioWeightDevice: null,
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpuPeriod: int("cpu-period"),
    CpuQuota: int("cpu-quota"),
    CpuRealtimePeriod: int("cpu-rt-period"),
    CpuRealtimeRuntime: int("cpu-rt-runtime"),
    CpusetCpus: (flags["cpuset-cpus"] as string | undefined) ?? "",
    CpusetMems: (flags["cpuset-mems"] as string | undefined) ?? "",
    Devices: null,
    DeviceCgroupRules: null,
    DeviceRequests: null,
  };
  const kernelMemory = bytes("kernel-memory");
  if (kernelMemory) body.KernelMemory = kernelMemory;
  Object.assign(body, {
    MemoryReservation: bytes("memory-reservation"),
    MemorySwap: bytes("memory-swap"),
    MemorySwappiness: null,
    OomKillDisable: null,
    PidsLimit: int("pids-limit") !== 0 ? int("pids-limit") : null,
    Ulimits: null,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
  });
  const restartFlag = flags.restart as string | undefined;
  body.RestartPolicy = restartFlag ? parseRestartPolicy(restartFlag) : { Name: "", MaximumRetryCount: 0 };
  return body;
}

export const update: Command = {
  name: "update",
  aliases: ["container update"],
  usage: "update [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Update configuration of one or more containers",
  minArgs: 1,
  flags: [
    {
      name: "blkio-weight",
      type: "int",
      description: "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)",
    },
    { name: "cpu-period", type: "int", description: "Limit CPU CFS (Completely Fair Scheduler) period" },
    { name: "cpu-quota", type: "int", description: "Limit CPU CFS (Completely Fair Scheduler) quota" },
    { name: "cpu-rt-period", type: "int", description: "Limit the CPU real-time period in microseconds" },
    { name: "cpu-rt-runtime", type: "int", description: "Limit the CPU real-time runtime in microseconds" },
    { name: "cpu-shares", short: "c", type: "int", description: "CPU shares (relative weight)" },
    { name: "cpus", type: "string", description: "Number of CPUs" },
    { name: "cpuset-cpus", type: "string", description: "CPUs in which to allow execution (0-3, 0,1)" },
    { name: "cpuset-mems", type: "string", description: "MEMs in which to allow execution (0-3, 0,1)" },
    { name: "kernel-memory", type: "string", description: "Kernel memory limit (deprecated)" },
    { name: "memory", short: "m", type: "string", description: "Memory limit" },
    { name: "memory-reservation", type: "string", description: "Memory soft limit" },
    {
      name: "memory-swap",
      type: "string",
      description: "Swap limit equal to memory plus swap: -1 to enable unlimited swap",
    },
    { name: "pids-limit", type: "int", description: "Tune container pids limit (set -1 for unlimited)" },
    { name: "restart", type: "string", description: "Restart policy to apply when a container exits" },
  ],
  async run(ctx, flags, args) {
    const given = Object.entries(flags).filter(([k, v]) => k !== "help" && v !== undefined && v !== false);
    if (given.length === 0)
      throw new CliError("you must provide one or more flags when using this command", 1);
    let body: Record<string, unknown>;
    try {
      body = buildUpdateBody(flags);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError((err as Error).message, 1);
    }
    const warnings: string[] = [];
    const errs: string[] = [];
    for (const name of args) {
      try {
        const r = await ctx.client.json<{ Warnings: string[] | null }>("POST", `${cpath(name)}/update`, {
          body,
        });
        writeLine(ctx.stdout, name);
        warnings.push(...(r?.Warnings ?? []));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        errs.push(errorText(err));
      }
    }
    if (warnings.length) writeLine(ctx.stdout, warnings.join("\n"));
    if (errs.length) throw new CliError(errs.join("\n"), 1);
    return 0;
  },
};
