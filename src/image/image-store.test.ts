import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { type ImageRecord, ImageStore } from "./image-store.ts";

const id = `sha256:${"1".repeat(64)}`;
const rec: ImageRecord = {
  id,
  manifest: `sha256:${"2".repeat(64)}`,
  layers: [],
  storedAt: "2026-01-01T00:00:00Z",
};
const ref = "docker.io/library/busybox:latest";

async function tempRoot(t: { after(fn: () => Promise<void>): void }) {
  const root = await mkdtemp(path.join(tmpdir(), "berth-store-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  return root;
}

test("an add interrupted after its intent is finished at start-up: record and names together", async (t) => {
  const root = await tempRoot(t);
  await mkdir(path.join(root, "images"), { recursive: true });
  await writeFile(
    path.join(root, "pending.json"),
    JSON.stringify({ records: [rec], references: { [ref]: id } }),
  );
  const store = new ImageStore(root);
  await store.init();
  assert.deepEqual(store.get(id), rec);
  assert.equal(store.resolveRef(ref), id);
  await assert.rejects(readFile(path.join(root, "pending.json")), { code: "ENOENT" });
  const again = new ImageStore(root);
  await again.init();
  assert.equal(again.resolveRef(ref), id);
});

test("commit records images and names; a failed reference write changes nothing in memory", async (t) => {
  const root = await tempRoot(t);
  const store = new ImageStore(root);
  await store.init();
  await store.commit([rec], [[ref, id]]);
  assert.equal(store.resolveRef(ref), id);
  // The reference table can no longer be replaced: every write of it fails.
  await rm(path.join(root, "references.json"));
  await mkdir(path.join(root, "references.json"));
  await writeFile(path.join(root, "references.json", "x"), "");
  await assert.rejects(store.setRef("docker.io/library/other:1", id));
  assert.equal(store.resolveRef("docker.io/library/other:1"), undefined);
  await assert.rejects(store.deleteRef(ref));
  assert.equal(store.resolveRef(ref), id);
  await assert.rejects(store.delete(id));
  assert.deepEqual(store.get(id), rec);
  assert.equal(store.resolveRef(ref), id);
});

test("a commit whose reference write fails is undone: no record, no intent left", async (t) => {
  const root = await tempRoot(t);
  const store = new ImageStore(root);
  await store.init();
  await mkdir(path.join(root, "references.json"));
  await writeFile(path.join(root, "references.json", "x"), "");
  await assert.rejects(store.commit([rec], [[ref, id]]));
  assert.equal(store.get(id), undefined);
  assert.equal(store.resolveRef(ref), undefined);
  await assert.rejects(readFile(path.join(root, "pending.json")), { code: "ENOENT" });
  await assert.rejects(readFile(path.join(root, "images", `${id.slice(7)}.json`)), { code: "ENOENT" });
});
