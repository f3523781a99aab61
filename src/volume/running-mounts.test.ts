// Runs as root: it mounts a tmpfs.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { hasMountUnder } from "./local-driver.ts";
import { sweepStagedCopies } from "./running-mounts.ts";

test("a copy's staging mounts left by a crash are unmounted and removed at start; pins are not copies", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "berth-staged-"));
  const staged = path.join(root, "cp-0123456789ab-x1", "0");
  t.after(async () => {
    spawnSync("umount", ["-l", staged]);
    await rm(root, { recursive: true, force: true });
  });
  await mkdir(staged, { recursive: true });
  const m = spawnSync("mount", ["-t", "tmpfs", "tmpfs", staged]);
  assert.equal(m.status, 0, String(m.stderr));
  await writeFile(path.join(root, "cp-0123456789ab-x1", "1"), "");
  const pin = path.join(root, "0123456789ab".repeat(5).slice(0, 64), "0");
  await mkdir(pin, { recursive: true });

  await sweepStagedCopies(root);
  assert.equal(await hasMountUnder(root), false);
  assert.equal(existsSync(path.join(root, "cp-0123456789ab-x1")), false);
  assert.deepEqual(await readdir(path.dirname(pin)), ["0"]);
  // Nothing to sweep, or no directory at all, is fine.
  await sweepStagedCopies(root);
  await sweepStagedCopies(path.join(root, "missing"));
});
