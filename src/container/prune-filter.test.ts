import assert from "node:assert/strict";
import { test } from "node:test";
import { containerPruneFilter } from "./prune-filter.ts";
import { fakeContainer } from "./test-records.ts";

test("container prune: until keeps newer ones, label and label! select by labels", () => {
  const old = fakeContainer({
    Created: "2026-01-01T00:00:00Z",
    Config: { Image: "x", Labels: { keep: "1" } },
  });
  const young = fakeContainer({
    Created: "2026-01-02T00:00:00Z",
    Config: { Image: "x", Labels: { tmp: "" } },
  });
  const pick = (f: Record<string, string[]>, until?: number) =>
    [old, young].filter(containerPruneFilter(new Map(Object.entries(f)), until)).map((c) => c.ID);
  assert.deepEqual(pick({}), [old.ID, young.ID]);
  assert.deepEqual(pick({}, Date.parse("2026-01-01T12:00:00Z")), [old.ID]);
  assert.deepEqual(pick({ label: ["keep"] }), [old.ID]);
  assert.deepEqual(pick({ label: ["keep=2"] }), []);
  assert.deepEqual(pick({ "label!": ["keep"] }), [young.ID]);
  assert.deepEqual(pick({ "label!": ["keep=2"] }), [old.ID, young.ID]);
});
