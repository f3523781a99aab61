// Debian's docker-compose 1.29 (Python, docker-py 5), unchanged, against a real berthd: a
// database-like service with a named volume and a health check, a web service built from a
// Dockerfile that waits for it (`condition: service_healthy`, compose file format 2.4: 3.x has
// no conditions), and a worker, all on one user network. The images are local (busybox
// imported, the web image built through POST /build): nothing is pulled.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { type RunResult, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

const PROJECT = "dcberth";
// Its own subnet, so parallel tests' networks never collide with the project's.
const SUBNET = "10.215.7.0/24";

const COMPOSE_FILE = `version: "2.4"
services:
  db:
    image: busybox:latest
    command: ["sh", "-c", "sleep 1; echo db-ready > /data/state; exec sleep 600"]
    volumes:
      - dbdata:/data
    networks: [back]
    healthcheck:
      test: ["CMD", "test", "-f", "/data/state"]
      interval: 200ms
      timeout: 2s
      retries: 3
      # The db writes its state file after a second: without a start period three fast
      # failures would make it unhealthy first (on dockerd too), and up would depend on
      # how slow each probe is.
      start_period: 60s
    labels:
      tier: db
  web:
    build:
      context: ./app
      args:
        GREETING: hello
    image: dcberth-web:latest
    depends_on:
      db:
        condition: service_healthy
    networks:
      back:
        aliases: [frontend]
    environment:
      MODE: test
    command: ["sh", "-c", "echo web up $$MODE; cat /greeting; exec sleep 600"]
  worker:
    image: busybox:latest
    depends_on: [db]
    networks: [back]
    dns: [127.0.0.1]
    command: ["sh", "-c", "i=0; while true; do echo tick $$i; i=$$((i+1)); sleep 0.2; done"]
volumes:
  dbdata:
networks:
  back:
    ipam:
      config:
        - subnet: ${SUBNET}
`;

const DOCKERFILE = `FROM busybox:latest
ARG GREETING
RUN echo "$GREETING from build" > /greeting
`;

interface Inspect {
  Id: string;
  Name: string;
  State: {
    Running: boolean;
    Status: string;
    StartedAt: string;
    Health?: { Status: string; Log: { End: string; ExitCode: number }[] };
  };
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
}

async function setUp(t: Parameters<typeof startDaemon>[0]) {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = path.join(d.dir, "project");
  await mkdir(path.join(dir, "app"), { recursive: true });
  await writeFile(path.join(dir, "docker-compose.yml"), COMPOSE_FILE);
  await writeFile(path.join(dir, "app", "Dockerfile"), DOCKERFILE);
  const env = {
    DOCKER_HOST: d.host,
    DOCKER_CONFIG: path.join(d.dir, "docker-config"),
    COMPOSE_PROJECT_NAME: PROJECT,
    // `run` and `exec` with a TTY hand over to the docker CLI, which must find berthd too.
    PATH: process.env.PATH ?? "/usr/bin:/bin",
  };
  const dc = (args: string[], input?: string): Promise<RunResult> =>
    runIn(dir, "docker-compose", ["--ansi", "never", ...args], env, input);
  /** docker-compose in a pseudo-terminal (script(1)), as a user at a terminal runs it. */
  const dcTty = (args: string): Promise<RunResult> =>
    runIn(dir, "script", ["-qec", `docker-compose ${args}`, "/dev/null"], env);
  return { d, dir, dc, dcTty };
}

function runIn(
  cwd: string,
  cmd: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c) => {
      stdout += c;
    });
    p.stderr.on("data", (c) => {
      stderr += c;
    });
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr }));
    p.stdin.end(input);
  });
}

function ok(r: RunResult, what: string): RunResult {
  assert.equal(r.code, 0, `${what} failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r;
}

async function inspect(d: TestDaemon, name: string): Promise<Inspect> {
  return d.client.json<Inspect>("GET", `/containers/${name}/json`);
}

async function projectContainers(d: TestDaemon, all = true): Promise<{ Names: string[]; State: string }[]> {
  return d.client.json("GET", "/containers/json", {
    query: {
      all: all ? "1" : "0",
      filters: JSON.stringify({ label: [`com.docker.compose.project=${PROJECT}`] }),
    },
  });
}

/** Removes what the project made on berthd, whatever state a failed test left it in. */
async function sweep(d: TestDaemon, dc: (a: string[]) => Promise<RunResult>): Promise<void> {
  await dc(["down", "-v", "--remove-orphans", "-t", "1"]).catch(() => undefined);
  const label = JSON.stringify({ label: [`com.docker.compose.project=${PROJECT}`] });
  for (const c of await projectContainers(d).catch(() => [])) {
    await d.client.ok("DELETE", `/containers/${c.Names[0].slice(1)}`, { query: { force: "1", v: "1" } });
  }
  const nets = await d.client.json<{ Id: string }[]>("GET", "/networks", { query: { filters: label } });
  for (const n of nets) await d.client.ok("DELETE", `/networks/${n.Id}`);
  const vols = await d.client.json<{ Volumes: { Name: string }[] | null }>("GET", "/volumes", {
    query: { filters: label },
  });
  for (const v of vols.Volumes ?? []) await d.client.ok("DELETE", `/volumes/${v.Name}`);
}

test("docker-compose 1.29 against berthd: up, ps, logs, exec, run, scale, restart, stop, start, build, down", async (t) => {
  const { d, dc, dcTty } = await setUp(t);
  try {
    await t.test("config prints the project as compose normalises it", async () => {
      const r = ok(await dc(["config", "--services"]), "config");
      assert.deepEqual(r.stdout.trim().split("\n").sort(), ["db", "web", "worker"]);
    });

    await t.test("up -d builds web, waits for db to be healthy, then starts it", async () => {
      ok(await dc(["up", "-d"]), "up -d");
      const db = await inspect(d, `${PROJECT}_db_1`);
      const web = await inspect(d, `${PROJECT}_web_1`);
      assert.equal(db.State.Health?.Status, "healthy");
      const firstPass = db.State.Health?.Log.find((l) => l.ExitCode === 0);
      assert.ok(firstPass, "db has a passing probe");
      assert.ok(
        Date.parse(web.State.StartedAt) >= Date.parse(firstPass.End),
        `web started (${web.State.StartedAt}) before db was healthy (${firstPass.End})`,
      );
      assert.equal((await projectContainers(d, false)).length, 3);
      const vol = await d.client.json<{ Labels: Record<string, string> }>(
        "GET",
        `/volumes/${PROJECT}_dbdata`,
      );
      assert.equal(vol.Labels["com.docker.compose.volume"], "dbdata");
      const net = await d.client.json<{ IPAM: { Config: { Subnet: string }[] } }>(
        "GET",
        `/networks/${PROJECT}_back`,
      );
      assert.equal(net.IPAM.Config[0].Subnet, SUBNET);
    });

    await t.test("ps and logs", async () => {
      const ps = ok(await dc(["ps"]), "ps").stdout;
      assert.match(ps, new RegExp(`${PROJECT}_db_1 .* Up \\(healthy\\)`));
      assert.match(ps, new RegExp(`${PROJECT}_web_1 .* Up`));
      const logs = await waitFor("web's output in logs", async () => {
        const r = ok(await dc(["logs", "-t", "web"]), "logs");
        return r.stdout.includes("hello from build") ? r.stdout : undefined;
      });
      assert.match(logs, /web_1 +\| \d{4}-\d\d-\d\dT[\d:.]+Z web up test/);
    });

    await t.test("logs -f follows new output", async () => {
      const p = spawn("docker-compose", ["--ansi", "never", "logs", "-f", "--tail", "1", "worker"], {
        cwd: path.join(d.dir, "project"),
        env: { ...process.env, DOCKER_HOST: d.host, COMPOSE_PROJECT_NAME: PROJECT },
      });
      let out = "";
      p.stdout.on("data", (c) => {
        out += c;
      });
      try {
        // --tail 1 gives one line at once; more only arrive by following
        await waitFor("three followed lines", () => (out.match(/tick \d+/g)?.length ?? 0) >= 3, 20_000);
      } finally {
        p.kill("SIGINT");
      }
      const ticks = (out.match(/tick (\d+)/g) ?? []).map((s) => Number(s.split(" ")[1]));
      assert.ok(ticks[2] > ticks[0], `ticks increase: ${ticks}`);
    });

    await t.test("exec, with and without a terminal; names and aliases on the network", async () => {
      const r = ok(await dc(["exec", "-T", "web", "sh", "-c", "echo mode=$MODE; cat /greeting"]), "exec -T");
      assert.equal(r.stdout, "mode=test\nhello from build\n");
      const web = await inspect(d, `${PROJECT}_web_1`);
      const webIp = web.NetworkSettings.Networks[`${PROJECT}_back`].IPAddress;
      const ns = ok(
        await dc(["exec", "-T", "worker", "sh", "-c", "nslookup frontend"]),
        "exec nslookup",
      ).stdout;
      assert.match(ns, new RegExp(`Address: ${webIp.replaceAll(".", "\\.")}`));
      const tty = await dcTty("exec web sh -c 'tty; exit 5'");
      assert.equal(tty.code, 5, tty.stdout + tty.stderr);
      assert.match(tty.stdout, /\/dev\/pts\/\d+/);
      ok(await dc(["exec", "-d", "web", "touch", "/tmp/detached"]), "exec -d");
      await waitFor(
        "exec -d's file",
        async () => (await dc(["exec", "-T", "web", "test", "-f", "/tmp/detached"])).code === 0,
      );
    });

    await t.test(
      "run: a one-off container linked to the service's own, its exit code, stdin, a terminal",
      async () => {
        const worker = await inspect(d, `${PROJECT}_worker_1`);
        const workerIp = worker.NetworkSettings.Networks[`${PROJECT}_back`].IPAddress;
        // docker-compose links a one-off container to its service's containers (HostConfig.Links):
        // worker_1 is a link alias only, answered for this container by the network's resolver.
        const r = await dc(["run", "--rm", "-T", "worker", "sh", "-c", "nslookup worker_1; exit 3"]);
        assert.equal(r.code, 3, r.stderr + r.stdout);
        assert.match(r.stdout, new RegExp(`Address: ${workerIp.replaceAll(".", "\\.")}`));
        const cat = ok(
          await dc(["run", "--rm", "-T", "-e", "X=1", "worker", "sh", "-c", "echo x=$X; cat"], "piped\n"),
          "run stdin",
        );
        assert.equal(cat.stdout, "x=1\npiped\n");
        const tty = await dcTty("run --rm worker sh -c 'tty; exit 4'");
        assert.equal(tty.code, 4, tty.stdout + tty.stderr);
        assert.match(tty.stdout, /\/dev\/pts\/\d+/);
        const oneoffs = await d.client.json<unknown[]>("GET", "/containers/json", {
          query: { all: "1", filters: JSON.stringify({ label: ["com.docker.compose.oneoff=True"] }) },
        });
        assert.equal(oneoffs.length, 0, "run --rm removed its containers");
      },
    );

    await t.test("up --scale, restart, stop, start", async () => {
      ok(await dc(["up", "-d", "--scale", "worker=2"]), "up --scale");
      const running = (await projectContainers(d, false)).map((c) => c.Names[0]).sort();
      assert.deepEqual(running, [
        `/${PROJECT}_db_1`,
        `/${PROJECT}_web_1`,
        `/${PROJECT}_worker_1`,
        `/${PROJECT}_worker_2`,
      ]);
      const before = (await inspect(d, `${PROJECT}_worker_2`)).State.StartedAt;
      ok(await dc(["restart", "-t", "1", "worker"]), "restart");
      const after = await inspect(d, `${PROJECT}_worker_2`);
      assert.ok(after.State.Running && after.State.StartedAt > before, "worker_2 restarted");
      ok(await dc(["stop", "-t", "1"]), "stop");
      assert.equal((await projectContainers(d, false)).length, 0);
      assert.equal((await projectContainers(d)).filter((c) => c.State === "exited").length, 4);
      ok(await dc(["start"]), "start");
      assert.equal((await projectContainers(d, false)).length, 4);
    });

    await t.test("build through POST /build, from the cache the second time", async () => {
      const r = ok(await dc(["build"]), "build");
      assert.match(r.stdout, /Using cache/);
      assert.match(r.stdout, /Successfully tagged dcberth-web:latest/);
      // As dockerd's builder: a base without PATH gets the default one in the built image.
      const img = await d.client.json<{ Config: { Env: string[] } }>(
        "GET",
        "/images/dcberth-web:latest/json",
      );
      assert.ok(img.Config.Env.includes("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    });

    await t.test("down -v removes the containers, the network and the volume", async () => {
      ok(await dc(["down", "-v", "-t", "1"]), "down -v");
      assert.equal((await projectContainers(d)).length, 0);
      const nets = await d.client.json<{ Name: string }[]>("GET", "/networks");
      assert.ok(!nets.some((n) => n.Name === `${PROJECT}_back`));
      const vols = await d.client.json<{ Volumes: { Name: string }[] | null }>("GET", "/volumes");
      assert.ok(!(vols.Volumes ?? []).some((v) => v.Name === `${PROJECT}_dbdata`));
    });
  } finally {
    await sweep(d, dc);
  }
});

const LINKS_PROJECT = "dclinks";
const LINKS_FILE = `version: "2.4"
services:
  db:
    image: busybox:latest
    command: ["sleep", "600"]
    dns: [127.0.0.1]
    networks: [back]
  client:
    image: busybox:latest
    command: ["sleep", "600"]
    dns: [127.0.0.1]
    links: ["db:database"]
    networks: [back, extra]
networks:
  back:
    ipam:
      config:
        - subnet: 10.215.8.0/24
  extra:
    ipam:
      config:
        - subnet: 10.215.9.0/24
`;

test("docker-compose links: the alias resolves for the linking service, on the network it shares with the target", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = path.join(d.dir, "links");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "docker-compose.yml"), LINKS_FILE);
  const env = {
    DOCKER_HOST: d.host,
    DOCKER_CONFIG: path.join(d.dir, "docker-config"),
    COMPOSE_PROJECT_NAME: LINKS_PROJECT,
  };
  const dc = (args: string[]) => runIn(dir, "docker-compose", ["--ansi", "never", ...args], env);
  try {
    // client is created on `back` with HostConfig.Links, then connected to `extra` with the
    // same links in its EndpointConfig: both were refused before.
    ok(await dc(["up", "-d"]), "up -d");
    const db = await inspect(d, `${LINKS_PROJECT}_db_1`);
    const dbIp = db.NetworkSettings.Networks[`${LINKS_PROJECT}_back`].IPAddress;
    const client = await inspect(d, `${LINKS_PROJECT}_client_1`);
    assert.deepEqual(Object.keys(client.NetworkSettings.Networks).sort(), [
      `${LINKS_PROJECT}_back`,
      `${LINKS_PROJECT}_extra`,
    ]);
    const r = ok(await dc(["exec", "-T", "client", "sh", "-c", "nslookup database"]), "nslookup database");
    assert.match(r.stdout, new RegExp(`Address: ${dbIp.replaceAll(".", "\\.")}`));
    // the alias is the linking container's only: db itself does not resolve it
    const own = await dc(["exec", "-T", "db", "sh", "-c", "nslookup database"]);
    assert.notEqual(own.code, 0, own.stdout);
  } finally {
    await dc(["down", "-v", "-t", "1"]).catch(() => undefined);
    const label = JSON.stringify({ label: [`com.docker.compose.project=${LINKS_PROJECT}`] });
    const nets = await d.client.json<{ Id: string }[]>("GET", "/networks", { query: { filters: label } });
    for (const n of nets) await d.client.ok("DELETE", `/networks/${n.Id}`).catch(() => undefined);
  }
});
