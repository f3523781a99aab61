import assert from "node:assert/strict";
import { test } from "node:test";
import { bridgeName, type NetworkRecord, recordFromRequest } from "./network-record.ts";

const existing = (): NetworkRecord[] => [
  recordFromRequest({ Name: "a", IPAM: { Config: [{ Subnet: "10.199.1.0/24" }] } }, []),
];

test("a create request becomes Docker's record: 64-hex ID, bridge, local scope, gateway defaulted", () => {
  const rec = recordFromRequest(
    {
      Name: "n1",
      IPAM: { Config: [{ Subnet: "10.199.2.0/24", IPRange: "10.199.2.128/25" }] },
      Labels: { k: "v" },
      Options: { "com.docker.network.bridge.name": "bt1", "com.docker.network.driver.mtu": "1400" },
      Internal: true,
    },
    existing(),
  );
  assert.match(rec.Id, /^[0-9a-f]{64}$/);
  assert.equal(rec.Driver, "bridge");
  assert.equal(rec.Scope, "local");
  assert.equal(rec.EnableIPv6, false);
  assert.deepEqual(rec.IPAM.Config, [
    { Subnet: "10.199.2.0/24", Gateway: "10.199.2.1", IPRange: "10.199.2.128/25" },
  ]);
  assert.equal(rec.Internal, true);
  assert.deepEqual(rec.Labels, { k: "v" });
  assert.equal(bridgeName(rec), "bt1");
  assert.equal(bridgeName({ ...rec, Options: {} }), `br-${rec.Id.slice(0, 12)}`);
});

test("create requests are refused with dockerd's status classes and wording", () => {
  const cases: [Parameters<typeof recordFromRequest>[0], string, RegExp][] = [
    [{ Name: "a" }, "CONFLICT", /^network with name a already exists$/],
    [{ Name: "bridge" }, "FORBIDDEN", /operation is not permitted on predefined bridge network/],
    [{ Name: "x", Driver: "overlay" }, "NOT_FOUND", /could not find plugin overlay/],
    [
      { Name: "x", IPAM: { Config: [{ Subnet: "10.1.2.3/33" }] } },
      "INVALID_PARAMETER",
      /invalid CIDR address: 10.1.2.3\/33/,
    ],
    [
      { Name: "x", IPAM: { Config: [{ Subnet: "10.1.2.3/24" }] } },
      "INVALID_PARAMETER",
      /invalid subnet 10.1.2.3\/24/,
    ],
    [
      { Name: "x", IPAM: { Config: [{ Subnet: "10.1.2.0/24", Gateway: "10.1.3.1" }] } },
      "INVALID_PARAMETER",
      /no matching subnet for gateway 10.1.3.1/,
    ],
    [
      { Name: "x", IPAM: { Config: [{ Subnet: "10.1.2.0/24", IPRange: "10.1.0.0/16" }] } },
      "INVALID_PARAMETER",
      /no matching subnet for range/,
    ],
    [{ Name: "x", EnableIPv6: true }, "INVALID_PARAMETER", /IPv4 networks only/],
    [{ Name: "x", Options: { "com.docker.network.driver.mtu": "big" } }, "INVALID_PARAMETER", /invalid MTU/],
    [
      { Name: "x", Options: { "com.docker.network.bridge.name": "waytoolongbridgename" } },
      "INVALID_PARAMETER",
      /invalid bridge name/,
    ],
    [{ Name: "" }, "INVALID_PARAMETER", /a name is required/],
    [{ Name: "bad/name" }, "INVALID_PARAMETER", /invalid network name/],
  ];
  for (const [req, code, re] of cases) {
    assert.throws(
      () => recordFromRequest(req, existing()),
      (err: Error & { code?: string }) => err.code === code && re.test(err.message),
      JSON.stringify(req),
    );
  }
});

test("options berth would store without applying are refused", () => {
  const create = (req: Record<string, unknown>) => () =>
    recordFromRequest({ Name: "n", ...req } as never, []);
  assert.throws(create({ Options: { "com.docker.network.bridge.enable_icc": "false" } }), /enable_icc=false/);
  assert.throws(
    create({ Options: { "com.docker.network.bridge.host_binding_ipv4": "1.2.3.4" } }),
    /not supported/,
  );
  assert.throws(create({ IPAM: { Options: { a: "b" } } }), /IPAM option a/);
  assert.throws(
    create({ IPAM: { Config: [{ Subnet: "10.9.0.0/24", AuxiliaryAddresses: { h: "10.9.0.5" } }] } }),
    /aux-address/,
  );
});
