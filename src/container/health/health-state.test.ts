import assert from "node:assert/strict";
import { test } from "node:test";
import type { Health } from "../../types/container.ts";
import { probeTiming } from "./health-config.ts";
import { armedHealth, LimitedOutput, MAX_OUTPUT_LEN, nextDelayMs, recordResult } from "./health-state.ts";

const started = Date.parse("2026-01-01T00:00:00Z");

/** Feeds results `sinceStartS` seconds after the start, as moby's TestHealthStates does. */
function feeder(h: Health, retries: number, startPeriodMs = 0) {
  return (sinceStartS: number, exitCode: number) => {
    const at = new Date(started + sinceStartS * 1000).toISOString();
    const old = recordResult(
      h,
      { Start: at, End: at, ExitCode: exitCode, Output: "" },
      { retries, startPeriodMs, startedAtMs: started },
    );
    return old !== h.Status ? `health_status: ${h.Status}` : undefined;
  };
}

test("status transitions with one retry (moby's TestHealthStates)", () => {
  const h = armedHealth(undefined);
  const feed = feeder(h, 1);
  assert.equal(feed(1, 1), "health_status: unhealthy");
  assert.equal(feed(2, 0), "health_status: healthy");
  assert.equal(feed(3, 1), "health_status: unhealthy");
});

test("unhealthy only after `retries` failures in a row; a success resets the streak", () => {
  const h = armedHealth(undefined);
  const feed = feeder(h, 3);
  assert.equal(feed(20, 1), undefined);
  assert.equal(feed(40, 1), undefined);
  assert.equal(h.Status, "starting");
  assert.equal(h.FailingStreak, 2);
  assert.equal(feed(60, 1), "health_status: unhealthy");
  assert.equal(feed(80, 0), "health_status: healthy");
  assert.equal(h.FailingStreak, 0);
  // an exit code other than 0 and 1 is a failure too
  assert.equal(feed(81, 2), undefined);
  assert.equal(h.FailingStreak, 1);
});

test("failures inside the start period do not count; a success ends it", () => {
  const h = armedHealth(undefined);
  const feed = feeder(h, 2, 30_000);
  feed(20, 1);
  assert.equal(h.Status, "starting");
  assert.equal(h.FailingStreak, 0);
  feed(50, 1);
  assert.equal(h.FailingStreak, 1);
  assert.equal(feed(80, 0), "health_status: healthy");

  const h2 = armedHealth(undefined);
  const feed2 = feeder(h2, 1, 30_000);
  assert.equal(feed2(1, 0), "health_status: healthy");
  // healthy inside the start period: the failure counts
  assert.equal(feed2(2, 1), "health_status: unhealthy");
});

test("the log keeps the last five results; re-arming keeps it and resets the status", () => {
  const h = armedHealth(undefined);
  assert.deepEqual({ ...h }, { Status: "starting", FailingStreak: 0, Log: [] });
  const feed = feeder(h, 1);
  for (let i = 0; i < 7; i++) feed(i, i % 2);
  assert.equal(h.Log?.length, 5);
  assert.equal(h.Log?.[0].Start, new Date(started + 2000).toISOString());
  const again = armedHealth(h);
  assert.equal(again.Status, "starting");
  assert.equal(again.FailingStreak, 0);
  assert.deepEqual(again.Log, h.Log);
});

test("the start interval applies while starting inside the start period", () => {
  const t = probeTiming({ Interval: 30e9, StartPeriod: 60e9, StartInterval: 5e9 });
  assert.equal(nextDelayMs(t, 10_000, "starting"), 5_000);
  assert.equal(nextDelayMs(t, 10_000, "healthy"), 30_000);
  assert.equal(nextDelayMs(t, 60_000, "starting"), 30_000);
  // no start period: the interval from the first probe on
  assert.equal(nextDelayMs(probeTiming({ Interval: 2e9 }), 0, "starting"), 2_000);
  assert.equal(nextDelayMs(probeTiming({ Interval: 2e9 }), -5_000, "starting"), 2_000);
});

test("output is capped at 4 KiB with Docker's ellipsis", () => {
  const out = new LimitedOutput();
  out.write(Buffer.from("a".repeat(4000)));
  out.write(Buffer.from("b".repeat(200)));
  const s = out.toString();
  assert.equal(s.length, MAX_OUTPUT_LEN + 3);
  assert.ok(s.endsWith(`a${"b".repeat(96)}...`));
  const small = new LimitedOutput();
  small.write(Buffer.from("ok\n"));
  assert.equal(small.toString(), "ok\n");
});
