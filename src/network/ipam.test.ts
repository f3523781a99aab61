import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { type AddressSpace, Ipam } from "./ipam.ts";
import { parseCidr, parseIPv4 } from "./ipv4.ts";

async function tempDir(t: { after(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-ipam-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const space = (subnet: string, range?: string): AddressSpace => {
  const s = parseCidr(subnet);
  assert.ok(s);
  const r = range ? parseCidr(range) : undefined;
  return { subnet: s, gateway: (parseIPv4(subnet.split("/")[0]) ?? 0) + 1, range: r };
};

test("addresses are unique, skip the gateway, and survive a new allocator on the same directory (restart)", async (t) => {
  const dir = await tempDir(t);
  const sp = space("10.199.9.0/29");
  const a = new Ipam(dir);
  const got = await Promise.all(["c1", "c2", "c3"].map((c) => a.allocate("net", sp, c)));
  assert.deepEqual(got.sort(), ["10.199.9.2", "10.199.9.3", "10.199.9.4"]);
  // A "restarted" berthd: nothing handed out before may come back.
  const b = new Ipam(dir);
  assert.equal(await b.allocate("net", sp, "c4"), "10.199.9.5");
  assert.equal(await b.allocate("net", sp, "c5"), "10.199.9.6");
  await assert.rejects(b.allocate("net", sp, "c6"), /no available IPv4 addresses/);
});

test("a released address is handed out again; a requested one must be free and inside the subnet", async (t) => {
  const dir = await tempDir(t);
  const sp = space("10.199.9.0/24");
  const a = new Ipam(dir);
  assert.equal(await a.allocate("net", sp, "c1"), "10.199.9.2");
  assert.equal(await a.allocate("net", sp, "c2", "10.199.9.50"), "10.199.9.50");
  await assert.rejects(a.allocate("net", sp, "c3", "10.199.9.50"), /Address already in use: 10.199.9.50/);
  await assert.rejects(a.allocate("net", sp, "c3", "10.199.9.1"), /Address already in use/);
  await assert.rejects(a.allocate("net", sp, "c3", "10.199.10.5"), /not a host address/);
  await a.release("net", "c1");
  assert.deepEqual(await a.allocations("net"), { "10.199.9.50": "c2" });
  assert.equal(await a.allocate("net", sp, "c3"), "10.199.9.2");
});

test("an IP range limits dynamic addresses", async (t) => {
  const dir = await tempDir(t);
  const a = new Ipam(dir);
  const sp = space("10.199.9.0/24", "10.199.9.128/30");
  const got = [];
  for (const c of ["a", "b", "c", "d"]) got.push(await a.allocate("net", sp, c));
  assert.deepEqual(got, ["10.199.9.128", "10.199.9.129", "10.199.9.130", "10.199.9.131"]);
  await assert.rejects(a.allocate("net", sp, "e"), /no available/);
});
