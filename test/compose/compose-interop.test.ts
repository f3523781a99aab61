import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { removeBridgeRules, removeLink } from "../../src/network/host-rules.ts";
import { berth, type RunResult, run, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { testNet } from "../network/net-fixtures.ts";

/**
 * What `berth compose` has built but the other compose tests do not reach: a project made by one
 * of berth compose / Debian's docker-compose 1.29 seen and removed by the other, `run`'s port
 * publishing, `port`, and `down --rmi`. Services use `network_mode: none` unless they publish
 * ports; those get a bridge and subnet of the test's own, removed after the test even on failure.
 * Only busybox (imported), nothing pulled, no traffic.
 */

type Ctx = { after(fn: () => Promise<void> | void): void };

function ok(r: RunResult, what: string): string {
  assert.equal(r.code, 0, `${what} failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function projectDir(t: Ctx, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-compose-interop-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** A default network on a bridge and subnet of the test's own, torn down after the test. */
function ownDefaultNetwork(t: Ctx): string {
  const n = testNet();
  t.after(async () => {
    await removeBridgeRules(n.bridge, false).catch(() => undefined);
    await removeLink(n.bridge).catch(() => undefined);
  });
  return `networks:
  default:
    driver_opts:
      com.docker.network.bridge.name: ${n.bridge}
    ipam:
      config:
        - subnet: ${n.subnet}
`;
}

async function containers(d: TestDaemon, project: string): Promise<{ Id: string; Names: string[] }[]> {
  return d.client.json("GET", "/containers/json", {
    query: { all: "1", filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }) },
  });
}

async function volumes(d: TestDaemon, project: string): Promise<string[]> {
  const r = await d.client.json<{ Volumes: { Name: string }[] | null }>("GET", "/volumes", {
    query: { filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }) },
  });
  return (r.Volumes ?? []).map((v) => v.Name);
}

/** Removes every container and volume of the project, whatever state a failed test left it in. */
async function sweep(d: TestDaemon, project: string): Promise<void> {
  for (const c of await containers(d, project).catch(() => []))
    await d.client.ok("DELETE", `/containers/${c.Id}`, { query: { force: "1" } }).catch(() => undefined);
  for (const v of await volumes(d, project).catch(() => []))
    await d.client.ok("DELETE", `/volumes/${v}`).catch(() => undefined);
}

function dockerCompose(d: TestDaemon, dir: string, project: string) {
  return (...args: string[]) =>
    run("sh", ["-c", 'cd "$0" && exec docker-compose --ansi never "$@"', dir, "-p", project, ...args], {
      env: { DOCKER_HOST: d.host, DOCKER_CONFIG: path.join(d.dir, "docker-config") },
    });
}

const SLEEPER = `services:
  app:
    image: busybox:latest
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 1s
    volumes:
      - data:/data
volumes:
  data:
`;

test("a project of berth compose is listed by docker-compose ps, and docker-compose's by berth compose ps and down", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await projectDir(t, { "docker-compose.yml": SLEEPER });
  const bc = (project: string, ...args: string[]) =>
    berth(d, ["compose", "--project-directory", dir, "-p", project, ...args]);
  t.after(async () => {
    await sweep(d, "icb");
    await sweep(d, "icd");
    await sweep(d, "icx");
  });

  await t.test("berth compose up -d → docker-compose ps", async () => {
    ok(await bc("icb", "up", "-d"), "berth compose up -d");
    const ps = ok(await dockerCompose(d, dir, "icb")("ps"), "docker-compose ps");
    assert.match(ps, /icb-app-1 +sleep 1000 +Up/);
    const q = ok(await dockerCompose(d, dir, "icb")("ps", "-q"), "docker-compose ps -q");
    assert.equal(q.trim(), (await containers(d, "icb"))[0].Id);
    ok(await dockerCompose(d, dir, "icb")("down", "-v", "-t", "1"), "docker-compose down -v");
    assert.deepEqual(await containers(d, "icb"), []);
    assert.deepEqual(await volumes(d, "icb"), [], "docker-compose down -v removes berth's volume");
  });

  await t.test("docker-compose up -d → berth compose ps, down", async () => {
    ok(await dockerCompose(d, dir, "icd")("up", "-d"), "docker-compose up -d");
    const ps = ok(await bc("icd", "ps"), "berth compose ps");
    assert.match(ps, /icd_app_1 .*app .*Up/);
    const q = ok(await bc("icd", "ps", "-q"), "berth compose ps -q");
    assert.equal(q.trim(), (await containers(d, "icd"))[0].Id);
    assert.deepEqual(await volumes(d, "icd"), ["icd_data"]);
    ok(await bc("icd", "down", "-v", "-t", "1"), "berth compose down -v");
    assert.deepEqual(await containers(d, "icd"), []);
    assert.deepEqual(await volumes(d, "icd"), [], "berth compose down -v removes docker-compose's volume");
    const nets = await d.client.json<unknown[]>("GET", "/networks", {
      query: { filters: JSON.stringify({ label: ["com.docker.compose.project=icd"] }) },
    });
    assert.deepEqual(nets, [], "docker-compose's networks of the project are gone too");
  });

  await t.test(
    "each tool's up recreates the other's containers (config hashes differ), never duplicates them",
    async () => {
      const names = async (p: string) => (await containers(d, p)).map((c) => c.Names[0].slice(1));
      ok(await bc("icx", "up", "-d"), "berth compose up -d");
      assert.deepEqual(await names("icx"), ["icx-app-1"]);
      const dcUp = await dockerCompose(d, dir, "icx")("up", "-d");
      ok(dcUp, "docker-compose up -d");
      // docker-compose writes its progress to stderr.
      assert.match(dcUp.stderr, /Recreating icx-app-1/);
      assert.deepEqual(await names("icx"), ["icx_app_1"]);
      const bcUp = await bc("icx", "up", "-d");
      ok(bcUp, "berth compose up -d over docker-compose's");
      assert.match(bcUp.stderr, /Container icx_app_1 {2}Recreate/);
      assert.deepEqual(await names("icx"), ["icx-app-1"]);
      ok(await dockerCompose(d, dir, "icx")("down", "-t", "1"), "docker-compose down");
      assert.deepEqual(await containers(d, "icx"), []);
    },
  );
});

interface PortInspect {
  HostConfig: { PortBindings: Record<string, { HostIp: string; HostPort: string }[]> | null };
  NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> };
}

test("compose run publishes the service's ports only with --service-ports, run -p its own; compose port prints the binding", async (t) => {
  const d = await startDaemon(t, ["--bridge", "none"]);
  await importBusybox(d.client);
  const dir = await projectDir(t, {
    "compose.yaml": `services:
  web:
    image: busybox:latest
    command: ["sleep", "1000"]
    stop_grace_period: 1s
    dns: [127.0.0.1]
    ports:
      - "127.0.0.1::8080"
      - "127.0.0.1::9090/udp"
${ownDefaultNetwork(t)}`,
  });
  const bc = (...args: string[]) => berth(d, ["compose", "--project-directory", dir, "-p", "icp", ...args]);
  t.after(async () => {
    await bc("down", "-t", "0").catch(() => undefined);
    await sweep(d, "icp");
  });
  const inspect = (name: string) => d.client.json<PortInspect>("GET", `/containers/${name}/json`);

  await t.test("plain run publishes nothing", async () => {
    ok(await bc("run", "-d", "--name", "icp-plain", "web"), "run -d");
    const c = await inspect("icp-plain");
    assert.deepEqual(c.HostConfig.PortBindings ?? {}, {});
  });

  await t.test("run --service-ports publishes the service's ports", async () => {
    ok(await bc("run", "-d", "--service-ports", "--name", "icp-sp", "web"), "run --service-ports");
    const c = await inspect("icp-sp");
    assert.deepEqual(Object.keys(c.HostConfig.PortBindings ?? {}).sort(), ["8080/tcp", "9090/udp"]);
    assert.equal(c.HostConfig.PortBindings?.["8080/tcp"][0].HostIp, "127.0.0.1");
    assert.match(c.NetworkSettings.Ports["8080/tcp"]?.[0].HostPort ?? "", /^\d+$/);
  });

  await t.test("run -p publishes only what it names", async () => {
    ok(await bc("run", "-d", "-p", "127.0.0.1::7070", "--name", "icp-p", "web"), "run -p");
    const c = await inspect("icp-p");
    assert.deepEqual(Object.keys(c.HostConfig.PortBindings ?? {}), ["7070/tcp"]);
  });

  await t.test("port SERVICE PORT, --protocol, --index", async () => {
    ok(await bc("up", "-d", "--scale", "web=2"), "up -d --scale web=2");
    for (const [index, proto, target] of [
      ["1", "tcp", "8080"],
      ["2", "tcp", "8080"],
      ["1", "udp", "9090"],
    ]) {
      const name = `icp-web-${index}`;
      const want = (await inspect(name)).NetworkSettings.Ports[`${target}/${proto}`]?.[0];
      assert.ok(want, `${name} publishes ${target}/${proto}`);
      const out = ok(
        await bc("port", "--index", index, "--protocol", proto, "web", target),
        `port --index ${index} --protocol ${proto}`,
      );
      assert.equal(out.trim(), `127.0.0.1:${want.HostPort}`);
    }
    const def = ok(await bc("port", "web", "8080"), "port web 8080");
    assert.equal(
      def.trim(),
      `127.0.0.1:${(await inspect("icp-web-1")).NetworkSettings.Ports["8080/tcp"]?.[0].HostPort}`,
    );
    const none = await bc("port", "web", "1234");
    assert.equal(none.code, 1, "an unpublished port is an error");
    assert.match(none.stderr, /no port 1234\/tcp for container icp-web-1/);
  });
});

test("compose down --rmi local removes the images built for services without image:, --rmi all the named ones too", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await projectDir(t, {
    "compose.yaml": `services:
  built:
    build: ./app
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 1s
  named:
    build: ./app
    image: icr-named:v1
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 1s
  plain:
    image: busybox:latest
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 1s
`,
    "app/Dockerfile": "FROM busybox:latest\nRUN echo built > /built\n",
  });
  const bc = (...args: string[]) => berth(d, ["compose", "--project-directory", dir, "-p", "icr", ...args]);
  t.after(async () => {
    await bc("down", "-t", "0", "--rmi", "all").catch(() => undefined);
    await sweep(d, "icr");
  });
  const exists = async (ref: string) => {
    try {
      await d.client.json("GET", `/images/${encodeURIComponent(ref)}/json`);
      return true;
    } catch {
      return false;
    }
  };

  ok(await bc("up", "-d", "--build"), "up -d --build");
  assert.ok(await exists("icr-built"), "the unnamed service's image is built as project-service");
  assert.ok(await exists("icr-named:v1"));

  ok(await bc("down", "-t", "1", "--rmi", "local"), "down --rmi local");
  assert.equal(await exists("icr-built"), false, "--rmi local removes the image built without image:");
  assert.ok(await exists("icr-named:v1"), "--rmi local keeps a named image");
  assert.ok(await exists("busybox:latest"));

  ok(await bc("up", "-d"), "up -d again");
  ok(await bc("down", "-t", "1", "--rmi", "all"), "down --rmi all");
  assert.equal(await exists("icr-built"), false);
  assert.equal(await exists("icr-named:v1"), false, "--rmi all removes named images too");
  assert.equal(
    await exists("busybox:latest"),
    false,
    "--rmi all removes the plain service's image too, as Compose v2",
  );

  // With -p and no compose file, down works from the labels, --rmi included.
  await importBusybox(d.client);
  const empty = await projectDir(t, {});
  const byName = (...args: string[]) =>
    berth(d, ["compose", "--project-directory", empty, "-p", "icr", ...args]);
  ok(await bc("up", "-d", "--build"), "up -d --build for -p alone");
  ok(await byName("down", "-t", "1", "--rmi", "local"), "down -p icr --rmi local");
  assert.deepEqual(await containers(d, "icr"), []);
  assert.equal(await exists("icr-built"), false, "-p alone: --rmi local removes the built image");
  assert.ok(await exists("icr-named:v1"), "-p alone: --rmi local keeps a named image");
  ok(await bc("up", "-d"), "up -d for -p alone --rmi all");
  ok(await byName("down", "-t", "1", "--rmi", "all"), "down -p icr --rmi all");
  for (const ref of ["icr-built", "icr-named:v1", "busybox:latest"])
    assert.equal(await exists(ref), false, `-p alone: --rmi all removes ${ref}`);
});
