import assert from "node:assert/strict";
import { test } from "node:test";
import { pruneImages } from "./prune.ts";
import { chainOf, fakeCatalog } from "./test-catalog.ts";

const L1 = `sha256:${"1".repeat(64)}`;

const images = () =>
  fakeCatalog(
    [
      { id: "sha256:tagged", refs: ["app:1"], diffIds: [L1], config: { created: "2026-01-01T00:00:00Z" } },
      { id: "sha256:dangling", diffIds: [L1], config: { created: "2026-01-02T00:00:00Z" } },
      { id: "sha256:used", diffIds: [L1], usedBy: ["c1"] },
      { id: "sha256:building", diffIds: [L1], heldByBuild: true },
      { id: "sha256:parent", diffIds: [L1] },
      {
        id: "sha256:child",
        refs: ["child:1"],
        parent: "sha256:parent",
        diffIds: [L1],
        config: { created: "2026-01-05T00:00:00Z" },
      },
      {
        id: "sha256:labelled",
        diffIds: [L1],
        config: { created: "2026-01-03T00:00:00Z", config: { Labels: { keep: "no" } } },
      },
    ],
    { [chainOf(L1)]: 100 },
  );

const prune = (cat: ReturnType<typeof images>, f: Record<string, string[]> = {}, until?: number) =>
  pruneImages(cat, new Map(Object.entries(f)), until);

test("image prune: dangling only, never one in use (by a container or a build) or a parent; partial downloads count", async () => {
  const cat = images();
  const r = await prune(cat);
  assert.deepEqual(cat.removed, ["sha256:dangling", "sha256:labelled"]);
  assert.deepEqual(r, {
    ImagesDeleted: [{ Deleted: "sha256:dangling" }, { Deleted: "sha256:labelled" }],
    SpaceReclaimed: 205,
  });
});

test("image prune -a (dangling=false) takes tagged images too; until and label narrow it", async () => {
  let cat = images();
  await prune(cat, { dangling: ["false"] });
  // The parent stays: it is listed before its child goes, as the store iterates.
  assert.deepEqual(cat.removed, ["sha256:tagged", "sha256:dangling", "sha256:child", "sha256:labelled"]);
  cat = images();
  await prune(cat, { dangling: ["false"] }, Date.parse("2026-01-01T12:00:00Z"));
  assert.deepEqual(cat.removed, ["sha256:tagged"]);
  cat = images();
  await prune(cat, { label: ["keep=no"] });
  assert.deepEqual(cat.removed, ["sha256:labelled"]);
  // label!= keeps what carries the label (it was refused as an unknown filter before).
  cat = images();
  await prune(cat, { "label!": ["keep"] });
  assert.deepEqual(cat.removed, ["sha256:dangling"]);
});

test("image prune with nothing to prune reports null, as Docker", async () => {
  const cat = fakeCatalog([{ id: "sha256:t", refs: ["a:1"] }]);
  assert.deepEqual(await prune(cat), { ImagesDeleted: null, SpaceReclaimed: 5 });
});
