import assert from "node:assert/strict";
import { test } from "node:test";
import { predefinedNetworks } from "./default-networks.ts";
import { bridgeRules, CHAIN, ISOLATION_1, ISOLATION_2 } from "./host-rules.ts";
import { matchNetwork } from "./network-filters.ts";
import { DEFAULT_BRIDGE, networkOptions } from "./network-options.ts";
import { recordFromRequest } from "./network-record.ts";
import { DEFAULT_POOLS } from "./subnet-pool.ts";

test("daemon options: defaults, --bip, pools, --iptables=false, and refusals", () => {
  const dflt = networkOptions({});
  assert.equal(dflt.bridge, DEFAULT_BRIDGE);
  assert.equal(dflt.iptables, true);
  assert.deepEqual(dflt.pools, DEFAULT_POOLS);
  assert.deepEqual(networkOptions({ bip: "10.199.5.1/24" }).bip, {
    subnet: "10.199.5.0/24",
    gateway: "10.199.5.1",
  });
  assert.equal(networkOptions({ iptables: "false" }).iptables, false);
  assert.equal(networkOptions({ iptables: false }).iptables, false);
  assert.throws(() => networkOptions({ bip: "10.199.5.0/24" }), /invalid bip/);
  assert.throws(() => networkOptions({ iptables: "maybe" }), /invalid iptables/);
  assert.throws(() => networkOptions({ bridge: "a-name-far-too-long" }), /invalid bridge name/);
  assert.throws(
    () => networkOptions({ "default-address-pools": [{ base: "10.0.0.0/8", size: 4 }] }),
    /smaller than the base prefix/,
  );
});

test("predefined networks: bridge/host/none; a stored bridge is kept until --bip or --bridge change", () => {
  const opts = networkOptions({ bridge: "bt-unit" });
  const routes = [{ base: 0xac110000, prefix: 16, iface: "docker0" }];
  const first = predefinedNetworks(opts, [], routes);
  assert.deepEqual(
    first.map((n) => [n.Name, n.Driver]),
    [
      ["bridge", "bridge"],
      ["host", "host"],
      ["none", "null"],
    ],
  );
  // docker0 has 172.17/16: the default bridge takes the next pool subnet.
  assert.deepEqual(first[0].IPAM.Config, [{ Subnet: "172.18.0.0/16", Gateway: "172.18.0.1" }]);
  // berth's own bridge routing its subnet does not push it to another one after a restart.
  const again = predefinedNetworks(opts, first, [
    ...routes,
    { base: 0xac120000, prefix: 16, iface: "bt-unit" },
  ]);
  assert.equal(again[0], first[0]);
  assert.equal(again[1].Id, first[1].Id);
  const moved = predefinedNetworks(
    networkOptions({ bridge: "bt-unit", bip: "10.199.6.1/24" }),
    first,
    routes,
  );
  assert.notEqual(moved[0].Id, first[0].Id);
  assert.deepEqual(moved[0].IPAM.Config, [{ Subnet: "10.199.6.0/24", Gateway: "10.199.6.1" }]);
  assert.deepEqual(
    predefinedNetworks(networkOptions({ bridge: "none" }), [], []).map((n) => n.Name),
    ["host", "none"],
  );
});

test("packet-filter rules: isolation first, then replies/DNAT in, all out, the rest in dropped; internal networks closed", () => {
  const rules = bridgeRules("bt9", false);
  assert.deepEqual(
    rules.map(
      ([chain, r]) =>
        `${chain} ${r.filter((x) => !x.startsWith("berth bridge") && x !== "-m" && x !== "comment" && x !== "--comment").join(" ")}`,
    ),
    [
      `${ISOLATION_1} -i bt9 ! -o bt9 -j ${ISOLATION_2}`,
      `${ISOLATION_2} -o bt9 -j DROP`,
      `${CHAIN} -o bt9 conntrack --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT`,
      `${CHAIN} -i bt9 -j ACCEPT`,
      `${CHAIN} -o bt9 -j DROP`,
    ],
  );
  const internal = bridgeRules("bt9", true).map(([, r]) => r.at(-1));
  assert.deepEqual(internal, ["ACCEPT", "DROP", "DROP"]);
});

test("list filters: substring id/name, label key or key=value, type, dangling", () => {
  const rec = recordFromRequest({ Name: "front-net", Labels: { tier: "web" } }, []);
  const m = (f: Record<string, string[]>, endpoints = 0) =>
    matchNetwork(rec, new Map(Object.entries(f)), endpoints);
  assert.equal(m({ name: ["front"] }), true);
  assert.equal(m({ name: ["back"] }), false);
  assert.equal(m({ id: [rec.Id.slice(2, 10)] }), true);
  assert.equal(m({ label: ["tier"] }), true);
  assert.equal(m({ label: ["tier=db"] }), false);
  assert.equal(m({ type: ["custom"] }), true);
  assert.equal(m({ type: ["builtin"] }), false);
  assert.equal(m({ dangling: ["true"] }), true);
  assert.equal(m({ dangling: ["true"] }, 1), false);
  assert.equal(m({ driver: ["bridge"], scope: ["local"] }), true);
  assert.throws(() => m({ type: ["odd"] }), /invalid filter/);
});
