import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { composeConfig } from "./config.ts";

const fixtures = fileURLToPath(new URL("../../../../test/fixtures/compose-spec", import.meta.url));

async function run(files: string[], cwd: string, args: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const io = {
    stdin: process.stdin,
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
  };
  const code = await composeConfig(
    io,
    { files, env: { HOME: "/home/user", ...env }, cwd, projectName: "spec" },
    args,
  );
  return { code, out, err };
}

for (const golden of readdirSync(fixtures).filter((f) => f.endsWith(".config.yaml"))) {
  test(`config prints the compose-spec example ${golden.replace(".config", "")} as expected`, async () => {
    const r = await run([`${fixtures}/${golden.replace(".config.yaml", ".yaml")}`], fixtures, []);
    assert.equal(r.err, "");
    assert.equal(r.code, 0);
    assert.equal(r.out.replaceAll(fixtures, "/FIXTURES"), readFileSync(`${fixtures}/${golden}`, "utf8"));
  });
}

/** A writable that collects what is written. */
function sink(into: (s: string) => void) {
  return {
    write: (s: string) => {
      into(s);
      return true;
    },
  } as never;
}

function project(t: { after(fn: () => void): void }, yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-config-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "compose.yaml"), yaml);
  return dir;
}

const YAML = `
services:
  web:
    image: nginx:\${TAG:-1}
    profiles: [front]
    volumes: [data:/d]
  worker:
    build: .
    command: echo \${TAG:-1}
  db:
    image: postgres
    profiles: [debug]
volumes:
  data:
`;

test("config --services, --volumes, --profiles, --images list parts of the model", async (t) => {
  const dir = project(t, YAML);
  assert.equal((await run([], dir, ["--services"])).out, "worker\n");
  const all = async (args: string[]) => {
    let out = "";
    const io = {
      stdin: process.stdin,
      stdout: sink((s) => {
        out += s;
      }),
      stderr: process.stderr,
    };
    await composeConfig(io, { files: [], env: {}, cwd: dir, profiles: ["front"], projectName: "p" }, args);
    return out;
  };
  assert.equal(await all(["--services"]), "web\nworker\n");
  assert.equal(await all(["--volumes"]), "data\n");
  assert.equal(await all(["--profiles"]), "debug\nfront\n");
  assert.equal(await all(["--images"]), "nginx:1\np-worker\n");
});

test("config --no-interpolate keeps variables as written; --format json prints JSON", async (t) => {
  const dir = project(t, YAML);
  const raw = await run([], dir, ["--no-interpolate", "--profile-free-flag-does-not-exist"]);
  assert.equal(raw.code, 1);
  assert.match(raw.err, /unknown flag: --profile-free-flag-does-not-exist/);
  const noInterp = await run([], dir, ["--no-interpolate", "--format", "json"]);
  assert.equal(noInterp.code, 0);
  const json = JSON.parse(noInterp.out);
  assert.equal(json.name, "spec");
  assert.equal(json.services.worker.build.dockerfile, "Dockerfile");
  assert.deepEqual(json.services.worker.command, ["echo", "$" + "{TAG:-1}"]);
  const interpolated = await run([], dir, ["--format=yaml"], { TAG: "7" });
  assert.match(interpolated.out, /command:\n {6}- echo\n {6}- "7"\n/);
  assert.doesNotMatch(interpolated.out, /nginx/);
});

test("config -q prints nothing and fails on an invalid file; -o writes a file; bad --format is refused", async (t) => {
  const dir = project(t, "services:\n  web:\n    image: x\n    bogus: 1\n");
  const q = await run([], dir, ["-q"]);
  assert.equal(q.code, 1);
  assert.equal(q.out, "");
  assert.match(q.err, /compose\.yaml:4:5: services\.web\.bogus: additional property "bogus" is not allowed/);
  const ok = project(t, "services:\n  web:\n    image: x\n");
  assert.deepEqual(await run([], ok, ["-q"]), { code: 0, out: "", err: "" });
  const o = await run([], ok, ["-o", "out.yaml"]);
  assert.equal(o.code, 0);
  assert.equal(o.out, "");
  assert.match(
    readFileSync(join(ok, "out.yaml"), "utf8"),
    /^name: spec\nservices:\n {2}web:\n {4}image: x\n/,
  );
  const bad = await run([], ok, ["--format", "toml"]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /unsupported format "toml"/);
  const extra = await run([], ok, ["nope"]);
  assert.equal(extra.code, 1);
  assert.equal(extra.err, "no such service: nope\n");
  const refused = await run([], ok, ["--resolve-image-digests"]);
  assert.equal(refused.code, 1);
  assert.equal(refused.err, "--resolve-image-digests is not supported by berth\n");
});

test("config quotes strings YAML 1.1 readers would take for booleans, and sorts maps", async (t) => {
  const dir = project(
    t,
    "services:\n  web:\n    image: x\n    environment:\n      Z: 'yes'\n      A: 'on'\n",
  );
  const r = await run([], dir, []);
  assert.match(r.out, /environment:\n {6}A: "on"\n {6}Z: "yes"\n/);
});

test("config warns of an unset variable and of the obsolete version attribute, once each", async (t) => {
  const dir = project(
    t,
    `version: "3.8"\nservices:\n  web:\n    image: x$${"{"}TAG}\n    command: $${"{"}TAG}\n`,
  );
  const r = await run([], dir, []);
  assert.equal(r.code, 0);
  assert.equal(
    r.err,
    'WARN[0000] The "TAG" variable is not set. Defaulting to a blank string.\n' +
      `WARN[0000] ${dir}/compose.yaml: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion\n`,
  );
});

const GRAPH = `
services:
  web:
    image: web
    depends_on: [api]
  api:
    image: api
    depends_on:
      db: { condition: service_healthy }
      cache: { condition: service_started, required: false }
    env_file: api.env
    networks: [back]
  db:
    image: db
    networks: [back]
  debug:
    image: debug
    profiles: [tools]
    depends_on: [db]
  lone:
    image: lone
  cache:
    image: cache
    profiles: [cache]
networks:
  back:
`;

test("config SERVICE... keeps the named services and their dependencies; a named profiled service is enabled", async (t) => {
  const dir = project(t, GRAPH);
  writeFileSync(join(dir, "api.env"), "PRICE='5$'\n");
  const all = await run([], dir, ["--services"]);
  assert.equal(all.out, "db\napi\nlone\nweb\n");
  assert.equal((await run([], dir, ["--services", "web"])).out, "db\napi\nweb\n");
  assert.equal((await run([], dir, ["--services", "debug"])).out, "db\ndebug\n");
  assert.equal((await run([], dir, ["--networks", "lone"])).out, "default\n");
  assert.equal((await run([], dir, ["--networks", "api"])).out, "back\n");
  const yaml = await run([], dir, ["api"]);
  assert.equal(yaml.code, 0);
  // env_file is merged into environment and not printed; a literal $ is written $$.
  assert.doesNotMatch(yaml.out, /env_file/);
  assert.match(yaml.out, /environment:\n {6}PRICE: 5\$\$\n/);
  assert.match(yaml.out, /depends_on:\n {6}db:\n {8}condition: service_healthy\n {8}required: true\n {4}env/);
});

test("config --environment prints the interpolation variables; --models prints nothing", async (t) => {
  const dir = project(t, "services:\n  a:\n    image: a\n");
  writeFileSync(join(dir, ".env"), "B=2\nA=1\n");
  const r = await run([], dir, ["--environment"], { C: "3" });
  assert.equal(r.out, "A=1\nB=2\nC=3\nHOME=/home/user\n");
  assert.deepEqual(await run([], dir, ["--models"]), { code: 0, out: "", err: "" });
});

test("two services with one container_name are an error", async (t) => {
  const dir = project(
    t,
    "services:\n  a:\n    image: a\n    container_name: xy\n  b:\n    image: b\n    container_name: xy\n",
  );
  const r = await run([], dir, ["-q"]);
  assert.equal(r.code, 1);
  assert.match(
    r.err,
    /compose\.yaml:7:21: services\.b: container name "xy" is already in use by service a\n$/,
  );
});

test("config prints compose-go's structs in their field order, omitting false omitempty fields", async (t) => {
  const dir = project(
    t,
    `services:
  a:
    image: a
    ports: [{ target: 80, published: 8080, name: web, protocol: tcp }]
    volumes: [{ type: volume, target: /d, read_only: false }]
    healthcheck: { interval: 1s, timeout: 2s, test: [CMD, x] }
    volumes_from: [b]
  b:
    image: b
    networks: [net]
networks:
  net:
    labels: { l: v }
    internal: true
    driver: bridge
`,
  );
  const r = await run([], dir, []);
  assert.equal(r.code, 0);
  assert.match(
    r.out,
    /depends_on:\n {6}b:\n {8}condition: service_started\n {8}required: true\n {4}healthcheck:\n {6}test:\n {8}- CMD\n {8}- x\n {6}timeout: 2s\n {6}interval: 1s\n/,
  );
  assert.match(
    r.out,
    /ports:\n {6}- name: web\n {8}mode: ingress\n {8}target: 80\n {8}published: "8080"\n {8}protocol: tcp\n/,
  );
  assert.match(r.out, /volumes:\n {6}- type: volume\n {8}target: \/d\n {4}volumes_from/);
  assert.match(
    r.out,
    /networks:\n {2}default:\n {4}name: spec_default\n {2}net:\n {4}name: spec_net\n {4}driver: bridge\n {4}internal: true\n {4}labels:\n {6}l: v\n/,
  );
});
