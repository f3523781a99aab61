import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { test } from "node:test";
import type { SearchResult } from "../../types/registry.ts";
import { decodeAuthConfig, INDEX_SERVER } from "../auth-config.ts";
import { runCli } from "../main.ts";
import { platformJson, searchFiltersJson, searchIndex, searchRows } from "./registry.ts";

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A fake berthd on a temporary unix socket that records each request. */
async function fakeDaemon(t: { after(fn: () => Promise<void>): void }, handler: Handler) {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-registry-cli-"));
  const socket = path.join(dir, "d.sock");
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      auth: req.headers["x-registry-auth"] as string | undefined,
      body,
    });
    handler(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  t.after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });
  const config = path.join(dir, "config");
  const cli = async (args: string[], stdin: string | Readable = "") => {
    let stdout = "";
    let stderr = "";
    const input =
      typeof stdin === "string" ? Readable.from(stdin ? [Buffer.from(stdin)] : []) : (stdin as Readable);
    const code = await runCli(["-H", `unix://${socket}`, "--config", config, ...args], {
      stdin: input,
      stdout: new (class extends PassThrough {
        override write(c: unknown) {
          stdout += String(c);
          return true;
        }
      })(),
      stderr: new (class extends PassThrough {
        override write(c: unknown) {
          stderr += String(c);
          return true;
        }
      })(),
    });
    return { code, stdout, stderr };
  };
  return { seen, cli, config };
}

function stream(res: ServerResponse, msgs: object[]): void {
  res.writeHead(200, { "Content-Type": "application/json" });
  for (const m of msgs) res.write(`${JSON.stringify(m)}\r\n`);
  res.end();
}

const pullStream = [
  { status: "Pulling from library/busybox", id: "latest" },
  { status: "Pulling fs layer", progressDetail: {}, id: "aaa" },
  { status: "Downloading", progressDetail: { current: 5, total: 10 }, progress: "[==>  ]", id: "aaa" },
  { status: "Pull complete", progressDetail: {}, id: "aaa" },
  { status: "Digest: sha256:1111" },
  { status: "Status: Downloaded newer image for busybox:latest" },
];

test("pull: docker's request, default tag, progress and the canonical reference", async (t) => {
  const d = await fakeDaemon(t, (_req, res) => stream(res, pullStream));
  const r = await d.cli(["pull", "busybox"]);
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    "Using default tag: latest\n" +
      "latest: Pulling from library/busybox\n" +
      "aaa: Pulling fs layer\n" +
      "aaa: Pull complete\n" +
      "Digest: sha256:1111\n" +
      "Status: Downloaded newer image for busybox:latest\n" +
      "docker.io/library/busybox:latest\n",
  );
  assert.deepEqual(d.seen, [
    {
      method: "POST",
      url: "/v1.44/images/create?fromImage=busybox&tag=latest",
      auth: "e30=",
      body: "",
    },
  ]);

  const q = await d.cli(["pull", "-q", "--platform", "Linux/ARM64", "127.0.0.1:5000/bb:v1"]);
  assert.equal(q.stdout, "127.0.0.1:5000/bb:v1\n");
  assert.equal(
    d.seen[1].url,
    "/v1.44/images/create?fromImage=127.0.0.1%3A5000%2Fbb&platform=linux%2Farm64&tag=v1",
  );

  const a = await d.cli(["pull", "-a", "busybox"]);
  assert.equal(a.code, 0);
  assert.doesNotMatch(a.stdout, /Using default tag/);
  assert.match(a.stdout, /\ndocker\.io\/library\/busybox\n$/);
  assert.equal(d.seen[2].url, "/v1.44/images/create?fromImage=busybox");

  const digest = `sha256:${"a".repeat(64)}`;
  const p = await d.cli(["pull", "-q", `busybox@${digest}`]);
  assert.equal(p.stdout, `docker.io/library/busybox@${digest}\n`);
  assert.equal(d.seen[3].url, `/v1.44/images/create?fromImage=busybox&tag=sha256%3A${"a".repeat(64)}`);

  const bad = await d.cli(["pull", "-a", "busybox:1"]);
  assert.deepEqual([bad.code, bad.stderr], [1, "tag can't be used with --all-tags/-a\n"]);
  assert.equal(d.seen.length, 4);
});

test("pull sends the stored credentials of the image's registry", async (t) => {
  const d = await fakeDaemon(t, (_req, res) => stream(res, []));
  const login = await d.cli(["login", "-u", "alice", "--password-stdin", "127.0.0.1:5000"], "pw\n");
  assert.equal(login.code, 0, login.stderr);
  await d.cli(["pull", "-q", "127.0.0.1:5000/bb"]);
  assert.deepEqual(decodeAuthConfig(d.seen[1].auth ?? ""), {
    username: "alice",
    password: "pw",
    serveraddress: "127.0.0.1:5000",
  });
  await d.cli(["pull", "-q", "busybox"]);
  assert.equal(d.seen[2].auth, "e30=");
});

test("pull: an error in the stream fails the command with the daemon's text", async (t) => {
  const d = await fakeDaemon(t, (_req, res) =>
    stream(res, [
      { status: "Pulling from library/busybox", id: "latest" },
      { errorDetail: { message: "manifest unknown" }, error: "manifest unknown" },
    ]),
  );
  const r = await d.cli(["pull", "busybox:nope"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "latest: Pulling from library/busybox\n");
  assert.equal(r.stderr, "manifest unknown\n");
});

test("pull: an error before the stream is the daemon's error response", async (t) => {
  const d = await fakeDaemon(t, (_req, res) => {
    res.writeHead(500, { "Content-Type": "application/json" });
    res.end('{"message":"Get \\"http://127.0.0.1:5999/v2/\\": connection refused"}');
  });
  const r = await d.cli(["pull", "-q", "127.0.0.1:5999/x"]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error response from daemon: Get "http://127.0.0.1:5999/v2/": connection refused\n');
});

const pushStream = [
  { status: "The push refers to repository [127.0.0.1:5000/bb]" },
  { status: "Preparing", progressDetail: {}, id: "d51579d82d14" },
  {
    status: "Pushing",
    progressDetail: { current: 33792, total: 1982256 },
    progress: "[>  ]",
    id: "d51579d82d14",
  },
  { status: "Pushed", progressDetail: {}, id: "d51579d82d14" },
  { status: "latest: digest: sha256:9046 size: 736" },
  { progressDetail: {}, aux: { Tag: "latest", Digest: "sha256:9046", Size: 736 } },
];

test("push: docker's request and output", async (t) => {
  const d = await fakeDaemon(t, (_req, res) => stream(res, pushStream));
  const r = await d.cli(["push", "127.0.0.1:5000/bb"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    "Using default tag: latest\n" +
      "The push refers to repository [127.0.0.1:5000/bb]\n" +
      "d51579d82d14: Preparing\n" +
      "d51579d82d14: Pushed\n" +
      "latest: digest: sha256:9046 size: 736\n",
  );
  assert.deepEqual(d.seen[0], {
    method: "POST",
    url: "/v1.44/images/127.0.0.1:5000/bb/push?tag=latest",
    auth: "e30=",
    body: "",
  });

  const q = await d.cli(["push", "-q", "--platform", "linux/arm64/v8", "127.0.0.1:5000/bb:v2"]);
  assert.equal(q.stdout, "127.0.0.1:5000/bb:v2\n");
  assert.equal(
    d.seen[1].url,
    `/v1.44/images/127.0.0.1:5000/bb/push?platform=${encodeURIComponent('{"architecture":"arm64","os":"linux"}')}&tag=v2`,
  );

  await d.cli(["push", "-a", "-q", "myrepo"]);
  assert.equal(d.seen[2].url, "/v1.44/images/myrepo/push");

  const digest = await d.cli(["push", `bb@sha256:${"b".repeat(64)}`]);
  assert.deepEqual([digest.code, digest.stderr], [1, "cannot push a digest reference\n"]);
});

test("push --platform is sent as the OCI platform JSON, normalised", () => {
  assert.equal(platformJson("linux/amd64"), '{"architecture":"amd64","os":"linux"}');
  assert.equal(platformJson("linux/x86_64"), '{"architecture":"amd64","os":"linux"}');
  assert.equal(platformJson("linux/arm/7"), '{"architecture":"arm","os":"linux","variant":"v7"}');
  assert.equal(platformJson("arm64"), '{"architecture":"arm64","os":"linux"}');
  assert.throws(() => platformJson("linux//x"), /unknown operating system or architecture/);
});

test("login stores what the daemon accepted; logout removes it", async (t) => {
  const d = await fakeDaemon(t, (_req, res, body) => {
    const auth = JSON.parse(body) as { password?: string };
    if (auth.password === "wrong") {
      res.writeHead(401, { "Content-Type": "application/json" });
      res.end('{"message":"Get \\"http://127.0.0.1:5000/v2/\\": unauthorized: authentication required"}');
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ Status: "Login Succeeded", IdentityToken: "" }));
  });
  const cfgFile = path.join(d.config, "config.json");

  const r = await d.cli(["login", "-u", "alice", "--password-stdin", "http://127.0.0.1:5000/"], "s3cret\r\n");
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, "Login Succeeded\n", ""]);
  assert.deepEqual(d.seen[0], {
    method: "POST",
    url: "/v1.44/auth",
    auth: undefined,
    body: '{"username":"alice","password":"s3cret","serveraddress":"127.0.0.1:5000"}',
  });
  assert.deepEqual(JSON.parse(await readFile(cfgFile, "utf8")), {
    auths: { "127.0.0.1:5000": { auth: Buffer.from("alice:s3cret").toString("base64") } },
  });

  const p = await d.cli(["login", "-u", "bob", "-p", "pw"]);
  assert.equal(p.code, 0);
  assert.equal(p.stderr, "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n");
  assert.equal(JSON.parse(d.seen[1].body).serveraddress, INDEX_SERVER);

  // Stored credentials are tried again when none are given.
  const again = await d.cli(["login", "127.0.0.1:5000"]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, "Login Succeeded\n");
  assert.match(again.stderr, /^Authenticating with existing credentials\.\.\. \[Username: alice\]\n/);
  assert.equal(d.seen[2].body, d.seen[0].body);

  const bad = await d.cli(["login", "-u", "alice", "-p", "wrong", "127.0.0.1:5000"]);
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    /\nError response from daemon: Get "http:\/\/127\.0\.0\.1:5000\/v2\/": unauthorized: authentication required\n$/,
  );
  // The earlier, good credentials are still there.
  assert.ok(JSON.parse(await readFile(cfgFile, "utf8")).auths["127.0.0.1:5000"].auth);

  const out = await d.cli(["logout", "127.0.0.1:5000"]);
  assert.deepEqual(
    [out.code, out.stdout, out.stderr],
    [0, "Removing login credentials for 127.0.0.1:5000\n", ""],
  );
  assert.deepEqual(Object.keys(JSON.parse(await readFile(cfgFile, "utf8")).auths), [INDEX_SERVER]);
  const hub = await d.cli(["logout"]);
  assert.equal(hub.stdout, `Removing login credentials for ${INDEX_SERVER}\n`);
  assert.deepEqual(JSON.parse(await readFile(cfgFile, "utf8")).auths, {});
});

test("login keeps an identity token instead of the password", async (t) => {
  const d = await fakeDaemon(t, (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ Status: "Login Succeeded", IdentityToken: "idtok" }));
  });
  const r = await d.cli(["login", "-u", "alice", "--password-stdin", "reg.example"], "pw");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(await readFile(path.join(d.config, "config.json"), "utf8")).auths, {
    "reg.example": { auth: Buffer.from("alice:").toString("base64"), identitytoken: "idtok" },
  });
});

test("login refuses what docker refuses, before asking the daemon", async (t) => {
  const d = await fakeDaemon(t, (_req, res) => res.end());
  const both = await d.cli(["login", "-u", "a", "-p", "x", "--password-stdin"]);
  assert.equal(both.code, 1);
  assert.match(both.stderr, /\n--password and --password-stdin are mutually exclusive\n$/);
  const noUser = await d.cli(["login", "--password-stdin"], "x");
  assert.deepEqual([noUser.code, noUser.stderr], [1, "Must provide --username with --password-stdin\n"]);
  const noTty = await d.cli(["login", "-u", "a", "r.example"]);
  assert.deepEqual(
    [noTty.code, noTty.stderr],
    [1, "Error: Cannot perform an interactive login from a non TTY device\n"],
  );
  assert.equal(d.seen.length, 0);
});

test("logout of a server never logged in to still says what it removed", async (t) => {
  const d = await fakeDaemon(t, (_req, res) => res.end());
  const r = await d.cli(["logout", "https://reg.example:5000/v2/"]);
  assert.deepEqual(
    [r.code, r.stdout, r.stderr],
    [0, "Removing login credentials for reg.example:5000\n", ""],
  );
});

const results: SearchResult[] = [
  {
    name: "busybox",
    description: "Busybox base image.",
    star_count: 3300,
    is_official: true,
    is_automated: false,
  },
  {
    name: "someone/busybox-with-a-long-name",
    description: "A busybox build\nwith a description that is far longer than forty-five columns",
    star_count: 2,
    is_official: false,
    is_automated: true,
  },
];

test("search: docker's columns, truncation, request and filters", async (t) => {
  const d = await fakeDaemon(t, (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(results));
  });
  const r = await d.cli([
    "search",
    "--limit",
    "5",
    "--filter",
    "stars=2",
    "-f",
    "is-official=true",
    "busybox",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    "NAME                               DESCRIPTION                                     STARS     OFFICIAL\n" +
      "busybox                            Busybox base image.                             3300      [OK]\n" +
      "someone/busybox-with-a-long-name   A busybox build with a description that is f…   2         \n",
  );
  assert.deepEqual(d.seen[0], {
    method: "GET",
    url: `/v1.44/images/search?filters=${encodeURIComponent('{"stars":{"2":true},"is-official":{"true":true}}')}&limit=5&term=busybox`,
    auth: "e30=",
    body: "",
  });

  const full = await d.cli([
    "search",
    "--no-trunc",
    "--format",
    "{{.Name}}|{{.Description}}|{{.IsAutomated}}",
    "x",
  ]);
  assert.equal(
    full.stdout,
    "busybox|Busybox base image.|\n" +
      "someone/busybox-with-a-long-name|A busybox build with a description that is far longer than forty-five columns|[OK]\n",
  );
  assert.equal(d.seen[1].url, "/v1.44/images/search?term=x");

  const auto = await d.cli(["search", "--filter", "is-automated=true", "x"]);
  assert.match(auto.stderr, /^WARNING: the "is-automated" filter is deprecated/);
});

test("search helpers: rows, filters, the registry a term names", () => {
  assert.deepEqual(searchRows(results, true)[0], {
    Name: "busybox",
    Description: "Busybox base image.",
    StarCount: "3300",
    IsOfficial: "[OK]",
    IsAutomated: "",
  });
  assert.equal(searchRows(results, true)[1].Description.length, 45);
  assert.equal(searchFiltersJson([]), undefined);
  assert.throws(() => searchFiltersJson(["stars"]), /bad format of filter/);
  assert.equal(searchIndex("busybox"), "docker.io");
  assert.equal(searchIndex("library/busybox"), "docker.io");
  assert.equal(searchIndex("127.0.0.1:5000/bb"), "127.0.0.1:5000");
  assert.equal(searchIndex("localhost/bb"), "localhost");
});
