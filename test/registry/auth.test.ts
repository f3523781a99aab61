import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { nodeBin, repoRoot, run, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, makeTar, sha256, writeOciLayout } from "../helpers/images.ts";
import { startRegistry } from "../helpers/registry.ts";

interface Ctx {
  after(fn: () => Promise<void> | void): void;
}

/** The berth CLI with its own client config directory. */
function cli(d: TestDaemon, config: string, args: string[], input?: string) {
  return run(
    nodeBin,
    ["--disable-warning=ExperimentalWarning", path.join(repoRoot, "src/cli/main.ts"), "-H", d.host, ...args],
    { input, env: { DOCKER_CONFIG: config } },
  );
}

type AuthsEntry = { auth?: string; identitytoken?: string };

function auths(config: string): Record<string, AuthsEntry> {
  const file = path.join(config, "config.json");
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, "utf8")) as { auths?: Record<string, AuthsEntry> }).auths ?? {};
}

async function inspect(d: TestDaemon, name: string) {
  return d.client.json<{ Id: string; RepoDigests: string[] }>("GET", `/images/${name}/json`);
}

async function skopeo(args: string[]) {
  const r = await run("skopeo", args);
  assert.equal(r.code, 0, r.stderr);
  return r;
}

async function listen(t: Ctx, srv: http.Server): Promise<number> {
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  srv.on("connection", (s) => t.after(() => void s.destroy()));
  t.after(() => new Promise<void>((r) => srv.close(() => r())));
  return (srv.address() as net.AddressInfo).port;
}

interface Grant {
  /** repository name or `catalog` → granted actions */
  access: Map<string, Set<string>>;
  uses: number;
}

interface TokenRequest {
  method: string;
  scopes: string[];
  user?: string;
  service?: string;
  /** GET: offline_token=true; POST: the grant_type */
  offline?: boolean;
  grant?: string;
  clientId?: string;
  account?: string;
}

/**
 * A token server and a reverse proxy enforcing its opaque tokens in front of an open
 * docker-registry: the registry's token auth would need JWT signing, this does not. With
 * `refreshTokens`, a GET asking `offline_token=true` with valid credentials also gets a
 * refresh token, which the OAuth2 grant (`POST`, `grant_type=refresh_token`) exchanges for
 * tokens with that user's rights; without it, the POST answers 404 as a server without OAuth2.
 */
async function startTokenRealm(
  t: Ctx,
  upstreamPort: number,
  users: Record<string, string>,
  opts: { refreshTokens?: boolean } = {},
) {
  const tokens = new Map<string, Grant>();
  const refreshTokens = new Map<string, string>();
  const requests: TokenRequest[] = [];
  const state = { maxUses: Number.POSITIVE_INFINITY, refuseBasic: false };

  const issue = (user: string | undefined, scopes: string[]) => {
    const access = new Map<string, Set<string>>();
    for (const s of scopes) {
      const [type, name, actions] = s.split(":");
      // Anonymous clients may only pull, as a public repository on a real registry.
      const granted = actions.split(",").filter((a) => user || a === "pull");
      access.set(type === "registry" ? name : `repo:${name}`, new Set(granted));
    }
    const token = randomBytes(16).toString("hex");
    tokens.set(token, { access, uses: 0 });
    return token;
  };
  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const tokenServer = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
      const user = refreshTokens.get(form.get("refresh_token") ?? "");
      requests.push({
        method: "POST",
        scopes,
        user,
        service: form.get("service") ?? undefined,
        grant: form.get("grant_type") ?? undefined,
        clientId: form.get("client_id") ?? undefined,
      });
      if (!opts.refreshTokens)
        return reply(res, 404, { errors: [{ code: "NOT_FOUND", message: "no OAuth2" }] });
      if (form.get("grant_type") !== "refresh_token")
        return reply(res, 400, { error: "unsupported_grant_type" });
      if (!user)
        return reply(res, 400, { error: "invalid_grant", error_description: "unknown refresh token" });
      return reply(res, 200, { access_token: issue(user, scopes), expires_in: 300, scope: scopes.join(" ") });
    }
    const scopes = url.searchParams.getAll("scope");
    const offline = url.searchParams.get("offline_token") === "true";
    const common = {
      method: "GET",
      scopes,
      offline,
      clientId: url.searchParams.get("client_id") ?? undefined,
      account: url.searchParams.get("account") ?? undefined,
    };
    let user: string | undefined;
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
    if (basic) {
      const [u, p] = Buffer.from(basic[1], "base64").toString().split(":");
      if (users[u] !== p || state.refuseBasic) {
        requests.push({ ...common, user: `!${u}` });
        return reply(res, 401, { details: "incorrect username or password" });
      }
      user = u;
    }
    requests.push({ ...common, user, service: url.searchParams.get("service") ?? undefined });
    let refresh: string | undefined;
    if (opts.refreshTokens && offline && user) {
      refresh = `refresh-${randomBytes(8).toString("hex")}`;
      refreshTokens.set(refresh, user);
    }
    reply(res, 200, {
      token: issue(user, scopes),
      expires_in: 300,
      issued_at: new Date().toISOString(),
      ...(refresh ? { refresh_token: refresh } : {}),
    });
  });
  const tokenPort = await listen(t, tokenServer);

  const proxy = http.createServer((req, res) => {
    const p = new URL(req.url ?? "/", "http://x").pathname;
    let need: { key: string; action: string; scope: string } | undefined;
    const m = /^\/v2\/(.+?)\/(manifests|blobs|tags)\//.exec(p);
    if (m) {
      const action = req.method === "GET" || req.method === "HEAD" ? "pull" : "push";
      const actions = action === "pull" ? "pull" : "pull,push";
      need = { key: `repo:${m[1]}`, action, scope: `repository:${m[1]}:${actions}` };
    } else if (p === "/v2/_catalog") {
      need = { key: "catalog", action: "*", scope: "registry:catalog:*" };
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    const grant = bearer ? tokens.get(bearer[1]) : undefined;
    const ok =
      grant !== undefined &&
      grant.uses < state.maxUses &&
      (!need || grant.access.get(need.key)?.has(need.action) === true);
    if (!ok) {
      req.resume();
      const scope = need ? `,scope="${need.scope}"` : "";
      res.writeHead(401, {
        "Content-Type": "application/json",
        "WWW-Authenticate": `Bearer realm="http://127.0.0.1:${tokenPort}/token",service="test"${scope}`,
      });
      res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
      return;
    }
    grant.uses++;
    const headers = { ...req.headers };
    delete headers.authorization;
    const up = http.request(
      { host: "127.0.0.1", port: upstreamPort, path: req.url, method: req.method, headers },
      (ur) => {
        res.writeHead(ur.statusCode ?? 500, ur.headers);
        ur.pipe(res);
      },
    );
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  const port = await listen(t, proxy);
  return { port, requests, state, refreshTokens };
}

async function testImage(t: Ctx) {
  const work = await mkdtemp(path.join(tmpdir(), "berth-authtest-"));
  t.after(() => rm(work, { recursive: true, force: true }));
  const img = await writeOciLayout(path.join(work, "bb"), [await makeTar(busyboxEntries())], { cmd: ["sh"] });
  return { work, img };
}

/**
 * A docker-registry behind a token realm (user `u`, password `secret`) holding `bb:1`,
 * pushed there by skopeo, and a berthd; `host` is the realm's address.
 */
async function realmSetup(t: Ctx, opts: { refreshTokens?: boolean } = {}) {
  const reg = await startRegistry(t);
  const realm = await startTokenRealm(t, reg.port, { u: "secret" }, opts);
  const d = await startDaemon(t);
  const { work, img } = await testImage(t);
  await skopeo([
    "copy",
    "--dest-tls-verify=false",
    `oci:${img.layout}:latest`,
    `docker://127.0.0.1:${reg.port}/bb:1`,
  ]);
  return {
    reg,
    realm,
    d,
    work,
    img,
    host: `127.0.0.1:${realm.port}`,
    config: path.join(work, "docker-config"),
  };
}

test(
  "login, pull, push and search against a registry with htpasswd basic auth",
  { timeout: 300_000 },
  async (t) => {
    const reg = await startRegistry(t, { u: "secret" });
    const d = await startDaemon(t);
    const { work, img } = await testImage(t);
    const host = `127.0.0.1:${reg.port}`;
    const config = path.join(work, "docker-config");
    await skopeo([
      "copy",
      "--dest-tls-verify=false",
      "--dest-creds",
      "u:secret",
      `oci:${img.layout}:latest`,
      `docker://${host}/bb:1`,
    ]);

    await t.test("a pull without credentials is refused", async () => {
      const r = await cli(d, config, ["pull", `${host}/bb:1`]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /unauthorized/);
    });

    await t.test("a wrong password fails login and stores nothing", async () => {
      const r = await cli(d, config, ["login", host, "-u", "u", "--password-stdin"], "wrong\n");
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, new RegExp(`Get "http://${host}/v2/": unauthorized`));
      assert.equal(auths(config)[host], undefined);
    });

    await t.test("login checks the credentials and writes the auths entry", async () => {
      const r = await cli(d, config, ["login", host, "-u", "u", "--password-stdin"], "secret\n");
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Login Succeeded/);
      assert.equal(auths(config)[host]?.auth, Buffer.from("u:secret").toString("base64"));
    });

    await t.test("pull and push with the stored credentials keep the image ID and digest", async () => {
      const p = await cli(d, config, ["pull", `${host}/bb:1`]);
      assert.equal(p.code, 0, p.stderr);
      const digest = /Digest: (sha256:[a-f0-9]{64})/.exec(p.stdout)?.[1];
      const info = await inspect(d, `${host}/bb:1`);
      assert.equal(info.Id, img.configDigest);
      assert.deepEqual(info.RepoDigests, [`${host}/bb@${digest}`]);
      assert.equal((await cli(d, config, ["tag", `${host}/bb:1`, `${host}/copy:1`])).code, 0);
      const push = await cli(d, config, ["push", `${host}/copy:1`]);
      assert.equal(push.code, 0, push.stderr);
      const pushed = /1: digest: (sha256:[a-f0-9]{64}) size: \d+/.exec(push.stdout)?.[1];
      assert.equal(pushed, digest);
      const raw = await skopeo([
        "inspect",
        "--tls-verify=false",
        "--creds",
        "u:secret",
        "--raw",
        `docker://${host}/copy:1`,
      ]);
      assert.equal(sha256(raw.stdout), digest);
      assert.equal(JSON.parse(raw.stdout).config.digest, img.configDigest);
    });

    await t.test("search lists the registry's matching repositories from its catalog", async () => {
      const r = await cli(d, config, ["search", "--format", "{{.Name}}", `${host}/bb`]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split("\n"), [`${host}/bb`]);
      const all = await cli(d, config, ["search", "--format", "{{.Name}}", `${host}/`]);
      assert.deepEqual(all.stdout.trim().split("\n").sort(), [`${host}/bb`, `${host}/copy`]);
    });

    await t.test("search's --limit, --filter, --no-trunc and table work on catalog results", async () => {
      const table = await cli(d, config, ["search", `${host}/`]);
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trimEnd().split("\n");
      assert.match(lines[0], /^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL$/);
      assert.deepEqual(
        lines
          .slice(1)
          .map((l) => l.trim().split(/\s+/))
          .sort(),
        [
          [`${host}/bb`, "0"],
          [`${host}/copy`, "0"],
        ],
      );
      const limited = await cli(d, config, ["search", "--limit", "1", "--format", "{{.Name}}", `${host}/`]);
      assert.equal(limited.code, 0, limited.stderr);
      assert.equal(limited.stdout.trim().split("\n").length, 1);
      const fmt = "{{.Name}}|{{.Description}}|{{.StarCount}}|{{.IsOfficial}}|{{.IsAutomated}}";
      const kept = await cli(d, config, [
        "search",
        "--no-trunc",
        "-f",
        "stars=0",
        "--filter",
        "is-official=false",
        "--format",
        fmt,
        `${host}/bb`,
      ]);
      assert.equal(kept.code, 0, kept.stderr);
      assert.equal(kept.stdout, `${host}/bb||0||\n`);
      for (const filter of ["stars=1", "is-official=true", "is-automated=true"]) {
        const none = await cli(d, config, [
          "search",
          "--filter",
          filter,
          "--format",
          "{{.Name}}",
          `${host}/`,
        ]);
        assert.equal(none.code, 0, none.stderr);
        assert.equal(none.stdout, "", filter);
      }
      const bad = await cli(d, config, ["search", "--filter", "stars=many", `${host}/`]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /invalid filter 'stars=many'/);
      const range = await cli(d, config, ["search", "--limit", "101", `${host}/`]);
      assert.equal(range.code, 1);
      assert.match(range.stderr, /limit 101 is outside the range of \[1, 100\]/);
    });

    await t.test("search fails clearly where the registry has no catalog", async () => {
      const bare = http.createServer((req, res) => {
        const found = req.url === "/v2/";
        res.writeHead(found ? 200 : 404, { "Content-Type": "application/json" });
        res.end(found ? "{}" : JSON.stringify({ errors: [{ code: "NOT_FOUND", message: "not here" }] }));
      });
      const port = await listen(t, bare);
      const r = await cli(d, config, ["search", `127.0.0.1:${port}/bb`]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        new RegExp(`Cannot search 127.0.0.1:${port}: the registry offers no search API`),
      );
      assert.match(r.stderr, /catalog answered: not found: not here/);
    });

    await t.test("logout removes the entry", async () => {
      const r = await cli(d, config, ["logout", host]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(auths(config)[host], undefined);
      const s = await cli(d, config, ["search", `${host}/bb`]);
      assert.equal(s.code, 1);
      assert.match(s.stderr, /unauthorized/);
    });
  },
);

test("the Bearer token flow through a token realm", { timeout: 300_000 }, async (t) => {
  const { reg, realm, d, work, img, host, config } = await realmSetup(t);

  await t.test("an anonymous pull gets a pull token", async () => {
    const r = await cli(d, config, ["pull", `${host}/bb:1`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await inspect(d, `${host}/bb:1`)).Id, img.configDigest);
    assert.ok(
      realm.requests.some((q) => q.user === undefined && q.scopes.includes("repository:bb:pull")),
      JSON.stringify(realm.requests),
    );
    assert.ok(realm.requests.every((q) => q.service === "test"));
  });

  await t.test("a push needs credentials: the anonymous token is refused", async () => {
    assert.equal((await cli(d, config, ["tag", `${host}/bb:1`, `${host}/copy:1`])).code, 0);
    const r = await cli(d, config, ["push", `${host}/copy:1`]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr + r.stdout, /unauthorized/);
    assert.ok(
      realm.requests.some((q) => q.user === undefined && q.scopes.includes("repository:copy:pull,push")),
      JSON.stringify(realm.requests),
    );
  });

  await t.test("a wrong password fails login through the realm", async () => {
    const r = await cli(d, config, ["login", host, "-u", "u", "--password-stdin"], "nope\n");
    assert.equal(r.code, 1, r.stdout);
    assert.match(
      r.stderr,
      new RegExp(`Get "http://${host}/v2/": unauthorized: incorrect username or password`),
    );
    assert.equal(auths(config)[host], undefined);
  });

  await t.test("after login the push gets a pull,push token and keeps the digest", async () => {
    const l = await cli(d, config, ["login", host, "-u", "u", "--password-stdin"], "secret\n");
    assert.equal(l.code, 0, l.stderr);
    assert.ok(auths(config)[host]?.auth);
    realm.requests.length = 0;
    const r = await cli(d, config, ["push", `${host}/copy:1`]);
    assert.equal(r.code, 0, r.stderr);
    const pushed = /1: digest: (sha256:[a-f0-9]{64}) size: \d+/.exec(r.stdout)?.[1];
    assert.ok(
      realm.requests.some((q) => q.user === "u" && q.scopes.includes("repository:copy:pull,push")),
      JSON.stringify(realm.requests),
    );
    const raw = await skopeo([
      "inspect",
      "--tls-verify=false",
      "--raw",
      `docker://127.0.0.1:${reg.port}/copy:1`,
    ]);
    assert.equal(sha256(raw.stdout), pushed);
    assert.equal(JSON.parse(raw.stdout).config.digest, img.configDigest);
  });

  await t.test("a token the registry stops accepting is renewed", async () => {
    const layers = [
      await makeTar(busyboxEntries()),
      await makeTar([{ name: "a", content: randomBytes(1000) }]),
      await makeTar([{ name: "b", content: randomBytes(1000) }]),
    ];
    const three = await writeOciLayout(path.join(work, "three"), layers);
    await skopeo([
      "copy",
      "--dest-tls-verify=false",
      `oci:${three.layout}:latest`,
      `docker://127.0.0.1:${reg.port}/three:1`,
    ]);
    realm.requests.length = 0;
    // Each token carries two requests at most: the pull must fetch more than one.
    realm.state.maxUses = 2;
    const r = await cli(d, config, ["pull", `${host}/three:1`]);
    realm.state.maxUses = Number.POSITIVE_INFINITY;
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await inspect(d, `${host}/three:1`)).Id, three.configDigest);
    // The manifest, the config and three layers: five requests, at least three tokens.
    const pulls = realm.requests.filter((q) => q.scopes.includes("repository:three:pull"));
    assert.ok(pulls.length >= 3, JSON.stringify(realm.requests));
  });

  await t.test("search through the realm asks for the catalog scope", async () => {
    const r = await cli(d, config, ["search", "--format", "{{.Name}}", `${host}/copy`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `${host}/copy`);
    assert.ok(realm.requests.some((q) => q.user === "u" && q.scopes.includes("registry:catalog:*")));
  });

  await t.test("logout removes the entry", async () => {
    assert.equal((await cli(d, config, ["logout", host])).code, 0);
    assert.equal(auths(config)[host], undefined);
  });
});

test(
  "identity tokens: login stores the realm's refresh token, pulls and pushes use only it",
  {
    timeout: 300_000,
  },
  async (t) => {
    const { reg, realm, d, img, host, config } = await realmSetup(t, { refreshTokens: true });

    await t.test("login asks for an offline token and stores it instead of the password", async () => {
      const r = await cli(d, config, ["login", host, "-u", "u", "--password-stdin"], "secret\n");
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Login Succeeded/);
      assert.deepEqual(
        realm.requests.map((q) => ({ ...q, scopes: undefined })),
        [
          {
            method: "GET",
            scopes: undefined,
            offline: true,
            clientId: "docker",
            account: "u",
            user: "u",
            service: "test",
          },
        ],
      );
      const [refresh] = realm.refreshTokens.keys();
      // docker's config file: `auth` holds the user name and an empty password.
      assert.deepEqual(auths(config)[host], {
        auth: Buffer.from("u:").toString("base64"),
        identitytoken: refresh,
      });
      const file = readFileSync(path.join(config, "config.json"), "utf8");
      assert.doesNotMatch(file, /secret/);
      assert.ok(!file.includes(Buffer.from("u:secret").toString("base64")));
    });

    await t.test("pull and push get their tokens by the refresh_token grant alone", async () => {
      realm.requests.length = 0;
      // Basic credentials are refused from now on: only the grant can authorise the push.
      realm.state.refuseBasic = true;
      const p = await cli(d, config, ["pull", `${host}/bb:1`]);
      assert.equal(p.code, 0, p.stderr);
      assert.equal((await inspect(d, `${host}/bb:1`)).Id, img.configDigest);
      assert.equal((await cli(d, config, ["tag", `${host}/bb:1`, `${host}/copy:1`])).code, 0);
      const r = await cli(d, config, ["push", `${host}/copy:1`]);
      assert.equal(r.code, 0, r.stderr);
      const pushed = /1: digest: (sha256:[a-f0-9]{64}) size: \d+/.exec(r.stdout)?.[1];
      const raw = await skopeo([
        "inspect",
        "--tls-verify=false",
        "--raw",
        `docker://127.0.0.1:${reg.port}/copy:1`,
      ]);
      assert.equal(sha256(raw.stdout), pushed);
      const all = JSON.stringify(realm.requests);
      assert.ok(realm.requests.length > 0, all);
      for (const q of realm.requests) {
        assert.deepEqual(
          { method: q.method, grant: q.grant, clientId: q.clientId, service: q.service, user: q.user },
          { method: "POST", grant: "refresh_token", clientId: "docker", service: "test", user: "u" },
          all,
        );
      }
      assert.ok(
        realm.requests.some((q) => q.scopes.includes("repository:bb:pull")),
        all,
      );
      assert.ok(
        realm.requests.some((q) => q.scopes.includes("repository:copy:pull,push")),
        all,
      );
    });

    await t.test("a refresh token the realm no longer knows fails with its words", async () => {
      realm.refreshTokens.clear();
      const r = await cli(d, config, ["pull", `${host}/bb:1`]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /invalid_grant: unknown refresh token/);
    });
  },
);
