// Issue 9 items 6, 7 and 8: berthd killed with SIGKILL inside start, rm -f and commit, at
// the named fault points that open the windows (src/container/fault-point.ts), then started
// again on the same roots: the start is adopted, the removal finished, the freeze undone.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { docker, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { checkInvariants, frozenContainers, removeCgroupParent } from "../helpers/invariants.ts";

const cgroupParent = `/berth-crash-${process.pid}`;

/** Restarts berthd armed with a fault point; `op` makes it die there; then restarts it clean. */
async function dieAt(d: TestDaemon, point: string, op: () => Promise<unknown>): Promise<void> {
  await d.stop();
  process.env.BERTH_FAULT_POINT = point;
  try {
    await d.restart();
  } finally {
    delete process.env.BERTH_FAULT_POINT;
  }
  await op().catch(() => {});
  await waitFor(`berthd to die at ${point}`, () => d.proc.signalCode === "SIGKILL");
  await d.restart();
}

async function setUp(t: Parameters<typeof startDaemon>[0]) {
  const d = await startDaemon(t);
  t.after(() => removeCgroupParent(cgroupParent));
  await importBusybox(d.client);
  return d;
}

function runArgs(name: string): string[] {
  return ["run", "-d", "--name", name, "--cgroup-parent", cgroupParent, "busybox", "sleep", "1000"];
}

test("item 6: a start cut by kill -9 after the process started is adopted, and rm -f then removes all of it", async (t) => {
  const d = await setUp(t);
  await dieAt(d, "start-after-monitor", () => docker(d, runArgs("adopted")));
  const st = await docker(d, ["inspect", "-f", "{{.State.Status}} {{.State.Pid}}", "adopted"]);
  const [status, pid] = st.stdout.trim().split(" ");
  assert.equal(status, "running", st.stdout + st.stderr);
  assert.ok(Number(pid) > 0 && existsSync(`/proc/${pid}`), `pid ${pid} runs`);
  const ex = await docker(d, ["exec", "adopted", "echo", "managed"]);
  assert.equal(ex.stdout, "managed\n", ex.stderr);
  assert.deepEqual(await checkInvariants(d, { cgroupParent }), []);
  assert.equal((await docker(d, ["rm", "-f", "adopted"])).code, 0);
  assert.equal(existsSync(`/proc/${pid}`), false, "the adopted process is gone after rm -f");
  assert.deepEqual(await checkInvariants(d, { cgroupParent }), []);
});

test("item 7: rm -f of several cut by kill -9 is finished at the next start, cgroups and runc state included", async (t) => {
  const d = await setUp(t);
  for (const point of ["rm-after-kill", "rm-after-exit", "rm-before-record"]) {
    const names = [0, 1, 2].map((i) => `${point}-${i}`);
    for (const n of names) assert.equal((await docker(d, runArgs(n))).code, 0);
    await dieAt(d, point, () => docker(d, ["rm", "-f", ...names]));
    const left = await docker(d, ["ps", "-aq", "--no-trunc"]);
    assert.equal(left.stdout.trim(), "", `after a kill at ${point}, no container is listed`);
    assert.deepEqual(await checkInvariants(d, { cgroupParent }), [], `after a kill at ${point}`);
    assert.deepEqual(
      (await import("node:fs")).readdirSync(path.join(d.dataRoot, "containers")),
      [],
      `after a kill at ${point}, no container directory is left`,
    );
  }
});

test("item 8: a commit cut by kill -9 while the container is frozen leaves it thawed and not paused", async (t) => {
  const d = await setUp(t);
  assert.equal((await docker(d, runArgs("committed"))).code, 0);
  const id = (await docker(d, ["inspect", "-f", "{{.Id}}", "committed"])).stdout.trim();
  await dieAt(d, "commit-frozen", () => docker(d, ["commit", "committed", "snap"]));
  assert.deepEqual(frozenContainers(cgroupParent), []);
  const freezer = path.join("/sys/fs/cgroup/freezer", cgroupParent, id, "freezer.state");
  if (existsSync(freezer)) assert.equal(readFileSync(freezer, "utf8").trim(), "THAWED");
  const st = await docker(d, ["inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "committed"]);
  assert.equal(st.stdout.trim(), "running false");
  assert.equal((await docker(d, ["exec", "committed", "true"])).code, 0);
  // and it commits fine afterwards, pausing and thawing as Docker does
  assert.equal((await docker(d, ["commit", "committed", "snap"])).code, 0);
  assert.equal((await docker(d, ["inspect", "-f", "{{.State.Paused}}", "committed"])).stdout.trim(), "false");
  assert.deepEqual(await checkInvariants(d, { cgroupParent }), []);
});

test("stop and update cut by kill -9 are finished at the next start", async (t) => {
  const d = await setUp(t);
  // stop: the container ignores SIGTERM; the stop's timeout runs out after the restart
  const run = await docker(d, [
    "run",
    "-d",
    "--name",
    "stubborn",
    "--cgroup-parent",
    cgroupParent,
    "busybox",
    "sh",
    "-c",
    "trap '' TERM; while true; do sleep 1; done",
  ]);
  assert.equal(run.code, 0, run.stderr);
  await dieAt(d, "stop-after-signal", () => docker(d, ["stop", "-t", "1", "stubborn"]));
  await waitFor(
    "the interrupted stop to be finished",
    async () =>
      (await docker(d, ["inspect", "-f", "{{.State.Status}}", "stubborn"])).stdout.trim() === "exited",
  );

  // update: the runtime has the new limit, the record did not yet
  assert.equal((await docker(d, runArgs("limited"))).code, 0);
  const id = (await docker(d, ["inspect", "-f", "{{.Id}}", "limited"])).stdout.trim();
  await dieAt(d, "update-before-record", () => docker(d, ["update", "--memory", "64m", "limited"]));
  assert.equal(
    (await docker(d, ["inspect", "-f", "{{.HostConfig.Memory}}", "limited"])).stdout.trim(),
    "67108864",
  );
  const limit = path.join("/sys/fs/cgroup/memory", cgroupParent, id, "memory.limit_in_bytes");
  if (existsSync(limit)) assert.equal(readFileSync(limit, "utf8").trim(), "67108864");
  assert.deepEqual(await checkInvariants(d, { cgroupParent }), []);
});
