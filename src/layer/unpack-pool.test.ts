import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";
import { unpackOnWorker } from "./unpack-pool.ts";

async function makeTar(files: Record<string, Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  const out: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) out.push(chunk as Buffer);
  })();
  for (const [name, data] of Object.entries(files)) {
    await new Promise<void>((resolve, reject) => {
      pack.entry({ name, mode: 0o644 }, data, (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(out);
}

const sha256 = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-unpack-pool-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Feeds `data` in 64 KiB chunks, as a download arrives. */
async function feed(u: ReturnType<typeof unpackOnWorker>, data: Buffer, upTo = data.length) {
  for (let i = 0; i < upTo; i += 65536) await u.write(data.subarray(i, Math.min(i + 65536, upTo)));
}

test("a worker unpacks a gzip layer fed in chunks and reports its DiffID and size", async (t) => {
  const big = randomBytes(20 * 1024 * 1024);
  const plain = await makeTar({ "big.bin": big, "etc/x": Buffer.from("x\n") });
  const dir = await tempDir(t);
  const u = unpackOnWorker(dir, sha256(plain));
  // More than the worker's window: write() must wait for it rather than fail or drop bytes.
  await feed(u, gzipSync(plain, { level: 1 }));
  u.end();
  const r = await u.result;
  assert.equal(r.diffId, sha256(plain));
  assert.equal(r.size, big.length + 2);
  assert.ok((await readFile(path.join(dir, "big.bin"))).equals(big));
  assert.equal(await readFile(path.join(dir, "etc/x"), "utf8"), "x\n");
});

test("a worker's unpack fails on a DiffID mismatch, and the next unpack still works", async (t) => {
  const plain = await makeTar({ f: Buffer.from("f") });
  const bad = unpackOnWorker(await tempDir(t), sha256(Buffer.from("other")));
  await feed(bad, plain);
  bad.end();
  await assert.rejects(bad.result, /does not match the DiffID/);

  const dir = await tempDir(t);
  const good = unpackOnWorker(dir, sha256(plain));
  await feed(good, plain);
  good.end();
  assert.equal((await good.result).diffId, sha256(plain));
  assert.deepEqual(await readdir(dir), ["f"]);
});

test("an aborted worker unpack settles, and writes after it are ignored", async (t) => {
  const plain = await makeTar({ big: randomBytes(8 * 1024 * 1024) });
  const u = unpackOnWorker(await tempDir(t), sha256(plain));
  await feed(u, plain, 1024 * 1024);
  await u.abort();
  await assert.rejects(u.result);
  await u.write(plain.subarray(0, 512));
  u.end();
});
