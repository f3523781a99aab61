import assert from "node:assert/strict";
import { test } from "node:test";
import { runBody } from "./opts-test-env.ts";

const runRmEcho = {
  Hostname: "",
  Domainname: "",
  User: "",
  AttachStdin: false,
  AttachStdout: true,
  AttachStderr: true,
  Tty: false,
  OpenStdin: false,
  StdinOnce: false,
  Env: null,
  Cmd: ["echo", "hello"],
  Image: "bb",
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
    MemorySwappiness: -1,
    OomKillDisable: false,
    PidsLimit: 0,
    Ulimits: [],
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    MaskedPaths: null,
    ReadonlyPaths: null,
  },
  NetworkingConfig: {
    EndpointsConfig: {
      default: {
        IPAMConfig: null,
        Links: null,
        Aliases: null,
        MacAddress: "",
        DriverOpts: null,
        GwPriority: 0,
        NetworkID: "",
        EndpointID: "",
        Gateway: "",
        IPAddress: "",
        IPPrefixLen: 0,
        IPv6Gateway: "",
        GlobalIPv6Address: "",
        GlobalIPv6PrefixLen: 0,
        DNSNames: null,
      },
    },
  },
};

/** Go's json.Encoder adds a newline, which the captured Content-Length counts. */
const wireLength = (body: unknown) => Buffer.byteLength(JSON.stringify(body)) + 1;

test("run --rm bb echo hello: the captured body, key order and Content-Length included", () => {
  const body = runBody(["--rm", "bb", "echo", "hello"]);
  assert.deepEqual(body, runRmEcho);
  assert.equal(JSON.stringify(body), JSON.stringify(runRmEcho));
  assert.equal(wireLength(body), 1734);
});

test("the other captured bodies have the captured lengths", () => {
  // run -d --name s1 bb sleep 100: the run command clears the Attach* fields for -d.
  const detached = runBody(["-d", "--name", "s1", "bb", "sleep", "100"]);
  Object.assign(detached, { AttachStdin: false, AttachStdout: false, AttachStderr: false, StdinOnce: false });
  assert.equal(wireLength(detached), 1736);
  const interactive = runBody(["-i", "--rm", "bb", "cat"]);
  assert.equal(interactive.AttachStdin, true);
  assert.equal(interactive.OpenStdin, true);
  assert.equal(interactive.StdinOnce, true);
  assert.equal(wireLength(interactive), 1722);
});

test("health flags become a Healthcheck in nanoseconds", () => {
  const body = runBody([
    "--health-cmd",
    "curl -f localhost",
    "--health-interval",
    "30s",
    "--health-timeout",
    "1m30s",
    "--health-retries",
    "3",
    "--health-start-period",
    "500ms",
    "bb",
  ]);
  assert.deepEqual(body.Healthcheck, {
    Test: ["CMD-SHELL", "curl -f localhost"],
    Interval: 30e9,
    Timeout: 90e9,
    StartPeriod: 5e8,
    Retries: 3,
  });
  assert.deepEqual(runBody(["--no-healthcheck", "bb"]).Healthcheck, { Test: ["NONE"] });
  // Healthcheck sits between Cmd and Image, as in Go's struct.
  const keys = Object.keys(body);
  assert.equal(keys.indexOf("Healthcheck"), keys.indexOf("Cmd") + 1);
});

test("docker's validation messages", () => {
  const err = (argv: string[], msg: string | RegExp) =>
    assert.throws(() => runBody(argv), msg instanceof RegExp ? msg : { message: msg });
  err(["--rm", "--restart", "always", "bb"], "conflicting options: cannot specify both --restart and --rm");
  err(["--memory-swappiness", "101", "bb"], "invalid value: 101. Valid memory swappiness range is 0-100");
  err(["--no-healthcheck", "--health-cmd", "x", "bb"], "--no-healthcheck conflicts with --health-* options");
  err(["-e", "=x", "bb"], 'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x');
  err(
    ["-a", "stdfoo", "bb"],
    'invalid argument "stdfoo" for "-a, --attach" flag: valid streams are STDIN, STDOUT and STDERR',
  );
  err(["-m", "12x", "bb"], /invalid argument "12x" for "-m, --memory" flag: invalid suffix/);
  err(
    ["--cpus", "abc", "bb"],
    'invalid argument "abc" for "--cpus" flag: failed to parse abc as a rational number',
  );
  err(
    ["--health-interval", "10", "bb"],
    'invalid argument "10" for "--health-interval" flag: time: missing unit in duration "10"',
  );
  err(
    ["--add-host", "nohost", "bb"],
    'invalid argument "nohost" for "--add-host" flag: bad format for add-host: "nohost"',
  );
  err(
    ["--dns", "1.2.3", "bb"],
    'invalid argument "1.2.3" for "--dns" flag: IP address is not correctly formatted: 1.2.3',
  );
  err(
    ["--sysctl", "kernel.foo=1", "bb"],
    'invalid argument "kernel.foo=1" for "--sysctl" flag: sysctl \'kernel.foo=1\' is not allowed',
  );
  err(
    ["--ulimit", "bogus=1", "bb"],
    'invalid argument "bogus=1" for "--ulimit" flag: invalid ulimit type: bogus',
  );
  err(["--pid", "bogus", "bb"], "--pid: invalid PID mode");
  err(["--uts", "bogus", "bb"], "--uts: invalid UTS mode");
  err(["--cgroupns", "bogus", "bb"], "--cgroupns: invalid CGROUP mode");
  err(
    ["--restart", "on-failure:x", "bb"],
    "invalid restart policy format: maximum retry count must be an integer",
  );
  err(["--mac-address", "zz", "bb"], "zz is not a valid mac address");
  err(["--log-driver", "none", "--log-opt", "a=b", "bb"], "invalid logging opts for driver none");
  err(["--security-opt", "label", "bb"], 'invalid --security-opt: "label"');
  err(
    ["--network-alias", "web", "bb"],
    "network-scoped aliases are only supported for user-defined networks",
  );
  err(["--env-file", "/nope", "bb"], "open /nope: no such file or directory");
  err(["--expose", "80:80", "bb"], "invalid port format for --expose: 80:80");
  err(["--device", "dev/sda", "bb"], "dev/sda is not an absolute path");
  err(
    ["--mount", "type=bind,dst=/c,volume-nocopy", "bb"],
    /cannot mix 'volume-\*' options with mount type 'bind'/,
  );
  err(["-v", "/a::/b", "bb"], "invalid spec: /a::/b: empty section between colons");
});
