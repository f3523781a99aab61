// Runs as root: it mounts (bind mounts on staging paths under a temporary directory).

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { MountPins, resolveBindSource } from "./mount-pins.ts";

/** A scratch directory; `unpin` runs before it is removed, so no rm walks into a mount. */
async function scratch(
  t: { after: (fn: () => Promise<void>) => void },
  unpin?: (pins: MountPins) => Promise<void>,
): Promise<{ dir: string; pins: MountPins }> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-pins-"));
  const pins = new MountPins(path.join(dir, "pins"));
  t.after(async () => {
    await unpin?.(pins);
    await rm(dir, { recursive: true, force: true });
  });
  return { dir, pins };
}

test("resolveBindSource follows symlinks and keeps a missing tail", async (t) => {
  const { dir } = await scratch(t);
  await mkdir(path.join(dir, "real"));
  await symlink(path.join(dir, "real"), path.join(dir, "link"));
  assert.equal(await resolveBindSource(path.join(dir, "link")), path.join(dir, "real"));
  assert.equal(await resolveBindSource(path.join(dir, "link", "a", "b")), path.join(dir, "real", "a", "b"));
});

test("a pinned host path is what was opened; a symlink in its path is refused", async (t) => {
  const { dir, pins } = await scratch(t, (p) => p.unpinAll("c1"));
  await mkdir(path.join(dir, "src"));
  await writeFile(path.join(dir, "src", "f"), "src\n");
  await writeFile(path.join(dir, "file"), "a file\n");
  const staged = await pins.pinHostPath("c1", 0, path.join(dir, "src"), "/src");
  assert.equal(await readFile(path.join(staged, "f"), "utf8"), "src\n");
  assert.equal(staged, path.join(dir, "pins", "c1", "0"));
  // A file source gets a file mount point.
  const stagedFile = await pins.pinHostPath("c1", 1, path.join(dir, "file"), "/file");
  assert.equal(readFileSync(stagedFile, "utf8"), "a file\n");

  await mkdir(path.join(dir, "secret"));
  await symlink(path.join(dir, "secret"), path.join(dir, "swapped"));
  await assert.rejects(pins.pinHostPath("c1", 2, path.join(dir, "swapped"), "/swapped"), {
    name: "InvalidParameterError",
    message: /cannot mount bind source \/swapped: a symbolic link replaced a directory of/,
  });
  await pins.unpinAll("c1");
  assert.equal(existsSync(path.join(dir, "pins", "c1")), false);
  assert.equal(existsSync(staged), false);
  // Unmounting never touched the sources.
  assert.equal(await readFile(path.join(dir, "src", "f"), "utf8"), "src\n");
});

test("a subpath resolves inside its volume: links cannot lead out", async (t) => {
  const { dir, pins } = await scratch(t, (p) => p.unpinAll("c2"));
  const vol = path.join(dir, "vol");
  await mkdir(path.join(vol, "etc"), { recursive: true });
  await writeFile(path.join(vol, "etc", "marker"), "inside\n");
  await symlink("/etc", path.join(vol, "abs"));
  await symlink("../../../../etc", path.join(vol, "up"));
  for (const [i, sub] of ["abs", "up"].entries()) {
    const staged = await pins.pinInVolume("c2", i, vol, sub, "v");
    assert.equal(await readFile(path.join(staged, "marker"), "utf8"), "inside\n");
    assert.equal(MountPins.where(vol, sub), path.join(vol, "etc"));
  }
  await assert.rejects(pins.pinInVolume("c2", 5, vol, "nosuch", "v"), {
    message: "cannot mount volume v: subpath nosuch does not exist in the volume",
  });
  assert.equal(MountPins.where(path.join(dir, "nosuch")), undefined);
});
