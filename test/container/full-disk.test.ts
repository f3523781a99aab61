// Issue 9 items 8 (ENOSPC half) and 14 (rm half): a data root that is full. A small tmpfs
// is the data root, filled on purpose; commit must fail without leaving the container
// frozen, and rm -f must remove the container completely the first time.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { docker, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { checkInvariants, frozenContainers, removeCgroupParent } from "../helpers/invariants.ts";

const cgroupParent = `/berth-full-${process.pid}`;

/** Writes zeros into `file` until the filesystem is full, down to the last block. */
function fill(file: string): void {
  const fd = openSync(file, "w");
  try {
    for (const size of [1 << 20, 4096, 1]) {
      const buf = Buffer.alloc(size);
      for (;;) {
        try {
          writeSync(fd, buf);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === "ENOSPC") break;
          throw err;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

test("with a full data root, commit fails leaving the container thawed and rm -f removes it the first time", async (t) => {
  const mnt = mkdtempSync(path.join(tmpdir(), "berth-full-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=32m,mode=0711", "tmpfs", mnt]);
  const dataRoot = path.join(mnt, "data");
  let d: Awaited<ReturnType<typeof startDaemon>>;
  try {
    d = await startDaemon(t, ["--data-root", dataRoot]);
  } catch (err) {
    execFileSync("umount", ["-l", mnt]);
    rmSync(mnt, { recursive: true, force: true });
    throw err;
  }
  // After the daemon helper's clean-up (hooks run in order): the overlays on the tmpfs, then it.
  t.after(() => {
    const mounts = readFileSync("/proc/self/mountinfo", "utf8")
      .split("\n")
      .map((l) => l.split(" ")[4])
      .filter((m) => m?.startsWith(`${mnt}/`))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) execFileSync("umount", ["-l", m]);
    execFileSync("umount", ["-l", mnt]);
    rmSync(mnt, { recursive: true, force: true });
    removeCgroupParent(cgroupParent);
  });
  await importBusybox(d.client);
  for (const name of ["frozen", "removed"]) {
    const r = await docker(d, [
      "run",
      "-d",
      "--name",
      name,
      "--cgroup-parent",
      cgroupParent,
      "busybox",
      "sleep",
      "1000",
    ]);
    assert.equal(r.code, 0, r.stderr);
  }
  const id = (await docker(d, ["inspect", "-f", "{{.Id}}", "frozen"])).stdout.trim();
  // The container's layer has something to commit.
  assert.equal((await docker(d, ["exec", "frozen", "sh", "-c", "echo data > /new-file"])).code, 0);
  fill(path.join(mnt, "filler"));
  assert.throws(() => writeFileSync(path.join(mnt, "probe"), "x".repeat(8192)), /ENOSPC/);

  const commit = await docker(d, ["commit", "frozen", "snap"]);
  assert.notEqual(commit.code, 0, "commit on a full data root fails");
  assert.deepEqual(frozenContainers(cgroupParent), [], "no container left frozen");
  const freezer = path.join("/sys/fs/cgroup/freezer", cgroupParent, id, "freezer.state");
  if (existsSync(freezer)) assert.equal(readFileSync(freezer, "utf8").trim(), "THAWED");
  const st = await docker(d, ["inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "frozen"]);
  assert.equal(st.stdout.trim(), "running false", "not reported as paused");
  assert.equal((await docker(d, ["exec", "frozen", "true"])).code, 0, "it runs on");

  for (const name of ["removed", "frozen"]) {
    const rm = await docker(d, ["rm", "-f", name]);
    assert.equal(rm.code, 0, `rm -f ${name} on a full data root: ${rm.stderr}`);
  }
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
  assert.deepEqual(await checkInvariants(d, { cgroupParent, dataRoot }), []);
});
