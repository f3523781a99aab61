import assert from "node:assert/strict";
import { createCipheriv, randomInt } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { run, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, makeTar, sha256, writeOciLayout } from "../helpers/images.ts";
import { startRegistry } from "../helpers/registry.ts";

// Fault injection for load and pull (issue 9): berthd is killed with SIGKILL at a seeded
// random point of the operation, restarted, and the image store must hold no half image,
// no leftovers in tmp/ingest, list what is on disk, and let the same operation succeed.
// Replay a failure with BERTH_FAULT_SEED=<seed printed below>.

const seed = Number(process.env.BERTH_FAULT_SEED ?? randomInt(2 ** 31));
const iterations = Number(process.env.BERTH_FAULT_ITERATIONS ?? 8);

/** mulberry32: a small seeded PRNG, so that a run can be replayed from its seed. */
function prng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Incompressible but fixed bytes (AES-CTR of zeros), so layers take real work to store. */
function noise(n: number, label: string): Buffer {
  const key = Buffer.alloc(16, label);
  return createCipheriv("aes-128-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(n));
}

async function layers(): Promise<Buffer[]> {
  const files = (label: string) =>
    Array.from({ length: 6 }, (_, i) => ({
      name: `${label}/f${i}`,
      content: noise(1024 * 1024, `${label}${i}`),
    }));
  return [
    await makeTar(busyboxEntries()),
    await makeTar([{ name: "a/", type: "directory" }, ...files("a")]),
    await makeTar([{ name: "b/", type: "directory" }, ...files("b")]),
  ];
}

/** The layout as an OCI archive, in memory. */
async function layoutArchive(dir: string): Promise<Buffer> {
  const entries: { name: string; content: Buffer }[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, name.name);
      if (name.isDirectory()) walk(p);
      else entries.push({ name: p, content: readFileSync(path.join(dir, p)) });
    }
  };
  walk("");
  return makeTar(entries);
}

function list(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The invariants after a restart; returns the image IDs on disk. */
async function checkStore(d: TestDaemon, where: string): Promise<string[]> {
  const root = d.dataRoot;
  assert.deepEqual(list(path.join(root, "tmp")), [], `${where}: data/tmp is empty`);
  assert.deepEqual(list(path.join(root, "content/ingest")), [], `${where}: the ingest dir is empty`);
  assert.equal(existsSync(path.join(root, "image/pending.json")), false, `${where}: no pending add`);
  const blobs = new Set(list(path.join(root, "content/blobs/sha256")).map((h) => `sha256:${h}`));
  const layerDirs = list(path.join(root, "layers"));
  for (const l of layerDirs) {
    assert.match(l, /^[a-f0-9]{64}$/, `${where}: no temporary layer dir (${l})`);
    assert.ok(existsSync(path.join(root, "layers", l, "layer.json")), `${where}: layer ${l} is complete`);
  }
  const records = list(path.join(root, "image/images")).map((f) => {
    assert.match(f, /^[a-f0-9]{64}\.json$/, `${where}: no temporary record (${f})`);
    return JSON.parse(readFileSync(path.join(root, "image/images", f), "utf8")) as {
      id: string;
      manifest: string;
      layers: { blob: string; diffId: string }[];
    };
  });
  const liveBlobs = new Set<string>();
  const liveLayers = new Set<string>();
  for (const rec of records) {
    for (const b of [rec.id, rec.manifest, ...rec.layers.map((l) => l.blob)]) {
      assert.ok(blobs.has(b), `${where}: image ${rec.id} has its blob ${b}`);
      liveBlobs.add(b);
    }
    let chain = "";
    for (const l of rec.layers) {
      chain = chain ? sha256(`${chain} ${l.diffId}`) : l.diffId;
      assert.ok(layerDirs.includes(chain.slice(7)), `${where}: image ${rec.id} has its layer ${chain}`);
      liveLayers.add(chain.slice(7));
    }
  }
  assert.deepEqual(
    [...blobs].filter((b) => !liveBlobs.has(b)),
    [],
    `${where}: no unreferenced blob`,
  );
  assert.deepEqual(
    layerDirs.filter((l) => !liveLayers.has(l)),
    [],
    `${where}: no unreferenced layer`,
  );
  const refsFile = path.join(root, "image/references.json");
  const refs = existsSync(refsFile)
    ? (JSON.parse(readFileSync(refsFile, "utf8")) as { references: Record<string, string> }).references
    : {};
  const ids = records.map((r) => r.id).sort();
  for (const [ref, id] of Object.entries(refs))
    assert.ok(ids.includes(id), `${where}: ${ref} names a record`);
  const listed = await d.client.json<{ Id: string; RepoTags: string[]; RepoDigests: string[] }[]>(
    "GET",
    "/images/json",
    { query: { all: "1" } },
  );
  assert.deepEqual(listed.map((i) => i.Id).sort(), ids, `${where}: /images/json lists what is on disk`);
  for (const i of listed) {
    const onDisk = Object.entries(refs).filter(([, id]) => id === i.Id).length;
    assert.equal(i.RepoTags.length + i.RepoDigests.length, onDisk, `${where}: names of ${i.Id}`);
  }
  return ids;
}

test("SIGKILL at random points of load and pull leaves no half image", { timeout: 240_000 }, async (t) => {
  console.log(`# image faults: BERTH_FAULT_SEED=${seed} (iterations ${iterations})`);
  t.diagnostic(`BERTH_FAULT_SEED=${seed}`);
  const rand = prng(seed);
  const work = await mkdtemp(path.join(tmpdir(), "berth-faults-"));
  t.after(() => rm(work, { recursive: true, force: true }));
  const img = await writeOciLayout(path.join(work, "layout"), await layers(), { refName: "faults/load:1" });
  const archive = await layoutArchive(img.layout);
  const reg = await startRegistry(t);
  const r = await run("skopeo", [
    "copy",
    "--quiet",
    "--dest-tls-verify=false",
    `oci:${img.layout}:faults/load:1`,
    `docker://${reg.host}/faults/pull:1`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const d = await startDaemon(t);

  const ops = {
    load: async () => {
      const res = await d.client.call("POST", "/images/load", { stream: Readable.from([archive]) });
      let text = "";
      for await (const c of res.body) text += c;
      assert.match(text, /Loaded image: faults\/load:1/, text);
    },
    pull: () =>
      d.client.jsonStream(
        "POST",
        "/images/create",
        { query: { fromImage: `${reg.host}/faults/pull`, tag: "1" } },
        () => {},
      ),
  };
  const reset = async () => {
    for (const name of ["faults/load:1", `${reg.host}/faults/pull:1`]) {
      await d.client
        .ok("DELETE", `/images/${encodeURIComponent(name)}`, { query: { force: "1" } })
        .catch(() => {});
    }
    // A pull's kept partial downloads would make every later pull a resume.
    await d.client.ok("POST", "/images/prune", { query: { filters: '{"dangling":["false"]}' } });
  };

  // How long each takes here, now: the kills fall within that.
  const took: Record<string, number> = {};
  for (const [name, op] of Object.entries(ops)) {
    const start = performance.now();
    await op();
    took[name] = performance.now() - start;
    await reset();
  }
  t.diagnostic(`load ${took.load.toFixed(0)} ms, pull ${took.pull.toFixed(0)} ms`);

  for (let i = 0; i < iterations; i++) {
    const name = rand() < 0.5 ? "load" : "pull";
    const after = Math.floor(rand() * took[name]);
    const where = `iteration ${i} (${name}, kill after ${after} ms, seed ${seed})`;
    const running = ops[name as keyof typeof ops]().then(
      () => "done",
      () => "cut",
    );
    await delay(after);
    await d.stop("SIGKILL");
    const outcome = await running;
    await d.restart();
    const ids = await checkStore(d, where);
    // Either the operation got through before the kill, or it left nothing behind.
    assert.ok(ids.length <= 1, `${where}: ${ids}`);
    // An image that survived is whole: recorded with its name, never nameless (the add's
    // records and references are one intent, finished at start-up).
    if (ids.length === 1) {
      const [listed] = await d.client.json<{ RepoTags: string[] }[]>("GET", "/images/json");
      const tag = name === "load" ? "faults/load:1" : `${reg.host}/faults/pull:1`;
      assert.deepEqual(listed?.RepoTags, [tag], `${where} (${outcome})`);
    }
    await ops[name as keyof typeof ops]();
    assert.deepEqual(await checkStore(d, `${where}, repeated`), [img.configDigest], where);
    await reset();
  }
});
