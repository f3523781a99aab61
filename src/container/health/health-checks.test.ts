import assert from "node:assert/strict";
import { test } from "node:test";
import type { Logger } from "../../util/logger.ts";
import type { ContainerRecord } from "../container-record.ts";
import { FakeClock, settle } from "./fake-clock.ts";
import { HealthChecks, type ProbeOutcome, type Prober } from "./health-checks.ts";

/** A prober whose probes end when the test says so. */
class FakeProber implements Prober {
  running = 0;
  maxRunning = 0;
  calls: string[][] = [];
  pending: { resolve: (o: ProbeOutcome) => void; signal: AbortSignal }[] = [];
  run(_rec: ContainerRecord, cmd: string[], _timeoutMs: number, signal: AbortSignal): Promise<ProbeOutcome> {
    this.calls.push(cmd);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    return new Promise((resolve) => {
      this.pending.push({
        signal,
        resolve: (o) => {
          this.running--;
          resolve(o);
        },
      });
    });
  }
  async finish(exitCode: number, output = ""): Promise<void> {
    const p = this.pending.shift();
    assert.ok(p, "a probe is running");
    p.resolve({ exitCode, output });
    await settle();
  }
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, fatal() {} } as unknown as Logger;

function setup(healthcheck: ContainerRecord["Config"]["Healthcheck"]) {
  const clock = new FakeClock();
  const prober = new FakeProber();
  const events: string[] = [];
  let saves = 0;
  const checks = new HealthChecks({
    prober,
    clock,
    withLock: (_id, fn) => fn(),
    save: async () => {
      saves++;
    },
    emit: (_rec, action) => events.push(action),
    log: quiet,
  });
  const rec = {
    ID: "c1",
    Config: { Image: "busybox", Healthcheck: healthcheck },
    State: { Running: true, Paused: false, StartedAt: new Date(clock.t).toISOString() },
  } as unknown as ContainerRecord;
  return { clock, prober, events, checks, rec, saves: () => saves };
}

const ms = 1e6;

test("probes every interval, one at a time; healthy after a success, unhealthy after the retries", async () => {
  const { clock, prober, events, checks, rec, saves } = setup({
    Test: ["CMD-SHELL", "check"],
    Interval: 100 * ms,
    Retries: 2,
  });
  checks.arm(rec, { reset: true });
  assert.equal(rec.State.Health?.Status, "starting");
  assert.equal(await clock.fireNext(), 100);
  assert.deepEqual(prober.calls[0], ["/bin/sh", "-c", "check"]);
  // no timer while the probe runs: a slow probe never overlaps the next
  assert.equal(clock.timers.length, 0);
  await prober.finish(0, "ok");
  assert.equal(rec.State.Health?.Status, "healthy");
  assert.deepEqual(events, ["health_status: healthy"]);
  assert.equal(rec.State.Health?.Log?.[0].Output, "ok");
  assert.equal(saves(), 1);

  assert.equal(await clock.fireNext(), 100);
  await prober.finish(1);
  assert.equal(rec.State.Health?.Status, "healthy");
  assert.equal(rec.State.Health?.FailingStreak, 1);
  await clock.fireNext();
  await prober.finish(1);
  assert.equal(rec.State.Health?.Status, "unhealthy");
  assert.deepEqual(events, ["health_status: healthy", "health_status: unhealthy"]);
  // a result that changes neither status nor streak is not written (no fsync per probe)
  await clock.fireNext();
  await prober.finish(1);
  assert.equal(saves(), 4);
  assert.equal(prober.maxRunning, 1);
});

test("a probe that cannot run counts as a failure with its error as output", async () => {
  const { clock, checks, rec } = setup({ Test: ["CMD", "x"], Interval: 10 * ms, Retries: 1 });
  const failing: Prober = { run: () => Promise.reject(new Error("OCI runtime exec failed: no x")) };
  (checks as unknown as { deps: { prober: Prober } }).deps.prober = failing;
  checks.arm(rec, { reset: true });
  await clock.fireNext();
  assert.equal(rec.State.Health?.Status, "unhealthy");
  assert.equal(rec.State.Health?.Log?.[0].ExitCode, -1);
  assert.equal(rec.State.Health?.Log?.[0].Output, "OCI runtime exec failed: no x");
});

test("the start interval runs while starting inside the start period", async () => {
  const { clock, prober, checks, rec } = setup({
    Test: ["CMD", "c"],
    Interval: 1000 * ms,
    StartPeriod: 300 * ms,
    StartInterval: 50 * ms,
  });
  checks.arm(rec, { reset: true });
  assert.equal(await clock.fireNext(), 50);
  await prober.finish(1);
  // a failure inside the start period does not count
  assert.equal(rec.State.Health?.FailingStreak, 0);
  assert.equal(await clock.fireNext(), 50);
  await prober.finish(0);
  // a success ends the start period: the interval from now on
  assert.equal(await clock.fireNext(), 1000);
});

test("disarm (pause, exit) kills the probe under way and drops its result; re-arming waits for it", async () => {
  const { clock, prober, events, checks, rec } = setup({ Test: ["CMD", "c"], Interval: 10 * ms, Retries: 1 });
  checks.arm(rec, { reset: true });
  await clock.fireNext();
  assert.equal(prober.running, 1);
  checks.disarm(rec.ID);
  assert.equal(prober.pending[0].signal.aborted, true);
  assert.equal(clock.timers.length, 0);
  // unpause before the killed probe has ended
  checks.arm(rec, { reset: false });
  await clock.fireNext();
  assert.equal(prober.running, 1, "the new probe waits for the old one");
  await prober.finish(1); // the killed one: dropped
  assert.equal(rec.State.Health?.Status, "starting");
  assert.deepEqual(events, []);
  assert.equal(prober.running, 1, "now the new one runs");
  await prober.finish(0);
  assert.equal(rec.State.Health?.Status, "healthy");
  assert.equal(prober.maxRunning, 1);
});

test("a start resets to starting; an unpause keeps the status; NONE has no health", async () => {
  const { clock, prober, checks, rec } = setup({ Test: ["CMD", "c"], Interval: 10 * ms });
  checks.arm(rec, { reset: true });
  await clock.fireNext();
  await prober.finish(0);
  checks.disarm(rec.ID);
  checks.arm(rec, { reset: false });
  assert.equal(rec.State.Health?.Status, "healthy");
  checks.disarm(rec.ID);
  checks.arm(rec, { reset: true });
  assert.equal(rec.State.Health?.Status, "starting");
  assert.equal(rec.State.Health?.Log?.length, 1);
  checks.close();
  assert.equal(checks.armed(rec.ID), false);

  const none = setup({ Test: ["NONE"] });
  none.checks.arm(none.rec, { reset: true });
  assert.equal(none.rec.State.Health, undefined);
  assert.equal(none.clock.timers.length, 0);
});

test("a result that arrives after the container stopped running is dropped", async () => {
  const { clock, prober, checks, rec } = setup({ Test: ["CMD", "c"], Interval: 10 * ms });
  checks.arm(rec, { reset: true });
  await clock.fireNext();
  rec.State.Running = false;
  await prober.finish(0);
  assert.equal(rec.State.Health?.Status, "starting");
  assert.equal(rec.State.Health?.Log?.length, 0);
});
