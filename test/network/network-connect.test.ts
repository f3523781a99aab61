import assert from "node:assert/strict";
import { test } from "node:test";
import { removeBridgeRules, removeLink } from "../../src/network/host-rules.ts";
import { berth, docker, run, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import {
  hostNetworkState,
  removePortmapScaffolding,
  testNet,
  withoutPortmapScaffolding,
} from "./net-fixtures.ts";

/**
 * `network connect` / `network disconnect` end to end: real berthd, runc, CNI, busybox and
 * the docker CLI. Each test has its own default bridge and user network (10.199.x.0/24).
 */

type Result = { code: number | null; stdout: string; stderr: string };

function ok(r: Result, what = ""): string {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  return r.stdout.trim();
}

function fails(r: Result, re: RegExp, what = ""): void {
  assert.equal(r.code, 1, `${what}: expected a failure, got ${r.stdout}`);
  assert.match(r.stderr, re, what);
}

interface Inspected {
  Id: string;
  State: { Running: boolean; Pid: number };
  NetworkSettings: {
    IPAddress: string;
    Networks: Record<string, { NetworkID: string; EndpointID: string; IPAddress: string; Gateway: string }>;
  };
}

async function inspect(d: TestDaemon, name: string): Promise<Inspected> {
  return JSON.parse(ok(await docker(d, ["inspect", name]), `inspect ${name}`))[0] as Inspected;
}

/** The interfaces inside a running container. */
async function links(d: TestDaemon, name: string): Promise<string[]> {
  return ok(
    await docker(d, ["exec", name, "busybox", "ls", "/sys/class/net"]),
    `ls /sys/class/net in ${name}`,
  )
    .split(/\s+/)
    .sort();
}

async function addressOf(d: TestDaemon, name: string, ifName: string): Promise<string> {
  const out = ok(
    await docker(d, ["exec", name, "busybox", "ip", "-4", "-o", "addr", "show", ifName]),
    `ip addr ${ifName}`,
  );
  return /inet (\d+\.\d+\.\d+\.\d+)\//.exec(out)?.[1] ?? "";
}

/** The default routes inside a running container (busybox's `ip route` takes no selector). */
async function defaultRoutes(d: TestDaemon, name: string): Promise<string[]> {
  return ok(await docker(d, ["exec", name, "busybox", "ip", "route"]), `ip route in ${name}`)
    .split("\n")
    .filter((l) => l.startsWith("default"));
}

async function networkContainers(d: TestDaemon, net: string): Promise<string[]> {
  const rec = JSON.parse(ok(await docker(d, ["network", "inspect", net]), "network inspect"))[0];
  return Object.keys(rec.Containers ?? {}).sort();
}

/** `docker events`' network events since `since`: "action network-name driver container-id". */
async function networkEvents(d: TestDaemon, since: string): Promise<string[]> {
  const until = (Date.now() / 1000 + 1).toFixed(3);
  const out = await docker(d, [
    "events",
    "--since",
    since,
    "--until",
    until,
    "--filter",
    "type=network",
    "--format",
    "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.type}} {{.Actor.Attributes.container}}",
  ]);
  return ok(out, "events").split("\n");
}

/** A daemon with a default bridge and a user network `un` of the test's own; both go after the test. */
async function setUp(t: { after(fn: () => Promise<void>): void }) {
  const n = testNet();
  const user = testNet();
  const hadPortmapChains = (await hostNetworkState()).iptables.some((l) =>
    l.startsWith(":CNI-HOSTPORT-DNAT"),
  );
  t.after(async () => {
    for (const br of [n.bridge, user.bridge]) {
      await removeBridgeRules(br, false).catch(() => undefined);
      await removeLink(br).catch(() => undefined);
    }
    if (!hadPortmapChains) await removePortmapScaffolding().catch(() => undefined);
  });
  const d = await startDaemon(t, ["--bridge", n.bridge, "--bip", `${n.prefix}1/24`]);
  await importBusybox(d.client);
  ok(
    await docker(d, [
      "network",
      "create",
      "--subnet",
      user.subnet,
      "-o",
      `com.docker.network.bridge.name=${user.bridge}`,
      "un",
    ]),
    "network create",
  );
  return { d, n, user };
}

const sleeper = ["busybox", "sleep", "1000"];
const httpd = ["busybox", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc"];

test("a running container connected to a user network gets eth1, reaches a peer there, and loses it on disconnect; the address is freed", async (t) => {
  const before = withoutPortmapScaffolding(await hostNetworkState());
  const since = (Date.now() / 1000).toFixed(3);
  const { d, n, user } = await setUp(t);
  ok(
    await docker(d, ["run", "-d", "--name", "srv", "--network", "un", "--ip", `${user.prefix}50`, ...httpd]),
  );
  const srv = await inspect(d, "srv");
  // --dns 127.0.0.1: a name the resolver does not know is never forwarded off the machine.
  const cId = ok(await docker(d, ["run", "-d", "--name", "cc", "--dns", "127.0.0.1", ...sleeper]), "run c");
  const bridgeIp = (await inspect(d, "cc")).NetworkSettings.IPAddress;
  assert.deepEqual(await links(d, "cc"), ["eth0", "lo"]);

  const connected = await docker(d, ["network", "connect", "--ip", `${user.prefix}60`, "un", "cc"]);
  assert.equal(ok(connected, "connect"), "", "connect prints nothing, as docker's");
  assert.deepEqual(await links(d, "cc"), ["eth0", "eth1", "lo"]);
  assert.equal(await addressOf(d, "cc", "eth1"), `${user.prefix}60`);
  // The default route stays on the first network; the new one is reached directly.
  assert.deepEqual(await defaultRoutes(d, "cc"), [`default via ${n.prefix}1 dev eth0 `]);
  const fetched = await waitFor("srv to answer on the user network", async () => {
    const r = await docker(d, [
      "exec",
      "cc",
      "busybox",
      "wget",
      "-q",
      "-O-",
      `http://${user.prefix}50/hostname`,
    ]);
    return r.code === 0 ? r.stdout.trim() : undefined;
  });
  assert.equal(fetched, srv.Id.slice(0, 12));
  const hosts = ok(await docker(d, ["exec", "cc", "busybox", "cat", "/etc/hosts"]), "hosts");
  assert.match(hosts, new RegExp(`^${bridgeIp.replaceAll(".", "\\.")}\\t${cId.slice(0, 12)}$`, "m"));
  assert.match(hosts, new RegExp(`^${user.prefix.replaceAll(".", "\\.")}60\\t${cId.slice(0, 12)}$`, "m"));
  // Its first user network: resolv.conf now names that network's resolver, which answers
  // the peer's name (as dockerd rewrites the sandbox's file).
  const resolv = ok(await docker(d, ["exec", "cc", "busybox", "cat", "/etc/resolv.conf"]), "resolv.conf");
  assert.match(resolv, new RegExp(`^nameserver ${user.prefix.replaceAll(".", "\\.")}1$`, "m"));
  const named = ok(await docker(d, ["exec", "cc", "busybox", "nslookup", "srv"]), "nslookup srv");
  assert.match(named, new RegExp(`Address:\\s+${user.prefix.replaceAll(".", "\\.")}50`));
  const c = await inspect(d, "cc");
  assert.deepEqual(Object.keys(c.NetworkSettings.Networks).sort(), ["bridge", "un"]);
  assert.equal(c.NetworkSettings.Networks.un.IPAddress, `${user.prefix}60`);
  assert.match(c.NetworkSettings.Networks.un.EndpointID, /^[0-9a-f]{64}$/);
  assert.deepEqual(await networkContainers(d, "un"), [cId, srv.Id].sort());

  // Docker's refusals, with its texts and statuses.
  fails(
    await docker(d, ["network", "connect", "un", "cc"]),
    /Error response from daemon: endpoint with name cc already exists in network un/,
    "connect twice",
  );
  const dup = await d.client.request("POST", "/networks/un/connect", { body: { Container: "cc" } });
  dup.body.resume();
  assert.equal(dup.status, 403);
  fails(
    await docker(d, ["network", "connect", "--ip", `${user.prefix}50`, "bridge", "cc"]),
    /user specified IP address is supported on user defined networks only/,
  );

  assert.ok((await networkEvents(d, since)).includes(`connect un bridge ${cId}`));

  // Restarting the container keeps the network (its record has it), on eth1 again.
  ok(await docker(d, ["restart", "-t", "0", "cc"]), "restart");
  assert.deepEqual(await links(d, "cc"), ["eth0", "eth1", "lo"]);
  assert.equal(await addressOf(d, "cc", "eth1"), `${user.prefix}60`);
  // So does restarting berthd.
  await d.stop();
  await d.restart();
  assert.equal((await inspect(d, "cc")).NetworkSettings.Networks.un.IPAddress, `${user.prefix}60`);
  assert.deepEqual(await links(d, "cc"), ["eth0", "eth1", "lo"]);

  // Disconnect: the interface, the hosts line, the endpoint and the address go.
  assert.equal(ok(await docker(d, ["network", "disconnect", "un", "cc"]), "disconnect"), "");
  assert.deepEqual(await links(d, "cc"), ["eth0", "lo"]);
  assert.doesNotMatch(
    ok(await docker(d, ["exec", "cc", "busybox", "cat", "/etc/hosts"])),
    new RegExp(`${user.prefix}60`),
  );
  assert.deepEqual(Object.keys((await inspect(d, "cc")).NetworkSettings.Networks), ["bridge"]);
  assert.deepEqual(await networkContainers(d, "un"), [srv.Id]);
  ok(
    await docker(d, [
      "run",
      "-d",
      "--name",
      "reuse",
      "--network",
      "un",
      "--ip",
      `${user.prefix}60`,
      ...sleeper,
    ]),
  );
  const notConnected = await docker(d, ["network", "disconnect", "un", "cc"]);
  fails(notConnected, new RegExp(`container ${c.Id} is not connected to network un`), "disconnect twice");

  // Disconnecting the last network is allowed: loopback only, also after a restart; then back.
  ok(await docker(d, ["network", "disconnect", "bridge", "cc"]), "disconnect bridge");
  assert.deepEqual(await links(d, "cc"), ["lo"]);
  ok(await docker(d, ["restart", "-t", "0", "cc"]), "restart without networks");
  assert.deepEqual(await links(d, "cc"), ["lo"]);
  assert.deepEqual((await inspect(d, "cc")).NetworkSettings.Networks, {});
  ok(await docker(d, ["network", "connect", "bridge", "cc"]), "connect bridge again");
  assert.deepEqual(await links(d, "cc"), ["eth0", "lo"]);
  const back = await inspect(d, "cc");
  assert.match(back.NetworkSettings.IPAddress, new RegExp(`^${n.prefix.replaceAll(".", "\\.")}\\d+$`));
  assert.deepEqual(await defaultRoutes(d, "cc"), [`default via ${n.prefix}1 dev eth0 `]);

  // Events of this berthd (the log starts again with it): the disconnect.
  assert.ok((await networkEvents(d, since)).includes(`disconnect un bridge ${cId}`));

  // Veths on the user bridge: srv's and reuse's only.
  const veths = (await run("ip", ["-br", "link", "show", "master", user.bridge])).stdout.trim().split("\n");
  assert.equal(veths.length, 2);
  ok(await docker(d, ["rm", "-f", "cc", "srv", "reuse"]), "rm");
  ok(await docker(d, ["network", "rm", "un"]), "network rm");
  await d.stop();
  await removeBridgeRules(n.bridge, false);
  await removeLink(n.bridge);
  // Only what this test's bridges and subnets could have left: other engineers' test runs
  // make and remove their own bridges and rules on this host meanwhile.
  const ours = (st: typeof before) => {
    const tags = [n.bridge, user.bridge, n.prefix, user.prefix];
    const has = (l: string) => tags.some((tag) => l.includes(tag));
    return {
      links: st.links.filter((l) => !/^bt/.test(l) || has(l)),
      nft: st.nft.filter(has),
      iptables: st.iptables.filter(has),
    };
  };
  assert.deepEqual(ours(withoutPortmapScaffolding(await hostNetworkState())), ours(before));
});

test("a stopped container's connect and disconnect change its record only; the next start joins; Docker's errors", async (t) => {
  const { d, n, user } = await setUp(t);
  const sId = ok(await docker(d, ["create", "--name", "st", ...sleeper]), "create");
  ok(await docker(d, ["network", "connect", "--ip", `${user.prefix}70`, "un", "st"]), "connect stopped");
  let s = await inspect(d, "st");
  assert.deepEqual(Object.keys(s.NetworkSettings.Networks).sort(), ["bridge", "un"]);
  assert.equal(s.NetworkSettings.Networks.un.IPAddress, "", "no address until it runs");
  assert.deepEqual(await networkContainers(d, "un"), []);
  // A second connect without settings changes nothing, as dockerd.
  ok(await docker(d, ["network", "connect", "un", "st"]), "connect stopped twice");
  fails(
    await docker(d, ["network", "connect", "--ip", `${user.prefix}71`, "un", "st"]),
    /endpoint with name st already exists in network un/,
  );
  ok(await docker(d, ["start", "st"]), "start");
  assert.deepEqual(await links(d, "st"), ["eth0", "eth1", "lo"]);
  assert.equal(await addressOf(d, "st", "eth1"), `${user.prefix}70`);
  // One default route, through the first network (a second one would split egress, ECMP).
  const defaults = () => defaultRoutes(d, "st");
  assert.deepEqual(await defaults(), [`default via ${n.prefix}1 dev eth0 `]);
  // Leaving the network that gave it moves the default route to the other one, as dockerd.
  ok(await docker(d, ["network", "disconnect", "bridge", "st"]), "disconnect bridge while running");
  assert.deepEqual(await defaults(), [`default via ${user.prefix}1 dev eth1 `]);
  ok(await docker(d, ["network", "connect", "bridge", "st"]), "connect bridge while running");
  assert.deepEqual(await links(d, "st"), ["eth0", "eth1", "lo"]);
  assert.deepEqual(await defaults(), [`default via ${user.prefix}1 dev eth1 `]);
  ok(await docker(d, ["stop", "-t", "0", "st"]), "stop");
  // berth's CLI: same output.
  const off = await berth(d, ["network", "disconnect", "un", "st"]);
  assert.equal(ok(off, "berth disconnect"), "");
  s = await inspect(d, "st");
  assert.deepEqual(Object.keys(s.NetworkSettings.Networks), ["bridge"]);
  fails(
    await berth(d, ["network", "disconnect", "un", "st"]),
    new RegExp(`container ${sId} is not connected to the network un`),
  );
  ok(await docker(d, ["start", "st"]), "start again");
  assert.deepEqual(await links(d, "st"), ["eth0", "lo"]);

  // Modes that cannot join networks, with dockerd's messages.
  ok(await docker(d, ["create", "--name", "hh", "--network", "host", ...sleeper]));
  ok(await docker(d, ["create", "--name", "zz", "--network", "none", ...sleeper]));
  ok(await docker(d, ["create", "--name", "kk", "--network", "container:st", ...sleeper]));
  const shared =
    /container sharing network namespace with another container or host cannot be connected to any other network/;
  fails(await docker(d, ["network", "connect", "un", "hh"]), shared, "host mode");
  fails(await docker(d, ["network", "connect", "un", "kk"]), shared, "container: mode");
  fails(
    await docker(d, ["network", "connect", "un", "zz"]),
    /container cannot be connected to multiple networks with one of the networks in private \(none\) mode/,
    "none mode",
  );
  fails(
    await docker(d, ["network", "connect", "host", "st"]),
    /container cannot be disconnected from host network or connected to host network/,
  );
  fails(
    await docker(d, ["network", "disconnect", "host", "hh"]),
    /container cannot be disconnected from host network or connected to host network/,
  );
  fails(await docker(d, ["network", "connect", "nope", "st"]), /network nope not found/);
  fails(await docker(d, ["network", "connect", "un", "nope"]), /No such container: nope/);
  fails(
    await docker(d, ["network", "connect", "--ip", "10.1.2.3", "un", "st"]),
    /invalid endpoint settings:\nno configured subnet or ip-range contain the IP address 10\.1\.2\.3/,
  );
  fails(
    await docker(d, ["network", "connect", "--ip6", "2001:db8::5", "un", "st"]),
    /IPv6 addresses are not supported yet/,
  );
  const statuses: [string, unknown, number][] = [
    ["/networks/un/connect", { Container: "nope" }, 404],
    ["/networks/nope/connect", { Container: "st" }, 404],
    ["/networks/un/connect", { Container: "hh" }, 400],
    ["/networks/un/connect", { Container: "st" }, 200],
    ["/networks/un/connect", { Container: "st" }, 403],
    ["/networks/un/disconnect", { Container: "st" }, 200],
    ["/networks/un/disconnect", { Container: "st" }, 500],
    ["/networks/un/disconnect", { Container: "nope" }, 404],
  ];
  for (const [url, body, status] of statuses) {
    const r = await d.client.request("POST", url, { body });
    let text = "";
    for await (const chunk of r.body) text += chunk;
    assert.equal(r.status, status, `${url} ${JSON.stringify(body)}: ${text}`);
  }
  ok(await docker(d, ["rm", "-f", "st", "hh", "zz", "kk"]), "rm");
  ok(await docker(d, ["network", "rm", "un"]), "network rm");
});

/** Restarts berthd armed with a fault point; `op` makes it die there; then restarts it clean. */
async function dieAt(d: TestDaemon, point: string, op: () => Promise<unknown>): Promise<void> {
  await d.stop();
  process.env.BERTH_FAULT_POINT = point;
  try {
    await d.restart();
  } finally {
    delete process.env.BERTH_FAULT_POINT;
  }
  await op().catch(() => {});
  await waitFor(`berthd to die at ${point}`, () => d.proc.signalCode === "SIGKILL");
  await d.restart();
}

test("kill -9 of berthd inside connect undoes it and inside disconnect finishes it: no interface or address without a record", async (t) => {
  const { d, user } = await setUp(t);
  const cId = ok(await docker(d, ["run", "-d", "--name", "cc", ...sleeper]), "run");
  // Between the attach and the record: the start-up reclaim detaches what the record does not list.
  await dieAt(d, "connect-before-record", () =>
    docker(d, ["network", "connect", "--ip", `${user.prefix}80`, "un", "cc"]),
  );
  assert.deepEqual(Object.keys((await inspect(d, "cc")).NetworkSettings.Networks), ["bridge"]);
  assert.deepEqual(await networkContainers(d, "un"), []);
  assert.deepEqual(await links(d, "cc"), ["eth0", "lo"]);
  // The address is free again.
  ok(
    await docker(d, ["network", "connect", "--ip", `${user.prefix}80`, "un", "cc"]),
    "connect after the crash",
  );
  assert.deepEqual(await links(d, "cc"), ["eth0", "eth1", "lo"]);

  // Between the record and the detach: the reclaim finishes the disconnect.
  await dieAt(d, "disconnect-before-detach", () => docker(d, ["network", "disconnect", "un", "cc"]));
  assert.deepEqual(Object.keys((await inspect(d, "cc")).NetworkSettings.Networks), ["bridge"]);
  assert.deepEqual(await networkContainers(d, "un"), []);
  assert.deepEqual(await links(d, "cc"), ["eth0", "lo"]);
  ok(
    await docker(d, [
      "run",
      "-d",
      "--name",
      "reuse",
      "--network",
      "un",
      "--ip",
      `${user.prefix}80`,
      ...sleeper,
    ]),
  );
  const veths = (await run("ip", ["-br", "link", "show", "master", user.bridge])).stdout.trim().split("\n");
  assert.equal(veths.length, 1, "only reuse's veth is on the user bridge");
  assert.equal((await inspect(d, "cc")).Id, cId);
  ok(await docker(d, ["rm", "-f", "cc", "reuse"]), "rm");
  ok(await docker(d, ["network", "rm", "un"]), "network rm");
});
