import assert from "node:assert/strict";
import { test } from "node:test";
import { networkSettingsView, portSummaries } from "./endpoint-view.ts";
import type { EndpointRecord } from "./network-store.ts";

const ep = (networkId: string, ip: string, ports: EndpointRecord["Ports"] = []): EndpointRecord => ({
  EndpointID: `e-${networkId}`,
  ContainerID: "c".repeat(64),
  NetworkID: networkId,
  IPAddress: ip,
  IPPrefixLen: 24,
  Gateway: ip.replace(/\d+$/, "1"),
  MacAddress: "02:42:0a:00:00:02",
  Aliases: [],
  IfName: "eth0",
  Netns: "/run/berth/netns/c",
  Ports: ports,
  Conf: { cniVersion: "1.0.0", name: "x", plugins: [] },
});

const nets: Record<string, { Id: string; Name: string }> = {
  bridge: { Id: "b1", Name: "bridge" },
  un: { Id: "u1", Name: "un" },
};

test("NetworkSettings: top-level fields from the bridge endpoint, Networks for each, Ports with EXPOSEd ones null", () => {
  const c = {
    Name: "/web",
    Config: { ExposedPorts: { "80/tcp": {}, "443/tcp": {} } },
    HostConfig: { NetworkMode: "default" },
    NetworkingConfig: { EndpointsConfig: { un: {} } },
  };
  const eps = [
    ep("b1", "10.0.0.2", [{ hostPort: 8080, containerPort: 80, protocol: "tcp", hostIP: "127.0.0.1" }]),
    ep("u1", "10.1.0.2"),
  ];
  const v = networkSettingsView(c, eps, (r) => nets[r], "/run/berth/netns/c");
  assert.equal(v.IPAddress, "10.0.0.2");
  assert.equal(v.Gateway, "10.0.0.1");
  assert.equal(v.SandboxKey, "/run/berth/netns/c");
  assert.deepEqual(v.Ports, { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }], "443/tcp": null });
  const networks = v.Networks as Record<
    string,
    { IPAddress: string; DNSNames: string[] | null; NetworkID: string }
  >;
  assert.deepEqual(Object.keys(networks), ["bridge", "un"]);
  assert.equal(networks.bridge.DNSNames, null);
  assert.deepEqual(networks.un.DNSNames, ["web", "cccccccccccc"]);
  assert.equal(networks.un.NetworkID, "u1");
});

test("NetworkSettings of a stopped container: Networks listed with empty addresses, no sandbox, no ports", () => {
  const c = { Name: "/web", Config: {}, HostConfig: { NetworkMode: "un" } };
  const v = networkSettingsView(c, [], (r) => nets[r], "/x");
  assert.equal(v.SandboxKey, "");
  assert.deepEqual(v.Ports, {});
  assert.equal((v.Networks as Record<string, { IPAddress: string }>).un.IPAddress, "");
});

test("summary Ports: published with their host side, exposed ones without", () => {
  const c = { Config: { ExposedPorts: { "80/tcp": {}, "53/udp": {} } } };
  const eps = [ep("b1", "10.0.0.2", [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }])];
  assert.deepEqual(portSummaries(c, eps), [
    { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
    { PrivatePort: 53, Type: "udp" },
  ]);
});
