import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import tar from "tar-stream";
import { ApiError } from "../../src/client/client.ts";
import { berth, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, makeTar, sha256 } from "../helpers/images.ts";
import { archive, type Files, indexType, manifestType, ociLayout } from "./oci-layout-memory.ts";

// Bad `docker load` input (issue 9, items 3, 4, 5 and 10): each archive is refused with a
// 4xx or an in-band error that says what is wrong, berthd stays up, nothing is stored, and
// the good image loaded first still saves and runs.

function withIndex(files: Files, index: unknown): Files {
  return files.map(([n, b]) => [n, n === "index.json" ? Buffer.from(JSON.stringify(index)) : b]);
}

/** POST /images/load; the status and the error (HTTP or in-band), if any. */
async function load(d: TestDaemon, body: Buffer): Promise<{ status: number; error?: string }> {
  try {
    const res = await d.client.call("POST", "/images/load", { stream: Readable.from([body]) });
    let error: string | undefined;
    let text = "";
    for await (const c of res.body) text += c;
    for (const line of text.split("\n").filter(Boolean)) {
      const msg = JSON.parse(line) as { error?: string };
      if (msg.error) error = msg.error;
    }
    return { status: res.status, ...(error !== undefined ? { error } : {}) };
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, error: err.message };
    throw err;
  }
}

async function storeContents(d: TestDaemon) {
  const list = await d.client.json<{ Id: string; RepoTags: string[] }[]>("GET", "/images/json", {
    query: { all: "1" },
  });
  return {
    images: list.map((i) => `${i.Id} ${i.RepoTags.join(",")}`).sort(),
    blobs: (await readdir(path.join(d.dataRoot, "content/blobs/sha256"))).sort(),
    layers: (await readdir(path.join(d.dataRoot, "layers"))).sort(),
  };
}

/** `GET /images/get`: the saved layer must be the good one, byte for byte. */
async function saveLayerDigests(d: TestDaemon, name: string): Promise<string[]> {
  const res = await d.client.call("GET", "/images/get", { query: { names: name } });
  const extract = tar.extract();
  const digests: string[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      const m = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(entry.header.name);
      const body = Buffer.concat(chunks);
      // Every blob of the saved archive must hold what its name says.
      if (m) digests.push(sha256(body) === `sha256:${m[1]}` ? `sha256:${m[1]}` : `BAD ${m[1]}`);
    }
  })();
  res.body.pipe(extract);
  await done;
  return digests;
}

test("bad archives are refused with a clear error; berthd stays up; the good image still saves and runs", async (t) => {
  const d = await startDaemon(t);
  const layerTar = await makeTar(busyboxEntries());
  const good = ociLayout(layerTar);
  const ok = await load(d, await archive(good.files));
  assert.deepEqual(ok, { status: 200 });
  const before = await storeContents(d);
  assert.deepEqual(before.images, [`${good.configDigest} good:latest`]);

  const goodTar = await archive(good.files);
  // The first entry is the 30-byte oci-layout: cut inside the first big file as well.
  const firstFileCut = await archive([["big", Buffer.alloc(64 * 1024, 1)], ...good.files]);

  /** An index blob whose descriptor names `target` (not its own digest: that cannot be). */
  const indexBlob = (manifests: unknown[]) => Buffer.from(JSON.stringify({ schemaVersion: 2, manifests }));
  const fakeDigest = (c: string) => `sha256:${c.repeat(64)}`;
  const selfDigest = fakeDigest("a");
  const cycleA = fakeDigest("b");
  const cycleB = fakeDigest("c");
  const indexDesc = (digest: string, size: number) => ({ mediaType: indexType, digest, size });

  // A real chain of 12 nested indexes, every digest right: only the depth limit stops it.
  const deep: Files = [];
  const manifestDesc = JSON.parse(good.files.find(([n]) => n === "index.json")![1].toString()).manifests[0];
  let top: { digest: string; size: number } = manifestDesc;
  let topType = manifestType;
  for (let i = 0; i < 12; i++) {
    const body = indexBlob([{ ...top, mediaType: topType }]);
    deep.push([`blobs/sha256/${sha256(body).slice(7)}`, body]);
    top = { digest: sha256(body), size: body.length };
    topType = indexType;
  }

  const corrupt = ociLayout(layerTar, {
    gzip: true,
    // A byte in the middle of the deflate stream; the descriptors are computed after it.
    mutate: (gz) => {
      gz[Math.floor(gz.length / 2)] ^= 0xff;
    },
  });
  assert.equal(corrupt.configDigest, good.configDigest, "same config, so the same image ID");

  const layerName = good.files.find(([, b]) => b === layerTar)![0];
  // docker-archive (manifest.json) forms of the good image, damaged in one place each.
  const goodConfig = good.files.find(([n]) => n === `blobs/sha256/${good.configDigest.slice(7)}`)![1];
  const dockerArchive = (config: Buffer, configName: string, layer: Buffer) =>
    archive([
      [
        "manifest.json",
        Buffer.from(
          JSON.stringify([{ Config: configName, RepoTags: ["good:latest"], Layers: ["l/layer.tar"] }]),
        ),
      ],
      [configName, config],
      ["l/layer.tar", layer],
    ]);
  const tamperedTar = Buffer.from(layerTar);
  tamperedTar[tamperedTar.length - 2048] ^= 1;
  // Two images in one docker-archive: a sound new one, then the tampered one.
  const second = ociLayout(await makeTar([{ name: "second", content: "2" }]));
  const secondConfig = second.files.find(([n]) => n === `blobs/sha256/${second.configDigest.slice(7)}`)![1];
  const secondLayer = second.files.find(([n]) => n === `blobs/sha256/${second.diffId.slice(7)}`)![1];
  const twoImages = await archive([
    [
      "manifest.json",
      Buffer.from(
        JSON.stringify([
          { Config: "second.json", RepoTags: ["second:1"], Layers: ["s/layer.tar"] },
          { Config: "good.json", RepoTags: ["good:latest"], Layers: ["l/layer.tar"] },
        ]),
      ),
    ],
    ["second.json", secondConfig],
    ["s/layer.tar", secondLayer],
    ["good.json", goodConfig],
    ["l/layer.tar", tamperedTar],
  ]);
  const cmd5 = Buffer.from(JSON.stringify({ ...JSON.parse(goodConfig.toString()), config: { Cmd: 5 } }));
  const cases: [string, Buffer, RegExp][] = [
    [
      "cut inside the first file",
      firstFileCut.subarray(0, 700),
      /Cannot load archive: it is not a valid tar stream/,
    ],
    ["cut inside a later file", goodTar.subarray(0, goodTar.length - 200_000), /Cannot load archive/],
    [
      "an index naming itself",
      await archive([
        ...withIndex(good.files, { schemaVersion: 2, manifests: [indexDesc(selfDigest, 100)] }),
        [`blobs/sha256/${selfDigest.slice(7)}`, indexBlob([indexDesc(selfDigest, 100)])],
      ]),
      /Cannot load archive: index sha256:a{64} has \d+ bytes but its descriptor says 100|refers to itself/,
    ],
    [
      "a cycle of two indexes",
      await archive([
        ...withIndex(good.files, { schemaVersion: 2, manifests: [indexDesc(cycleA, 1)] }),
        [`blobs/sha256/${cycleA.slice(7)}`, indexBlob([indexDesc(cycleB, 1)])],
        [`blobs/sha256/${cycleB.slice(7)}`, indexBlob([indexDesc(cycleA, 1)])],
      ]),
      /Cannot load archive: index sha256:b{64} has \d+ bytes but its descriptor says 1|a cycle/,
    ],
    [
      "indexes nested too deep",
      await archive([
        ...withIndex(good.files, { schemaVersion: 2, manifests: [{ ...top, mediaType: indexType }] }),
        ...deep,
      ]),
      /Cannot load archive: its indexes are nested more than 8 deep/,
    ],
    [
      "a corrupt layer gzip with its descriptors recomputed",
      await archive(corrupt.files),
      /Cannot (read|unpack) layer/,
    ],
    [
      "a layer whose descriptor digest is wrong",
      await archive(
        good.files.map(([n, b]) => [
          n,
          n === layerName
            ? Buffer.concat([b.subarray(0, b.length - 1), Buffer.from([b[b.length - 1] ^ 1])])
            : b,
        ]),
      ),
      new RegExp(`Cannot store blob ${good.diffId}: its content has digest sha256:`),
    ],
    [
      "a missing layer blob",
      await archive(good.files.filter(([n]) => n !== layerName)),
      /Cannot load archive: layer sha256:[a-f0-9]{64} is missing/,
    ],
    [
      "a docker-archive layer that is not the config's DiffID",
      await dockerArchive(goodConfig, `${good.configDigest.slice(7)}.json`, tamperedTar),
      /Cannot unpack layer: its content digest sha256:[a-f0-9]{64} does not match the DiffID/,
    ],
    [
      "a sound image followed by a tampered one: neither is stored",
      twoImages,
      /Cannot unpack layer: its content digest sha256:[a-f0-9]{64} does not match the DiffID/,
    ],
    [
      "a docker-archive config that is not the digest it is named by",
      await dockerArchive(goodConfig, `${"d".repeat(64)}.json`, layerTar),
      /Cannot load archive: config d{64}\.json has digest sha256:/,
    ],
    [
      "a config whose Cmd is a number",
      await dockerArchive(cmd5, "config.json", layerTar),
      /Cannot load archive: config.json is invalid: json: cannot unmarshal number into Go struct field config.Cmd/,
    ],
    [
      "index.json that is not JSON",
      await archive(good.files.map(([n, b]) => [n, n === "index.json" ? Buffer.from("{not json") : b])),
      /Cannot load archive: index.json is not valid JSON/,
    ],
    [
      "index.json without a manifests array",
      await archive(withIndex(good.files, { schemaVersion: 2, manifests: { a: 1 } })),
      /Cannot load archive: index.json has no manifests array/,
    ],
  ];
  for (const [label, body, want] of cases) {
    const r = await load(d, body);
    assert.ok(r.error !== undefined, `${label}: the load must fail`);
    assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `${label}: status ${r.status}`);
    assert.match(r.error, want, label);
    assert.doesNotMatch(r.error, /TypeError|is not iterable|Cannot read properties|undefined/, label);
    // Still up, and nothing stored, replaced or left in tmp.
    assert.equal((await d.client.call("GET", "/_ping")).status, 200, label);
    assert.deepEqual(await storeContents(d), before, label);
    assert.deepEqual(readdirSync(path.join(d.dataRoot, "tmp")), [], label);
  }

  const saved = await saveLayerDigests(d, "good:latest");
  assert.ok(saved.includes(good.diffId), `the saved archive holds the good layer: ${saved}`);
  assert.deepEqual(
    saved.filter((s) => s.startsWith("BAD")),
    [],
  );
  const run = await berth(d, ["run", "--rm", "good", "echo", "alive"]);
  assert.equal(run.stdout, "alive\n", run.stderr);
});
