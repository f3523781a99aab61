import assert from "node:assert/strict";
import { test } from "node:test";
import { dnsNames, lookupAddress, lookupName, type NetworkNames, ptrToIPv4 } from "./records.ts";

const net = (name: string, entries: [string, string[]][], internal = false): NetworkNames => ({
  id: `id-${name}`,
  name,
  internal,
  entries: entries.map(([ip, names], i) => ({ containerId: `c${i}`, ip, names })),
});

test("dnsNames: name, aliases, short ID, hostname, each once, in moby's order", () => {
  const id = "0123456789ab".padEnd(64, "f");
  assert.deepEqual(dnsNames({ name: "web", id, aliases: ["db", "web"], hostname: "0123456789ab" }), [
    "web",
    "db",
    "0123456789ab",
  ]);
  assert.deepEqual(dnsNames({ name: "web", id, aliases: [], hostname: "box" }), [
    "web",
    "0123456789ab",
    "box",
  ]);
});

test("lookupName: a name, with or without the root dot, case-insensitive; all addresses of a shared alias", () => {
  const un = net("un", [
    ["10.0.0.2", ["web", "db"]],
    ["10.0.0.3", ["api", "db"]],
  ]);
  assert.deepEqual(lookupName("web", [un]), ["10.0.0.2"]);
  assert.deepEqual(lookupName("WEB.", [un]), ["10.0.0.2"]);
  assert.deepEqual(lookupName("db.", [un])?.sort(), ["10.0.0.2", "10.0.0.3"]);
  assert.equal(lookupName("nope.", [un]), undefined);
  assert.equal(lookupName(".", [un]), undefined);
});

test("lookupName: the first network that knows a name wins; name.<network> only on that network", () => {
  const a = net("a", [["10.0.0.2", ["web"]]]);
  const b = net("b.x", [
    ["10.1.0.2", ["web"]],
    ["10.1.0.3", ["only.b"]],
  ]);
  assert.deepEqual(lookupName("web", [a, b]), ["10.0.0.2"]);
  assert.deepEqual(lookupName("web", [b, a]), ["10.1.0.2"]);
  assert.deepEqual(lookupName("web.b.x.", [a, b]), ["10.1.0.2"]);
  assert.deepEqual(lookupName("web.a", [a, b]), ["10.0.0.2"]);
  // A dotted name is itself a name before it is a name on a network.
  assert.deepEqual(lookupName("only.b", [a, b]), ["10.1.0.3"]);
  assert.equal(lookupName("web.c", [a, b]), undefined);
});

test("PTR: an address of a network names its first DNS name under the network's name", () => {
  const un = net("un", [["10.0.0.2", ["web", "db"]]]);
  assert.equal(ptrToIPv4("2.0.0.10.in-addr.arpa."), "10.0.0.2");
  assert.equal(ptrToIPv4("0.0.10.in-addr.arpa."), undefined);
  assert.equal(ptrToIPv4("2.0.0.300.in-addr.arpa"), undefined);
  assert.equal(lookupAddress("2.0.0.10.in-addr.arpa.", [un]), "web.un");
  assert.equal(lookupAddress("3.0.0.10.in-addr.arpa.", [un]), undefined);
});

test("lookupName: a link alias of the querying container answers as the linked name, on its network only", () => {
  const back = {
    ...net("back", [
      ["10.0.0.2", ["proj_worker_1", "worker"]],
      ["10.0.0.3", ["other"]],
    ]),
    links: new Map([["worker_1", "proj_worker_1"]]),
  };
  const front = net("front", [["10.0.1.2", ["proj_worker_1"]]]);
  assert.deepEqual(lookupName("worker_1", [back, front]), ["10.0.0.2"]);
  assert.deepEqual(lookupName("WORKER_1.back", [front, back]), ["10.0.0.2"]);
  assert.equal(lookupName("worker_1", [front]), undefined);
  assert.equal(lookupName("worker_1.front", [back, front]), undefined);
});
