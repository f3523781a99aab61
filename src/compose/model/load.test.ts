import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { load, tempProject } from "./test-project.ts";

const D = "$"; // keeps `${...}` out of template-literal lint

test("anchors, aliases and merge keys (<<) as compose files use them", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
x-base: &base
  image: busybox
  restart: always
  labels: &labels
    a: "1"
services:
  one:
    <<: *base
    restart: "no"
  two:
    <<: [*base]
    labels: *labels
    x-meta: { owner: me }
`,
  });
  const p = await load(dir);
  assert.equal(p.services.one.image, "busybox");
  assert.equal(p.services.one.restart, "no");
  assert.equal(p.services.two.restart, "always");
  assert.deepEqual(p.services.two.labels, { a: "1" });
  assert.deepEqual(p["x-base"], { image: "busybox", restart: "always", labels: { a: "1" } });
  assert.deepEqual(p.services.two["x-meta"], { owner: "me" });
});

test("a YAML syntax error names the file, line and column", async (t) => {
  const dir = tempProject(t, { "compose.yaml": "services:\n  web:\n    image: [unclosed\n" });
  await assert.rejects(load(dir), (e: Error) => {
    assert.match(e.message, /^\/.*\/proj\/compose\.yaml:\d+:\d+: parsing YAML: /);
    return true;
  });
  const dup = tempProject(t, { "compose.yaml": "services:\n  web:\n    image: a\n    image: b\n" });
  await assert.rejects(load(dup), /compose\.yaml:4:5: parsing YAML: Map keys must be unique/);
});

test("an unknown key is an error naming the file, line and key", async (t) => {
  const dir = tempProject(t, { "compose.yaml": "services:\n  web:\n    image: a\n    imagee: b\n" });
  await assert.rejects(
    load(dir),
    /proj\/compose\.yaml:4:5: services\.web\.imagee: additional property "imagee" is not allowed/,
  );
  const top = tempProject(t, { "compose.yaml": "services: {}\nservice:\n  web: {}\n" });
  await assert.rejects(load(top), /compose\.yaml:2:1: service: additional property "service" is not allowed/);
});

test("a schema violation names the line of the value", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml":
      "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: service_dead\n",
  });
  await assert.rejects(
    load(dir),
    /compose\.yaml:6:20: services\.web\.depends_on\.db\.condition: must be one of/,
  );
});

test("a key the schema allows but berth does not apply is refused with its line", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": "services:\n  web:\n    image: a\n    develop:\n      watch: []\n",
  });
  await assert.rejects(load(dir), /compose\.yaml:4:5: services\.web\.develop is not supported by berth/);
  const deploy = tempProject(t, {
    "compose.yaml":
      "services:\n  web:\n    image: a\n    deploy:\n      placement:\n        constraints: []\n",
  });
  await assert.rejects(
    load(deploy),
    /compose\.yaml:5:7: services\.web\.deploy\.placement is not supported by berth/,
  );
});

test("interpolation applies to values, not keys, before validation; .env supplies, the process env wins", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  web:
    image: "busybox:${D}{TAG:-latest}"
    environment:
      ${D}KEY: "$VAL $$LITERAL"
    scale: ${D}{N}
`,
    ".env": "TAG=1.36\nVAL=from-dotenv\nN=2\n",
  });
  const p = await load(dir, { env: { VAL: "from-process" } });
  assert.equal(p.services.web.image, "busybox:1.36");
  assert.deepEqual(p.services.web.environment, { [`${D}KEY`]: "from-process $LITERAL" });
  assert.equal(p.services.web.scale, 2);
  assert.equal(p.environment.TAG, "1.36");
  assert.equal(p.environment.VAL, "from-process");
});

test("a failed interpolation names the file and line, with compose-go's messages", async (t) => {
  const bad = tempProject(t, { "compose.yaml": "services:\n  web:\n    image: a\n    command: echo $ x\n" });
  await assert.rejects(load(bad), (e: Error) =>
    e.message.endsWith(
      "compose.yaml:4:14: invalid interpolation format for services.web.command.\nYou may need to escape any $ with another $.\necho $ x",
    ),
  );
  const dir = tempProject(t, { "compose.yaml": `services:\n  web:\n    image: ${D}{IMG:?set IMG}\n` });
  await assert.rejects(
    load(dir),
    /compose\.yaml:3:12: error while interpolating services\.web\.image: required variable IMG is missing a value: set IMG$/,
  );
});

test("--env-file (several, later wins) replaces .env", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `services:\n  web:\n    image: ${D}{A}-${D}{B}\n`,
    ".env": "A=dotenv\nB=dotenv\n",
    "one.env": "A=one\nB=one\n",
    "two.env": "B=two\n",
  });
  const p = await load(dir, { envFiles: ["one.env", "two.env"] });
  assert.equal(p.services.web.image, "one-two");
});

test("env_file (string, list, long form) under environment; list/map forms; bare FOO from the env or null", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  a:
    image: x
    env_file: a.env
    environment:
      - FROM_LIST=1
      - BARE
      - UNSET_BARE
      - OVER=environment
  b:
    image: x
    env_file:
      - a.env
      - path: ./missing.env
        required: false
    environment:
      MAP: 2
      NUM: 1.5
      NULL_VALUE:
`,
    "a.env": `IN_FILE=file\nOVER=file\nREF=${D}{BARE}\n`,
  });
  const p = await load(dir, { env: { BARE: "host" } });
  assert.deepEqual(p.services.a.environment, {
    IN_FILE: "file",
    OVER: "environment",
    REF: "host",
    FROM_LIST: "1",
    BARE: "host",
    UNSET_BARE: null,
  });
  assert.deepEqual(p.services.b.environment, {
    IN_FILE: "file",
    OVER: "file",
    REF: "host",
    MAP: "2",
    NUM: "1.5",
    NULL_VALUE: null,
  });
  assert.deepEqual(p.services.b.env_file, [
    { path: `${dir}/a.env`, required: true },
    { path: `${dir}/missing.env`, required: false },
  ]);
  const missing = tempProject(t, {
    "compose.yaml": "services:\n  a:\n    image: x\n    env_file: nope.env\n",
  });
  await assert.rejects(load(missing), /compose\.yaml:4:15: env file .*nope\.env not found/);
});

test("short syntaxes become the long forms of types.ts", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  web:
    build: ./app
    command: sh -c 'echo "a b"'
    entrypoint: ["/init"]
    depends_on: [db]
    networks: [front]
    healthcheck:
      test: curl -f localhost
      interval: 1m30s
    shm_size: 64m
    mem_limit: 1gb
    ulimits:
      nofile: 1024
      nproc: { soft: 1, hard: 2 }
    extra_hosts:
      a: 1.2.3.4
      b: ["::1", 5.6.7.8]
    labels: [x=1, y]
    sysctls: [net.core.somaxconn=1024]
    deploy:
      replicas: 3
    secrets: [token]
  db:
    image: postgres
    network_mode: host
    extra_hosts: [c=9.9.9.9, "d:8.8.8.8"]
    healthcheck:
      test: ["CMD", "true"]
    labels: { z: 1 }
networks:
  front:
secrets:
  token:
    file: ./token.txt
`,
  });
  const p = await load(dir);
  const web = p.services.web;
  assert.deepEqual(web.build, { context: `${dir}/app`, dockerfile: "Dockerfile" });
  assert.deepEqual(web.command, ["sh", "-c", 'echo "a b"']);
  assert.deepEqual(web.entrypoint, ["/init"]);
  assert.deepEqual(web.depends_on, { db: { condition: "service_started", required: true } });
  assert.deepEqual(web.networks, { front: null });
  assert.deepEqual(web.healthcheck, { test: ["CMD-SHELL", "curl -f localhost"], interval: "1m30s" });
  assert.equal(web.shm_size, 64 * 2 ** 20);
  assert.equal(web.mem_limit, 2 ** 30);
  assert.deepEqual(web.ulimits, { nofile: { soft: 1024, hard: 1024 }, nproc: { soft: 1, hard: 2 } });
  assert.deepEqual(web.extra_hosts, ["a:1.2.3.4", "b:::1", "b:5.6.7.8"]);
  assert.deepEqual(web.labels, { x: "1", y: "" });
  assert.deepEqual(web.sysctls, { "net.core.somaxconn": "1024" });
  assert.equal(web.scale, 3);
  assert.deepEqual(web.secrets, [{ source: "token", target: "/run/secrets/token" }]);
  assert.deepEqual(p.secrets.token, { name: "proj_token", file: `${dir}/token.txt` });
  const db = p.services.db;
  assert.deepEqual(db.networks, {});
  assert.deepEqual(db.extra_hosts, ["c:9.9.9.9", "d:8.8.8.8"]);
  assert.deepEqual(db.healthcheck?.test, ["CMD", "true"]);
  assert.deepEqual(db.labels, { z: "1" });
  assert.deepEqual(Object.keys(p.networks), ["front"]);
});

test("bad values in a valid shape are errors naming the line", async (t) => {
  const dir = tempProject(t, { "compose.yaml": "services:\n  web:\n    image: x\n    mem_limit: 12qb\n" });
  await assert.rejects(load(dir), /compose\.yaml:4:16: services\.web\.mem_limit: invalid suffix/);
  const dur = tempProject(t, {
    "compose.yaml": "services:\n  web:\n    image: x\n    stop_grace_period: 10 parsecs\n",
  });
  await assert.rejects(load(dur), /compose\.yaml:4:24: services\.web\.stop_grace_period: /);
  const port = tempProject(t, {
    "compose.yaml": "services:\n  web:\n    image: x\n    ports: ['1-2:3-5']\n",
  });
  await assert.rejects(load(port), /compose\.yaml:4:13: services\.web\.ports\.0: invalid ranges/);
  const scale = tempProject(t, {
    "compose.yaml": "services:\n  web:\n    image: x\n    scale: 2\n    deploy: {replicas: 3}\n",
  });
  await assert.rejects(
    load(scale),
    /compose\.yaml:4:12: services\.web: can't set distinct values on 'scale' and 'deploy\.replicas': invalid compose project$/,
  );
});

test("a plain 0440 is octal as go-yaml reads it (file modes); 0o440 and 440 too", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  a:
    image: a
    secrets:
      - { source: s, mode: 0440 }
      - { source: s, target: two, mode: 0o440 }
      - { source: s, target: three, mode: 288 }
    labels: { zip: "0440" }
secrets:
  s:
    file: ./s.txt
`,
  });
  const p = await load(dir);
  assert.deepEqual(
    p.services.a.secrets?.map((s) => s.mode),
    [0o440, 0o440, 0o440],
  );
  assert.equal(p.services.a.labels.zip, "0440");
});

test("-f - reads the file from stdin; the working directory is the project directory", async (t) => {
  const dir = tempProject(t, { ".keep": "" });
  const loader = new URL("./load.ts", import.meta.url).href;
  const code = `const { loadProject } = await import(${JSON.stringify(loader)});
    const p = await loadProject({ files: ["-"], env: {}, cwd: process.cwd() });
    process.stdout.write(JSON.stringify([p.name, p.working_dir, p.services.a.volumes[0].source]));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    cwd: dir,
    input: "services:\n  a:\n    image: a\n    volumes: [./data:/data]\n",
    encoding: "utf8",
  });
  assert.equal(r.stderr, "");
  assert.deepEqual(JSON.parse(r.stdout), ["proj", dir, `${dir}/data`]);
});

test("long volume syntax: a bind mapping defaults create_host_path to true; relative sources resolve", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  a:
    image: a
    volumes:
      - { type: bind, source: ./src, target: /src, bind: { propagation: rslave } }
      - { type: bind, source: /abs, target: /abs, bind: { create_host_path: false } }
      - { type: bind, source: ~/h, target: /h }
      - { type: tmpfs, target: /t, tmpfs: { size: 1m, mode: 01777 } }
`,
  });
  const p = await load(dir);
  assert.deepEqual(p.services.a.volumes, [
    {
      type: "bind",
      source: `${dir}/src`,
      target: "/src",
      bind: { propagation: "rslave", create_host_path: true },
    },
    { type: "bind", source: "/abs", target: "/abs", bind: { create_host_path: false } },
    { type: "bind", source: "/home/u/h", target: "/h" },
    { type: "tmpfs", target: "/t", tmpfs: { size: 2 ** 20, mode: 0o1777 } },
  ]);
});
