import assert from "node:assert/strict";
import { test } from "node:test";
import { goDurationString } from "./go-duration.ts";

test("goDurationString prints what Go's time.Duration.String prints", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [1, "1ns"],
    [1_500, "1.5µs"],
    [1_000_000, "1ms"],
    [100_000_000, "100ms"],
    [1_000_000_000, "1s"],
    [1_500_000_000, "1.5s"],
    [30_000_000_000, "30s"],
    [90_000_000_000, "1m30s"],
    [3_600_000_000_000, "1h0m0s"],
    [3_723_004_000_000, "1h2m3.004s"],
    [-2_000_000_000, "-2s"],
  ];
  for (const [ns, want] of cases) assert.equal(goDurationString(ns), want, `${ns}ns`);
});
