import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { type Attachment, type CniResult, pluginInput } from "./cni.ts";
import { chainFor, masqueradeOf } from "./cni-config.ts";
import { recordFromRequest } from "./network-record.ts";
import { NetworkStore } from "./network-store.ts";

const net = (extra: object = {}) =>
  recordFromRequest({ Name: "n", IPAM: { Config: [{ Subnet: "10.199.3.0/24" }] }, ...extra }, []);
const att: Attachment = { containerId: "c1", netns: "/run/x", ifName: "eth0" };

test("without ports the chain is the bridge alone, with berth's address as static IPAM and a default route", () => {
  const list = chainFor(
    net({ Options: { "com.docker.network.bridge.name": "bt3", "com.docker.network.driver.mtu": "1400" } }),
    "10.199.3.7",
    [],
  );
  assert.deepEqual(
    list.plugins.map((p) => p.type),
    ["bridge"],
  );
  const br = list.plugins[0];
  assert.equal(br.bridge, "bt3");
  assert.equal(br.mtu, 1400);
  // Masquerade is one rule per bridge (host-rules.ts), not the plugin's per container.
  assert.equal(br.ipMasq, false);
  assert.deepEqual(br.ipam, {
    type: "static",
    addresses: [{ address: "10.199.3.7/24", gateway: "10.199.3.1" }],
    routes: [{ dst: "0.0.0.0/0" }],
  });
});

test("ports add portmap; internal networks get no route out and no masquerade; --iptables=false no masquerade", () => {
  const ports = [{ hostPort: 8080, containerPort: 80, protocol: "tcp" as const }];
  assert.deepEqual(
    chainFor(net(), "10.199.3.2", ports).plugins.map((p) => p.type),
    ["bridge", "portmap"],
  );
  const internal = chainFor(net({ Internal: true }), "10.199.3.2", []).plugins[0];
  assert.equal(internal.ipMasq, false);
  assert.deepEqual((internal.ipam as { routes: unknown[] }).routes, []);
  assert.equal(masqueradeOf(net(), true), "10.199.3.0/24");
  assert.equal(masqueradeOf(net({ Internal: true }), true), undefined);
  assert.equal(masqueradeOf(net(), false), undefined, "--iptables=false: no masquerade, as dockerd");
  assert.equal(
    masqueradeOf(net({ Options: { "com.docker.network.bridge.enable_ip_masquerade": "false" } }), true),
    undefined,
  );
  // A container's second network gives no default route (the plugin would add an ECMP path).
  const second = chainFor(net(), "10.199.3.2", [], undefined, false).plugins[0];
  assert.deepEqual((second.ipam as { routes: unknown[] }).routes, []);
});

test("each plugin's stdin is built as libcni: list name and version, prevResult, only capable runtimeConfig", () => {
  const ports = [{ hostPort: 8080, containerPort: 80, protocol: "tcp" as const }];
  const list = chainFor(net(), "10.199.3.2", ports);
  const prev: CniResult = { cniVersion: "1.0.0", ips: [{ address: "10.199.3.2/24" }] };
  const a = { ...att, runtimeConfig: { portMappings: ports, mac: "02:00:00:00:00:01" } };
  const bridgeIn = pluginInput(list, list.plugins[0], a, undefined);
  assert.equal(bridgeIn.name, list.name);
  assert.equal(bridgeIn.cniVersion, "1.0.0");
  assert.equal(bridgeIn.runtimeConfig, undefined);
  assert.equal(bridgeIn.prevResult, undefined);
  const pmIn = pluginInput(list, list.plugins[1], a, prev);
  assert.deepEqual(pmIn.runtimeConfig, { portMappings: ports });
  assert.deepEqual(pmIn.prevResult, prev);
  assert.equal(pmIn.capabilities, undefined);
});

test("the endpoint record caches the ADD result and the plugin list for DEL, and is gone after removal", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "berth-netstore-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  const store = new NetworkStore(root);
  await store.init();
  const rec = net();
  const conf = chainFor(rec, "10.199.3.2", []);
  const result: CniResult = {
    cniVersion: "1.0.0",
    interfaces: [{ name: "eth0", mac: "aa:bb:cc:dd:ee:ff", sandbox: "/run/x" }],
  };
  await store.saveEndpoint({
    EndpointID: "e".repeat(64),
    ContainerID: "c1",
    NetworkID: rec.Id,
    IPAddress: "10.199.3.2",
    IPPrefixLen: 24,
    Gateway: "10.199.3.1",
    MacAddress: "aa:bb:cc:dd:ee:ff",
    Aliases: [],
    IfName: "eth0",
    Netns: "/run/x",
    Ports: [],
    Conf: conf,
    Result: result,
  });
  const onDisk = JSON.parse(
    await readFile(path.join(root, "network", "endpoints", rec.Id, "c1.json"), "utf8"),
  );
  assert.deepEqual(onDisk.Result, result);
  const [loaded] = await new NetworkStore(root).loadEndpoints();
  assert.deepEqual(loaded.Conf, conf);
  await store.removeEndpoint(rec.Id, "c1");
  assert.deepEqual(await store.loadEndpoints(), []);
});
