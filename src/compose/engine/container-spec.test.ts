import assert from "node:assert/strict";
import { test } from "node:test";
import type { Project, Service } from "../types.ts";
import { containerSpec } from "./container-spec.ts";
import { configHash } from "./labels.ts";

function svc(extra: Partial<Service>): Service {
  return {
    name: "web",
    image: "busybox",
    environment: {},
    labels: {},
    ports: [],
    volumes: [],
    depends_on: {},
    networks: { default: null },
    ...extra,
  };
}

function proj(services: Record<string, Service>): Project {
  return {
    name: "p",
    working_dir: "/srv/p",
    config_files: ["/srv/p/compose.yaml"],
    services,
    networks: { default: { name: "p_default", labels: {} }, back: { name: "p_back", labels: {} } },
    volumes: { data: { name: "p_data", labels: {} } },
    secrets: { token: { name: "token", file: "/srv/p/token.txt" }, env: { name: "env", environment: "X" } },
    configs: {},
    environment: {},
    profiles: [],
  };
}

const opts = { number: 2, containerOf: (s: string) => `p-${s}-1` };

test("a service's fields become the ContainerCreate body Compose v2 sends", () => {
  const s = svc({
    command: ["sh", "-c", "x"],
    entrypoint: ["/init"],
    environment: { A: "1", GONE: null },
    ports: [{ mode: "ingress", target: 80, published: "8080", protocol: "tcp", host_ip: "127.0.0.1" }],
    expose: ["9000-9001/udp"],
    volumes: [
      { type: "volume", source: "data", target: "/data", read_only: true },
      { type: "bind", source: "/srv/p/conf", target: "/conf", bind: { create_host_path: true } },
      { type: "tmpfs", target: "/tmp", tmpfs: { size: 1024 } },
    ],
    secrets: [{ source: "token", target: "/run/secrets/token" }],
    networks: { back: { aliases: ["b"], ipv4_address: "10.1.0.5", priority: 10 }, default: null },
    healthcheck: {
      test: ["CMD-SHELL", "true"],
      interval: "1m30s",
      timeout: "500ms",
      retries: 3,
      start_period: "2s",
    },
    stop_grace_period: "1500ms",
    deploy: {
      resources: { limits: { cpus: 0.5, memory: 1048576, pids: 50 } },
      restart_policy: { condition: "on-failure", max_attempts: 2 },
    },
    ulimits: { nofile: { soft: 100, hard: 200 } },
    sysctls: { "net.core.somaxconn": "100" },
    init: true,
    logging: { driver: "json-file", options: { "max-size": "1m" } },
    tmpfs: ["/run:size=1m"],
    extra_hosts: ["h:1.2.3.4"],
    dns: ["127.0.0.1"],
    dns_search: ["x"],
    volumes_from: ["db:ro"],
    cap_add: ["NET_ADMIN"],
  });
  const body = containerSpec(proj({ web: s }), s, opts);
  assert.equal(body.name, "p-web-2");
  assert.deepEqual(body.Cmd, ["sh", "-c", "x"]);
  assert.deepEqual(body.Entrypoint, ["/init"]);
  assert.deepEqual(body.Env, ["A=1"]);
  assert.deepEqual(body.ExposedPorts, { "80/tcp": {}, "9000/udp": {}, "9001/udp": {} });
  const hc = body.HostConfig ?? {};
  assert.deepEqual(hc.PortBindings, { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] });
  assert.deepEqual(hc.Binds, ["/srv/p/conf:/conf"]);
  assert.deepEqual(hc.Mounts, [
    { Type: "volume", Source: "p_data", Target: "/data", ReadOnly: true, VolumeOptions: undefined },
    { Type: "tmpfs", Target: "/tmp", TmpfsOptions: { SizeBytes: 1024, Mode: undefined } },
    { Type: "bind", Source: "/srv/p/token.txt", Target: "/run/secrets/token", ReadOnly: true },
  ]);
  assert.equal(hc.NetworkMode, "p_back", "the network of highest priority is the container's mode");
  assert.deepEqual(body.NetworkingConfig?.EndpointsConfig, {
    p_back: {
      Aliases: ["web", "b"],
      IPAMConfig: { IPv4Address: "10.1.0.5", IPv6Address: undefined, LinkLocalIPs: undefined },
      MacAddress: undefined,
    },
    p_default: { Aliases: ["web"], IPAMConfig: undefined, MacAddress: undefined },
  });
  assert.deepEqual(body.Healthcheck, {
    Test: ["CMD-SHELL", "true"],
    Interval: 90e9,
    Timeout: 500e6,
    Retries: 3,
    StartPeriod: 2e9,
    StartInterval: undefined,
  });
  assert.equal(body.StopTimeout, 2, "stop_grace_period rounds up to whole seconds");
  assert.equal(hc.NanoCpus, 5e8);
  assert.equal(hc.Memory, 1048576);
  assert.equal(hc.PidsLimit, 50);
  assert.deepEqual(hc.RestartPolicy, { Name: "on-failure", MaximumRetryCount: 2 });
  assert.deepEqual(hc.Ulimits, [{ Name: "nofile", Soft: 100, Hard: 200 }]);
  assert.deepEqual(hc.Sysctls, { "net.core.somaxconn": "100" });
  assert.equal(hc.Init, true);
  assert.deepEqual(hc.LogConfig, { Type: "json-file", Config: { "max-size": "1m" } });
  assert.deepEqual(hc.Tmpfs, { "/run": "size=1m" });
  assert.deepEqual(hc.ExtraHosts, ["h:1.2.3.4"]);
  assert.deepEqual(hc.Dns, ["127.0.0.1"]);
  assert.deepEqual(hc.DnsSearch, ["x"]);
  assert.deepEqual(hc.VolumesFrom, ["p-db-1:ro"]);
  assert.deepEqual(hc.CapAdd, ["NET_ADMIN"]);
  assert.equal(body.Labels?.["com.docker.compose.container-number"], "2");
  assert.equal(body.Labels?.["com.docker.compose.config-hash"], configHash(s));
});

test("network_mode service: joins the other service's first container; restart string form", () => {
  const s = svc({ network_mode: "service:db", networks: {}, restart: "on-failure:3" });
  const body = containerSpec(proj({ web: s }), s, opts);
  assert.equal(body.HostConfig?.NetworkMode, "container:p-db-1");
  assert.equal(body.NetworkingConfig, undefined);
  assert.deepEqual(body.HostConfig?.RestartPolicy, { Name: "on-failure", MaximumRetryCount: 3 });
});

test("run's containers publish no ports unless asked, and get no service alias", () => {
  const s = svc({ ports: [{ mode: "ingress", target: 80, protocol: "tcp" }] });
  const body = containerSpec(proj({ web: s }), s, {
    ...opts,
    publish: false,
    oneoff: true,
    name: "p-web-run-1",
  });
  assert.equal(body.HostConfig?.PortBindings, undefined);
  assert.deepEqual(body.ExposedPorts, { "80/tcp": {} });
  assert.deepEqual((body.NetworkingConfig?.EndpointsConfig?.p_default as { Aliases: string[] }).Aliases, []);
  assert.equal(body.Labels?.["com.docker.compose.oneoff"], "True");
});

test("what berth cannot apply is refused by service and field", () => {
  const cases: [Partial<Service>, RegExp][] = [
    [{ links: ["db"] }, /service "web": links is not supported/],
    [{ ["gpus" as "init"]: true as never }, /service "web": gpus is not supported/],
    [{ deploy: { mode: "global" } }, /deploy\.mode/],
    [{ deploy: { resources: { reservations: { cpus: 1 } } } }, /deploy\.resources\.reservations\.cpus/],
    [
      { volumes: [{ type: "volume", source: "data", target: "/d", volume: { subpath: "x" } }] },
      /volume\.subpath/,
    ],
    [{ volumes: [{ type: "npipe", source: "x", target: "/d" }] }, /type npipe/],
    [{ volumes: [{ type: "volume", source: "nope", target: "/d" }] }, /undefined volume nope/],
    [{ networks: { nope: null } }, /undefined network nope/],
    [
      { secrets: [{ source: "env", target: "/x" }] },
      /secrets\.env is not supported by berth: only file-based/,
    ],
    [{ secrets: [{ source: "token", target: "/x", mode: 0o400 }] }, /uid\/gid\/mode/],
    [{ image: undefined }, /neither an image nor a build context/],
    [{ stop_grace_period: "soon" }, /stop_grace_period: invalid duration "soon"/],
  ];
  for (const [extra, re] of cases) {
    const s = svc(extra);
    assert.throws(() => containerSpec(proj({ web: s }), s, opts), re, JSON.stringify(extra));
  }
});

test("the config hash ignores scale and build but not the container's config, nor key order", () => {
  const a = svc({ environment: { A: "1", B: "2" } });
  assert.equal(configHash(a), configHash(svc({ environment: { B: "2", A: "1" } })));
  assert.equal(
    configHash(a),
    configHash({ ...a, scale: 3, build: { context: "/x", dockerfile: "Dockerfile" } }),
  );
  assert.equal(configHash({ ...a, deploy: { replicas: 4 } }), configHash({ ...a, deploy: {} }));
  assert.notEqual(configHash(a), configHash(svc({ environment: { A: "2", B: "2" } })));
});

test("a service on the implicit default network gets <project>_default", () => {
  const s = svc({});
  const p = proj({ web: s });
  delete (p.networks as Record<string, unknown>).default;
  assert.equal(containerSpec(p, s, opts).HostConfig?.NetworkMode, "p_default");
});
