import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { removeBridgeRules, removeLink } from "../../src/network/host-rules.ts";
import { berth, repoRoot, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { testNet } from "../network/net-fixtures.ts";

/**
 * `berth compose` end to end against a real berthd: a web (built from a local Dockerfile), a
 * worker and a db-like service on busybox, a named volume, a user network, a health check with
 * depends_on service_healthy. Every network gets a bridge name and subnet of the test's own
 * (driver_opts and ipam in the file) so parallel runs never collide, and every container
 * resolves names with `dns: [127.0.0.1]`: berthd's resolver answers service names, nothing
 * leaves the machine.
 */

type Ctx = { after(fn: () => Promise<void> | void): void };

function ok(r: { code: number | null; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.code, 0, `${what}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Two networks of the test's own, removed (bridge and rules) after the test even on failure. */
function ownNetworks(t: Ctx) {
  const def = testNet();
  const back = testNet();
  t.after(async () => {
    for (const n of [def, back]) {
      await removeBridgeRules(n.bridge, false).catch(() => undefined);
      await removeLink(n.bridge).catch(() => undefined);
    }
  });
  const yaml = (n: ReturnType<typeof testNet>) => `
    driver_opts:
      com.docker.network.bridge.name: ${n.bridge}
    ipam:
      config:
        - subnet: ${n.subnet}`;
  return `networks:\n  default:${yaml(def)}\n  back:${yaml(back)}\n`;
}

function project(networks: string, webEnv: string) {
  return `name: shop
services:
  db:
    image: busybox
    command: ["sh", "-c", "mkdir -p /data && echo db-ready > /data/ready && exec httpd -f -p 80 -h /data"]
    volumes:
      - data:/data
    networks: [back]
    dns: [127.0.0.1]
    healthcheck:
      test: wget -q -O /dev/null http://127.0.0.1/ready
      interval: 1s
      retries: 30
    stop_grace_period: 1s
  web:
    build: ./web
    command: ["sh", "-c", "echo web up; exec sleep 1000"]
    environment:
      MODE: ${webEnv}
    depends_on:
      db:
        condition: service_healthy
    networks: [default, back]
    dns: [127.0.0.1]
    stop_grace_period: 1s
    init: true
  worker:
    image: busybox
    command: ["sh", "-c", "wget -q -O - http://db/ready; exec sleep 1000"]
    depends_on:
      db:
        condition: service_healthy
    networks: [back]
    dns: [127.0.0.1]
    stop_grace_period: 1s
volumes:
  data: {}
${networks}`;
}

async function composeDir(t: Ctx, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-compose-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function ids(d: TestDaemon, file: string): Promise<Record<string, string>> {
  const out = ok(await berth(d, ["compose", "-f", file, "ps", "-a", "--format", "{{.Name}} {{.ID}}"]), "ps");
  return Object.fromEntries(
    out
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ") as [string, string]),
  );
}

async function inspect(d: TestDaemon, kind: "containers" | "networks" | "volumes", name: string) {
  // biome-ignore lint/suspicious/noExplicitAny: inspect documents, read field by field in assertions
  return d.client.json<Record<string, any>>(
    "GET",
    `/${kind}/${encodeURIComponent(name)}${kind === "containers" ? "/json" : ""}`,
  );
}

test("compose up builds, orders by health, names by service; up again changes nothing; a change recreates one service; scale; down -v removes everything", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const nets = ownNetworks(t);
  const dir = await composeDir(t, {
    "compose.yaml": project(nets, "one"),
    "web/Dockerfile": "FROM busybox\nRUN echo built > /built\n",
  });
  const file = path.join(dir, "compose.yaml");
  const compose = (...args: string[]) => berth(d, ["compose", "-f", file, ...args]);
  t.after(async () => {
    await compose("down", "-v", "-t", "0");
  });

  const first = await compose("up", "-d");
  ok(first, "up -d");
  // db became healthy before web and worker were created.
  const order = first.stderr.split("\n");
  const dbHealthyBefore = order.findIndex((l) => /Container shop-db-1 {2}Started/.test(l));
  const webCreated = order.findIndex((l) => /Container shop-web-1 {2}Created/.test(l));
  assert.ok(dbHealthyBefore >= 0 && webCreated > dbHealthyBefore, first.stderr);
  const db = await inspect(d, "containers", "shop-db-1");
  assert.equal(db.State.Health.Status, "healthy", "web waited for db to be healthy");
  const before = await ids(d, file);
  assert.deepEqual(Object.keys(before).sort(), ["shop-db-1", "shop-web-1", "shop-worker-1"]);

  // Compose v2's labels.
  const web = await inspect(d, "containers", "shop-web-1");
  const labels = web.Config.Labels as Record<string, string>;
  assert.equal(labels["com.docker.compose.project"], "shop");
  assert.equal(labels["com.docker.compose.service"], "web");
  assert.equal(labels["com.docker.compose.container-number"], "1");
  assert.equal(labels["com.docker.compose.oneoff"], "False");
  assert.equal(labels["com.docker.compose.project.working_dir"], dir);
  assert.equal(labels["com.docker.compose.project.config_files"], file);
  assert.equal(labels["com.docker.compose.depends_on"], "db:service_healthy:false");
  assert.match(labels["com.docker.compose.config-hash"], /^[0-9a-f]{64}$/);
  assert.match(labels["com.docker.compose.version"], /^2\.\d+\.\d+$/);
  assert.equal(web.HostConfig.Init, true);
  assert.equal(web.Config.StopTimeout, 1);
  assert.deepEqual(Object.keys(web.NetworkSettings.Networks).sort(), ["shop_back", "shop_default"]);
  const net = await inspect(d, "networks", "shop_back");
  assert.equal(net.Labels["com.docker.compose.network"], "back");
  assert.equal(net.Labels["com.docker.compose.project"], "shop");
  const vol = await inspect(d, "volumes", "shop_data");
  assert.equal(vol.Labels["com.docker.compose.volume"], "data");

  // The built image, DNS by service name on the user network, prefixed logs.
  assert.equal(ok(await compose("exec", "-T", "web", "cat", "/built"), "exec"), "built\n");
  await waitFor("worker to read db's file by its service name", async () =>
    (await compose("logs", "--no-color", "worker")).stdout.includes("worker-1  | db-ready"),
  );
  const psOut = ok(await compose("ps"), "ps");
  assert.match(psOut, /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS\n/);
  assert.match(psOut, /shop-web-1\s+shop-web\s+.*\s+web\s+/);
  assert.equal(ok(await compose("ps", "--services"), "ps --services"), "db\nweb\nworker\n");
  assert.match(
    ok(await berth(d, ["compose", "ls"]), "ls"),
    /^NAME\s+STATUS\s+CONFIG FILES\nshop\s+running\(3\)\s+/,
  );

  assert.match(ok(await compose("images"), "images"), /shop-web-1\s+shop-web\s+latest\s+[0-9a-f]{12}\s/);
  assert.match(ok(await compose("top", "web"), "top"), /^shop-web-1\nUID\s+PID\s+PPID.*sleep 1000/s);
  ok(await compose("pause", "worker"), "pause");
  assert.equal(
    ok(await compose("ps", "--status", "paused", "--format", "{{.Service}}"), "ps --status"),
    "worker\n",
  );
  ok(await compose("unpause", "worker"), "unpause");
  assert.equal(ok(await compose("ps", "--status", "paused", "-q"), "ps --status"), "");

  // Idempotent: nothing is recreated or restarted.
  const again = await compose("up", "-d");
  ok(again, "second up");
  assert.doesNotMatch(again.stderr, /Creat|Recreate|Start/, again.stderr);
  assert.deepEqual(await ids(d, file), before);

  // A changed service is recreated, the others are left running.
  await writeFile(file, project(nets, "two"));
  const changed = await compose("up", "-d");
  ok(changed, "up after a change");
  const after = await ids(d, file);
  assert.notEqual(after["shop-web-1"], before["shop-web-1"]);
  assert.equal(after["shop-db-1"], before["shop-db-1"]);
  assert.equal(after["shop-worker-1"], before["shop-worker-1"]);
  assert.ok((await inspect(d, "containers", "shop-web-1")).Config.Env.includes("MODE=two"));

  // Scale up and down by container number.
  ok(await compose("up", "-d", "--scale", "worker=3"), "scale up");
  const scaled = await ids(d, file);
  assert.deepEqual(
    Object.keys(scaled)
      .filter((n) => n.includes("worker"))
      .sort(),
    ["shop-worker-1", "shop-worker-2", "shop-worker-3"],
  );
  assert.equal(scaled["shop-worker-1"], before["shop-worker-1"]);
  ok(await compose("up", "-d", "--scale", "worker=1"), "scale down");
  const down1 = await ids(d, file);
  assert.deepEqual(Object.keys(down1).sort(), ["shop-db-1", "shop-web-1", "shop-worker-1"]);

  // One-off run: service ports off, its own name, removed with --rm.
  const oneoff = await compose(
    "run",
    "--rm",
    "-T",
    "--no-deps",
    "worker",
    "sh",
    "-c",
    "echo one-off; exit 3",
  );
  assert.equal(oneoff.code, 3, oneoff.stderr);
  assert.equal(oneoff.stdout, "one-off\n");

  // stop, then start, in dependency order.
  ok(await compose("stop", "-t", "1"), "stop");
  assert.equal(ok(await compose("ps", "-q"), "ps -q"), "");
  ok(await compose("start"), "start");
  assert.equal(
    ok(await compose("ps", "-q"), "ps -q")
      .trim()
      .split("\n").length,
    3,
  );

  // down -v: containers, networks and the volume are gone.
  ok(await compose("down", "-v", "-t", "1"), "down -v");
  const left = await d.client.json<unknown[]>("GET", "/containers/json", {
    query: { all: true, filters: JSON.stringify({ label: ["com.docker.compose.project=shop"] }) },
  });
  assert.deepEqual(left, []);
  for (const [kind, name] of [
    ["networks", "shop_default"],
    ["networks", "shop_back"],
    ["volumes", "shop_data"],
  ]) {
    const r = await d.client.request("GET", `/${kind}/${name}`);
    r.body.resume();
    assert.equal(r.status, 404, `${kind} ${name} removed by down -v`);
  }
});

test("compose refuses what it cannot apply, and a failed dependency stops up with its error", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await composeDir(t, {
    "links.yaml": `services:
  a:
    image: busybox
    network_mode: none
    links: [b]
  b:
    image: busybox
    network_mode: none
`,
    "sick.yaml": `services:
  sick:
    image: busybox
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 0s
    healthcheck:
      test: ["CMD", "false"]
      interval: 100ms
      retries: 1
  app:
    image: busybox
    network_mode: none
    command: ["sleep", "1000"]
    depends_on:
      sick:
        condition: service_healthy
  setup:
    image: busybox
    network_mode: none
    command: ["sh", "-c", "exit 4"]
  after:
    image: busybox
    network_mode: none
    command: ["true"]
    depends_on:
      setup:
        condition: service_completed_successfully
`,
  });
  const compose = (file: string, ...args: string[]) =>
    berth(d, ["compose", "-f", path.join(dir, file), "-p", "ill", ...args]);
  t.after(async () => {
    await compose("sick.yaml", "down", "-t", "0");
  });
  const links = await compose("links.yaml", "up", "-d");
  assert.equal(links.code, 1);
  assert.match(links.stderr, /service "a": links is not supported by berth/);
  assert.deepEqual(
    await d.client.json("GET", "/containers/json", { query: { all: true } }),
    [],
    "nothing was created",
  );
  const bad = await compose("links.yaml", "up", "--bogus");
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unknown flag: --bogus/);

  const sick = await compose("sick.yaml", "up", "-d", "app");
  assert.equal(sick.code, 1, sick.stderr);
  assert.match(sick.stderr, /dependency failed to start: container ill-sick-1 is unhealthy/);
  const r = await d.client.request("GET", "/containers/ill-app-1/json");
  r.body.resume();
  assert.equal(r.status, 404, "app was not created");

  const failed = await compose("sick.yaml", "up", "-d", "after");
  assert.equal(failed.code, 1, failed.stderr);
  assert.match(failed.stderr, /service "setup" didn't complete successfully: exit 4/);
});

test("attached up prints each container's lines with its prefix and returns --exit-code-from's code; --wait waits for health", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await composeDir(t, {
    "compose.yaml": `services:
  talker:
    image: busybox
    network_mode: none
    command: ["sh", "-c", "echo hello from talker; echo to stderr >&2; exit 5"]
  sleeper:
    image: busybox
    network_mode: none
    command: ["sh", "-c", "echo sleeper ready; exec sleep 1000"]
    stop_grace_period: 0s
`,
    "healthy.yaml": `services:
  ready:
    image: busybox
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 0s
    healthcheck:
      test: "true"
      interval: 200ms
`,
  });
  const compose = (...args: string[]) =>
    berth(d, ["compose", "--project-directory", dir, "-p", "att", ...args]);
  t.after(async () => {
    await compose("down", "-t", "0");
    await compose("-f", path.join(dir, "healthy.yaml"), "down", "-t", "0");
  });
  const r = await compose("up", "--exit-code-from", "talker", "--no-color");
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stdout, /^talker-1 {3}\| hello from talker$/m);
  assert.match(r.stdout, /^talker-1 {3}\| to stderr$/m);
  assert.match(r.stdout, /^Attaching to sleeper-1, talker-1\n/);
  assert.match(r.stdout, /^talker-1 exited with code 5$/m);
  assert.match(r.stderr, /Aborting on container exit/);
  const sleeper = await d.client.json<{ State: { Running: boolean } }>(
    "GET",
    "/containers/att-sleeper-1/json",
  );
  assert.equal(sleeper.State.Running, false, "the other containers were stopped");

  // Ctrl-C stops the project and ends `up` with 130, as Compose.
  const attachedUp = spawn(
    process.execPath,
    [
      "--disable-warning=ExperimentalWarning",
      path.join(repoRoot, "src/cli/main.ts"),
      "-H",
      d.host,
      "compose",
      "--project-directory",
      dir,
      "-p",
      "att",
      "up",
      "--no-color",
      "sleeper",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  t.after(() => {
    attachedUp.kill("SIGKILL");
  });
  let out = "";
  attachedUp.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  const closed = new Promise<number | null>((resolve) => attachedUp.on("close", resolve));
  await waitFor("the sleeper's first line", () => /^sleeper-1 +\| sleeper ready$/m.test(out));
  attachedUp.kill("SIGINT");
  assert.equal(await closed, 130);
  const stopped = await d.client.json<{ State: { Running: boolean } }>(
    "GET",
    "/containers/att-sleeper-1/json",
  );
  assert.equal(stopped.State.Running, false, "Ctrl-C stopped the service");

  const w = await compose("-f", path.join(dir, "healthy.yaml"), "up", "-d", "--wait");
  assert.equal(w.code, 0, w.stderr);
  const ready = await d.client.json<{ State: { Health: { Status: string } } }>(
    "GET",
    "/containers/att-ready-1/json",
  );
  assert.equal(ready.State.Health.Status, "healthy");
});
