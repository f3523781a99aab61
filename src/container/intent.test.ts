import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { clearIntent, readIntents, writeIntent } from "./intent.ts";

test("intents are written whole, read back by operation and cleared", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-intent-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  assert.equal((await readIntents(dir)).size, 0);
  await writeIntent(dir, "update", { hostConfig: { Memory: 1 } });
  await writeIntent(dir, "commit");
  const got = await readIntents(dir);
  assert.deepEqual([...got.keys()].sort(), ["commit", "update"]);
  assert.deepEqual(got.get("update")?.data, { hostConfig: { Memory: 1 } });
  assert.ok(Date.parse(got.get("commit")?.at ?? "") > 0);
  // no temp file is left next to them
  assert.deepEqual((await readdir(dir)).sort(), ["intent-commit.json", "intent-update.json"]);
  await clearIntent(dir, "update");
  await clearIntent(dir, "update");
  assert.deepEqual([...(await readIntents(dir)).keys()], ["commit"]);
});

test("an empty intent (written on a full disk) still names its operation", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-intent-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, "intent-rm.json"), "");
  await writeFile(path.join(dir, "intent-stop.json"), "{not json");
  const got = await readIntents(dir);
  assert.deepEqual(got.get("rm"), { op: "rm" });
  assert.deepEqual(got.get("stop"), { op: "stop" });
  assert.equal((await readIntents(path.join(dir, "gone"))).size, 0);
});
