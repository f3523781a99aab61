import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { VolumeStore } from "./volume-store.ts";

test("records are written, reloaded, and removed with their data; a directory without a record is cleaned up", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "berth-volstore-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  const s = new VolumeStore(root);
  await s.load();
  const rec = {
    Name: "v1",
    Driver: "local" as const,
    CreatedAt: "2026-01-01T00:00:00Z",
    Labels: { a: "b" },
    Options: {},
  };
  await s.add(rec, 0o750);
  assert.equal((await stat(s.dataDir("v1"))).mode & 0o777, 0o750);
  assert.equal((await stat(path.join(root, "volumes", "v1"))).mode & 0o777, 0o700);
  // A create cut short after mkdir, before the record.
  await mkdir(path.join(root, "volumes", "half", "_data"), { recursive: true });

  const again = new VolumeStore(root);
  await again.load();
  assert.deepEqual(again.list(), [rec]);
  assert.deepEqual((await readdir(path.join(root, "volumes"))).sort(), ["v1"]);

  await again.remove("v1");
  assert.equal(again.get("v1"), undefined);
  assert.deepEqual(await readdir(path.join(root, "volumes")), []);
});

test("volumes/ carries the top-directory hint (chattr +T) on a filesystem that has it", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "berth-volstore-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  const fs = execFileSync("stat", ["-f", "-c", "%T", root], { encoding: "utf8" }).trim();
  await new VolumeStore(root).load();
  const attrs = execFileSync("lsattr", ["-d", path.join(root, "volumes")], { encoding: "utf8" });
  // ext2/3/4 (stat -f's "ext2/ext3") keep the flag; other filesystems refuse it quietly.
  if (fs.startsWith("ext")) assert.match(attrs.split(" ")[0] ?? "", /T/);
  else assert.doesNotMatch(attrs.split(" ")[0] ?? "", /T/);
});
