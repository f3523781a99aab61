import assert from "node:assert/strict";
import { test } from "node:test";
import { matchesList, prunable } from "./volume-filters.ts";
import type { VolumeRecord } from "./volume-store.ts";

const rec = (Name: string, Labels: Record<string, string> = {}): VolumeRecord => ({
  Name,
  Driver: "local",
  CreatedAt: "2026-01-01T00:00:00Z",
  Labels,
  Options: {},
});
const f = (o: Record<string, string[]>) => new Map(Object.entries(o));

test("list filters: name substring, driver, labels by key and key=value, dangling", () => {
  const v = rec("webdata", { tier: "web", x: "" });
  assert.ok(matchesList(v, false, f({})));
  assert.ok(matchesList(v, false, f({ name: ["nope", "bdat"] })));
  assert.ok(!matchesList(v, false, f({ name: ["nope"] })));
  assert.ok(matchesList(v, false, f({ driver: ["local"] })));
  assert.ok(!matchesList(v, false, f({ driver: ["nfs"] })));
  assert.ok(matchesList(v, false, f({ label: ["tier", "x"] })));
  assert.ok(matchesList(v, false, f({ label: ["tier=web"] })));
  assert.ok(!matchesList(v, false, f({ label: ["tier=db"] })));
  assert.ok(!matchesList(v, false, f({ label: ["tier", "y"] })));
  assert.ok(matchesList(v, false, f({ dangling: ["true"] })));
  assert.ok(!matchesList(v, true, f({ dangling: ["1"] })));
  assert.ok(matchesList(v, true, f({ dangling: ["false"] })));
  assert.throws(() => matchesList(v, true, f({ dangling: ["maybe"] })), /invalid filter 'dangling=maybe'/);
});

test("prune: anonymous volumes only unless all, label and label! honoured", () => {
  const anon = rec("a".repeat(64), { "com.docker.volume.anonymous": "" });
  const named = rec("named", { keep: "yes" });
  assert.ok(prunable(anon, f({})));
  assert.ok(!prunable(named, f({})));
  assert.ok(prunable(named, f({ all: ["true"] })));
  assert.ok(!prunable(named, f({ all: ["false"] })));
  assert.ok(!prunable(named, f({ all: ["1"], "label!": ["keep"] })));
  assert.ok(prunable(named, f({ all: ["1"], label: ["keep=yes"] })));
  assert.ok(!prunable(anon, f({ label: ["keep"] })));
  assert.throws(() => prunable(named, f({ all: ["1", "0"] })), /only one value/);
});
