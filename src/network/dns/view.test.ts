import assert from "node:assert/strict";
import { test } from "node:test";
import { type NamedEndpoint, type ViewSources, viewFor } from "./view.ts";

const nets: Record<string, { Id: string; Name: string; Internal: boolean; hasDns: boolean; prefix: string }> =
  {
    a: { Id: "a", Name: "front", Internal: false, hasDns: true, prefix: "10.0.1." },
    b: { Id: "b", Name: "back", Internal: true, hasDns: true, prefix: "10.0.2." },
    c: { Id: "c", Name: "other", Internal: false, hasDns: true, prefix: "10.0.3." },
    br: { Id: "br", Name: "bridge", Internal: false, hasDns: false, prefix: "172.17.0." },
  };

const eps: NamedEndpoint[] = [
  { ContainerID: "web".padEnd(64, "0"), NetworkID: "a", IPAddress: "10.0.1.2", Aliases: [] },
  { ContainerID: "web".padEnd(64, "0"), NetworkID: "b", IPAddress: "10.0.2.2", Aliases: ["www"] },
  { ContainerID: "db".padEnd(64, "0"), NetworkID: "b", IPAddress: "10.0.2.3", Aliases: [] },
  { ContainerID: "lone".padEnd(64, "0"), NetworkID: "c", IPAddress: "10.0.3.2", Aliases: [] },
  { ContainerID: "db".padEnd(64, "0"), NetworkID: "br", IPAddress: "172.17.0.2", Aliases: [] },
  { ContainerID: "iso".padEnd(64, "0"), NetworkID: "b", IPAddress: "10.0.2.4", Aliases: [] },
];

const sources: ViewSources = {
  network: (id) => nets[id],
  endpointsOf: (id) => eps.filter((e) => e.NetworkID === id),
  endpointsOfContainer: (id) => eps.filter((e) => e.ContainerID === id),
  container: (id) => ({
    name: id.replace(/0+$/, ""),
    dns: id.startsWith("web") ? ["10.9.9.9"] : [],
    dnsOptions: id.startsWith("db") ? ["ndots:2"] : [],
  }),
  inSubnet: (id, ip) => ip.startsWith(nets[id].prefix),
};

test("a container's view: all its networks with DNS, the arrival one first, its --dns, forwarding on", () => {
  const v = viewFor("a", "10.0.1.2", sources);
  assert.ok(v);
  assert.deepEqual(
    v.networks.map((n) => n.name),
    ["front", "back"],
  );
  assert.deepEqual(v.networks[1].entries.find((e) => e.ip === "10.0.2.2")?.names, [
    "web",
    "www",
    "web000000000",
  ]);
  assert.deepEqual(v.dns, ["10.9.9.9"]);
  assert.equal(v.forward, true);
  assert.equal(v.ndotsSet, false);
});

test("a container on an internal network only is not forwarded; the default bridge never lends names", () => {
  const db = viewFor("b", "10.0.2.3", sources);
  assert.ok(db);
  assert.deepEqual(
    db.networks.map((n) => n.name),
    ["back"],
  );
  // db is also on the default bridge (no DNS, not internal): forwarding stays on, as moby.
  assert.equal(db.forward, true);
  assert.equal(db.ndotsSet, true);
  assert.equal(viewFor("b", "10.0.2.4", sources)?.forward, false);
});

test("a stranger in the subnet sees the arrival network only; a source outside it is refused; no DNS on bridge", () => {
  const v = viewFor("c", "10.0.3.77", sources);
  assert.deepEqual(
    v?.networks.map((n) => n.name),
    ["other"],
  );
  assert.deepEqual(v?.dns, []);
  assert.equal(viewFor("c", "10.0.1.2", sources), undefined);
  assert.equal(viewFor("br", "172.17.0.2", sources), undefined);
  assert.equal(viewFor("zz", "10.0.3.2", sources), undefined);
});

test("a container's links apply to its own queries, on the network each names", () => {
  const linked: ViewSources = {
    ...sources,
    container: (id) => ({
      ...sources.container(id)!,
      links: id.startsWith("web") ? [{ network: "back", name: "db", alias: "database" }] : [],
    }),
  };
  const web = viewFor("a", "10.0.1.2", linked);
  assert.equal(web?.networks.find((n) => n.name === "front")?.links, undefined);
  assert.deepEqual([...(web?.networks.find((n) => n.name === "back")?.links ?? [])], [["database", "db"]]);
  assert.equal(
    viewFor("b", "10.0.2.3", linked)?.networks.some((n) => n.links),
    false,
  );
});
