import assert from "node:assert/strict";
import { test } from "node:test";
import { berth, docker, startDaemon } from "../helpers/daemon.ts";
import { testNet } from "./net-fixtures.ts";

interface Inspected {
  Name: string;
  Id: string;
  Created: string;
  Scope: string;
  Driver: string;
  EnableIPv6: boolean;
  IPAM: {
    Driver: string;
    Options: Record<string, string> | null;
    Config: { Subnet: string; Gateway: string; IPRange?: string }[];
  };
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Containers: Record<string, unknown>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

const ok = (r: { code: number | null; stderr: string }) => assert.equal(r.code, 0, r.stderr);

test("docker network create/ls/inspect/rm/prune against berthd, in dockerd's shapes and errors", async (t) => {
  const net = testNet();
  const other = testNet();
  const d = await startDaemon(t, ["--bridge", net.bridge, "--bip", `${other.prefix}1/24`]);
  const since = (Date.now() / 1000).toFixed(3);

  // Predefined networks as dockerd lists them; the default bridge in testcontainers' shape.
  const ls = await docker(d, ["network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}"]);
  ok(ls);
  assert.deepEqual(ls.stdout.trim().split("\n"), [
    "bridge bridge local",
    "host host local",
    "none null local",
  ]);
  const [bridge] = JSON.parse((await docker(d, ["network", "inspect", "bridge"])).stdout) as Inspected[];
  assert.deepEqual(bridge.IPAM.Config, [{ Subnet: other.subnet, Gateway: `${other.prefix}1` }]);
  assert.equal(bridge.Options["com.docker.network.bridge.name"], net.bridge);
  assert.equal(bridge.Options["com.docker.network.bridge.default_bridge"], "true");

  const created = await docker(d, [
    "network",
    "create",
    "--subnet",
    net.subnet,
    "--gateway",
    `${net.prefix}254`,
    "--ip-range",
    `${net.prefix}128/25`,
    "--label",
    "team=a",
    "-o",
    `com.docker.network.bridge.name=${net.bridge}u`,
    "-o",
    "com.docker.network.driver.mtu=1400",
    "--internal",
    "--attachable",
    "n1",
  ]);
  ok(created);
  const id = created.stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);

  const [n1] = JSON.parse((await docker(d, ["network", "inspect", id.slice(0, 12)])).stdout) as Inspected[];
  assert.deepEqual(Object.keys(n1), [
    "Name",
    "Id",
    "Created",
    "Scope",
    "Driver",
    "EnableIPv6",
    "IPAM",
    "Internal",
    "Attachable",
    "Ingress",
    "ConfigFrom",
    "ConfigOnly",
    "Containers",
    "Options",
    "Labels",
  ]);
  assert.equal(n1.Name, "n1");
  assert.equal(n1.Id, id);
  assert.ok(!Number.isNaN(Date.parse(n1.Created)));
  assert.equal(n1.Scope, "local");
  assert.equal(n1.Driver, "bridge");
  assert.equal(n1.EnableIPv6, false);
  assert.deepEqual(n1.IPAM.Config, [
    { Subnet: net.subnet, Gateway: `${net.prefix}254`, IPRange: `${net.prefix}128/25` },
  ]);
  assert.equal(n1.IPAM.Driver, "default");
  assert.equal(n1.Internal, true);
  assert.equal(n1.Attachable, true);
  assert.deepEqual(n1.Containers, {});
  assert.deepEqual(n1.Options, {
    "com.docker.network.bridge.name": `${net.bridge}u`,
    "com.docker.network.driver.mtu": "1400",
  });
  assert.deepEqual(n1.Labels, { team: "a" });
  const tmpl = await docker(d, [
    "network",
    "inspect",
    "-f",
    "{{.Name}} {{(index .IPAM.Config 0).Gateway}}",
    "n1",
  ]);
  assert.equal(tmpl.stdout.trim(), `n1 ${net.prefix}254`);

  // A network without --subnet gets one from the pool, not overlapping the bridge's.
  ok(await docker(d, ["network", "create", "--label", "team=b", "n2"]));
  const [n2] = JSON.parse((await docker(d, ["network", "inspect", "n2"])).stdout) as Inspected[];
  assert.equal(n2.IPAM.Config.length, 1);
  assert.notEqual(n2.IPAM.Config[0].Subnet, other.subnet);
  assert.match(n2.IPAM.Config[0].Gateway, /\.1$/);

  // dockerd's errors.
  const dup = await docker(d, ["network", "create", "n1"]);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /Error response from daemon: network with name n1 already exists/);
  const overlap = await docker(d, ["network", "create", "--subnet", net.subnet.replace("/24", "/25"), "n3"]);
  assert.match(overlap.stderr, /Pool overlaps with other one on this address space/);
  const badCidr = await berth(d, ["network", "create", "--subnet", "10.199.300.0/24", "n3"]);
  assert.match(badCidr.stderr, /invalid CIDR address: 10.199.300.0\/24/);
  const badGw = await berth(d, ["network", "create", "--subnet", net.subnet, "--gateway", "10.1.1.1", "n3"]);
  assert.match(badGw.stderr, /no matching subnet for gateway 10.1.1.1/);
  const badDriver = await docker(d, ["network", "create", "-d", "macvlan", "n3"]);
  assert.match(badDriver.stderr, /plugin not found/);
  const rmBridge = await docker(d, ["network", "rm", "bridge"]);
  assert.match(rmBridge.stderr, /bridge is a pre-defined network and cannot be removed/);
  const missing = await docker(d, ["network", "inspect", "nope"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope/);
  // connect/disconnect look the container up first, as dockerd (test/network/network-connect.test.ts has the rest).
  const connect = await docker(d, ["network", "connect", "n1", "somecontainer"]);
  assert.equal(connect.code, 1);
  assert.match(connect.stderr, /No such container: somecontainer/);
  const res = await d.client.request("POST", "/networks/n1/connect", { body: { Container: "x" } });
  res.body.resume();
  assert.equal(res.status, 404);

  // ls: filters, -q, --no-trunc.
  const byLabel = await docker(d, ["network", "ls", "-q", "--filter", "label=team=a"]);
  assert.deepEqual(byLabel.stdout.trim().split("\n"), [id.slice(0, 12)]);
  const custom = await docker(d, [
    "network",
    "ls",
    "--no-trunc",
    "--filter",
    "type=custom",
    "--format",
    "{{.ID}} {{.Name}}",
  ]);
  assert.deepEqual(custom.stdout.trim().split("\n").sort(), [`${id} n1`, `${n2.Id} n2`].sort());
  const byName = await berth(d, [
    "network",
    "ls",
    "--filter",
    "name=n",
    "--filter",
    "driver=bridge",
    "--format",
    "{{.Name}}",
  ]);
  assert.deepEqual(byName.stdout.trim().split("\n"), ["n1", "n2"]);
  const table = await berth(d, ["network", "ls"]);
  assert.match(table.stdout.split("\n")[0], /^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/);

  // prune honours label filters and keeps predefined networks; rm by name.
  const pruned = await docker(d, ["network", "prune", "-f", "--filter", "label=team=b"]);
  ok(pruned);
  assert.equal(pruned.stdout, "Deleted Networks:\nn2\n\n");
  const removed = await docker(d, ["network", "rm", "n1"]);
  ok(removed);
  assert.equal(removed.stdout.trim(), "n1");
  const left = await docker(d, ["network", "ls", "--format", "{{.Name}}"]);
  assert.deepEqual(left.stdout.trim().split("\n"), ["bridge", "host", "none"]);

  // Network events on the event bus.
  const until = (Date.now() / 1000 + 1).toFixed(3);
  const ev = await docker(d, [
    "events",
    "--since",
    since,
    "--until",
    until,
    "--format",
    "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}",
  ]);
  ok(ev);
  assert.deepEqual(ev.stdout.trim().split("\n"), [
    "network create n1",
    "network create n2",
    "network destroy n2",
    "network destroy n1",
  ]);

  // Records survive a restart with the same IDs.
  await d.stop();
  await d.restart();
  const [again] = JSON.parse((await docker(d, ["network", "inspect", "bridge"])).stdout) as Inspected[];
  assert.equal(again.Id, bridge.Id);
});

test("POST /networks/create validates its body as dockerd decodes it", async (t) => {
  const d = await startDaemon(t, ["--bridge", "none"]);
  const res = await d.client.request("POST", "/networks/create", { body: { Name: "x", Internal: "yes" } });
  const text = await new Promise<string>((resolve) => {
    let s = "";
    res.body.on("data", (c: Buffer) => {
      s += c.toString();
    });
    res.body.on("end", () => resolve(s));
  });
  assert.equal(res.status, 400);
  assert.match(
    text,
    /invalid JSON: json: cannot unmarshal string into Go struct field CreateRequest.Internal of type bool/,
  );
  const bad: [string, string, unknown, number, RegExp][] = [
    ["POST", "/networks/create", undefined, 400, /request body is empty/],
    [
      "POST",
      "/networks/create",
      { Name: "x", IPAM: { Config: [{ Subnet: 5 }] } },
      400,
      /cannot unmarshal number/,
    ],
    [
      "POST",
      "/networks/create",
      { Name: "x", IPAM: { Config: [{ Subnet: "10.199.1.0/24" }, { Subnet: "10.199.2.0/24" }] } },
      400,
      /one IPv4 subnet/,
    ],
    [
      "GET",
      "/networks?filters=%7B%22colour%22%3A%5B%22x%22%5D%7D",
      undefined,
      400,
      /invalid filter 'colour'/,
    ],
    [
      "POST",
      "/networks/prune?filters=%7B%22dangling%22%3A%5B%22x%22%5D%7D",
      undefined,
      400,
      /invalid filter 'dangling'/,
    ],
    ["DELETE", "/networks/nope", undefined, 404, /network nope not found/],
    ["GET", "/networks/nope", undefined, 404, /network nope not found/],
    ["POST", "/networks/none/disconnect", { Container: "c" }, 404, /No such container: c/],
    ["POST", "/networks/none/connect", {}, 400, /invalid name or ID supplied: ""/],
  ];
  for (const [method, url, body, status, re] of bad) {
    const r = await d.client.request(method, url, { body });
    let s = "";
    for await (const c of r.body) s += c;
    assert.equal(r.status, status, `${method} ${url}: ${s}`);
    assert.match(JSON.parse(s).message, re, `${method} ${url}`);
  }
  // Nothing half-made by the refused requests.
  const list = await d.client.json<{ Name: string }[]>("GET", "/networks");
  assert.deepEqual(list.map((n) => n.Name).sort(), ["host", "none"]);
  const rmMissing = await berth(d, ["network", "rm", "-f", "nope"]);
  assert.equal(rmMissing.code, 0, rmMissing.stderr);
});

/**
 * The docker CLI joins a network's labels in Go map order, which is random from run to run;
 * berth sorts them. Compare the label lists as sets ("b=2,a=1" and "a=1,b=2" are the same).
 */
function sortedLabels(out: string): string {
  return out.replace(/\b[\w.-]+=[^,\s"]*(?:,[\w.-]+=[^,\s"]*)+/g, (list) => list.split(",").sort().join(","));
}

test("berth network prints what docker network prints for the same daemon", async (t) => {
  const net = testNet();
  const d = await startDaemon(t, ["--bridge", net.bridge, "--bip", `${net.prefix}1/24`]);
  const other = testNet();
  ok(
    await berth(d, [
      "network",
      "create",
      "--subnet",
      other.subnet,
      "--ip-range",
      `${other.prefix}64/26`,
      "--label",
      "a=1",
      "--label",
      "b=2",
      "-o",
      `com.docker.network.bridge.name=${other.bridge}`,
      "par",
    ]),
  );
  for (const args of [
    ["network", "ls"],
    ["network", "ls", "--no-trunc"],
    ["network", "ls", "-q"],
    ["network", "ls", "--format", "{{json .}}"],
    ["network", "ls", "--format", "table {{.Name}}\t{{.Labels}}\t{{.Internal}}\t{{.IPv6}}"],
    ["network", "inspect", "bridge", "par"],
    ["network", "inspect", "--format", "{{json .IPAM}}", "par"],
  ]) {
    const ours = await berth(d, args);
    const theirs = await docker(d, args);
    ok(ours);
    ok(theirs);
    assert.equal(sortedLabels(ours.stdout), sortedLabels(theirs.stdout), args.join(" "));
  }
  const pruneOurs = await berth(d, ["network", "prune", "-f"]);
  assert.equal(pruneOurs.stdout, "Deleted Networks:\npar\n\n");
});
