import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { test } from "node:test";
import { docker, run, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { importBusybox, makeTar, sha256 } from "../helpers/images.ts";

interface Reply {
  status: number;
  body: string;
}

/** One raw request over the socket: the path is sent as given, escapes and all. */
function request(d: TestDaemon, method: string, urlPath: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath: d.socket,
        method,
        path: urlPath,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

// Text that only a JavaScript exception would put in a reply.
const jsText = /TypeError|RangeError|is not iterable|is not a function|Cannot read prop|call stack|undefined/;

const deepLabels = `{"Image":"busybox","Labels":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`;

test("bad input: every probe case is a 4xx naming the problem, berthd stays up, nothing is stored", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  // One valid container, the target of update/exec/commit cases: it must come out unchanged.
  const made = await request(
    d,
    "POST",
    "/containers/create?name=target",
    '{"Image":"busybox","Cmd":["true"]}',
  );
  assert.equal(made.status, 201, made.body);
  const target = JSON.parse(made.body).Id as string;

  const create = (body: unknown) => ["POST", "/containers/create", JSON.stringify(body)] as const;
  const cases: { name: string; req: readonly [string, string, string?]; status: number; message: RegExp }[] =
    [
      // Path escapes (item 2): Go's net/http refuses a bad escape; a non-UTF-8 one is just a name.
      {
        name: "bad escape",
        req: ["GET", "/containers/%zz/json"],
        status: 400,
        message: /invalid URL escape "%zz"/,
      },
      {
        name: "versioned bad escape",
        req: ["GET", "/v1.44/images/a%/json"],
        status: 400,
        message: /invalid URL escape/,
      },
      {
        name: "non-UTF-8 escape",
        req: ["GET", "/containers/%ff/json"],
        status: 404,
        message: /No such container/,
      },
      // Wrong types (items 9 and 10), with Go's wording naming the field.
      {
        name: "Memory string",
        req: create({ Image: "busybox", HostConfig: { Memory: "abc" } }),
        status: 400,
        message: /cannot unmarshal string into Go struct field HostConfig\.HostConfig\.Memory of type int64/,
      },
      {
        name: "NanoCpus string",
        req: create({ Image: "busybox", HostConfig: { NanoCpus: "2" } }),
        status: 400,
        message: /HostConfig\.NanoCpus/,
      },
      {
        name: "PidsLimit string",
        req: create({ Image: "busybox", HostConfig: { PidsLimit: "x" } }),
        status: 400,
        message: /HostConfig\.PidsLimit/,
      },
      {
        name: "Cmd number",
        req: create({ Image: "busybox", Cmd: 5 }),
        status: 400,
        message: /field CreateRequest\.Cmd/,
      },
      {
        name: "Entrypoint number",
        req: create({ Image: "busybox", Entrypoint: 7 }),
        status: 400,
        message: /CreateRequest\.Entrypoint/,
      },
      {
        name: "Env numbers",
        req: create({ Image: "busybox", Env: [1, 2] }),
        status: 400,
        message: /CreateRequest\.Env/,
      },
      {
        name: "CapAdd number",
        req: create({ Image: "busybox", HostConfig: { CapAdd: 5 } }),
        status: 400,
        message: /HostConfig\.CapAdd/,
      },
      {
        name: "Ulimits object",
        req: create({ Image: "busybox", HostConfig: { Ulimits: { nofile: { Soft: 1 } } } }),
        status: 400,
        message: /HostConfig\.Ulimits/,
      },
      {
        name: "Labels list",
        req: create({ Image: "busybox", Labels: ["a=b"] }),
        status: 400,
        message: /CreateRequest\.Labels/,
      },
      {
        name: "StopTimeout string",
        req: create({ Image: "busybox", StopTimeout: "x" }),
        status: 400,
        message: /CreateRequest\.StopTimeout/,
      },
      {
        name: "Tmpfs string",
        req: create({ Image: "busybox", HostConfig: { Tmpfs: "x" } }),
        status: 400,
        message: /Tmpfs/,
      },
      {
        name: "relative WorkingDir",
        req: create({ Image: "busybox", WorkingDir: "rel" }),
        status: 400,
        message: /the working directory 'rel' is invalid, it needs to be an absolute path/,
      },
      {
        name: "100,000-deep Labels",
        req: ["POST", "/containers/create", deepLabels],
        status: 400,
        message: /exceeded max depth/,
      },
      {
        name: "not JSON",
        req: ["POST", "/containers/create", "{nope"],
        status: 400,
        message: /^invalid JSON: /,
      },
      {
        name: "body a list",
        req: ["POST", "/containers/create", "[]"],
        status: 400,
        message: /Go value of type CreateRequest/,
      },
      // Values the start path used to be the first to refuse, refused at create.
      {
        name: "Memory below 6MB",
        req: create({ Image: "busybox", HostConfig: { Memory: 1000 } }),
        status: 400,
        message: /Minimum memory limit allowed is 6MB/,
      },
      {
        name: "CPU period out of range",
        req: create({ Image: "busybox", HostConfig: { CpuPeriod: 10 } }),
        status: 400,
        message: /CPU cfs period can not be less than 1ms/,
      },
      {
        name: "swappiness out of range",
        req: create({ Image: "busybox", HostConfig: { MemorySwappiness: 200 } }),
        status: 400,
        message: /valid memory swappiness range is 0-100/,
      },
      {
        name: "bad cpuset",
        req: create({ Image: "busybox", HostConfig: { CpusetCpus: "x" } }),
        status: 400,
        message: /Invalid value x for cpuset cpus/,
      },
      {
        name: "bad UTS mode",
        req: create({ Image: "busybox", HostConfig: { UTSMode: "bogus" } }),
        status: 400,
        message: /invalid UTS mode: bogus/,
      },
      {
        name: "bad PID mode",
        req: create({ Image: "busybox", HostConfig: { PidMode: "bogus" } }),
        status: 400,
        message: /invalid PID mode: bogus/,
      },
      {
        name: "bad IPC mode",
        req: create({ Image: "busybox", HostConfig: { IpcMode: "bogus" } }),
        status: 400,
        message: /invalid IPC mode: bogus/,
      },
      {
        name: "bad cgroupns mode",
        req: create({ Image: "busybox", HostConfig: { CgroupnsMode: "bogus" } }),
        status: 400,
        message: /invalid cgroup namespace mode: bogus/,
      },
      {
        name: "negative ShmSize",
        req: create({ Image: "busybox", HostConfig: { ShmSize: -1 } }),
        status: 400,
        message: /SHM size/,
      },
      {
        name: "relative tmpfs",
        req: create({ Image: "busybox", HostConfig: { Tmpfs: { rel: "" } } }),
        status: 400,
        message: /mount path must be absolute/,
      },
      {
        name: "bad tmpfs option",
        req: create({ Image: "busybox", HostConfig: { Tmpfs: { "/t": "bogus" } } }),
        status: 400,
        message: /Invalid tmpfs option "bogus"/,
      },
      {
        name: "bad device rule",
        req: create({ Image: "busybox", HostConfig: { DeviceCgroupRules: ["x"] } }),
        status: 400,
        message: /invalid device cgroup rule format/,
      },
      {
        name: "host sysctl",
        req: create({ Image: "busybox", HostConfig: { Sysctls: { "kernel.panic": "1" } } }),
        status: 400,
        message: /is not in a separate kernel namespace/,
      },
      {
        name: "Image number",
        req: create({ Image: 5 }),
        status: 400,
        message: /CreateRequest\.Image of type string/,
      },
      {
        name: "Healthcheck test string",
        req: create({ Image: "busybox", Healthcheck: { Test: "true" } }),
        status: 400,
        message: /HealthConfig\.Healthcheck\.Test of type \[\]string/,
      },
      // Update, exec, commit and /auth bodies.
      {
        name: "update Memory string",
        req: ["POST", `/containers/${target}/update`, '{"Memory":"abc"}'],
        status: 400,
        message: /UpdateConfig\.Memory of type int64/,
      },
      {
        name: "update bogus restart policy",
        req: ["POST", `/containers/${target}/update`, '{"RestartPolicy":{"Name":"bogus"}}'],
        status: 400,
        message: /invalid restart policy: unknown policy 'bogus'/,
      },
      {
        name: "exec Cmd number",
        req: ["POST", `/containers/${target}/exec`, '{"Cmd":5}'],
        status: 400,
        message: /ExecConfig\.Cmd/,
      },
      {
        name: "commit Cmd number",
        req: ["POST", `/commit?container=${target}&repo=x`, '{"Cmd":5}'],
        status: 400,
        message: /Config\.Cmd/,
      },
      {
        name: "auth numeric serveraddress",
        req: ["POST", "/auth", '{"username":"u","password":"p","serveraddress":5}'],
        status: 400,
        message: /AuthConfig\.serveraddress of type string/,
      },
      // Filters and query values.
      {
        name: "filter list of numbers",
        req: ["GET", `/containers/json?filters=${encodeURIComponent('{"label":[1]}')}`],
        status: 400,
        message: /invalid filter 'label'/,
      },
      {
        name: "filter not JSON",
        req: ["GET", "/images/json?filters=%7B"],
        status: 400,
        message: /invalid filter/,
      },
      {
        name: "unknown filter",
        req: ["GET", `/images/json?filters=${encodeURIComponent('{"bogus":["x"]}')}`],
        status: 400,
        message: /invalid filter 'bogus'/,
      },
      { name: "bool query", req: ["GET", "/containers/json?all=maybe"], status: 400, message: /all/ },
      { name: "int query", req: ["GET", "/containers/json?limit=abc"], status: 400, message: /limit/ },
      {
        name: "stop timeout query",
        req: ["POST", `/containers/${target}/stop?t=abc`],
        status: 400,
        message: /\bt\b/,
      },
      // No `tail` case: moby reads any tail that is not a non-negative integer as "all"
      // (test/container/client-compat.test.ts).
      {
        name: "resize query",
        req: ["POST", `/containers/${target}/resize?h=abc&w=1`],
        status: 400,
        message: /\bh\b/,
      },
      {
        name: "kill signal",
        req: ["POST", `/containers/${target}/kill?signal=BOGUS`],
        status: 400,
        message: /Invalid signal/,
      },
      {
        name: "wait condition",
        req: ["POST", `/containers/${target}/wait?condition=bogus`],
        status: 400,
        message: /invalid condition/,
      },
      { name: "events since", req: ["GET", "/events?since=abc"], status: 400, message: /since/ },
      {
        name: "prune until",
        req: ["POST", `/containers/prune?filters=${encodeURIComponent('{"until":["abc"]}')}`],
        status: 400,
        message: /invalid filter 'until=abc'/,
      },
    ];

  for (const c of cases) {
    const [method, urlPath, body] = c.req;
    const reply = await request(d, method, urlPath, body);
    assert.equal(reply.status, c.status, `${c.name}: ${reply.body.slice(0, 300)}`);
    const message = JSON.parse(reply.body).message as string;
    assert.match(message, c.message, c.name);
    assert.doesNotMatch(message, jsText, c.name);
    const ping = await request(d, "GET", "/_ping");
    assert.equal(ping.status, 200, `berthd answers /_ping after ${c.name}`);
  }

  // A null filter value is a filter with no values in Go: these list endpoints answer 200.
  const nullLabel = encodeURIComponent('{"label":null}');
  for (const p of [
    `/containers/json?all=1&filters=${nullLabel}`,
    `/images/json?filters=${nullLabel}`,
    `/events?until=1&filters=${nullLabel}`,
  ]) {
    const reply = await request(d, "GET", p);
    assert.equal(reply.status, 200, `${p}: ${reply.body}`);
  }
  const pruned = await request(
    d,
    "POST",
    `/containers/prune?filters=${encodeURIComponent('{"label":null,"until":["0"]}')}`,
  );
  assert.equal(pruned.status, 200, pruned.body);
  const imagesPruned = await request(d, "POST", `/images/prune?filters=${nullLabel}`);
  assert.equal(imagesPruned.status, 200, imagesPruned.body);

  // Nothing was stored: only the target container exists, with its record unchanged.
  const list = JSON.parse((await request(d, "GET", "/containers/json?all=1")).body) as { Id: string }[];
  assert.deepEqual(
    list.map((c) => c.Id),
    [target],
  );
  assert.deepEqual(await readdir(path.join(d.dataRoot, "containers")), [target]);
  const inspect = JSON.parse((await request(d, "GET", `/containers/${target}/json`)).body);
  assert.deepEqual(inspect.HostConfig.RestartPolicy, { Name: "no", MaximumRetryCount: 0 });
  assert.equal(inspect.HostConfig.Memory ?? 0, 0);
  const images = JSON.parse((await request(d, "GET", "/images/json")).body) as { RepoTags: string[] }[];
  assert.deepEqual(
    images.map((i) => i.RepoTags),
    [["busybox:latest"]],
    "commit stored no image",
  );
  assert.equal(d.proc.exitCode, null, "berthd is still running");
});

test("a body as the real clients send it still creates a container: nulls, a string Cmd, lower-case names", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const made = await request(
    d,
    "POST",
    "/containers/create",
    JSON.stringify({
      image: "busybox",
      Cmd: "true",
      Env: null,
      Labels: null,
      Entrypoint: null,
      HostConfig: { memory: 8_388_608, CapAdd: "NET_ADMIN", RestartPolicy: null, Tmpfs: null },
    }),
  );
  assert.equal(made.status, 201, made.body);
  const id = JSON.parse(made.body).Id as string;
  const inspect = JSON.parse((await request(d, "GET", `/containers/${id}/json`)).body);
  assert.deepEqual(inspect.Config.Cmd, ["true"]);
  assert.equal(inspect.HostConfig.Memory, 8_388_608, "Go matches field names case-insensitively");
  assert.deepEqual(inspect.HostConfig.CapAdd, ["NET_ADMIN"], "CapAdd is a StrSlice in moby");
});

test("docker load of an image whose config has Cmd:5 is refused in-band and stores nothing", async (t) => {
  const d = await startDaemon(t);
  const layer = await makeTar([{ name: "hello.txt", content: "hi\n" }]);
  const config = JSON.stringify({
    architecture: "amd64",
    os: "linux",
    config: { Cmd: 5 },
    rootfs: { type: "layers", diff_ids: [sha256(layer)] },
  });
  const archive = await makeTar([
    {
      name: "manifest.json",
      content: JSON.stringify([{ Config: "c.json", RepoTags: ["bad:cmd"], Layers: ["l.tar"] }]),
    },
    { name: "c.json", content: config },
    { name: "l.tar", content: layer },
  ]);
  const reply = await new Promise<Reply>((resolve, reject) => {
    const req = http.request(
      {
        socketPath: d.socket,
        method: "POST",
        path: "/images/load",
        headers: { "Content-Type": "application/x-tar" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(archive);
  });
  const last = JSON.parse(reply.body.trim().split("\n").at(-1) ?? "{}");
  assert.match(
    last.error ?? "",
    /^Cannot load archive: c\.json is invalid: json: cannot unmarshal number into Go struct field config\.Cmd/,
    reply.body,
  );
  const images = JSON.parse((await request(d, "GET", "/images/json")).body) as unknown[];
  assert.deepEqual(images, [], "no image was stored");
  assert.equal((await request(d, "GET", "/_ping")).status, 200);
});

/** Sends raw bytes as the request and reads the reply until the server closes or answers in full. */
function rawRequest(d: TestDaemon, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(d.socket, () => sock.end(bytes));
    const chunks: Buffer[] = [];
    sock.on("data", (c) => chunks.push(c));
    sock.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    sock.on("error", reject);
  });
}

test("raw non-UTF-8 bytes in a path, and an OCI archive without manifests, leave berthd up with no JS text", async (t) => {
  const d = await startDaemon(t);
  // `docker inspect $'\xff'` sent unescaped, as a hand-written client might.
  const raw = await rawRequest(
    d,
    Buffer.concat([
      Buffer.from("GET /containers/"),
      Buffer.from([0xff]),
      Buffer.from("/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ]),
  );
  assert.match(raw, /^HTTP\/1\.1 (400|404) /, raw);
  assert.equal((await request(d, "GET", "/_ping")).status, 200);

  const archive = await makeTar([
    { name: "oci-layout", content: '{"imageLayoutVersion":"1.0.0"}' },
    { name: "index.json", content: '{"schemaVersion":2}' },
  ]);
  const reply = await new Promise<Reply>((resolve, reject) => {
    const req = http.request({ socketPath: d.socket, method: "POST", path: "/images/load" }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(archive);
  });
  const last = JSON.parse(reply.body.trim().split("\n").at(-1) ?? "{}");
  assert.ok(last.error, `the load failed in-band: ${reply.body}`);
  assert.doesNotMatch(last.error, jsText, "no JavaScript exception text reaches the client");
  assert.equal((await request(d, "GET", "/_ping")).status, 200);
});

test("the real docker CLI: inspect of a non-UTF-8 name, a relative workdir and a tiny memory limit", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  // The probe's `docker inspect $'\xff'`: argv with a raw 0xff byte, which Node cannot spawn directly.
  const inspect = await run("sh", ["-c", `docker -H "$1" inspect "$(printf '\\377')"`, "sh", d.host], {
    env: { DOCKER_CONFIG: path.join(d.dir, "docker-config") },
  });
  assert.equal(inspect.code, 1, inspect.stderr);
  assert.match(inspect.stderr, /No such object/);
  assert.equal((await request(d, "GET", "/_ping")).status, 200, "berthd survived");

  const wd = await docker(d, ["create", "--workdir", "rel", "busybox"]);
  assert.notEqual(wd.code, 0);
  assert.match(wd.stderr, /the working directory 'rel' is invalid, it needs to be an absolute path/);
  const mem = await docker(d, ["create", "--memory", "1000", "busybox"]);
  assert.notEqual(mem.code, 0);
  assert.match(mem.stderr, /Minimum memory limit allowed is 6MB/);
  const ok = await docker(d, [
    "create",
    "--workdir",
    "/tmp",
    "--memory",
    "8m",
    "--cap-add",
    "NET_ADMIN",
    "busybox",
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  const list = JSON.parse((await request(d, "GET", "/containers/json?all=1")).body) as { Id: string }[];
  assert.deepEqual(
    list.map((c) => c.Id),
    [ok.stdout.trim()],
    "only the valid create made a container",
  );
});
