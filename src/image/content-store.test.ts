import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { ContentStore } from "./content-store.ts";
import { sha256 } from "./digest.ts";

async function store(t: { after: (fn: () => Promise<void>) => void }) {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-cs-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const cs = new ContentStore(dir);
  await cs.init();
  return { cs, dir };
}

test("a verified blob lands under its digest", async (t) => {
  const { cs } = await store(t);
  const info = await cs.writeStream(Readable.from([Buffer.from("hello "), Buffer.from("world")]), {
    expectedDigest: sha256("hello world"),
  });
  assert.equal(info.digest, sha256("hello world"));
  assert.equal(info.size, 11);
  assert.equal((await cs.read(info.digest)).toString(), "hello world");
});

test("a digest mismatch stores nothing, not even in ingest", async (t) => {
  const { cs, dir } = await store(t);
  await assert.rejects(cs.write("tampered", { expectedDigest: sha256("original") }), /has digest/);
  assert.equal(await cs.has(sha256("tampered")), false);
  assert.equal(await cs.has(sha256("original")), false);
  assert.deepEqual(await readdir(path.join(dir, "ingest")), []);
  assert.deepEqual(await cs.list(), []);
});

test("a size mismatch is refused", async (t) => {
  const { cs } = await store(t);
  await assert.rejects(cs.write("abc", { expectedSize: 4 }), /size 3 does not match the expected 4/);
});

test("an aborted stream stores nothing", async (t) => {
  const { cs, dir } = await store(t);
  const ac = new AbortController();
  async function* chunks() {
    yield Buffer.from("part");
    ac.abort();
    yield Buffer.from("rest");
  }
  await assert.rejects(cs.writeStream(Readable.from(chunks()), { signal: ac.signal }));
  assert.deepEqual(await cs.list(), []);
  assert.deepEqual(await readdir(path.join(dir, "ingest")), []);
});
