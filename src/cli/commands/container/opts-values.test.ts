import assert from "node:assert/strict";
import { test } from "node:test";
import { parseUlimit } from "../../../runtime/rlimits.ts";
import { parseMountSpec, parseVolumeSpec, readCsvRecord } from "./opts-mounts.ts";
import { parsePortSpec, parsePortSpecs } from "./opts-ports.ts";
import {
  parseCpus,
  parseDevice,
  parseGoDuration,
  parseKeyValueFile,
  parseRestartPolicy,
} from "./opts-values.ts";

test("port specs as go-connections parses them", () => {
  assert.deepEqual(parsePortSpec("8080:80"), [{ port: "80/tcp", binding: { HostIp: "", HostPort: "8080" } }]);
  assert.deepEqual(parsePortSpec("80"), [{ port: "80/tcp", binding: { HostIp: "", HostPort: "" } }]);
  assert.deepEqual(parsePortSpec("127.0.0.1:8080:80/udp"), [
    { port: "80/udp", binding: { HostIp: "127.0.0.1", HostPort: "8080" } },
  ]);
  assert.deepEqual(parsePortSpec("127.0.0.1::80"), [
    { port: "80/tcp", binding: { HostIp: "127.0.0.1", HostPort: "" } },
  ]);
  assert.deepEqual(parsePortSpec("[::1]:8080:80"), [
    { port: "80/tcp", binding: { HostIp: "::1", HostPort: "8080" } },
  ]);
  assert.deepEqual(parsePortSpec("7000-7001:8000-8001/sctp"), [
    { port: "8000/sctp", binding: { HostIp: "", HostPort: "7000" } },
    { port: "8001/sctp", binding: { HostIp: "", HostPort: "7001" } },
  ]);
  // A host range for one container port: the daemon picks a port from it.
  assert.deepEqual(parsePortSpec("8000-8010:80"), [
    { port: "80/tcp", binding: { HostIp: "", HostPort: "8000-8010" } },
  ]);
  assert.deepEqual(parsePortSpec("9000-9001"), [
    { port: "9000/tcp", binding: { HostIp: "", HostPort: "" } },
    { port: "9001/tcp", binding: { HostIp: "", HostPort: "" } },
  ]);
  assert.throws(() => parsePortSpec("1.2.3.4.5:80:80"), { message: "invalid IP address: 1.2.3.4.5" });
  assert.throws(() => parsePortSpec("8080:abc"), { message: "invalid containerPort: abc" });
  assert.throws(() => parsePortSpec("x:80"), { message: "invalid hostPort: x" });
  assert.throws(() => parsePortSpec("80/foo"), { message: "invalid proto: foo" });
  assert.throws(() => parsePortSpec("1-2:3-5"), {
    message: "invalid ranges specified for container and host Ports: 3-5 and 1-2",
  });
  assert.throws(() => parsePortSpec("8080:"), { message: "no port specified: 8080:<empty>" });
  // The long form, and one port published twice.
  assert.deepEqual(parsePortSpecs(["published=8080,target=80,protocol=udp", "8081:80/udp"]), {
    exposed: { "80/udp": {} },
    bindings: {
      "80/udp": [
        { HostIp: "", HostPort: "8080" },
        { HostIp: "", HostPort: "8081" },
      ],
    },
  });
});

test("-v specs as compose's ParseVolume reads them", () => {
  assert.deepEqual(parseVolumeSpec("/data"), {
    type: "volume",
    source: "",
    target: "/data",
    readOnly: false,
  });
  assert.deepEqual(parseVolumeSpec("/h:/c:ro"), { type: "bind", source: "/h", target: "/c", readOnly: true });
  assert.deepEqual(parseVolumeSpec("vol:/c:rw,z"), {
    type: "volume",
    source: "vol",
    target: "/c",
    readOnly: false,
  });
  assert.deepEqual(parseVolumeSpec("./x:/c"), { type: "bind", source: "./x", target: "/c", readOnly: false });
  assert.deepEqual(parseVolumeSpec("c:/w:/c"), {
    type: "bind",
    source: "c:/w",
    target: "/c",
    readOnly: false,
  });
  assert.throws(() => parseVolumeSpec("/a:/b:ro:x"), {
    message: "invalid spec: /a:/b:ro:x: too many colons",
  });
  assert.throws(() => parseVolumeSpec(""), { message: "invalid empty volume spec" });
});

test("--mount values", () => {
  assert.deepEqual(
    parseMountSpec("type=volume,source=v,target=/d,volume-nocopy,volume-label=a=b,volume-opt=o=1"),
    {
      Type: "volume",
      Source: "v",
      Target: "/d",
      VolumeOptions: { NoCopy: true, Labels: { a: "b" }, DriverConfig: { Options: { o: "1" } } },
    },
  );
  assert.deepEqual(parseMountSpec("type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770"), {
    Type: "tmpfs",
    Target: "/t",
    TmpfsOptions: { SizeBytes: 1048576, Mode: 0o1770 },
  });
  assert.deepEqual(parseMountSpec("type=bind,src=.,dst=/c,bind-propagation=rshared,ro=true", "/here"), {
    Type: "bind",
    Source: "/here",
    Target: "/c",
    ReadOnly: true,
    BindOptions: { Propagation: "rshared" },
  });
  assert.deepEqual(parseMountSpec('type=bind,"src=/a,b",dst=/c'), {
    Type: "bind",
    Source: "/a,b",
    Target: "/c",
  });
  assert.throws(() => parseMountSpec("type=bind,src=/a"), { message: "target is required" });
  assert.throws(() => parseMountSpec("type=bind,dst=/a,bogus=1"), {
    message: "unexpected key 'bogus' in 'bogus=1'",
  });
  assert.throws(() => parseMountSpec("type=bind,dst=/a,ro=maybe"), {
    message: "invalid value for ro: maybe",
  });
  assert.throws(() => parseMountSpec("dst=/a,readwrite"), {
    message: "invalid field 'readwrite' must be a key=value pair",
  });
  assert.deepEqual(readCsvRecord('a,"b,""c""",d'), ["a", 'b,"c"', "d"]);
});

test("--env-file and --label-file lines", () => {
  assert.deepEqual(
    parseKeyValueFile("\uFEFFA=1\r\n# c\n\n  B=2 \nC\nD\n", "f", (k) => (k === "C" ? "from-env" : undefined)),
    ["A=1", "B=2 ", "C=from-env", "D"],
  );
  assert.throws(() => parseKeyValueFile("MY VAR=1\n", "f"), {
    message: "poorly formatted environment: variable 'MY VAR' contains whitespaces",
  });
  assert.throws(() => parseKeyValueFile("=1\n", "f"), {
    message: "poorly formatted environment: no variable name on line '=1'",
  });
});

test("small parsers: durations, CPUs, ulimits, restart policies, devices", () => {
  assert.equal(parseGoDuration("1h2m3.5s"), 3723.5e9);
  assert.equal(parseGoDuration("300ms"), 3e8);
  assert.equal(parseGoDuration("1.5us"), 1500);
  assert.equal(parseGoDuration("0"), 0);
  assert.equal(parseGoDuration("-2s"), -2e9);
  assert.throws(() => parseGoDuration("5"), { message: 'time: missing unit in duration "5"' });
  assert.throws(() => parseGoDuration("5d"), { message: 'time: unknown unit "d" in duration "5d"' });
  assert.throws(() => parseGoDuration("s"), { message: 'time: invalid duration "s"' });
  assert.equal(parseCpus("0.5"), 5e8);
  assert.equal(parseCpus("2"), 2e9);
  assert.equal(parseCpus("3/2"), 1.5e9);
  assert.throws(() => parseCpus("0.0000000001"), { message: "value is too precise" });
  assert.deepEqual(parseUlimit("nofile=1024:2048"), { Name: "nofile", Hard: 2048, Soft: 1024 });
  assert.throws(() => parseUlimit("nofile=10:5"), {
    message: "ulimit soft limit must be less than or equal to hard limit: 10 > 5",
  });
  assert.throws(() => parseUlimit("nofile"), { message: "invalid ulimit argument: nofile" });
  assert.deepEqual(parseRestartPolicy("always"), { Name: "always", MaximumRetryCount: 0 });
  assert.deepEqual(parseRestartPolicy("on-failure:5"), { Name: "on-failure", MaximumRetryCount: 5 });
  assert.throws(() => parseRestartPolicy(":5"), {
    message: "invalid restart policy format: no policy provided before colon",
  });
  assert.deepEqual(parseDevice("/dev/snd:rw"), {
    PathOnHost: "/dev/snd",
    PathInContainer: "/dev/snd",
    CgroupPermissions: "rw",
  });
  assert.throws(() => parseDevice("/dev/a:/dev/b:xyz"), { message: "bad mode specified: xyz" });
});
