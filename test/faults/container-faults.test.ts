// Fault injection: berthd is killed with SIGKILL at seeded random points during `run`
// (create + start), `rm -f` of several containers and `commit`, restarted on the same roots,
// and the invariants of test/helpers/invariants.ts must hold. Random delays are drawn within
// each operation's measured duration; because the narrowest windows (between a runtime call
// and the record write) are rarely hit at random, each operation is also killed once at its
// named fault points (BERTH_FAULT_POINT, src/container/fault-point.ts).
//
// Replay a failure with BERTH_FAULT_SEED=<the seed printed as a diagnostic>.

import assert from "node:assert/strict";
import { test } from "node:test";
import { readAll } from "../../src/client/client.ts";
import { startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { checkInvariants, removeCgroupParent } from "../helpers/invariants.ts";

const seed = Number(process.env.BERTH_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const cgroupParent = `/berth-faults-${process.pid}`;

/** mulberry32: a small seeded PRNG, so a failing sequence of delays can be replayed. */
function prng(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function createRunning(d: TestDaemon, name: string, cmd = ["sleep", "1000"]): Promise<string> {
  const { Id } = await d.client.json<{ Id: string }>("POST", "/containers/create", {
    query: { name },
    body: { Image: "busybox", Cmd: cmd, HostConfig: { CgroupParent: cgroupParent } },
  });
  await d.client.ok("POST", `/containers/${Id}/start`);
  return Id;
}

function exited(d: TestDaemon): boolean {
  return d.proc.exitCode !== null || d.proc.signalCode !== null;
}

/** Restarts berthd after its death and waits for the invariants to hold, failing with what broke. */
async function restartAndCheck(d: TestDaemon, what: string): Promise<void> {
  await waitFor("berthd to die", () => exited(d));
  await d.restart();
  let last: string[] = [];
  try {
    await waitFor(`the invariants after ${what}`, async () => {
      last = await checkInvariants(d, { cgroupParent });
      return last.length === 0;
    });
  } catch {
    assert.deepEqual(last, [], `after ${what} (BERTH_FAULT_SEED=${seed})`);
  }
}

/** Kills berthd `delayMs` into `op`, then restarts it and checks. */
async function killDuring(d: TestDaemon, what: string, op: () => Promise<unknown>, delayMs: number) {
  const running = op().catch(() => {});
  await pause(delayMs);
  await d.stop("SIGKILL");
  await running;
  await restartAndCheck(d, `${what}, killed after ${delayMs} ms`);
}

/** Restarts berthd armed with a named fault point, runs `op` (berthd dies in it), checks. */
async function killAt(d: TestDaemon, point: string, op: () => Promise<unknown>) {
  await d.stop();
  process.env.BERTH_FAULT_POINT = point;
  try {
    await d.restart();
  } finally {
    delete process.env.BERTH_FAULT_POINT;
  }
  await op().catch(() => {});
  await restartAndCheck(d, `a kill at fault point ${point}`);
}

/** rm -f of every container (between phases, so that each restart has few to restore). */
async function removeAll(d: TestDaemon): Promise<void> {
  const all = await d.client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: "1" } });
  await Promise.all(all.map((c) => d.client.ok("DELETE", `/containers/${c.Id}`, { query: { force: "1" } })));
}

async function timed(op: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await op();
  return performance.now() - t0;
}

test(
  "SIGKILL of berthd during run, rm -f of several and commit leaves nothing unmanaged",
  { timeout: 180_000 },
  async (t) => {
    t.diagnostic(`BERTH_FAULT_SEED=${seed}`);
    const rand = prng(seed);
    const d = await startDaemon(t);
    // Registered after startDaemon's clean-up, so it runs once the containers are gone.
    t.after(() => removeCgroupParent(cgroupParent));
    await importBusybox(d.client);
    let n = 0;
    const name = (p: string) => `${p}${n++}`;

    // run: create + start
    const runOp = () => createRunning(d, name("run"));
    const runMs = await timed(runOp);
    for (let i = 0; i < 3; i++) await killDuring(d, "run", runOp, Math.floor(rand() * runMs));
    await killAt(d, "start-after-monitor", runOp);
    await removeAll(d);

    // rm -f of several
    const several = async () => Promise.all([0, 1, 2].map(() => createRunning(d, name("rm"))));
    const rmAll = (ids: string[]) => () =>
      Promise.all(ids.map((id) => d.client.ok("DELETE", `/containers/${id}`, { query: { force: "1" } })));
    const rmMs = await timed(rmAll(await several()));
    for (let i = 0; i < 2; i++) {
      await killDuring(d, "rm -f of three", rmAll(await several()), Math.floor(rand() * rmMs));
    }
    for (const point of ["rm-after-kill", "rm-after-exit", "rm-before-record"]) {
      const ids = await several();
      await killAt(d, point, rmAll(ids));
    }
    await removeAll(d);

    // commit of a running container with a few MB in its layer
    const withData = async () => {
      const id = await createRunning(d, name("commit"), [
        "sh",
        "-c",
        "head -c 8000000 /dev/urandom > /data; echo ready; exec sleep 1000",
      ]);
      await waitFor("the container's data", async () => {
        const r = await d.client.call("GET", `/containers/${id}/logs`, { query: { stdout: "1" } });
        return (await readAll(r.body)).includes("ready");
      });
      return id;
    };
    const commit = (id: string) => () => d.client.json("POST", "/commit", { query: { container: id } });
    const commitMs = await timed(commit(await withData()));
    for (let i = 0; i < 2; i++) {
      await killDuring(d, "commit", commit(await withData()), Math.floor(rand() * commitMs));
    }
    await killAt(d, "commit-frozen", commit(await withData()));
    // The committed-from containers all run, none frozen (the invariants say so), and answer exec.
    const listed = await d.client.json<{ Id: string; State: string; Names: string[] }[]>(
      "GET",
      "/containers/json",
      {
        query: { all: "1" },
      },
    );
    for (const c of listed.filter((c) => c.Names[0].startsWith("/commit")))
      assert.equal(c.State, "running", c.Names[0]);

    // rm -f of everything leaves nothing behind.
    await removeAll(d);
    assert.deepEqual(await d.client.json("GET", "/containers/json", { query: { all: "1" } }), []);
    assert.deepEqual(await checkInvariants(d, { cgroupParent }), []);
  },
);
