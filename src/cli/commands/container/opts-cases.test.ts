import assert from "node:assert/strict";
import { test } from "node:test";
import { runBody } from "./opts-test-env.ts";

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
    for (const [k, v] of Object.entries(c.config ?? {}))
      assert.deepEqual(body[k as keyof typeof body], v, `Config.${k}`);
    for (const [k, v] of Object.entries(c.host ?? {}))
      assert.deepEqual(body.HostConfig[k as keyof typeof body.HostConfig], v, `HostConfig.${k}`);
    if (c.net !== undefined) assert.deepEqual(body.NetworkingConfig?.EndpointsConfig, c.net);
  });
}
