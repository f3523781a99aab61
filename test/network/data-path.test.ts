import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { removeBridgeRules, removeLink } from "../../src/network/host-rules.ts";
import { NetnsManager } from "../../src/network/netns.ts";
import { networkOptions } from "../../src/network/network-options.ts";
import { NetworkService } from "../../src/network/network-service.ts";
import { EventBus } from "../../src/util/events.ts";
import { createLogger } from "../../src/util/logger.ts";
import { run, startDaemon, waitFor } from "../helpers/daemon.ts";
import {
  hostNetworkState,
  ipIn,
  removePortmapScaffolding,
  testNet,
  withoutPortmapScaffolding,
} from "./net-fixtures.ts";

const ping = (args: string[]) => run("busybox", ["ping", "-c1", "-W1", ...args]);

/**
 * The data path without containers: a network made through the API, namespaces made by
 * the test, joined by NetworkService.attach as the container seam will call it. berthd is
 * stopped while the test drives the service on its data root (a second NetworkService
 * beside a live berthd would hold a stale view), then restarted to delete the network.
 */
test("attach gives a namespace an address and a route, traffic flows, detach and network removal leave nothing", async (t) => {
  const net = testNet();
  const nsNames = [`berth-test-${net.tag}-a`, `berth-test-${net.tag}-b`];
  const before = await hostNetworkState();
  const d = await startDaemon(t, ["--bridge", "none"]);
  let service: NetworkService | undefined;
  t.after(async () => {
    // A failure half-way leaves endpoints: DEL them (masquerade chains) before the namespaces go.
    for (const id of ["ca", "cb", "cc"]) await service?.detach(id, "dp").catch(() => undefined);
    await service?.close();
    await dropForwardDrops(net.subnet);
    for (const ns of nsNames) await run("ip", ["netns", "del", ns]);
    await removeBridgeRules(net.bridge, false);
    await removeLink(net.bridge);
  });

  const { Id } = await d.client.json<{ Id: string }>("POST", "/networks/create", {
    body: {
      Name: "dp",
      IPAM: { Config: [{ Subnet: net.subnet }] },
      Options: { "com.docker.network.bridge.name": net.bridge },
    },
  });
  await d.stop();

  const opts = networkOptions({ bridge: "none" });
  const log = createLogger("error");
  service = new NetworkService({ dataRoot: d.dataRoot, options: opts }, new EventBus(), log);
  await service.init();
  for (const ns of nsNames) assert.equal((await run("ip", ["netns", "add", ns])).code, 0);
  const [nsA, nsB] = nsNames;

  const a = await service.attach("ca", `/run/netns/${nsA}`, { network: "dp" });
  const b = await service.attach("cb", `/run/netns/${nsB}`, { network: Id.slice(0, 10) });
  assert.equal(a.IPAddress, `${net.prefix}2`);
  assert.equal(b.IPAddress, `${net.prefix}3`);
  assert.match(a.MacAddress, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);

  const addr = await ipIn(nsA, ["ip", "-4", "-o", "addr", "show", "eth0"]);
  assert.match(addr.stdout, new RegExp(`inet ${net.prefix.replaceAll(".", "\\.")}2/24`));
  const route = await ipIn(nsA, ["ip", "route", "show", "default"]);
  assert.match(route.stdout, new RegExp(`default via ${net.prefix.replaceAll(".", "\\.")}1 dev eth0`));

  assert.equal((await ping([a.IPAddress])).code, 0, "host reaches the namespace");
  assert.equal(
    (await ipIn(nsA, ["busybox", "ping", "-c1", "-W1", `${net.prefix}1`])).code,
    0,
    "namespace reaches its gateway",
  );
  // A coexisting dockerd sets FORWARD's policy to DROP; the same, for this test's subnet only
  // (bridged traffic passes FORWARD here: bridge-nf-call-iptables is 1). berth's rules sit
  // before it, so a still reaches b.
  assert.equal((await run("cat", ["/proc/sys/net/bridge/bridge-nf-call-iptables"])).stdout.trim(), "1");
  for (const dir of ["-s", "-d"]) {
    assert.equal((await run("iptables", ["-w", "-A", "FORWARD", dir, net.subnet, "-j", "DROP"])).code, 0);
  }
  assert.equal((await ipIn(nsA, ["busybox", "ping", "-c1", "-W1", b.IPAddress])).code, 0, "a reaches b");
  await dropForwardDrops(net.subnet);

  // Detach: the host end of the veth goes, the address is free for the next attach.
  const hostLinksWith = (await run("ip", ["-br", "link", "show", "master", net.bridge])).stdout
    .trim()
    .split("\n").length;
  await service.detach("ca", "dp");
  const hostLinksAfter = (await run("ip", ["-br", "link", "show", "master", net.bridge])).stdout
    .trim()
    .split("\n")
    .filter(Boolean).length;
  assert.equal(hostLinksAfter, hostLinksWith - 1);
  assert.equal((await ipIn(nsA, ["ip", "link", "show", "eth0"])).code !== 0, true, "eth0 left namespace a");
  const again = await service.attach("cc", `/run/netns/${nsA}`, { network: "dp" });
  assert.equal(again.IPAddress, `${net.prefix}2`);

  // A restart where only "cb" still runs: "cc"'s endpoint is released (veth, address, record).
  await service.close(); // as berthd's shutdown: the network's resolver goes
  service = new NetworkService({ dataRoot: d.dataRoot, options: opts }, new EventBus(), log);
  await service.init();
  const kept = await service.adoptEndpoints((id) => id === "cb");
  assert.deepEqual(
    kept.map((e) => e.ContainerID),
    ["cb"],
  );
  assert.notEqual((await ipIn(nsA, ["ip", "link", "show", "eth0"])).code, 0, "dead container's veth removed");
  assert.equal(
    (await ipIn(nsB, ["busybox", "ping", "-c1", "-W1", `${net.prefix}1`])).code,
    0,
    "kept endpoint still works",
  );
  await service.detach("cb", "dp");

  await d.restart();
  await d.client.ok("DELETE", "/networks/dp");
  const gone = await run("ip", ["link", "show", net.bridge]);
  assert.notEqual(gone.code, 0, "bridge removed with its network");
  for (const ns of nsNames) await run("ip", ["netns", "del", ns]);
  const after = await hostNetworkState();
  assert.deepEqual(after.links, before.links);
  assert.deepEqual(after.iptables, before.iptables);
  assert.deepEqual(after.nft, before.nft);
});

test("a failed attach leaves no address, record or veth behind", async (t) => {
  const net = testNet();
  const ns = `berth-test-${net.tag}-f`;
  const d = await startDaemon(t, ["--bridge", "none"]);
  t.after(async () => {
    await run("ip", ["netns", "del", ns]);
    await removeBridgeRules(net.bridge, false);
    await removeLink(net.bridge);
  });
  await d.client.json("POST", "/networks/create", {
    body: {
      Name: "f",
      IPAM: { Config: [{ Subnet: net.subnet }] },
      Options: { "com.docker.network.bridge.name": net.bridge },
    },
  });
  await d.stop();
  const service = new NetworkService(
    { dataRoot: d.dataRoot, options: networkOptions({ bridge: "none" }) },
    new EventBus(),
    createLogger("error"),
  );
  t.after(async () => {
    await service.detach("c1", "f").catch(() => undefined);
    await service.close();
  });
  await service.init();
  // No such namespace: the bridge plugin fails after berthd allocated the address.
  await assert.rejects(
    service.attach("c1", `/run/netns/${ns}`, { network: "f" }),
    /Cannot attach container c1 to network f/,
  );
  assert.deepEqual(service.containersOf(service.get("f").Id), []);
  assert.equal((await run("ip", ["netns", "add", ns])).code, 0);
  const ep = await service.attach("c1", `/run/netns/${ns}`, { network: "f" });
  assert.equal(ep.IPAddress, `${net.prefix}2`, "the failed attach's address was released");
  await service.detach("c1", "f");
});

test("the netns helper makes a persistent namespace under the exec root and removes it", async (t) => {
  const d = await startDaemon(t, ["--bridge", "none"]);
  const mgr = new NetnsManager(d.execRoot);
  const file = await mgr.create("n1");
  t.after(() => mgr.remove("n1"));
  const links = await run("nsenter", [`--net=${file}`, "ip", "-br", "link"]);
  assert.equal(links.code, 0, links.stderr);
  assert.deepEqual(
    links.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/)[0]),
    ["lo"],
  );
  await mgr.remove("n1");
  const mounts = await run("grep", ["-c", file, "/proc/self/mountinfo"]);
  assert.equal(mounts.stdout.trim(), "0");
});

test("networks do not reach each other, and a published port answers on 127.0.0.1 through portmap", async (t) => {
  const n1 = testNet();
  const n2 = testNet();
  const nsA = `berth-test-${n1.tag}-p`;
  const nsB = `berth-test-${n2.tag}-q`;
  const before = await hostNetworkState();
  const hadPortmapChains = before.iptables.some((l) => l.startsWith(":CNI-HOSTPORT-DNAT"));
  const d = await startDaemon(t, ["--bridge", "none"]);
  const webRoot = await mkdtemp(path.join(tmpdir(), "berth-web-"));
  let httpd: ChildProcess | undefined;
  let service: NetworkService | undefined;
  t.after(async () => {
    httpd?.kill("SIGKILL");
    await service?.detach("pa", "p1").catch(() => undefined);
    await service?.detach("pb", "p2").catch(() => undefined);
    await service?.close();
    for (const ns of [nsA, nsB]) await run("ip", ["netns", "del", ns]);
    for (const n of [n1, n2]) {
      await removeBridgeRules(n.bridge, false);
      await removeLink(n.bridge);
    }
    // portmap keeps its shared top-level chains (CNI-HOSTPORT-*) for every CNI user of the
    // host; take them away only if this test made them.
    if (!hadPortmapChains) await removePortmapScaffolding();
    await rm(webRoot, { recursive: true, force: true });
  });
  for (const [name, n] of [
    ["p1", n1],
    ["p2", n2],
  ] as const) {
    await d.client.json("POST", "/networks/create", {
      body: {
        Name: name,
        IPAM: { Config: [{ Subnet: n.subnet }] },
        Options: { "com.docker.network.bridge.name": n.bridge },
      },
    });
  }
  await d.stop();
  service = new NetworkService(
    { dataRoot: d.dataRoot, options: networkOptions({ bridge: "none" }) },
    new EventBus(),
    createLogger("error"),
  );
  await service.init();
  for (const ns of [nsA, nsB]) assert.equal((await run("ip", ["netns", "add", ns])).code, 0);
  // b's network first: its "out of the bridge: ACCEPT" rule then precedes a's "into the
  // bridge: DROP", so only the isolation chains keep b from a.
  const b = await service.attach("pb", `/run/netns/${nsB}`, { network: "p2" });
  const hostPort = await freePort();
  const a = await service.attach("pa", `/run/netns/${nsA}`, {
    network: "p1",
    ports: [{ hostPort, containerPort: 8080, protocol: "tcp" }],
  });
  assert.deepEqual(
    a.Conf.plugins.map((p) => p.type),
    ["bridge", "portmap"],
  );
  assert.equal(
    (await ipIn(nsB, ["busybox", "ping", "-c1", "-W1", `${n2.prefix}1`])).code,
    0,
    "b reaches its gateway",
  );
  assert.notEqual(
    (await ipIn(nsB, ["busybox", "ping", "-c1", "-W1", a.IPAddress])).code,
    0,
    "b must not reach a on another network",
  );

  await writeFile(path.join(webRoot, "index.html"), "hello from berth\n");
  httpd = spawn("ip", ["netns", "exec", nsA, "busybox", "httpd", "-f", "-p", "8080", "-h", webRoot], {
    stdio: "ignore",
  });
  await waitFor("httpd in the namespace", async () => (await curl(`http://${a.IPAddress}:8080/`)).code === 0);
  const viaLocalhost = await curl(`http://127.0.0.1:${hostPort}/`);
  assert.equal(viaLocalhost.code, 0, viaLocalhost.stderr);
  assert.equal(viaLocalhost.stdout, "hello from berth\n");

  httpd.kill("SIGKILL");
  await service.detach("pa", "p1");
  await service.detach("pb", "p2");
  const mid = await hostNetworkState();
  assert.ok(
    !mid.iptables.some((l) => l.includes(a.IPAddress) || l.includes(b.IPAddress)),
    "no rule names a released address",
  );
  assert.ok(!mid.iptables.some((l) => l.includes(`dport ${hostPort}`)), "the port mapping's DNAT is gone");
  await d.restart();
  await d.client.ok("DELETE", "/networks/p1");
  await d.client.ok("DELETE", "/networks/p2");
  for (const ns of [nsA, nsB]) await run("ip", ["netns", "del", ns]);
  if (!hadPortmapChains) await removePortmapScaffolding();
  // Compared without portmap's shared chains: other runs on this host make and remove them.
  const after = withoutPortmapScaffolding(await hostNetworkState());
  assert.deepEqual(after.links, before.links);
  assert.deepEqual(after.iptables, withoutPortmapScaffolding(before).iptables);
});

function curl(url: string) {
  return run("curl", ["-sS", "--max-time", "2", url]);
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Removes the DROPs a test appended to FORWARD for its subnet. */
async function dropForwardDrops(subnet: string): Promise<void> {
  for (const dir of ["-s", "-d"]) {
    while ((await run("iptables", ["-w", "-D", "FORWARD", dir, subnet, "-j", "DROP"])).code === 0);
  }
}
