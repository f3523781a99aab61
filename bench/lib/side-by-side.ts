// What bench/network.ts and bench/volumes.ts share: berthd and Debian's dockerd started side by
// side with a default bridge each (inside the benchmark's own netns), the same images imported
// into both, cases timed with the two engines taking turns (so that load from other work on the
// machine falls on both alike), and the ratios printed.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { Cleanup, cleanupOnSignals, cleanWorkDir, restoreHost, snapshotHost } from "./cleanup.ts";
import { type Daemon, importImage, makeBusybox, startBerthd, startDockerd } from "./engines.ts";
import { benchNetns } from "./netns.ts";
import { dockerCliPath } from "./packages.ts";
import { exitText, lastLine, mustRun, type RunResult, run } from "./proc.ts";
import { fixed, formatTable, median, percentile } from "./stats.ts";

export interface Bench {
  base: string;
  cleanup: Cleanup;
  berth: Daemon;
  docker: Daemon;
  /** Runs the docker CLI against an engine; never rejects for a non-zero exit. */
  cli(d: Daemon, args: string[]): Promise<RunResult>;
  /** Like `cli`, but a non-zero exit is an error with the CLI's last words. */
  mustCli(d: Daemon, args: string[]): Promise<RunResult>;
  aborted(): boolean;
  busybox: { rootfs: string; tar: string };
  /** Notes for the end of the report (leftovers found by the cleanup). */
  leftovers: string[];
}

/** Each engine's default bridge: its own device (inside the netns) and subnet. */
const BERTH_BIP = "10.201.0.1/24";
const DOCKER_BIP = "10.202.0.1/24";

/**
 * Temp dir, cleanup and both daemons with their default bridge, busybox imported into both.
 * Must run inside the benchmark's netns (reexecInNetns first).
 */
export async function startBench(): Promise<Bench> {
  if (!benchNetns()) throw new Error("Cannot start the engines: not inside the benchmark's netns");
  const cleanup = new Cleanup();
  let aborted = false;
  cleanupOnSignals(cleanup, () => {
    aborted = true;
  });
  const base = await mkdtemp(path.join(tmpdir(), "berth-bench-"));
  const cgroupParent = `${path.basename(base)}-docker`;
  const host = snapshotHost();
  const leftovers: string[] = [];
  cleanup.add("restore the host", () => {
    // Only under this dockerd's own cgroup parent: other people's engines (berth's test
    // daemons, another dockerd) make and remove cgroups meanwhile.
    // The shared host paths (/run/docker, /run/containerd, …) stay: on a machine where other
    // people run engines too, one of theirs may have made them meanwhile and be using them.
    const r = restoreHost(host, (d) => d.includes(`/${cgroupParent}`), false);
    if (r.paths.length)
      leftovers.push(`host paths that appeared during the run, left in place: ${r.paths.join(" ")}`);
    const leaked = r.cgroups.filter((d) => /[0-9a-f]{64}/.test(d));
    if (leaked.length) leftovers.push(`dockerd's container cgroups left behind, removed: ${leaked.length}`);
    if (r.stuck.length) leftovers.push(`cgroups that could not be removed: ${r.stuck.join(" ")}`);
  });
  cleanWorkDir(cleanup, base, (m) => leftovers.push(m));
  const dockerCli = await dockerCliPath();
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: path.join(base, "docker-config") };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  const cli = (d: Daemon, args: string[]) => run(dockerCli, ["-H", d.host, ...args], { env });
  const mustCli = async (d: Daemon, args: string[]) => {
    const r = await cli(d, args);
    if (r.code !== 0)
      // All of stderr: the CLI's last line is often only "Run 'docker run --help'…".
      throw new Error(
        `docker ${args.join(" ")} against ${d.name} failed (${exitText(r)}): ${r.stderr.trim().replace(/\s*\n\s*/g, " | ") || lastLine(r)}`,
      );
    return r;
  };

  const busybox = await makeBusybox(base);
  try {
    const berth = await startBerthd(path.join(base, "berth"), cleanup, ["--bip", BERTH_BIP]);
    const docker = await startDockerd(path.join(base, "docker"), cleanup, [
      "--bip",
      DOCKER_BIP,
      "--cgroup-parent",
      `/${cgroupParent}`,
    ]);
    for (const d of [berth, docker]) await importImage(d.client, busybox.tar);
    return { base, cleanup, berth, docker, cli, mustCli, aborted: () => aborted, busybox, leftovers };
  } catch (err) {
    await cleanup.run();
    throw err;
  }
}

/**
 * A tar of the busybox rootfs plus what `add` writes into a copy of it, imported into both
 * engines as `name` with `changes` (Dockerfile instructions, as `docker import -c`).
 */
export async function importDerived(
  b: Bench,
  name: string,
  changes: string[],
  add: (rootfs: string) => Promise<void>,
): Promise<void> {
  const dir = path.join(b.base, `image-${name.replace(/[^a-z0-9]/g, "-")}`);
  await cp(b.busybox.rootfs, dir, { recursive: true, verbatimSymlinks: true });
  await add(dir);
  const tar = `${dir}.tar`;
  await mustRun("tar", ["-C", dir, "--numeric-owner", "-cf", tar, "."]);
  for (const d of [b.berth, b.docker]) await importImage(d.client, tar, name, ['CMD ["sh"]', ...changes]);
  await rm(dir, { recursive: true, force: true });
  await rm(tar, { force: true });
}

export interface Row {
  label: string;
  unit: string;
  berth: number[];
  docker: number[];
  /** Higher is better (rates, throughputs): the ratio reads berth / docker either way. */
  higherIsBetter?: boolean;
  failure?: string;
}

/**
 * Times `once` for each engine, the two taking turns: `warmups` untimed rounds, then `runs`
 * timed ones. `once` returns its own figure (ms, or a rate), or undefined to have the wall time
 * of the call taken.
 */
export async function interleaved(
  b: Bench,
  label: string,
  once: (d: Daemon) => Promise<number | undefined>,
  opts: { runs: number; warmups: number; unit?: string; higherIsBetter?: boolean },
): Promise<Row> {
  const row: Row = {
    label,
    unit: opts.unit ?? "ms",
    berth: [],
    docker: [],
    higherIsBetter: opts.higherIsBetter,
  };
  console.error(`measuring: ${label}`);
  try {
    for (let i = 0; i < opts.warmups + opts.runs; i++) {
      // Alternate which engine goes first, so neither always follows the other's clean-up.
      const order = i % 2 ? [b.docker, b.berth] : [b.berth, b.docker];
      for (const d of order) {
        if (b.aborted()) throw new Error("aborted");
        const t0 = performance.now();
        const v = await once(d);
        const figure = v ?? performance.now() - t0;
        if (i >= opts.warmups) (d === b.berth ? row.berth : row.docker).push(figure);
      }
    }
  } catch (err) {
    row.failure = (err as Error).message;
  }
  return row;
}

export interface Goal {
  label: string;
  /** berth / docker must be at most this (or at least, for higherIsBetter rows). */
  limit: number;
}

/** The table of medians and ratios, then each goal with met / NOT met. */
export function report(title: string, rows: Row[], goals: Goal[], notes: string[]): void {
  console.log(`${title}, ${new Date().toISOString()}: ${availableParallelism()} CPUs, netns ${benchNetns()}`);
  const footnotes: string[] = [];
  const ratio = (r: Row) => median(r.berth) / median(r.docker);
  const table = rows.map((r) => {
    if (r.failure) footnotes.push(`[${footnotes.length + 1}] ${r.label}: ${r.failure}`);
    return [
      r.label,
      r.unit,
      String(r.berth.length),
      fixed(median(r.berth)),
      fixed(r.higherIsBetter ? percentile(r.berth, 10) : percentile(r.berth, 90)),
      fixed(median(r.docker)),
      fixed(r.higherIsBetter ? percentile(r.docker, 10) : percentile(r.docker, 90)),
      fixed(ratio(r), 2),
      r.failure ? `FAILED [${footnotes.length}]` : "",
    ];
  });
  console.log(
    formatTable(
      [
        "what",
        "unit",
        "runs",
        "berth median",
        "berth p90",
        "docker median",
        "docker p90",
        "berth/docker",
        "note",
      ],
      table,
      [2, 3, 4, 5, 6, 7],
    ),
  );
  console.log("p90: the 90th percentile of times, the 10th of rates (the slow end either way)");
  for (const f of footnotes) console.log(f);
  for (const g of goals) {
    const r = rows.find((x) => x.label === g.label);
    const v = r && !r.failure ? ratio(r) : Number.NaN;
    const met = r?.higherIsBetter ? v >= g.limit : v <= g.limit;
    console.log(
      `goal: ${g.label}: berth/docker = ${fixed(v, 3)} (goal ${r?.higherIsBetter ? ">=" : "<="} ${g.limit}): ${Number.isNaN(v) ? "not measured" : met ? "met" : "NOT met"}`,
    );
  }
  for (const n of notes) console.log(`note: ${n}`);
}
