import assert from "node:assert/strict";
import { test } from "node:test";
import { validateCreate, validateRestartPolicy } from "./create-validation.ts";

const host = { cgroupVersion: "1" as const, kernelSupport: { blkioWeight: true } };

test("restart policies as moby's ValidateRestartPolicy", () => {
  for (const ok of [
    null,
    {},
    { Name: "" },
    { Name: "no" },
    { Name: "always" },
    { Name: "on-failure", MaximumRetryCount: 3 },
  ]) {
    validateRestartPolicy(ok);
  }
  assert.throws(() => validateRestartPolicy({ Name: "bogus" }), {
    message:
      "invalid restart policy: unknown policy 'bogus'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
  });
  assert.throws(() => validateRestartPolicy({ Name: "always", MaximumRetryCount: 2 }), {
    message: "invalid restart policy: maximum retry count can only be used with 'on-failure'",
  });
  assert.throws(() => validateRestartPolicy({ Name: "on-failure", MaximumRetryCount: -1 }), {
    message: "invalid restart policy: maximum retry count cannot be negative",
  });
});

test("what start would refuse is refused at create, with the start path's messages", () => {
  const cases: [Record<string, unknown>, Record<string, unknown>, RegExp][] = [
    [{ WorkingDir: "rel" }, {}, /the working directory 'rel' is invalid, it needs to be an absolute path/],
    [{}, { Memory: 1000 }, /Minimum memory limit allowed is 6MB/],
    [{}, { Memory: 10_000_000, MemorySwap: 5_000_000 }, /Minimum memoryswap limit/],
    [{}, { NanoCpus: 1e9, CpuPeriod: 100000 }, /Nano CPUs and CPU Period/],
    [{}, { BlkioWeight: 5 }, /Range of blkio weight is from 10 to 1000/],
    [{}, { UTSMode: "container:x" }, /invalid UTS mode/],
    [{}, { PidMode: "container:" }, /invalid PID mode/],
    [{}, { IpcMode: "bogus" }, /invalid IPC mode/],
    [{}, { CgroupnsMode: "bogus" }, /invalid cgroup namespace mode/],
    [{}, { ShmSize: -1 }, /SHM size can not be less than 0/],
    [{}, { Tmpfs: { "/t": "size=1m,bogus" } }, /Invalid tmpfs option "bogus"/],
    [{}, { DeviceCgroupRules: ["c 1:3"] }, /invalid device cgroup rule format/],
    [
      {},
      { Devices: [{ PathOnHost: "/dev/null", PathInContainer: "/dev/n", CgroupPermissions: "rx" }] },
      /invalid device mode: rx/,
    ],
    [{}, { BlkioWeightDevice: [{ Path: "/dev/vda", Weight: 5000 }] }, /invalid weight for device/],
    [
      {},
      { NetworkMode: "host", Sysctls: { "net.ipv4.ip_forward": "1" } },
      /not allowed in host network namespace/,
    ],
    // container:<x> takes x's hostname and files: moby's validateNetContainerMode, in its order.
    [
      { Hostname: "h" },
      { NetworkMode: "container:x" },
      /^conflicting options: hostname and the network mode$/,
    ],
    [
      {},
      { NetworkMode: "container:x", Dns: ["10.0.0.1"] },
      /^conflicting options: dns and the network mode$/,
    ],
    [{}, { NetworkMode: "container:x", DnsSearch: ["d"] }, /^conflicting options: dns and the network mode$/],
    [
      {},
      { NetworkMode: "container:x", ExtraHosts: ["a:10.0.0.1"] },
      /^conflicting options: custom host-to-IP mapping and the network mode$/,
    ],
    [
      { ExposedPorts: { "80/tcp": {} } },
      { NetworkMode: "container:x", PortBindings: { "80/tcp": [{ HostPort: "" }] } },
      /^conflicting options: port publishing and the container type network mode$/,
    ],
    [
      { ExposedPorts: { "80/tcp": {} } },
      { NetworkMode: "container:x" },
      /^conflicting options: port exposing and the container type network mode$/,
    ],
  ];
  for (const [config, hc, message] of cases) {
    assert.throws(
      () => validateCreate(config, hc, host),
      { name: "InvalidParameterError", message },
      String(message),
    );
  }
  validateCreate(
    { WorkingDir: "/w" },
    {
      Memory: 8_388_608,
      PidMode: "container:abc",
      IpcMode: "shareable",
      Tmpfs: { "/t": "size=1m" },
      Sysctls: { "net.ipv4.ip_forward": "1" },
      DeviceCgroupRules: ["c 1:3 mr"],
      RestartPolicy: { Name: "on-failure", MaximumRetryCount: 2 },
    },
    host,
  );
});
