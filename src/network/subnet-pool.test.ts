import assert from "node:assert/strict";
import { test } from "node:test";
import { formatCidr, parseCidr } from "./ipv4.ts";
import { DEFAULT_POOLS, parseRouteTable, pickSubnet, validatePools } from "./subnet-pool.ts";

// /proc/net/route as the kernel prints it: little-endian hex destination and mask.
const ROUTES = `Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	00000000	0100FC0A	0003	0	0	0	00000000	0	0	0
eth0	0000FC0A	00000000	0001	0	0	0	0000FFFF	0	0	0
docker0	000011AC	00000000	0001	0	0	0	0000FFFF	0	0	0
tun0	000012AC	00000000	0001	0	0	0	0000FEFF	0	0	0
`;

const cidr = (s: string) => {
  const c = parseCidr(s);
  assert.ok(c);
  return { base: c.base, prefix: c.prefix };
};

test("the route table is read as destinations with prefixes and devices, default route left out", () => {
  const r = parseRouteTable(ROUTES);
  assert.deepEqual(
    r.map((x) => `${x.iface} ${formatCidr(x)}`),
    ["eth0 10.252.0.0/16", "docker0 172.17.0.0/16", "tun0 172.18.0.0/15"],
  );
});

test("the pool skips subnets routed on the host and those berth's networks use", () => {
  const routes = parseRouteTable(ROUTES);
  // 172.17/16 is docker0's, 172.18/15 a VPN's covering 172.19/16 too, 172.20/16 a network of berth's.
  const got = pickSubnet(DEFAULT_POOLS, [cidr("172.20.0.0/16")], routes);
  assert.equal(formatCidr(got), "172.21.0.0/16");
});

test("the first pool subnet is Docker's 172.17.0.0/16 on a host without routes", () => {
  assert.equal(formatCidr(pickSubnet(DEFAULT_POOLS, [], [])), "172.17.0.0/16");
});

test("default-address-pools are split by their size, and an exhausted pool is a clear error", () => {
  const pools = validatePools([{ base: "10.199.0.0/23", size: 24 }]);
  assert.equal(formatCidr(pickSubnet(pools, [cidr("10.199.0.0/24")], [])), "10.199.1.0/24");
  assert.throws(
    () => pickSubnet(pools, [cidr("10.199.0.0/23")], []),
    /could not find an available, non-overlapping IPv4 address pool/,
  );
});

test("a malformed pool entry is refused", () => {
  assert.throws(() => validatePools([{ base: "10.0.0.0/8" }]), /invalid default-address-pools entry/);
  assert.throws(() => validatePools([{ base: "10.0.0.0/16", size: 8 }]), /smaller than the base prefix/);
  assert.throws(() => validatePools([{ base: "nope", size: 24 }]), /invalid CIDR address/);
});
