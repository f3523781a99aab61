import assert from "node:assert/strict";
import { test } from "node:test";
import { fakeContainer } from "../container/test-records.ts";
import { chainOf, fakeCatalog } from "../image/test-catalog.ts";
import { diskUsage } from "./disk-usage.ts";

const L1 = `sha256:${"1".repeat(64)}`;
const L2 = `sha256:${"2".repeat(64)}`;

test("df: layers counted once, shared size of layers used by several images, containers per image", async () => {
  const images = fakeCatalog(
    [
      {
        id: "sha256:base",
        refs: ["busybox:latest"],
        diffIds: [L1],
        config: { created: "2026-01-01T00:00:00Z" },
      },
      { id: "sha256:app", refs: ["app:1"], diffIds: [L1, L2], config: { created: "2026-01-02T00:00:00Z" } },
    ],
    { [chainOf(L1)]: 100, [chainOf(L1, L2)]: 7 },
  );
  const c = fakeContainer(
    { Image: "sha256:app", Name: "/web", Config: { Image: "app:1" } },
    { Status: "restarting", Restarting: true, FinishedAt: "2026-01-03T00:00:00Z" },
  );
  const du = await diskUsage(
    images,
    { list: () => [c], sizes: async () => ({ SizeRw: 3, SizeRootFs: 110 }) },
    Date.parse("2026-01-03T00:00:05Z"),
  );
  assert.equal(du.LayersSize, 107);
  assert.deepEqual(
    du.Images.map((i) => [i.Id, i.Size, i.SharedSize, i.Containers, i.Created]),
    [
      ["sha256:base", 100, 100, 0, Date.parse("2026-01-01T00:00:00Z") / 1000],
      ["sha256:app", 107, 100, 1, Date.parse("2026-01-02T00:00:00Z") / 1000],
    ],
  );
  assert.deepEqual(du.Containers, [
    {
      Id: c.ID,
      Names: ["/web"],
      Image: "app:1",
      ImageID: "sha256:app",
      Command: "sh -c true",
      Created: Math.floor(Date.parse(c.Created) / 1000),
      SizeRw: 3,
      SizeRootFs: 110,
      Labels: {},
      State: "restarting",
      Status: "Restarting (0) 5 seconds ago",
      Mounts: [],
    },
  ]);
  assert.deepEqual([du.Volumes, du.BuildCache], [[], []]);
});
