import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePortSpec, parseVolumeSpec } from "./short-syntax.ts";

test("ports: container only, host:container, ip, protocol, numbers", () => {
  assert.deepEqual(parsePortSpec("80"), [{ mode: "ingress", target: 80, protocol: "tcp" }]);
  assert.deepEqual(parsePortSpec(80), [{ mode: "ingress", target: 80, protocol: "tcp" }]);
  assert.deepEqual(parsePortSpec("8080:80"), [
    { mode: "ingress", target: 80, published: "8080", protocol: "tcp" },
  ]);
  assert.deepEqual(parsePortSpec("127.0.0.1:8080:80/udp"), [
    { mode: "ingress", host_ip: "127.0.0.1", target: 80, published: "8080", protocol: "udp" },
  ]);
  assert.deepEqual(parsePortSpec("127.0.0.1::80"), [
    { mode: "ingress", host_ip: "127.0.0.1", target: 80, protocol: "tcp" },
  ]);
  assert.deepEqual(parsePortSpec("[::1]:53:53/sctp"), [
    { mode: "ingress", host_ip: "::1", target: 53, published: "53", protocol: "sctp" },
  ]);
});

test("ports: ranges expand pairwise; a host range for one container port stays a range", () => {
  assert.deepEqual(
    parsePortSpec("9000-9001:8000-8001").map((p) => [p.published, p.target]),
    [
      ["9000", 8000],
      ["9001", 8001],
    ],
  );
  assert.deepEqual(
    parsePortSpec("3000-3002").map((p) => p.target),
    [3000, 3001, 3002],
  );
  assert.deepEqual(parsePortSpec("8000-8010:80"), [
    { mode: "ingress", target: 80, published: "8000-8010", protocol: "tcp" },
  ]);
});

test("ports: bad specs are errors", () => {
  assert.throws(() => parsePortSpec("9000-9002:8000-8001"), /invalid ranges/);
  assert.throws(() => parsePortSpec("80/icmp"), /invalid proto: icmp/);
  assert.throws(() => parsePortSpec("x:80"), /invalid published port "x"/);
  assert.throws(() => parsePortSpec("70000"), /invalid container port range/);
});

test("volumes: anonymous, named, bind (relative, ~, absolute) with options", () => {
  assert.deepEqual(parseVolumeSpec("/data", "/p"), { type: "volume", target: "/data" });
  assert.deepEqual(parseVolumeSpec("db:/var/lib/db:nocopy", "/p"), {
    type: "volume",
    source: "db",
    target: "/var/lib/db",
    volume: { nocopy: true },
  });
  assert.deepEqual(parseVolumeSpec("./src:/app:ro,z", "/p"), {
    type: "bind",
    source: "/p/src",
    target: "/app",
    read_only: true,
    bind: { create_host_path: true, selinux: "z" },
  });
  assert.equal(parseVolumeSpec("~/cfg:/cfg", "/p", "/home/u").source, "/home/u/cfg");
  assert.equal(parseVolumeSpec("../up:/up:rw", "/p/q").source, "/p/up");
  assert.equal(parseVolumeSpec("/abs:/abs:rshared", "/p").bind?.propagation, "rshared");
});

test("volumes: bad specs are errors", () => {
  assert.throws(() => parseVolumeSpec("a::b", "/p"), /empty section/);
  assert.throws(() => parseVolumeSpec("a:/b:c:d", "/p"), /too many colons/);
  assert.throws(() => parseVolumeSpec("vol:/b:z", "/p"), /bind mounts only/);
  assert.throws(() => parseVolumeSpec("/h:/b:nocopy", "/p"), /volumes only/);
  assert.throws(() => parseVolumeSpec("/h:/b:bogus", "/p"), /unknown option "bogus"/);
});
