import assert from "node:assert/strict";
import { test } from "node:test";
import { imageHistory } from "./history.ts";
import { chainOf, fakeCatalog } from "./test-catalog.ts";

const L1 = `sha256:${"1".repeat(64)}`;
const L2 = `sha256:${"2".repeat(64)}`;

test("history: newest first, sizes per non-empty layer, local parents named", async () => {
  const baseHistory = [{ created: "2026-01-01T00:00:00Z", created_by: "ADD rootfs" }];
  const cat = fakeCatalog(
    [
      { id: "sha256:base", refs: ["busybox:latest"], diffIds: [L1], config: { history: baseHistory } },
      {
        id: "sha256:app",
        refs: ["app:1"],
        parent: "sha256:base",
        diffIds: [L1, L2],
        config: {
          history: [
            ...baseHistory,
            { created: "2026-01-02T00:00:00Z", created_by: "ENV A=1", empty_layer: true },
            { created: "2026-01-03T00:00:00Z", created_by: "RUN x", comment: "c" },
          ],
        },
      },
    ],
    { [chainOf(L1)]: 10, [chainOf(L1, L2)]: 5 },
  );
  assert.deepEqual(await imageHistory(cat, "app:1"), [
    {
      Comment: "c",
      Created: Date.parse("2026-01-03T00:00:00Z") / 1000,
      CreatedBy: "RUN x",
      Id: "sha256:app",
      Size: 5,
      Tags: ["app:1"],
    },
    {
      Comment: "",
      Created: Date.parse("2026-01-02T00:00:00Z") / 1000,
      CreatedBy: "ENV A=1",
      Id: "<missing>",
      Size: 0,
      Tags: null,
    },
    {
      Comment: "",
      Created: Date.parse("2026-01-01T00:00:00Z") / 1000,
      CreatedBy: "ADD rootfs",
      Id: "sha256:base",
      Size: 10,
      Tags: ["busybox:latest"],
    },
  ]);
});

test("history of an image without history entries: one row per layer, creation time of the image", async () => {
  const cat = fakeCatalog(
    [{ id: "sha256:x", diffIds: [L1, L2], config: { created: "2026-01-05T00:00:00Z" } }],
    {
      [chainOf(L1)]: 10,
      [chainOf(L1, L2)]: 5,
    },
  );
  const rows = await imageHistory(cat, "sha256:x");
  assert.deepEqual(
    rows.map((r) => [r.Id, r.Size, r.Created]),
    [
      ["sha256:x", 5, Date.parse("2026-01-05T00:00:00Z") / 1000],
      ["<missing>", 10, Date.parse("2026-01-05T00:00:00Z") / 1000],
    ],
  );
});
