import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { jsonDepth, parseJsonBody, validateImageConfig, validateRequestBody } from "./engine-schema.ts";

// What the docker CLI 28 sends for `docker run --rm busybox echo hello` (its Config and
// HostConfig zero values, nulls included).
const dockerCliCreate = {
  Hostname: "",
  Domainname: "",
  User: "",
  AttachStdin: false,
  AttachStdout: true,
  AttachStderr: true,
  Tty: false,
  OpenStdin: false,
  StdinOnce: false,
  Env: [],
  Cmd: ["echo", "hello"],
  Image: "busybox",
  Volumes: {},
  WorkingDir: "",
  Entrypoint: null,
  OnBuild: null,
  Labels: {},
  HostConfig: {
    Binds: null,
    ContainerIDFile: "",
    LogConfig: { Type: "", Config: {} },
    NetworkMode: "default",
    PortBindings: {},
    RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
    AutoRemove: true,
    VolumeDriver: "",
    VolumesFrom: null,
    ConsoleSize: [0, 0],
    CapAdd: null,
    CapDrop: null,
    CgroupnsMode: "",
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: null,
    GroupAdd: null,
    IpcMode: "",
    Cgroup: "",
    Links: null,
    OomScoreAdj: 0,
    PidMode: "",
    Privileged: false,
    PublishAllPorts: false,
    ReadonlyRootfs: false,
    SecurityOpt: null,
    UTSMode: "",
    UsernsMode: "",
    ShmSize: 0,
    Isolation: "",
    CpuShares: 0,
    Memory: 0,
    NanoCpus: 0,
    CgroupParent: "",
    BlkioWeight: 0,
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: [],
    CpuPeriod: 0,
    CpuQuota: 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: "",
    CpusetMems: "",
    Devices: [],
    DeviceCgroupRules: null,
    DeviceRequests: null,
    MemoryReservation: 0,
    MemorySwap: 0,
    MemorySwappiness: null,
    OomKillDisable: null,
    PidsLimit: null,
    Ulimits: null,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    MaskedPaths: null,
    ReadonlyPaths: null,
  },
  NetworkingConfig: { EndpointsConfig: {} },
};

test("the bodies real clients send pass unchanged", () => {
  const cli = structuredClone(dockerCliCreate);
  assert.deepEqual(validateRequestBody("ContainerCreate", cli), dockerCliCreate);
  // docker-py: nulls everywhere, a string command left as given by the caller.
  const py = validateRequestBody("ContainerCreate", {
    Hostname: null,
    ExposedPorts: null,
    User: null,
    Tty: false,
    Env: null,
    Cmd: "echo hi",
    Image: "busybox",
    Volumes: null,
    NetworkDisabled: false,
    Entrypoint: null,
    WorkingDir: null,
    MacAddress: null,
    Labels: null,
    StopSignal: null,
    Healthcheck: null,
    HostConfig: { NetworkMode: "default", Binds: null, RestartPolicy: null, LogConfig: null },
  });
  assert.deepEqual(py.Cmd, ["echo hi"], "a StrSlice string is a one-element list, as moby's StrSlice");
  // dockerode / testcontainers.
  validateRequestBody("ContainerCreate", {
    Image: "busybox",
    Cmd: ["sh"],
    Tty: true,
    Labels: { "org.testcontainers": "true" },
    ExposedPorts: { "80/tcp": {} },
    HostConfig: { PortBindings: { "80/tcp": [{ HostPort: "" }] }, Mounts: [], Privileged: false },
  });
  // docker compose (compose-go): healthcheck durations as integers, entrypoint null.
  validateRequestBody("ContainerCreate", {
    Image: "busybox",
    Entrypoint: null,
    Healthcheck: { Test: ["CMD-SHELL", "true"], Interval: 1_000_000_000, Retries: 3 },
    HostConfig: {
      RestartPolicy: { Name: "" },
      Init: null,
      LogConfig: { Type: "", Config: null },
      Mounts: [{ Type: "volume", Source: "v", Target: "/v", VolumeOptions: {} }],
    },
    NetworkingConfig: { EndpointsConfig: { proj_default: { Aliases: ["web"], IPAMConfig: null } } },
  });
  validateRequestBody("ContainerExec", {
    User: "",
    Privileged: false,
    Tty: false,
    AttachStdin: false,
    AttachStderr: true,
    AttachStdout: true,
    Detach: false,
    DetachKeys: "",
    Env: null,
    WorkingDir: "",
    Cmd: ["ps"],
  });
  validateRequestBody("ExecStart", { Detach: false, Tty: false });
  validateRequestBody("ContainerUpdate", {
    Memory: 314572800,
    RestartPolicy: { Name: "on-failure", MaximumRetryCount: 4 },
  });
  validateRequestBody("SystemAuth", { username: "u", password: "p", serveraddress: "127.0.0.1:5000" });
  validateRequestBody("ImageCommit", { Cmd: ["sh"], Env: null, Labels: { a: "b" } });
});

test("unknown fields are ignored and names match case-insensitively, as Go's decoder", () => {
  const body = validateRequestBody("ContainerCreate", {
    image: "busybox",
    cmd: "true",
    NotAField: { anything: [1, 2] },
    hostconfig: { memory: 8_000_000, capadd: "ALL" },
  }) as Record<string, unknown>;
  assert.equal(body.Image, "busybox");
  assert.deepEqual(body.Cmd, ["true"]);
  assert.deepEqual(body.HostConfig, { Memory: 8_000_000, CapAdd: ["ALL"] });
  assert.throws(() => validateRequestBody("ContainerCreate", { hostconfig: { memory: "8m" } }), {
    message: /HostConfig\.HostConfig\.Memory of type int64/,
  });
});

test("wrong types are refused with Go's wording, naming the field", () => {
  const cases: [Parameters<typeof validateRequestBody>[0], unknown, string][] = [
    [
      "ContainerCreate",
      { HostConfig: { Memory: "abc" } },
      "invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Memory of type int64",
    ],
    ["ContainerCreate", { HostConfig: { NanoCpus: "2" } }, "HostConfig.HostConfig.NanoCpus of type int64"],
    ["ContainerCreate", { HostConfig: { PidsLimit: "x" } }, "HostConfig.HostConfig.PidsLimit of type int64"],
    ["ContainerCreate", { HostConfig: { Memory: 1.5 } }, "cannot unmarshal number 1.5 into"],
    ["ContainerCreate", { Cmd: 5 }, "cannot unmarshal number into Go struct field CreateRequest.Cmd"],
    ["ContainerCreate", { Entrypoint: 7 }, "CreateRequest.Entrypoint"],
    ["ContainerCreate", { Env: [1, 2] }, "number into Go struct field CreateRequest.Env of type string"],
    ["ContainerCreate", { HostConfig: { CapAdd: 5 } }, "HostConfig.HostConfig.CapAdd"],
    [
      "ContainerCreate",
      { HostConfig: { Ulimits: { nofile: 1 } } },
      "object into Go struct field HostConfig.HostConfig.Ulimits",
    ],
    [
      "ContainerCreate",
      { Labels: ["a=b"] },
      "array into Go struct field CreateRequest.Labels of type map[string]string",
    ],
    ["ContainerCreate", { StopTimeout: "x" }, "CreateRequest.StopTimeout of type int"],
    [
      "ContainerCreate",
      { HostConfig: { Tmpfs: "x" } },
      "HostConfig.HostConfig.Tmpfs of type map[string]string",
    ],
    [
      "ContainerCreate",
      { HostConfig: { RestartPolicy: { Name: 1 } } },
      "RestartPolicy.HostConfig.RestartPolicy.Name",
    ],
    ["ContainerCreate", [], "cannot unmarshal array into Go value of type CreateRequest"],
    ["ContainerUpdate", { Memory: "abc" }, "UpdateConfig.Memory of type int64"],
    ["ContainerUpdate", { RestartPolicy: "always" }, "UpdateConfig.RestartPolicy"],
    ["SystemAuth", { serveraddress: 5 }, "AuthConfig.serveraddress of type string"],
    ["ContainerExec", { Cmd: 5 }, "ExecConfig.Cmd"],
    ["ContainerExec", { Env: "A=b" }, "ExecConfig.Env of type []string"],
    ["ExecStart", { Detach: "yes" }, "string into Go struct field ExecStartCheck.Detach of type bool"],
    ["ImageCommit", { Cmd: 5 }, "Config.Cmd"],
  ];
  for (const [op, body, want] of cases) {
    assert.throws(
      () => validateRequestBody(op, body),
      (err: Error) => err instanceof InvalidParameterError && err.message.includes(want),
      `${op} ${JSON.stringify(body)} → ${want}`,
    );
  }
});

test("null is accepted for any field, and for the whole body", () => {
  assert.equal(validateRequestBody("ContainerCreate", null), null);
  const body = {
    Image: null,
    Cmd: null,
    Labels: null,
    HostConfig: { Memory: null, RestartPolicy: null, Tmpfs: null },
  };
  assert.deepEqual(validateRequestBody("ContainerCreate", structuredClone(body)), body);
});

test("an image config with a wrong-typed Cmd is refused, a string Cmd becomes a list", () => {
  assert.throws(() => validateImageConfig({ config: { Cmd: 5 } }, "image config sha256:abc"), {
    message:
      /^invalid image config sha256:abc: json: cannot unmarshal number into Go struct field config\.Cmd/,
  });
  assert.throws(() => validateImageConfig("x"), InvalidParameterError);
  const ok = validateImageConfig({ architecture: "amd64", config: { Cmd: "sh", Env: null } });
  assert.deepEqual(ok.config, { Cmd: ["sh"], Env: null });
  assert.deepEqual(validateImageConfig({ architecture: "amd64" }), { architecture: "amd64" });
});

test("nesting past Go's 10,000 levels is refused without recursion", () => {
  const deep = `{"Labels":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`;
  assert.equal(jsonDepth(deep), 10_001, "the scan stops at the limit");
  assert.throws(() => parseJsonBody(deep), {
    message: "invalid JSON: invalid character '{' exceeded max depth",
  });
  assert.throws(() => parseJsonBody(`${"[".repeat(20_000)}${"]".repeat(20_000)}`), /exceeded max depth/);
  const ok = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
  assert.equal(jsonDepth(ok), 10_000);
  assert.ok(parseJsonBody(ok));
  assert.equal(jsonDepth('{"a":"{{{[[[\\"{"}'), 1, "brackets inside strings do not count");
  assert.throws(() => parseJsonBody("{nope"), { message: /^invalid JSON: / });
});
