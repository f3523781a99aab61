/** `berth stats` (docker/cli's container/stats.go and stats_helpers.go, formatter/stats.go). */
import { bytesSize, humanSizeWithPrecision, shortId } from "../../../format/units.ts";
import type { ContainerSummary } from "../../../types/container.ts";
import { type CliContext, CliError, type Command, formatFlag, str } from "../../command.ts";
import { printRows } from "../../output.ts";
import { cpath } from "./common.ts";
import { errorText } from "./errors.ts";

/** The parts of the Engine API's stats the CLI computes its columns from. */
interface StatsWire {
  name?: string;
  id?: string;
  read?: string;
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  pids_stats?: { current?: number };
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
}

interface Entry {
  id: string;
  name: string;
  cpu: number;
  mem: number;
  memLimit: number;
  memPerc: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
  pids: number;
  invalid: boolean;
}

/** calculateCPUPercentUnix: the container's share of the host's CPU time between two samples, × CPUs. */
function cpuPercent(s: StatsWire): number {
  const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const online = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 0;
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
}

/** calculateMemUsageUnixNoCache: usage less the inactive page cache (v1 total_inactive_file, v2 inactive_file). */
function memUsage(m: NonNullable<StatsWire["memory_stats"]>): number {
  const usage = m.usage ?? 0;
  const stats = m.stats ?? {};
  for (const key of ["total_inactive_file", "inactive_file"]) {
    const v = stats[key];
    if (v !== undefined && v < usage) return usage - v;
    if (v !== undefined) return usage;
  }
  return usage;
}

export function entryOf(id: string, name: string, s: StatsWire): Entry {
  const mem = s.memory_stats ? memUsage(s.memory_stats) : 0;
  const memLimit = s.memory_stats?.limit ?? 0;
  let blkRead = 0;
  let blkWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = e.op.toLowerCase();
    if (op.startsWith("read")) blkRead += e.value;
    else if (op.startsWith("write")) blkWrite += e.value;
  }
  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    netRx += n.rx_bytes;
    netTx += n.tx_bytes;
  }
  return {
    id,
    name: (s.name ?? name).replace(/^\//, ""),
    cpu: cpuPercent(s),
    mem,
    memLimit,
    memPerc: memLimit ? (mem / memLimit) * 100 : 0,
    netRx,
    netTx,
    blkRead,
    blkWrite,
    pids: s.pids_stats?.current ?? 0,
    invalid: false,
  };
}

/** formatter/stats.go's row, in the field order its `{{json .}}` prints. */
function row(e: Entry, noTrunc: boolean) {
  const pair = (a: string, b: string) => `${a} / ${b}`;
  return {
    BlockIO: e.invalid
      ? "--"
      : pair(humanSizeWithPrecision(e.blkRead, 3), humanSizeWithPrecision(e.blkWrite, 3)),
    CPUPerc: e.invalid ? "--" : `${e.cpu.toFixed(2)}%`,
    Container: e.name || e.id,
    ID: noTrunc ? e.id : shortId(e.id),
    MemPerc: e.invalid ? "--" : `${e.memPerc.toFixed(2)}%`,
    MemUsage: e.invalid ? "-- / --" : pair(bytesSize(e.mem), bytesSize(e.memLimit)),
    Name: e.name || "--",
    NetIO: e.invalid ? "--" : pair(humanSizeWithPrecision(e.netRx, 3), humanSizeWithPrecision(e.netTx, 3)),
    PIDs: e.invalid ? "--" : String(e.pids),
  };
}

const HEADERS = {
  Container: "CONTAINER",
  ID: "CONTAINER ID",
  Name: "NAME",
  CPUPerc: "CPU %",
  MemUsage: "MEM USAGE / LIMIT",
  MemPerc: "MEM %",
  NetIO: "NET I/O",
  BlockIO: "BLOCK I/O",
  PIDs: "PIDS",
};
const DEFAULT_FORMAT =
  "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

/** Exported for `berth compose stats`, whose project may have no container to ask. */
export function print(ctx: CliContext, format: string | undefined, entries: Entry[], noTrunc: boolean): void {
  printRows(
    ctx.stdout,
    format,
    DEFAULT_FORMAT,
    entries.map((e) => row(e, noTrunc)),
    HEADERS,
  );
}

async function listIds(ctx: CliContext, all: boolean): Promise<{ id: string; name: string }[]> {
  const list = await ctx.client.json<ContainerSummary[]>("GET", "/containers/json", { query: { all } });
  return list.map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? "").replace(/^\//, "") }));
}

export const stats: Command = {
  name: "stats",
  aliases: ["container stats"],
  usage: "stats [OPTIONS] [CONTAINER...]",
  description: "Display a live stream of container(s) resource usage statistics",
  flags: [
    {
      name: "all",
      short: "a",
      type: "bool",
      description: "Show all containers (default shows just running)",
    },
    formatFlag,
    {
      name: "no-stream",
      type: "bool",
      description: "Disable streaming stats and only pull the first result",
    },
    { name: "no-trunc", type: "bool", description: "Do not truncate output" },
  ],
  async run(ctx, flags, args) {
    const format = str(flags, "format");
    const noTrunc = Boolean(flags["no-trunc"]);
    const named = args.length > 0;
    if (flags["no-stream"]) {
      const targets = named ? args.map((a) => ({ id: a, name: a })) : await listIds(ctx, Boolean(flags.all));
      const errors: string[] = [];
      const entries = await Promise.all(
        targets.map(async (t) => {
          try {
            const s = await ctx.client.json<StatsWire>("GET", `${cpath(t.id)}/stats`, {
              query: { stream: false },
            });
            return entryOf(s.id ?? t.id, t.name, s);
          } catch (err) {
            errors.push(errorText(err));
            return undefined;
          }
        }),
      );
      if (errors.length) throw new CliError(errors.join("\n"), 1);
      print(
        ctx,
        format,
        entries.filter((e): e is Entry => e !== undefined),
        noTrunc,
      );
      return 0;
    }
    return streamTable(ctx, { format, noTrunc, all: Boolean(flags.all), names: named ? args : undefined });
  },
};

/**
 * The live view: one stats stream per container, the table redrawn each second. Without
 * names, the container list is read again each second so that started and stopped
 * containers come and go, as docker's event-driven list does.
 */
async function streamTable(
  ctx: CliContext,
  opts: { format?: string; noTrunc: boolean; all: boolean; names?: string[] },
): Promise<number> {
  const latest = new Map<string, Entry>();
  const streams = new Map<string, AbortController>();
  const failures: string[] = [];
  const follow = (id: string, name: string) => {
    if (streams.has(id)) return;
    const abort = new AbortController();
    streams.set(id, abort);
    latest.set(id, { ...entryOf(id, name, {}), invalid: false });
    ctx.client
      .jsonStream("GET", `${cpath(id)}/stats`, { query: { stream: true }, signal: abort.signal }, (m) => {
        const s = m as unknown as StatsWire;
        latest.set(id, entryOf(s.id ?? id, name, s));
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        if (opts.names) failures.push(errorText(err));
        else latest.set(id, { ...(latest.get(id) ?? entryOf(id, name, {})), invalid: true });
      });
  };
  if (opts.names) for (const n of opts.names) follow(n, n);
  try {
    for (;;) {
      if (!opts.names) {
        const now = await listIds(ctx, opts.all);
        const ids = new Set(now.map((c) => c.id));
        for (const c of now) follow(c.id, c.name);
        for (const [id, abort] of streams) {
          if (ids.has(id)) continue;
          abort.abort();
          streams.delete(id);
          latest.delete(id);
        }
      }
      if (failures.length) throw new CliError(failures.join("\n"), 1);
      ctx.stdout.write("\x1b[2J\x1b[H");
      print(ctx, opts.format, [...latest.values()], opts.noTrunc);
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    for (const abort of streams.values()) abort.abort();
  }
}
