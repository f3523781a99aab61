import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { sha256 } from "../oci/digest.ts";
import { ContentStore } from "./content-store.ts";

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

test("partial downloads: open ones survive a sweep, old ones go at start-up, all on prune", async (t) => {
  const { cs, dir } = await store(t);
  const partialDir = path.join(dir, "partial");
  const a = await cs.openPartial(sha256("aaaa"));
  await a.append(Buffer.from("aa"));
  await a.flush();
  const b = await cs.openPartial(sha256("bbbb"));
  await b.append(Buffer.from("bbb"));
  await b.close();
  // b was given up; a is still being written.
  assert.equal(await cs.prunePartials(60_000), 0, "a recent partial is kept");
  assert.equal(await cs.prunePartials(), 3);
  assert.deepEqual(await readdir(partialDir), [sha256("aaaa").slice(7)]);

  // A resumed partial keeps its bytes; a day-old one is dropped when a store opens.
  await a.close();
  const resumed = await cs.openPartial(sha256("aaaa"));
  assert.equal(resumed.offset, 2);
  await resumed.close();
  const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
  await utimes(path.join(partialDir, sha256("aaaa").slice(7)), old, old);
  const again = new ContentStore(dir);
  await again.init();
  assert.deepEqual(await readdir(partialDir), []);
});

test("a verified partial is not swept before it is committed", async (t) => {
  const { cs } = await store(t);
  const p = await cs.openPartial(sha256("data"));
  await p.append(Buffer.from("data"));
  await p.verify(4);
  assert.equal(await cs.prunePartials(), 0);
  await p.commit(4);
  assert.equal((await cs.read(sha256("data"))).toString(), "data");
});
