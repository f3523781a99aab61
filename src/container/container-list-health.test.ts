import assert from "node:assert/strict";
import { test } from "node:test";
import { NotFoundError } from "../errdefs/errors.ts";
import type { Health } from "../types/container.ts";
import { type ContainerListSource, listContainers, statusString } from "./container-list.ts";
import type { ContainerRecord } from "./container-record.ts";
import { fakeContainer } from "./test-records.ts";

const startedAt = "2026-01-01T00:00:00Z";
const now = Date.parse(startedAt) + 5000;
const withHealth = (name: string, status?: Health["Status"], running = true) =>
  fakeContainer(
    { Name: `/${name}`, Created: `2026-01-01T00:00:0${name.length}Z` },
    {
      Status: running ? "running" : "exited",
      Running: running,
      StartedAt: startedAt,
      FinishedAt: running ? "0001-01-01T00:00:00Z" : startedAt,
      ...(status ? { Health: { Status: status, FailingStreak: 0, Log: [] } } : {}),
    },
  );

function source(recs: ContainerRecord[]): ContainerListSource {
  return {
    list: () => [...recs],
    get: (ref) => {
      const r = recs.find((c) => c.Name === `/${ref}`);
      if (!r) throw new NotFoundError(`No such container: ${ref}`);
      return r;
    },
    imageId: () => undefined,
    sizes: async () => ({ SizeRw: 0, SizeRootFs: 0 }),
  };
}

test("ps STATUS shows the health as docker's: (healthy), (unhealthy), (health: starting)", () => {
  assert.equal(statusString(withHealth("a", "healthy"), now), "Up 5 seconds (healthy)");
  assert.equal(statusString(withHealth("a", "unhealthy"), now), "Up 5 seconds (unhealthy)");
  assert.equal(statusString(withHealth("a", "starting"), now), "Up 5 seconds (health: starting)");
  assert.equal(statusString(withHealth("a"), now), "Up 5 seconds");
  // a stopped container keeps its last health in inspect, not in its status
  assert.match(statusString(withHealth("a", "healthy", false), now), /^Exited \(0\)/);
});

test("the health filter selects by status, none for containers without a check", async () => {
  const src = source([
    withHealth("h", "healthy"),
    withHealth("uu", "unhealthy"),
    withHealth("sss", "starting"),
    withHealth("nnnn"),
  ]);
  const names = async (...health: string[]) =>
    (
      await listContainers(src, { all: true, limit: -1, size: false, filters: new Map([["health", health]]) })
    ).map((s) => s.Names?.[0]);
  assert.deepEqual(await names("healthy"), ["/h"]);
  assert.deepEqual(await names("unhealthy", "starting"), ["/sss", "/uu"]);
  assert.deepEqual(await names("none"), ["/nnnn"]);
  await assert.rejects(names("sick"), { message: "Unrecognised filter value for health: sick" });
});
