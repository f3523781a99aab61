import assert from "node:assert/strict";
import { test } from "node:test";
import { durationToNanos } from "./duration.ts";

test("durationToNanos reads Go durations", () => {
  assert.equal(durationToNanos("1m30s"), 90e9);
  assert.equal(durationToNanos("1.5h"), 5400e9);
  assert.equal(durationToNanos("300ms"), 300e6);
  assert.equal(durationToNanos("0"), 0);
  assert.equal(durationToNanos("2us"), 2000);
});

test("durationToNanos refuses what Go refuses", () => {
  for (const bad of ["", "10", "1 minute", "1d", "s"])
    assert.throws(() => durationToNanos(bad), /invalid duration/);
});
