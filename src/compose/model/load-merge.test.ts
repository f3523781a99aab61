// Loading across files: several -f merged, !reset/!override, extends, include, profiles,
// project and resource names, default file discovery, and cross-reference errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { load, tempProject } from "./test-project.ts";

const D = "$"; // keeps `${...}` out of template-literal lint

test("several -f files merge as the spec says", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  web:
    image: a
    command: [echo, base]
    environment: { A: "1", B: "1" }
    ports: ["8080:80", "9090:90"]
    volumes: ["data:/data", "./x:/x"]
    dns: [1.1.1.1]
    healthcheck: { test: [CMD, a], interval: 5s }
    logging: { driver: json-file, options: { max-size: 1m } }
volumes:
  data:
  other:
`,
    "override.yaml": `
services:
  web:
    image: b
    command: echo over
    environment: [B=2, C=3]
    ports: ["8080:80", "7070:70"]
    volumes: ["other:/data"]
    dns: [8.8.8.8]
    healthcheck: { test: [CMD, b] }
    logging: { driver: syslog }
  extra:
    image: c
`,
  });
  const p = await load(dir, { files: ["compose.yaml", "override.yaml"] });
  const web = p.services.web;
  assert.equal(web.image, "b");
  assert.deepEqual(web.command, ["echo", "over"]);
  assert.deepEqual(web.environment, { A: "1", B: "2", C: "3" });
  assert.deepEqual(
    web.ports.map((x) => `${x.published}:${x.target}`),
    ["8080:80", "9090:90", "7070:70"],
  );
  assert.deepEqual(
    web.volumes.map((v) => `${v.source}:${v.target}`),
    ["other:/data", `${dir}/x:/x`],
  );
  assert.deepEqual(web.dns, ["1.1.1.1", "8.8.8.8"]);
  assert.deepEqual(web.healthcheck, { test: ["CMD", "b"], interval: "5s" });
  assert.deepEqual(web.logging, { driver: "syslog" });
  assert.ok(p.services.extra);
  assert.deepEqual(p.config_files, [`${dir}/compose.yaml`, `${dir}/override.yaml`]);
  // Only the volumes enabled services use are kept, as docker compose does.
  assert.deepEqual(Object.keys(p.volumes), ["other"]);
});

test("!reset removes and !override replaces what an earlier file set", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  web:
    image: a
    ports: ["80:80"]
    environment: { A: "1", B: "1" }
    labels: { l: "1" }
`,
    "compose.override.yaml": `
services:
  web:
    ports: !reset []
    environment: !override { C: "3" }
    labels: !reset null
`,
  });
  const p = await load(dir);
  assert.deepEqual(p.services.web.ports, []);
  assert.deepEqual(p.services.web.environment, { C: "3" });
  assert.deepEqual(p.services.web.labels, {});
  assert.deepEqual(p.config_files, [`${dir}/compose.yaml`, `${dir}/compose.override.yaml`]);
});

test("extends in the same file and from another file, with its relative paths", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  base:
    image: busybox
    user: root
    environment: { TZ: utc, PORT: "80" }
    volumes: ["common:/var/lib/data:rw"]
  common:
    extends: base
    environment: { PORT: "8080" }
    volumes: ["cli:/var/lib/data:ro"]
  cli:
    extends: { service: common }
  remote:
    extends: { file: lib/other.yaml, service: tool }
    command: [run]
volumes:
  common:
  cli:
`,
    "lib/other.yaml": `
services:
  tool:
    build: ./tool
    env_file: tool.env
    command: [original]
`,
    "lib/tool.env": "T=1\n",
  });
  const p = await load(dir);
  assert.equal(p.services.cli.user, "root");
  assert.deepEqual(p.services.cli.environment, { TZ: "utc", PORT: "8080" });
  assert.deepEqual(p.services.cli.volumes, [
    { type: "volume", source: "cli", target: "/var/lib/data", read_only: true },
  ]);
  assert.equal(p.services.cli.name, "cli");
  assert.deepEqual(p.services.remote.build, { context: `${dir}/lib/tool`, dockerfile: "Dockerfile" });
  assert.deepEqual(p.services.remote.command, ["run"]);
  assert.deepEqual(p.services.remote.environment, { T: "1" });
  assert.equal("extends" in p.services.remote, false);
});

test("extends errors: unknown service, circular reference", async (t) => {
  const missing = tempProject(t, { "compose.yaml": "services:\n  a:\n    extends: nope\n" });
  await assert.rejects(
    load(missing),
    /compose\.yaml:3:14: cannot extend service "a" in .*compose\.yaml: service "nope" not found/,
  );
  const loop = tempProject(t, {
    "compose.yaml": "services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n",
  });
  await assert.rejects(load(loop), /circular reference with extends: a -> b -> a/);
  const noFile = tempProject(t, {
    "compose.yaml": "services:\n  a:\n    extends: { file: gone.yaml, service: b }\n",
  });
  await assert.rejects(load(noFile), /compose\.yaml:3:14: open .*\/gone\.yaml: no such file or directory$/);
});

test("include: string and long form (project_directory, env_file); the including file's definition wins", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
include:
  - sub/compose.yaml
  - path: other/compose.yaml
    project_directory: other/pd
    env_file: other/vars.env
services:
  web:
    image: web
    depends_on: [db, tool]
`,
    "sub/compose.yaml": `services:\n  db:\n    image: db:${D}{DB_TAG}\n    volumes: [./data:/data, dbdata:/db]\nvolumes:\n  dbdata:\n`,
    "sub/.env": "DB_TAG=15\n",
    "other/compose.yaml": `services:\n  tool:\n    image: tool:${D}{TOOL_TAG}\n    build: ./ctx\n`,
    "other/vars.env": "TOOL_TAG=2\n",
  });
  const p = await load(dir);
  assert.equal(p.services.db.image, "db:15");
  assert.equal(p.services.db.volumes[0].source, `${dir}/sub/data`);
  assert.equal(p.volumes.dbdata.name, "proj_dbdata");
  assert.equal(p.services.tool.image, "tool:2");
  assert.equal(p.services.tool.build?.context, `${dir}/other/pd/ctx`);
  const clash = tempProject(t, {
    "compose.yaml": "include: [sub.yaml]\nservices:\n  db:\n    image: mine\n",
    "sub.yaml": "services:\n  db:\n    image: theirs\n    environment: [FROM=sub]\n",
  });
  const merged = await load(clash);
  assert.equal(merged.services.db.image, "mine");
  assert.deepEqual(merged.services.db.environment, { FROM: "sub" });
  const cycle = tempProject(t, {
    "compose.yaml": "include: [a.yaml]\nservices: {}\n",
    "a.yaml": "include: [b.yaml]\nservices: {}\n",
    "b.yaml": "include: [a.yaml]\nservices: {}\n",
  });
  await assert.rejects(
    load(cycle),
    /b\.yaml:1:11: include cycle detected:\n.*a\.yaml\n include .*b\.yaml\n include .*a\.yaml$/,
  );
});

test("profiles: services with profiles are disabled unless a profile is active ('*': all)", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml":
      "services:\n  a:\n    image: a\n  b:\n    image: b\n    profiles: [debug]\n  c:\n    image: c\n    profiles: [test, x]\n",
  });
  const none = await load(dir);
  assert.deepEqual(Object.keys(none.services), ["a"]);
  assert.deepEqual(Object.keys(none.disabled_services ?? {}), ["b", "c"]);
  assert.deepEqual(Object.keys((await load(dir, { profiles: ["x"] })).services), ["a", "c"]);
  assert.deepEqual(Object.keys((await load(dir, { profiles: ["*"] })).services), ["a", "b", "c"]);
  const fromEnv = await load(dir, { env: { COMPOSE_PROFILES: "debug,test" } });
  assert.deepEqual(Object.keys(fromEnv.services), ["a", "b", "c"]);
  assert.deepEqual(fromEnv.profiles, ["debug", "test"]);
});

test("project name: -p, COMPOSE_PROJECT_NAME (also from .env), name:, else the directory normalised", async (t) => {
  const dir = tempProject(t, { "compose.yaml": "services:\n  a:\n    image: a\n" }, "My.App_1");
  assert.equal((await load(dir)).name, "myapp_1");
  assert.equal((await load(dir, { projectName: "given" })).name, "given");
  await assert.rejects(
    load(dir, { projectName: "Bad!" }),
    /invalid project name "Bad!": must consist only of lowercase/,
  );
  const named = tempProject(t, {
    "compose.yaml": "name: fromfile\nservices:\n  a:\n    image: a\n",
    ".env": "X=1\n",
  });
  assert.equal((await load(named)).name, "fromfile");
  assert.equal((await load(named, { env: { COMPOSE_PROJECT_NAME: "envname" } })).name, "envname");
  const dotenv = tempProject(t, {
    "compose.yaml": "services:\n  a:\n    image: a\n",
    ".env": "COMPOSE_PROJECT_NAME=dotenvname\n",
  });
  assert.equal((await load(dotenv)).name, "dotenvname");
});

test("network and volume names: <project>_<key> unless name: or external; the implicit default network", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  a:
    image: a
    networks: [front, ext, named]
    volumes: [v1:/1, v2:/2, v3:/3]
  b:
    image: b
networks:
  front:
    labels: [x=y]
  ext:
    external: true
  named:
    name: exactly
volumes:
  v1:
  v2:
    external: true
  v3:
    name: vol3
`,
  });
  const p = await load(dir);
  assert.deepEqual(Object.fromEntries(Object.entries(p.networks).map(([k, v]) => [k, v.name])), {
    front: "proj_front",
    ext: "ext",
    named: "exactly",
    default: "proj_default",
  });
  assert.deepEqual(p.networks.front.labels, { x: "y" });
  assert.deepEqual(p.services.b.networks, { default: null });
  assert.deepEqual(Object.fromEntries(Object.entries(p.volumes).map(([k, v]) => [k, v.name])), {
    v1: "proj_v1",
    v2: "v2",
    v3: "vol3",
  });
});

test("references to undefined networks, volumes, services and secrets are errors with a line", async (t) => {
  const cases: [string, RegExp][] = [
    [
      "services:\n  a:\n    image: a\n    networks: [nope]\n",
      /compose\.yaml:4:15: service "a" refers to undefined network nope: invalid compose project/,
    ],
    [
      "services:\n  a:\n    image: a\n    volumes: [nope:/x]\n",
      /compose\.yaml:4:15: service "a" refers to undefined volume nope/,
    ],
    [
      "services:\n  a:\n    image: a\n    depends_on: [nope]\n",
      /service "a" depends on undefined service "nope"/,
    ],
    ["services:\n  a:\n    image: a\n    secrets: [nope]\n", /service "a" refers to undefined secret nope/],
    [
      "services:\n  a:\n    build: {}\n    network_mode: service:nope\n",
      // as compose-go: network_mode service:x is a dependency on x first
      /compose\.yaml:3:5: service "a" depends on undefined service "nope": invalid compose project$/,
    ],
    [
      "services:\n  a:\n    environment: {}\n",
      /compose\.yaml:3:5: service "a" has neither an image nor a build context/,
    ],
  ];
  for (const [yaml, re] of cases) {
    const dir = tempProject(t, { "compose.yaml": yaml });
    await assert.rejects(load(dir), re);
  }
});

test("the default file is found in the directory or a parent; none is an error", async (t) => {
  const dir = tempProject(t, {
    "docker-compose.yml": "services:\n  a:\n    image: a\n",
    "sub/deeper/.keep": "",
  });
  const p = await load(`${dir}/sub/deeper`);
  assert.deepEqual(p.config_files, [`${dir}/docker-compose.yml`]);
  assert.equal(p.working_dir, dir);
  const empty = tempProject(t, { ".keep": "" });
  await assert.rejects(load(empty, { projectDirectory: empty }), /no configuration file provided: not found/);
  await assert.rejects(
    load(dir, { files: ["absent.yaml"] }),
    /open .*absent\.yaml: no such file or directory/,
  );
});

test("--project-directory is where relative paths resolve, not the file's directory", async (t) => {
  const dir = tempProject(t, { "files/compose.yaml": "services:\n  a:\n    build: .\n" });
  const p = await load(dir, { files: ["files/compose.yaml"], projectDirectory: "elsewhere" });
  assert.equal(p.services.a.build?.context, `${dir}/elsewhere`);
  assert.equal(p.working_dir, `${dir}/elsewhere`);
});

test("a later file's build keeps the earlier context and dockerfile; defaults come after merging", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml":
      "services:\n  a:\n    build: { context: ./app, dockerfile: custom.Dockerfile }\n  b:\n    build: {}\n",
    "more.yaml": "services:\n  a:\n    build: { args: [X=1] }\n",
  });
  const p = await load(dir, { files: ["compose.yaml", "more.yaml"] });
  assert.deepEqual(p.services.a.build, {
    context: `${dir}/app`,
    dockerfile: "custom.Dockerfile",
    args: { X: "1" },
  });
  assert.deepEqual(p.services.b.build, { context: dir, dockerfile: "Dockerfile" });
});

test("compose-go's consistency checks: distinct values set twice, container names, mounts, secrets, cycles", async (t) => {
  const cases: [string, RegExp][] = [
    [
      "services:\n  a:\n    image: a\n    mem_limit: 1g\n    deploy: { resources: { limits: { memory: 2g } } }\n",
      /compose\.yaml:4:16: services\.a: can't set distinct values on 'mem_limit' and 'deploy\.resources\.limits\.memory': invalid compose project$/,
    ],
    [
      "services:\n  a:\n    image: a\n    container_name: one\n    scale: 2\n",
      /services\.a: can't set container_name and scale as container name must be unique: invalid compose project$/,
    ],
    [
      "services:\n  a:\n    image: a\n    tmpfs: [/data]\n    volumes: [/data]\n",
      /compose\.yaml:5:15: services\.a\.volumes\[0\]: target \/data already mounted as services\.a\.tmpfs\[0\]$/,
    ],
    [
      "services:\n  a:\n    image: a\n    secrets: [s]\nsecrets:\n  s:\n    labels: {}\n",
      /secret "s" must declare either `file` or `environment`: invalid compose project$/,
    ],
    [
      "services:\n  a:\n    image: a\n    depends_on: [b]\n  b:\n    image: b\n    depends_on: [a]\n",
      /dependency cycle detected: a -> b -> a$/,
    ],
    [
      "services:\n  a:\n    image: a\n    depends_on: [b]\n  b:\n    image: b\n    profiles: [x]\n",
      /compose\.yaml:4:17: service "a" depends on undefined service "b": invalid compose project$/,
    ],
    [
      "services:\n  a:\n    image: a\n    scale: -1\n",
      /services\.a\.scale: must be greater than or equal to 0$/,
    ],
  ];
  for (const [yaml, re] of cases) {
    const dir = tempProject(t, { "compose.yaml": yaml });
    await assert.rejects(load(dir), re);
  }
  // An optional dependency disabled by profiles is allowed (and kept, for the engine to skip).
  const optional = tempProject(t, {
    "compose.yaml":
      "services:\n  a:\n    image: a\n    depends_on: { b: { condition: service_started, required: false } }\n  b:\n    image: b\n    profiles: [x]\n",
  });
  assert.deepEqual(Object.keys((await load(optional)).services.a.depends_on), ["b"]);
});

test("compose-go's normalisation: implicit dependencies, pull_policy, targets, build args, dockerfile_inline", async (t) => {
  const dir = tempProject(t, {
    "compose.yaml": `
services:
  a:
    image: a
    links: ["b:alias"]
    network_mode: service:c
    volumes_from: [d:ro, "container:other"]
    pull_policy: if_not_present
    volumes: ["/data/./x/", "v:/y/../z"]
  b: { image: b }
  c: { image: c }
  d: { image: d }
  e:
    build:
      dockerfile_inline: FROM busybox
      args: [SET, UNSET, GIVEN=1]
volumes:
  v:
`,
  });
  const p = await load(dir, { env: { SET: "s" } });
  const a = p.services.a;
  assert.deepEqual(a.depends_on, {
    b: { condition: "service_started", required: true, restart: true },
    c: { condition: "service_started", required: true, restart: true },
    d: { condition: "service_started", required: true, restart: false },
  });
  assert.equal(a.pull_policy, "missing");
  assert.deepEqual(
    a.volumes.map((v) => v.target),
    ["/data/x", "/z"],
  );
  assert.deepEqual(p.services.e.build?.args, { SET: "s", GIVEN: "1" });
  assert.equal(p.services.e.build?.dockerfile_inline, "FROM busybox");
  const both = tempProject(t, {
    "compose.yaml": "services:\n  e:\n    build: { dockerfile: D, dockerfile_inline: FROM x }\n",
  });
  await assert.rejects(
    load(both),
    /compose\.yaml:3:48: service "e" declares mutualy exclusive dockerfile and dockerfile_inline/,
  );
});
