import assert from "node:assert/strict";
import { test } from "node:test";
import { listImages, matchReference } from "./image-list.ts";
import { chainOf, fakeCatalog } from "./test-catalog.ts";

const L1 = `sha256:${"1".repeat(64)}`;
const L2 = `sha256:${"2".repeat(64)}`;

const cat = fakeCatalog(
  [
    {
      id: "sha256:base",
      refs: ["busybox:latest"],
      diffIds: [L1],
      config: { created: "2026-01-01T00:00:00Z" },
    },
    {
      id: "sha256:mid",
      parent: "sha256:base",
      diffIds: [L1, L2],
      config: { created: "2026-01-02T00:00:00Z" },
    },
    {
      id: "sha256:app",
      refs: ["app:1", "app@sha256:abc"],
      parent: "sha256:mid",
      diffIds: [L1, L2],
      config: { created: "2026-01-03T00:00:00Z", config: { Labels: { tier: "web" } } },
    },
    { id: "sha256:orphan", diffIds: [L2], config: { created: "2026-01-04T00:00:00Z" } },
  ],
  { [chainOf(L1)]: 10, [chainOf(L1, L2)]: 5 },
);

const ids = async (f: Record<string, string[]> = {}, all = false) =>
  (await listImages(cat, { all, filters: new Map(Object.entries(f)) })).map((s) => s.Id);

test("images: newest first, intermediate images only with -a, Docker's summary fields", async () => {
  assert.deepEqual(await ids(), ["sha256:orphan", "sha256:app", "sha256:base"]);
  assert.deepEqual(await ids({}, true), ["sha256:orphan", "sha256:app", "sha256:mid", "sha256:base"]);
  const [, app] = await listImages(cat, { all: false, filters: new Map() });
  assert.deepEqual(app, {
    Containers: -1,
    Created: Date.parse("2026-01-03T00:00:00Z") / 1000,
    Id: "sha256:app",
    Labels: { tier: "web" },
    ParentId: "sha256:mid",
    RepoDigests: ["app@sha256:abc"],
    RepoTags: ["app:1"],
    SharedSize: -1,
    Size: 15,
  });
});

test("images filters: dangling, before/since, reference patterns, labels", async () => {
  assert.deepEqual(await ids({ dangling: ["true"] }), ["sha256:orphan"]);
  assert.deepEqual(await ids({ dangling: ["false"] }), ["sha256:app", "sha256:base"]);
  assert.deepEqual(await ids({ before: ["app:1"] }), ["sha256:base"]);
  assert.deepEqual(await ids({ since: ["busybox"] }), ["sha256:orphan", "sha256:app"]);
  assert.deepEqual(await ids({ reference: ["app"] }), ["sha256:app"]);
  assert.deepEqual(await ids({ reference: ["busy*:latest"] }), ["sha256:base"]);
  assert.deepEqual(await ids({ label: ["tier=web"] }), ["sha256:app"]);
  assert.deepEqual(await ids({ label: ["tier"] }), ["sha256:app"]);
  // until: created strictly before (it matched every image before).
  const until = async (t: string) =>
    (await listImages(cat, { all: false, filters: new Map([["until", [t]]]), untilMs: Date.parse(t) })).map(
      (s) => s.Id,
    );
  assert.deepEqual(await until("2026-01-03T00:00:00Z"), ["sha256:base"]);
  assert.deepEqual(await until("2026-01-03T00:00:01Z"), ["sha256:app", "sha256:base"]);
  await assert.rejects(ids({ dangling: ["maybe"] }), {
    code: "INVALID_PARAMETER",
    message: "invalid filter 'dangling=maybe'",
  });
  await assert.rejects(ids({ before: ["nope"] }), { code: "NOT_FOUND" });
});

test("reference patterns: * and ? stop at a slash, the tag may be left out", () => {
  assert.equal(matchReference("library/*", ["library/busybox:1"]), true);
  assert.equal(matchReference("*", ["library/busybox:1"]), false);
  assert.equal(matchReference("busybox:?", ["busybox:1"]), true);
  assert.equal(matchReference("a.b", ["axb:1"]), false);
});
