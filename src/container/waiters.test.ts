import assert from "node:assert/strict";
import { test } from "node:test";
import { parseWaitCondition, Waiters } from "./waiters.ts";

const c = (running: boolean, exitCode = 0, restarting = false) => ({
  ID: "c1",
  State: { Running: running, Restarting: restarting, ExitCode: exitCode },
});

/** Whether the promise has settled by the time pending callbacks have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => {
    done = true;
  });
  await new Promise((r) => setImmediate(r));
  return done;
}

test("not-running resolves at once for a stopped container, waits for a running or restarting one", async () => {
  const w = new Waiters();
  assert.deepEqual(await w.wait(c(false, 3), "not-running"), { StatusCode: 3, Error: null });
  const running = w.wait(c(true), "not-running");
  const restarting = w.wait(c(false, 0, true), "not-running");
  assert.equal(await settled(running), false);
  assert.equal(await settled(restarting), false);
  w.release(c(false, 7), "exit");
  assert.deepEqual(await running, { StatusCode: 7, Error: null });
  assert.deepEqual(await restarting, { StatusCode: 7, Error: null });
  assert.equal(w.count("c1"), 0);
});

test("next-exit waits even for a stopped container; removed waits past exits for the removal", async () => {
  const w = new Waiters();
  const next = w.wait(c(false, 1), "next-exit");
  const removed = w.wait(c(true), "removed");
  assert.equal(await settled(next), false);
  w.release(c(false, 2), "exit");
  assert.deepEqual(await next, { StatusCode: 2, Error: null });
  assert.equal(await settled(removed), false);
  assert.equal(w.count("c1"), 1);
  w.release(c(false, 2), "removed");
  assert.deepEqual(await removed, { StatusCode: 2, Error: null });
});

test("an aborted wait is forgotten; an unknown condition is refused", () => {
  const w = new Waiters();
  const ac = new AbortController();
  void w.wait(c(true), "next-exit", ac.signal);
  assert.equal(w.count("c1"), 1);
  ac.abort();
  assert.equal(w.count("c1"), 0);
  assert.equal(parseWaitCondition(""), "not-running");
  assert.throws(() => parseWaitCondition("bogus"), {
    name: "InvalidParameterError",
    message: 'invalid condition: "bogus"',
  });
});
