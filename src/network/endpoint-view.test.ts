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
    ID: "c".repeat(64),
    Name: "/web",
    Config: { ExposedPorts: { "80/tcp": {}, "443/tcp": {} }, Hostname: "cccccccccccc" },
    HostConfig: { NetworkMode: "default" },
    NetworkingConfig: {
      EndpointsConfig: { un: { Aliases: ["db", "web"], IPAMConfig: { IPv4Address: "10.1.0.2" } } },
    },
  };
  const eps = [
    ep("b1", "10.0.0.2", [{ hostPort: 8080, containerPort: 80, protocol: "tcp", hostIP: "127.0.0.1" }]),
    { ...ep("u1", "10.1.0.2"), Aliases: ["db", "web"] },
  ];
  const v = networkSettingsView(c, eps, (r) => nets[r], "/run/berth/netns/c");
  assert.equal(v.IPAddress, "10.0.0.2");
  assert.equal(v.Gateway, "10.0.0.1");
  assert.equal(v.SandboxKey, "/run/berth/netns/c");
  assert.deepEqual(v.Ports, { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }], "443/tcp": null });
  const networks = v.Networks as Record<
    string,
    { IPAddress: string; DNSNames: string[] | null; Aliases: string[] | null; NetworkID: string }
  >;
  assert.deepEqual(Object.keys(networks), ["bridge", "un"]);
  assert.equal(networks.bridge.DNSNames, null);
  assert.equal(networks.bridge.Aliases, null);
  // moby's buildEndpointDNSNames: name, aliases, short ID, hostname, each once.
  assert.deepEqual(networks.un.DNSNames, ["web", "db", "cccccccccccc"]);
  // API < 1.45: the short ID and hostname are listed among the aliases too.
  assert.deepEqual(networks.un.Aliases, ["db", "web", "cccccccccccc"]);
  assert.equal(networks.un.NetworkID, "u1");
  // The address asked for (--ip) as dockerd shows it; none asked: null.
  const ipam = v.Networks as Record<string, { IPAMConfig: unknown }>;
  assert.deepEqual(ipam.un.IPAMConfig, { IPv4Address: "10.1.0.2" });
  assert.equal(ipam.bridge.IPAMConfig, null);
});

test("NetworkSettings of a stopped container: Networks listed with empty addresses, no sandbox, no ports", () => {
  const c = {
    ID: "d".repeat(64),
    Name: "/web",
    Config: { Hostname: "h1" },
    HostConfig: { NetworkMode: "un" },
    NetworkingConfig: { EndpointsConfig: { un: { Aliases: ["db"] } } },
  };
  const v = networkSettingsView(c, [], (r) => nets[r], "/x");
  assert.equal(v.SandboxKey, "");
  assert.deepEqual(v.Ports, {});
  const un = (v.Networks as Record<string, { IPAddress: string; Aliases: string[]; DNSNames: null }>).un;
  assert.equal(un.IPAddress, "");
  // The asked aliases show while stopped (from the create request); no resolver serves it.
  assert.deepEqual(un.Aliases, ["db", "dddddddddddd", "h1"]);
  assert.equal(un.DNSNames, null);
});

test("summary Ports: published with their host side, exposed ones without", () => {
  const c = { Config: { ExposedPorts: { "80/tcp": {}, "53/udp": {} } } };
  const eps = [ep("b1", "10.0.0.2", [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }])];
  assert.deepEqual(portSummaries(c, eps), [
    { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
    { PrivatePort: 53, Type: "udp" },
  ]);
});
