import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
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
  // The name is free at once; the content goes in the background.
  assert.deepEqual(
    (await readdir(path.join(root, "volumes"))).filter((n) => !n.startsWith(".removing-")),
    [],
  );
  await again.settled();
  assert.deepEqual(await readdir(path.join(root, "volumes")), []);
});

test("a removed volume's directory left by a crash is deleted at load, never through a mount", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "berth-volstore-"));
  const held = path.join(root, "volumes", ".removing-held-1", "_data");
  t.after(async () => {
    spawnSync("umount", ["-l", held]);
    await rm(root, { recursive: true, force: true });
  });
  await mkdir(path.join(root, "volumes", ".removing-gone-1", "_data", "a"), { recursive: true });
  await writeFile(path.join(root, "volumes", ".removing-gone-1", "_data", "a", "f"), "x");
  await mkdir(held, { recursive: true });
  const m = spawnSync("mount", ["-t", "tmpfs", "tmpfs", held]);
  assert.equal(m.status, 0, String(m.stderr));
  await writeFile(path.join(held, "kept"), "the mounted filesystem's\n");
  const s = new VolumeStore(root);
  await s.load();
  await s.settled();
  assert.deepEqual(await readdir(path.join(root, "volumes")), [".removing-held-1"]);
  assert.equal(await readFile(path.join(held, "kept"), "utf8"), "the mounted filesystem's\n");
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

test("after close() a removed volume's directory waits for the next start, which deletes it", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "berth-volstore-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  const s = new VolumeStore(root);
  await s.load();
  await s.add({ Name: "v2", Driver: "local", CreatedAt: "2026-01-01T00:00:00Z", Labels: {}, Options: {} });
  await writeFile(path.join(s.dataDir("v2"), "f"), "x");
  s.close();
  await s.remove("v2");
  await s.settled();
  const left = await readdir(path.join(root, "volumes"));
  assert.equal(left.length, 1);
  assert.match(left[0] ?? "", /^\.removing-v2-/);
  const next = new VolumeStore(root);
  await next.load();
  await next.settled();
  assert.deepEqual(await readdir(path.join(root, "volumes")), []);
});
