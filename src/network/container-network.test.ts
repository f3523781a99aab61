import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { EventBus } from "../util/events.ts";
import { createLogger } from "../util/logger.ts";
import { ContainerNetwork, type NetworkedContainer, networksOf } from "./container-network.ts";
import { hostsLine } from "./endpoint-settings.ts";
import { NetnsManager } from "./netns.ts";
import { networkOptions } from "./network-options.ts";
import { NetworkService } from "./network-service.ts";

// The checks and record changes of `network connect`/`disconnect`: records only, nothing
// on the host (a NetworkService on a temporary data root makes no bridge until an attach).

async function setUp(t: { after(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-cn-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const service = new NetworkService(
    { dataRoot: dir, options: networkOptions({ bridge: "bt-unit", bip: "10.199.250.1/24" }) },
    new EventBus(),
    createLogger("error"),
  );
  await service.init();
  await service.create({
    Name: "un",
    IPAM: { Config: [{ Subnet: "10.199.251.0/24", IPRange: "10.199.251.128/25" }] },
  });
  const cn = new ContainerNetwork(service, new NetnsManager(path.join(dir, "run")), () => "");
  return { service, cn };
}

function ctr(mode: string, extra: Partial<NetworkedContainer> = {}): NetworkedContainer {
  return { ID: "a".repeat(64), Config: { Hostname: "web" }, HostConfig: { NetworkMode: mode }, ...extra };
}

test("connect: dockerd's refusals by mode, network and endpoint settings, in its order", async (t) => {
  const { cn } = await setUp(t);
  const refused = (c: NetworkedContainer, net: string, es: object | null, re: RegExp) =>
    assert.throws(() => cn.checkConnect(c, net, es), re);
  refused(ctr("container:x"), "nope", null, /sharing network namespace with another container or host/);
  refused(ctr("default"), "nope", null, /network nope not found/);
  refused(ctr("host"), "un", null, /sharing network namespace with another container or host/);
  refused(ctr("none"), "un", null, /one of the networks in private \(none\) mode/);
  refused(ctr("default"), "none", null, /one of the networks in private \(none\) mode/);
  refused(
    ctr("default"),
    "host",
    null,
    /cannot be disconnected from host network or connected to host network/,
  );
  refused(
    ctr("default"),
    "bridge",
    { IPAMConfig: { IPv4Address: "10.199.250.9" }, Aliases: ["x"] },
    /invalid endpoint settings:\n\* user specified IP address is supported on user defined networks only\n\* network-scoped alias is supported only for containers in user defined networks/,
  );
  // With --ip-range, a fixed address must be inside the range, as libnetwork's IpamConf.Contains.
  refused(
    ctr("default"),
    "un",
    { IPAMConfig: { IPv4Address: "10.199.251.5" } },
    /no configured subnet or ip-range contain the IP address 10\.199\.251\.5/,
  );
  refused(
    ctr("default"),
    "un",
    { IPAMConfig: { IPv4Address: "300.1.1.1" } },
    /invalid IPv4 address: 300\.1\.1\.1/,
  );
  refused(ctr("default"), "un", { MacAddress: "zz" }, /invalid MAC address zz/);
  refused(
    ctr("default"),
    "un",
    { IPAMConfig: { IPv6Address: "2001:db8::1" } },
    /IPv6 addresses are not supported yet/,
  );
  refused(
    ctr("default"),
    "bridge",
    { Links: ["a:b"] },
    /outside user-defined networks, links are not supported yet/,
  );
  refused(ctr("default"), "un", { Links: ["a:b:c"] }, /bad format for links: a:b:c/);
  // on a user-defined network a link is the resolver's alias (links.ts)
  assert.equal(cn.checkConnect(ctr("default"), "un", { Links: ["a:b"] }).connected, false);
  refused(ctr("default"), "un", { DriverOpts: { a: "b" } }, /endpoint driver options are not supported yet/);
  // What the docker CLI always sends (empty IPAMConfig, no aliases) is no request at all.
  const plan = cn.checkConnect(ctr("default"), "un", {
    IPAMConfig: { IPv4Address: "", IPv6Address: "" },
    Aliases: [],
    Links: [],
    DriverOpts: {},
  });
  assert.equal(plan.network.Name, "un");
  assert.equal(plan.connected, false);
  assert.equal(cn.checkConnect(ctr("default"), "bridge", null).connected, true);
  assert.equal(cn.checkConnect(ctr("host"), "host", null).connected, true);
});

test("the record: connect adds the network by name; disconnecting the mode's network is remembered and undone by connecting it again", async (t) => {
  const { cn, service } = await setUp(t);
  const un = service.get("un");
  // The docker CLI keys the mode's network as "default" in EndpointsConfig.
  let c = ctr("default", { NetworkingConfig: { EndpointsConfig: { default: {} } } });
  const joined = cn.withNetwork(c, un, {
    IPAMConfig: { IPv4Address: "10.199.251.200", IPv6Address: "" },
    Aliases: ["db"],
  });
  assert.deepEqual(joined.NetworkingConfig.EndpointsConfig?.un, {
    IPAMConfig: { IPv4Address: "10.199.251.200" },
    Aliases: ["db"],
  });
  c = { ...c, ...joined };
  assert.deepEqual(networksOf(c), ["bridge", "un"]);
  const bridge = service.get("bridge");
  const left = cn.withoutNetwork(c, bridge);
  assert.equal(left.NetworkModeDisconnected, true);
  assert.deepEqual(Object.keys(left.NetworkingConfig.EndpointsConfig ?? {}), ["un"]);
  c = { ...c, ...left };
  assert.deepEqual(networksOf(c), ["un"]);
  assert.equal(cn.checkDisconnect(c, "bridge").connected, false);
  assert.equal(cn.checkConnect(c, "bridge", null).connected, false);
  c = { ...c, ...cn.withNetwork(c, bridge, null) };
  assert.equal(c.NetworkModeDisconnected, false);
  assert.deepEqual(networksOf(c), ["bridge", "un"]);
  assert.throws(() => cn.checkDisconnect(ctr("host"), "host"), /cannot be disconnected from host network/);
});

test("the hosts line names the container as moby's, with its domain", () => {
  const c = ctr("default");
  assert.equal(hostsLine(c, "10.1.2.3"), "10.1.2.3\tweb");
  assert.equal(
    hostsLine({ ...c, Config: { Hostname: "web", Domainname: "example.org" } }, "10.1.2.3"),
    "10.1.2.3\tweb.example.org web",
  );
  assert.equal(hostsLine({ ...c, Config: {} }, "10.1.2.3"), `10.1.2.3\t${"a".repeat(12)}`);
});
