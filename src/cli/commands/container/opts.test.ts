import assert from "node:assert/strict";
import { test } from "node:test";
import { parseUlimit } from "../../../runtime/rlimits.ts";
import { parseFlags } from "../../flags.ts";
import { parseContainerOptions } from "./opts.ts";
import type { OptionsEnv } from "./opts-common.ts";
import { containerFlags, createOnlyFlags, runOnlyFlags } from "./opts-flags.ts";
import { parseMountSpec, parseVolumeSpec, readCsvRecord } from "./opts-mounts.ts";
import { parsePortSpec, parsePortSpecs } from "./opts-ports.ts";
import {
  parseCpus,
  parseDevice,
  parseGoDuration,
  parseKeyValueFile,
  parseRestartPolicy,
} from "./opts-values.ts";

const files: Record<string, string> = {
  "/cfg/app.env": "# comment\n\nFOO=bar\n  SPACED=x y\nFROM_HOST\nEMPTY=\n",
  "/cfg/labels": "com.example.a=1\ncom.example.flag\n",
};

const env: OptionsEnv = {
  lookupEnv: (k) => ({ FROM_HOST: "host-value", HOME: "/root" })[k],
  readFile: (f) => {
    if (f in files) return files[f];
    throw Object.assign(new Error(`ENOENT: ${f}`), { code: "ENOENT" });
  },
  cwd: "/work/dir",
};

/** `berth run <argv>` parsed as the command does it. */
function runBody(argv: string[]) {
  const { flags, args } = parseFlags(argv, [...runOnlyFlags, ...createOnlyFlags, ...containerFlags], {
    interspersed: false,
  });
  const [image, ...cmd] = args;
  return parseContainerOptions(flags, image, cmd, env).body;
}

/** The body the docker CLI 28.2.2 sent for `docker run --rm bb echo hello` (docker-cli-traffic.md). */
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

const cases: {
  argv: string[];
  config?: Record<string, unknown>;
  host?: Record<string, unknown>;
  net?: unknown;
}[] = [
  {
    argv: ["-it", "bb", "sh"],
    config: { AttachStdin: true, Tty: true, OpenStdin: true, StdinOnce: true, Cmd: ["sh"] },
  },
  {
    argv: ["-a", "STDOUT", "bb"],
    config: { AttachStdin: false, AttachStdout: true, AttachStderr: false, Cmd: null },
  },
  {
    argv: ["-e", "A=1", "-e", "FROM_HOST", "-e", "UNSET", "--env-file", "/cfg/app.env", "-e", "A=2", "bb"],
    config: {
      Env: [
        "FOO=bar",
        "SPACED=x y",
        "FROM_HOST=host-value",
        "EMPTY=",
        "A=2",
        "FROM_HOST=host-value",
        "UNSET",
      ],
    },
  },
  {
    argv: ["-l", "a=1", "--label", "b", "--label-file", "/cfg/labels", "bb"],
    config: { Labels: { "com.example.a": "1", "com.example.flag": "", a: "1", b: "" } },
  },
  {
    argv: ["-w", "/app", "-u", "1000:1000", "-h", "box", "--domainname", "example.org", "bb"],
    config: { WorkingDir: "/app", User: "1000:1000", Hostname: "box", Domainname: "example.org" },
  },
  {
    argv: ["--entrypoint", "/bin/sh", "bb", "-c", "true"],
    config: { Entrypoint: ["/bin/sh"], Cmd: ["-c", "true"] },
  },
  { argv: ["--entrypoint=", "bb"], config: { Entrypoint: [""] } },
  {
    argv: ["--stop-signal", "SIGINT", "--stop-timeout", "5", "bb"],
    config: { StopSignal: "SIGINT", StopTimeout: 5 },
  },
  {
    argv: ["-p", "8080:80", "-p", "127.0.0.1:53:53/udp", "--expose", "9000-9001", "-P", "bb"],
    config: { ExposedPorts: { "80/tcp": {}, "53/udp": {}, "9000/tcp": {}, "9001/tcp": {} } },
    host: {
      PortBindings: {
        "80/tcp": [{ HostIp: "", HostPort: "8080" }],
        "53/udp": [{ HostIp: "127.0.0.1", HostPort: "53" }],
      },
      PublishAllPorts: true,
    },
  },
  {
    argv: ["-v", "/host:/data:ro", "-v", "named:/vol", "-v", "/anon", "-v", "./rel:/rel", "bb"],
    config: { Volumes: { "/anon": {} } },
    host: { Binds: ["/host:/data:ro", "named:/vol", "/work/dir/rel:/rel"] },
  },
  {
    argv: [
      "--mount",
      "type=bind,src=/h,dst=/c,readonly",
      "--tmpfs",
      "/run:rw,size=64m",
      "--tmpfs",
      "/tmp",
      "bb",
    ],
    host: {
      Tmpfs: { "/run": "rw,size=64m", "/tmp": "" },
      Mounts: [{ Type: "bind", Source: "/h", Target: "/c", ReadOnly: true }],
    },
  },
  {
    argv: [
      "--restart",
      "on-failure:3",
      "--init",
      "--privileged",
      "--read-only",
      "--cap-add",
      "NET_ADMIN",
      "--cap-drop",
      "ALL",
      "bb",
    ],
    host: {
      RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 },
      Init: true,
      Privileged: true,
      ReadonlyRootfs: true,
      CapAdd: ["NET_ADMIN"],
      CapDrop: ["ALL"],
    },
  },
  { argv: ["--init=false", "bb"], host: { Init: false } },
  {
    argv: [
      "-m",
      "512m",
      "--memory-swap",
      "-1",
      "--memory-reservation",
      "256m",
      "--memory-swappiness",
      "10",
      "--oom-kill-disable",
      "bb",
    ],
    host: {
      Memory: 536870912,
      MemorySwap: -1,
      MemoryReservation: 268435456,
      MemorySwappiness: 10,
      OomKillDisable: true,
    },
  },
  {
    argv: [
      "--cpus",
      "1.5",
      "-c",
      "512",
      "--cpu-period",
      "100000",
      "--cpu-quota",
      "50000",
      "--cpuset-cpus",
      "0-1",
      "--cpuset-mems",
      "0",
      "bb",
    ],
    host: {
      NanoCpus: 1500000000,
      CpuShares: 512,
      CpuPeriod: 100000,
      CpuQuota: 50000,
      CpusetCpus: "0-1",
      CpusetMems: "0",
    },
  },
  {
    argv: [
      "--pids-limit",
      "100",
      "--blkio-weight",
      "300",
      "--cgroup-parent",
      "/p",
      "--cgroupns",
      "private",
      "bb",
    ],
    host: { PidsLimit: 100, BlkioWeight: 300, CgroupParent: "/p", CgroupnsMode: "private" },
  },
  {
    argv: [
      "--pid",
      "host",
      "--ipc",
      "shareable",
      "--uts",
      "host",
      "--userns",
      "host",
      "--shm-size",
      "1g",
      "bb",
    ],
    host: { PidMode: "host", IpcMode: "shareable", UTSMode: "host", UsernsMode: "host", ShmSize: 1073741824 },
  },
  {
    argv: ["--ulimit", "nproc=20", "--ulimit", "nofile=1024:2048", "bb"],
    host: {
      Ulimits: [
        { Name: "nofile", Hard: 2048, Soft: 1024 },
        { Name: "nproc", Hard: 20, Soft: 20 },
      ],
    },
  },
  {
    argv: [
      "--device",
      "/dev/fuse",
      "--device",
      "/dev/sda:/dev/xvda:r",
      "--sysctl",
      "net.ipv4.ip_forward=1",
      "bb",
    ],
    host: {
      Devices: [
        { PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "rwm" },
        { PathOnHost: "/dev/sda", PathInContainer: "/dev/xvda", CgroupPermissions: "r" },
      ],
      Sysctls: { "net.ipv4.ip_forward": "1" },
    },
  },
  {
    argv: [
      "--log-driver",
      "json-file",
      "--log-opt",
      "max-size=10m",
      "--runtime",
      "crun",
      "--isolation",
      "default",
      "bb",
    ],
    host: {
      LogConfig: { Type: "json-file", Config: { "max-size": "10m" } },
      Runtime: "crun",
      Isolation: "default",
    },
  },
  {
    argv: [
      "--security-opt",
      "no-new-privileges",
      "--security-opt",
      "apparmor=unconfined",
      "--security-opt",
      "systempaths=unconfined",
      "bb",
    ],
    host: { SecurityOpt: ["no-new-privileges", "apparmor=unconfined"], MaskedPaths: [], ReadonlyPaths: [] },
  },
  {
    argv: [
      "--dns",
      "1.1.1.1",
      "--dns-search",
      "example.com",
      "--dns-option",
      "ndots:2",
      "--add-host",
      "db=10.0.0.2",
      "--group-add",
      "audio",
      "bb",
    ],
    host: {
      Dns: ["1.1.1.1"],
      DnsSearch: ["example.com"],
      DnsOptions: ["ndots:2"],
      ExtraHosts: ["db:10.0.0.2"],
      GroupAdd: ["audio"],
    },
  },
  { argv: ["--annotation", "org.example=1", "bb"], host: { Annotations: { "org.example": "1" } } },
  {
    argv: [
      "--network",
      "mynet",
      "--network-alias",
      "web",
      "--ip",
      "10.1.0.5",
      "--mac-address",
      "92:d0:c6:0a:29:33",
      "bb",
    ],
    host: { NetworkMode: "mynet" },
    net: {
      mynet: {
        IPAMConfig: { IPv4Address: "10.1.0.5" },
        Links: null,
        Aliases: ["web"],
        MacAddress: "92:d0:c6:0a:29:33",
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
  // One network without options: the endpoint is left to the daemon.
  { argv: ["--net", "host", "bb"], host: { NetworkMode: "host" }, net: {} },
];

for (const c of cases) {
  test(`run ${c.argv.join(" ")}`, () => {
    const body = runBody(c.argv);
    for (const [k, v] of Object.entries(c.config ?? {})) assert.deepEqual(body[k], v, `Config.${k}`);
    for (const [k, v] of Object.entries(c.host ?? {}))
      assert.deepEqual(body.HostConfig[k], v, `HostConfig.${k}`);
    if (c.net !== undefined) assert.deepEqual(body.NetworkingConfig.EndpointsConfig, c.net);
  });
}

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
