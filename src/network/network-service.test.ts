import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { EventBus } from "../util/events.ts";
import { createLogger } from "../util/logger.ts";
import { networkOptions } from "./network-options.ts";
import { NetworkService } from "./network-service.ts";

test("an address allocated but never recorded in an endpoint (kill -9 between the two writes) is freed at adoption", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-ns-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const make = () =>
    new NetworkService(
      { dataRoot: dir, options: networkOptions({ bridge: "none" }) },
      new EventBus(),
      createLogger("error"),
    );
  const first = make();
  await first.init();
  const { Id } = await first.create({ Name: "un", IPAM: { Config: [{ Subnet: "10.199.252.0/24" }] } });
  // What attachNew's first step leaves when berthd dies before the endpoint record.
  const table = path.join(dir, "network", "ipam", `${Id}.json`);
  await writeFile(table, JSON.stringify({ "10.199.252.2": "c".repeat(64) }));
  const again = make();
  await again.init();
  await again.adoptEndpoints(() => true);
  assert.deepEqual(JSON.parse(await readFile(table, "utf8")), {});
});
