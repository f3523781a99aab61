import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
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
 * Containers on berth's networks, end to end: real berthd, runc, CNI and the docker CLI.
 * Each test has its own default bridge and subnet (10.199.x.0/24), removed after it.
 */

function ok(r: { code: number | null; stdout: string; stderr: string }, what = ""): string {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  return r.stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function get(url: string): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
  });
}

/** Waits until the URL answers 200 and returns the body (httpd needs a moment to listen). */
async function served(url: string): Promise<string> {
  const r = await waitFor(`${url} to answer`, async () => {
    const res = await get(url);
    return res?.status === 200 ? res : undefined;
  });
  return r.body;
}

async function inspect(d: TestDaemon, name: string) {
  return JSON.parse(ok(await docker(d, ["inspect", name]), `inspect ${name}`))[0] as {
    Id: string;
    State: { Running: boolean; Pid: number };
    NetworkSettings: {
      IPAddress: string;
      IPPrefixLen: number;
      Gateway: string;
      MacAddress: string;
      SandboxKey: string;
      Ports: Record<string, { HostIp: string; HostPort: string }[] | null>;
      Networks: Record<
        string,
        { NetworkID: string; EndpointID: string; IPAddress: string; Gateway: string; MacAddress: string }
      >;
    };
  };
}

/** A daemon on a bridge of the test's own; the bridge and its rules go after the test. */
async function netDaemon(t: { after(fn: () => Promise<void>): void }, extraBridges: string[] = []) {
  const n = testNet();
  const hadPortmapChains = (await hostNetworkState()).iptables.some((l) =>
    l.startsWith(":CNI-HOSTPORT-DNAT"),
  );
  t.after(async () => {
    for (const br of [n.bridge, ...extraBridges]) {
      await removeBridgeRules(br, false).catch(() => undefined);
      await removeLink(br).catch(() => undefined);
    }
    // portmap's shared chains stay for every CNI user of the host; take them away only if this test made them.
    if (!hadPortmapChains) await removePortmapScaffolding();
  });
  const d = await startDaemon(t, ["--bridge", n.bridge, "--bip", `${n.prefix}1/24`]);
  await importBusybox(d.client);
  return { d, n };
}

const httpd = ["busybox", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc"];

test("a published port answers on 127.0.0.1 and the container's IP; containers reach each other; inspect, ps and port show it", async (t) => {
  const before = withoutPortmapScaffolding(await hostNetworkState());
  const { d, n } = await netDaemon(t);
  const port = await freePort();
  const id = ok(
    await docker(d, ["run", "-d", "--name", "web", "-p", `127.0.0.1:${port}:80`, ...httpd]),
    "run",
  );
  const c = await inspect(d, "web");
  const ns = c.NetworkSettings;
  assert.match(ns.IPAddress, new RegExp(`^${n.prefix.replaceAll(".", "\\.")}\\d+$`));
  assert.equal(ns.IPPrefixLen, 24);
  assert.equal(ns.Gateway, `${n.prefix}1`);
  assert.match(ns.MacAddress, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  assert.equal(ns.SandboxKey, `${d.execRoot}/netns/${id}`);
  assert.deepEqual(ns.Ports["80/tcp"], [{ HostIp: "127.0.0.1", HostPort: String(port) }]);
  assert.equal(ns.Networks.bridge.IPAddress, ns.IPAddress);
  assert.match(ns.Networks.bridge.EndpointID, /^[0-9a-f]{64}$/);

  assert.equal(await served(`http://127.0.0.1:${port}/hostname`), `${id.slice(0, 12)}\n`);
  assert.equal(await served(`http://${ns.IPAddress}/hostname`), `${id.slice(0, 12)}\n`);
  // /etc/hosts names the container's own address, as Docker writes it.
  const hosts = ok(await docker(d, ["exec", "web", "cat", "/etc/hosts"]), "hosts");
  assert.match(hosts, new RegExp(`^${ns.IPAddress.replaceAll(".", "\\.")}\\t${id.slice(0, 12)}$`, "m"));

  // Container to container by IP on the default bridge.
  const peer = await docker(d, [
    "run",
    "--rm",
    "busybox",
    "busybox",
    "wget",
    "-q",
    "-O-",
    `http://${ns.IPAddress}/hostname`,
  ]);
  assert.equal(ok(peer, "wget from a peer"), id.slice(0, 12));

  assert.equal(ok(await docker(d, ["port", "web"]), "port"), `80/tcp -> 127.0.0.1:${port}`);
  const ps = ok(await docker(d, ["ps", "--format", "{{.Ports}}", "--filter", "name=web"]), "ps");
  assert.equal(ps, `127.0.0.1:${port}->80/tcp`);
  // berth's CLI prints the same.
  assert.equal(ok(await berth(d, ["port", "web"]), "berth port"), `80/tcp -> 127.0.0.1:${port}`);
  assert.equal(ok(await berth(d, ["ps", "--format", "{{.Ports}}", "--filter", "name=web"]), "berth ps"), ps);

  // The same host port again: a clear error, and the second container does not run.
  const clash = await docker(d, ["run", "-d", "--name", "clash", "-p", `127.0.0.1:${port}:80`, ...httpd]);
  assert.notEqual(clash.code, 0);
  assert.match(
    clash.stderr,
    new RegExp(`Bind for 127\\.0\\.0\\.1:${port} failed: port is already allocated`),
  );
  // A port held by a host socket, not by berth, is refused the same way.
  const holder = net.createServer();
  await new Promise<void>((r) => holder.listen(0, "127.0.0.1", r));
  t.after(() => new Promise<void>((r) => holder.close(() => r())));
  const held = (holder.address() as net.AddressInfo).port;
  const clash2 = await docker(d, ["run", "-d", "--name", "clash2", "-p", `127.0.0.1:${held}:80`, ...httpd]);
  assert.match(
    clash2.stderr,
    new RegExp(`Bind for 127\\.0\\.0\\.1:${held} failed: port is already allocated`),
  );
  for (const name of ["clash", "clash2"]) {
    const s = await inspect(d, name);
    assert.equal(s.State.Running, false);
    assert.equal(s.NetworkSettings.IPAddress, "");
  }
  const veths = (await run("ip", ["-br", "link", "show", "master", n.bridge])).stdout.trim().split("\n");
  assert.equal(veths.length, 1, "only web's veth is on the bridge");

  ok(await docker(d, ["rm", "-f", "web", "clash", "clash2"]), "rm");
  assert.equal(await get(`http://127.0.0.1:${port}/hostname`), undefined, "the port is unpublished");
  await d.stop();
  await removeBridgeRules(n.bridge, false);
  await removeLink(n.bridge);
  const after = withoutPortmapScaffolding(await hostNetworkState());
  assert.deepEqual(after, before);
});

test("-p containerPort takes an ephemeral host port; -P publishes EXPOSE; host-gateway and --dns-option; --network none has only lo", async (t) => {
  const { d, n } = await netDaemon(t);
  ok(await docker(d, ["run", "-d", "--name", "eph", "-p", "80", "--expose", "81", "-P", ...httpd]), "run");
  const c = await inspect(d, "eph");
  const [lo, hi] = (await run("cat", ["/proc/sys/net/ipv4/ip_local_port_range"])).stdout
    .trim()
    .split(/\s+/)
    .map(Number);
  for (const key of ["80/tcp", "81/tcp"]) {
    const hostPort = Number(c.NetworkSettings.Ports[key]?.[0].HostPort);
    assert.ok(hostPort >= lo && hostPort <= hi, `${key} got ${hostPort}`);
  }
  const p80 = c.NetworkSettings.Ports["80/tcp"]?.[0].HostPort;
  assert.equal(await served(`http://127.0.0.1:${p80}/hostname`), `${c.Id.slice(0, 12)}\n`);

  // As dockerd: with the host's network ports are discarded with a warning; container: refuses them.
  const hostMode = await docker(d, ["run", "--rm", "--network", "host", "-p", "80", "busybox", "true"]);
  assert.equal(hostMode.code, 0, hostMode.stderr);
  assert.match(hostMode.stderr, /Published ports are discarded when using host network mode/);
  const shared = await docker(d, [
    "run",
    "--rm",
    "--network",
    "container:eph",
    "-p",
    "80",
    "busybox",
    "true",
  ]);
  assert.match(shared.stderr, /conflicting options: port publishing and the container type network mode/);

  // --add-host host-gateway is the default bridge's gateway; --dns-option keeps the host's nameservers.
  const etc = ok(
    await docker(d, [
      "run",
      "--rm",
      "--add-host",
      "gw:host-gateway",
      "--dns-option",
      "ndots:3",
      "busybox",
      "cat",
      "/etc/hosts",
      "/etc/resolv.conf",
    ]),
    "etc files",
  );
  assert.match(etc, new RegExp(`^${n.prefix.replaceAll(".", "\\.")}1\tgw$`, "m"));
  assert.match(etc, /^options ndots:3$/m);
  assert.match(etc, /^nameserver /m);

  const links = ok(
    await docker(d, ["run", "--rm", "--network", "none", "busybox", "cat", "/proc/net/dev"]),
    "none",
  );
  const ifaces = links
    .split("\n")
    .slice(2)
    .map((l) => l.trim().split(":")[0]);
  assert.deepEqual(ifaces, ["lo"]);
});

test("containers on a user network reach each other by IP; --ip and --mac-address are honoured; container:<x> shares x's netns", async (t) => {
  const user = testNet();
  const { d } = await netDaemon(t, [user.bridge]);
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
  ok(
    await docker(d, [
      "run",
      "-d",
      "--name",
      "srv",
      "--network",
      "un",
      "--ip",
      `${user.prefix}50`,
      "--mac-address",
      "02:42:0a:c7:00:99",
      ...httpd,
    ]),
    "run",
  );
  const c = await inspect(d, "srv");
  assert.equal(c.NetworkSettings.Networks.un.IPAddress, `${user.prefix}50`);
  assert.equal(c.NetworkSettings.Networks.un.MacAddress, "02:42:0a:c7:00:99");
  assert.equal(
    ok(await docker(d, ["exec", "srv", "cat", "/sys/class/net/eth0/address"]), "mac"),
    "02:42:0a:c7:00:99",
  );
  assert.equal(c.NetworkSettings.IPAddress, "", "top-level fields are the default bridge's");
  await served(`http://${user.prefix}50/hostname`);
  const peer = await docker(d, [
    "run",
    "--rm",
    "--network",
    "un",
    "busybox",
    "busybox",
    "wget",
    "-q",
    "-O-",
    `http://${user.prefix}50/hostname`,
  ]);
  assert.equal(ok(peer, "wget on the user network"), c.Id.slice(0, 12));
  // container:<x> shares x's namespace: its loopback is x's.
  const shared = await docker(d, [
    "run",
    "--rm",
    "--network",
    "container:srv",
    "busybox",
    "busybox",
    "wget",
    "-q",
    "-O-",
    "http://127.0.0.1/hostname",
  ]);
  assert.equal(ok(shared, "wget in srv's netns"), c.Id.slice(0, 12));
  // ... and x's hostname, /etc/hosts and /etc/resolv.conf, as dockerd gives them.
  const files = "hostname; cat /etc/hosts /etc/resolv.conf";
  const own = ok(await docker(d, ["exec", "srv", "sh", "-c", files]), "srv's files");
  const joined = await docker(d, ["run", "--rm", "--network", "container:srv", "busybox", "sh", "-c", files]);
  assert.equal(ok(joined, "the joined container's files"), own);
  for (const [flag, what] of [
    [["--hostname", "other"], "hostname"],
    [["--dns", "10.0.0.1"], "dns"],
    [["--add-host", "a:10.0.0.1"], "custom host-to-IP mapping"],
  ] as const) {
    const refused = await docker(d, ["create", ...flag, "--network", "container:srv", "busybox", "true"]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`conflicting options: ${what} and the network mode`));
  }
  ok(await docker(d, ["create", "--name", "idle", "busybox", "true"]), "create idle");
  const notRunning = await docker(d, ["run", "--rm", "--network", "container:idle", "busybox", "true"]);
  assert.notEqual(notRunning.code, 0);
  assert.match(notRunning.stderr, /cannot join network of a non running container: [0-9a-f]{64}/);
  const netInspect = JSON.parse(ok(await docker(d, ["network", "inspect", "un"]), "network inspect"))[0];
  assert.deepEqual(Object.keys(netInspect.Containers ?? {}), [c.Id]);
  assert.equal(netInspect.Containers[c.Id].Name, "srv");
  ok(await docker(d, ["rm", "-f", "srv"]), "rm");
  ok(await docker(d, ["network", "rm", "un"]), "network rm");
});

test("after kill -9 of berthd a running container keeps its address and port; a dead one's endpoint is reclaimed", async (t) => {
  const { d, n } = await netDaemon(t);
  const port = await freePort();
  ok(await docker(d, ["run", "-d", "--name", "keep", "-p", `127.0.0.1:${port}:80`, ...httpd]), "run keep");
  const port2 = await freePort();
  ok(await docker(d, ["run", "-d", "--name", "dies", "-p", `127.0.0.1:${port2}:80`, ...httpd]), "run dies");
  // As Docker: a fixed address only on a user network.
  const fixed = await docker(d, ["run", "-d", "--ip", `${n.prefix}99`, ...httpd]);
  assert.match(fixed.stderr, /user specified IP address is supported on user defined networks only/);
  const keep = await inspect(d, "keep");
  const dies = await inspect(d, "dies");
  await served(`http://127.0.0.1:${port}/hostname`);
  await d.stop("SIGKILL");
  process.kill(dies.State.Pid, "SIGKILL");
  await waitFor(
    "the container to die",
    async () => (await run("kill", ["-0", String(dies.State.Pid)])).code !== 0,
  );
  await d.restart();
  const again = await inspect(d, "keep");
  assert.equal(again.NetworkSettings.IPAddress, keep.NetworkSettings.IPAddress);
  assert.equal(await served(`http://127.0.0.1:${port}/hostname`), `${keep.Id.slice(0, 12)}\n`);
  const gone = await inspect(d, "dies");
  assert.equal(gone.State.Running, false);
  assert.equal(gone.NetworkSettings.IPAddress, "");
  const veths = (await run("ip", ["-br", "link", "show", "master", n.bridge])).stdout.trim().split("\n");
  assert.equal(veths.length, 1, "the dead container's veth is gone");
  // Its published port's DNAT rule is gone and the port can be published again.
  assert.doesNotMatch((await run("iptables-save", ["-t", "nat"])).stdout, new RegExp(`--dport ${port2}\\b`));
  ok(
    await docker(d, ["run", "-d", "--name", "again", "-p", `127.0.0.1:${port2}:80`, ...httpd]),
    "publish again",
  );
  await served(`http://127.0.0.1:${port2}/hostname`);
  ok(await docker(d, ["rm", "-f", "again"]), "rm again");
  const bridge = JSON.parse(ok(await docker(d, ["network", "inspect", "bridge"]), "network inspect"))[0];
  assert.deepEqual(Object.keys(bridge.Containers ?? {}), [keep.Id]);
});

test("berthd started again with another --bip re-addresses its bridge: the old gateway goes", async (t) => {
  const { d, n } = await netDaemon(t);
  ok(await docker(d, ["run", "--rm", "busybox", "true"]), "run on the first subnet");
  const addrs = async () =>
    [...(await run("ip", ["-4", "-o", "addr", "show", "dev", n.bridge])).stdout.matchAll(/inet (\S+)/g)].map(
      (m) => m[1],
    );
  assert.deepEqual(await addrs(), [`${n.prefix}1/24`]);
  const other = testNet();
  await d.stop();
  await d.restart(["--bridge", n.bridge, "--bip", `${other.prefix}1/24`]);
  const out = ok(
    await docker(d, ["run", "--rm", "busybox", "busybox", "ip", "-4", "-o", "addr", "show", "eth0"]),
    "run",
  );
  assert.match(out, new RegExp(`inet ${other.prefix.replaceAll(".", "\\.")}\\d+/24`));
  assert.deepEqual(await addrs(), [`${other.prefix}1/24`], "only the new gateway is on the bridge");
});
