import assert from "node:assert/strict";
import { test } from "node:test";
import { parseWwwAuthenticate, RegistryAuth, type TokenFetcher } from "./auth.ts";

interface Call {
  method: string;
  url: URL;
  headers: Record<string, string>;
  form?: URLSearchParams;
}

/** A token server in memory: answers each call with the next reply and records it. */
function fakeRealm(replies: { status: number; body: unknown }[]) {
  const calls: Call[] = [];
  const fetcher: TokenFetcher = async (url, init) => {
    calls.push({
      method: init.method,
      url,
      headers: init.headers,
      form: init.body ? new URLSearchParams(init.body.toString()) : undefined,
    });
    const r = replies.shift();
    if (!r) throw new Error("no reply left");
    return { status: r.status, body: Buffer.from(JSON.stringify(r.body)) };
  };
  return { calls, fetcher };
}

const challenge = {
  scheme: "bearer",
  params: { realm: "https://auth.example/token", service: "registry.example" },
};

test("a login asks for an offline token with Basic credentials and keeps the refresh token", async () => {
  const { calls, fetcher } = fakeRealm([
    { status: 200, body: { token: "t1", refresh_token: "r1" } },
    { status: 200, body: { access_token: "t2", refresh_token: "r2" } },
  ]);
  const auth = new RegistryAuth({ username: "u", password: "p" }, fetcher, { offlineToken: true });
  auth.challenge = challenge;
  assert.equal(await auth.header([]), "Bearer t1");
  assert.equal(calls[0].method, "GET");
  assert.equal(
    calls[0].url.href,
    "https://auth.example/token?service=registry.example&offline_token=true&client_id=docker&account=u",
  );
  assert.equal(calls[0].headers.Authorization, `Basic ${Buffer.from("u:p").toString("base64")}`);
  assert.equal(auth.identityToken, "r1");
  // Once a refresh token is known, further tokens come from the OAuth2 grant, as Docker's.
  assert.equal(await auth.header(["repository:a:pull"]), "Bearer t2");
  assert.equal(calls[1].method, "POST");
  assert.equal(calls[1].form?.get("refresh_token"), "r1");
  assert.equal(auth.identityToken, "r2");
});

test("without offlineToken the GET asks for no refresh token and a password-less user goes anonymous", async () => {
  const { calls, fetcher } = fakeRealm([{ status: 200, body: { token: "t" } }]);
  const auth = new RegistryAuth({ username: "u" }, fetcher);
  auth.challenge = challenge;
  assert.equal(await auth.header(["repository:a:pull", "repository:b:pull"]), "Bearer t");
  assert.equal(
    calls[0].url.search,
    "?service=registry.example&scope=repository%3Aa%3Apull&scope=repository%3Ab%3Apull",
  );
  assert.equal(calls[0].headers.Authorization, undefined);
  assert.equal(auth.identityToken, undefined);
});

test("an identity token is exchanged by the refresh_token grant, form-encoded", async () => {
  const { calls, fetcher } = fakeRealm([{ status: 200, body: { access_token: "at", expires_in: 300 } }]);
  const auth = new RegistryAuth({ username: "u", identitytoken: "rt" }, fetcher);
  auth.challenge = challenge;
  assert.equal(await auth.header(["repository:a:pull", "repository:a:push"]), "Bearer at");
  assert.equal(calls.length, 1);
  assert.equal(calls[0].method, "POST");
  assert.equal(calls[0].url.href, "https://auth.example/token");
  assert.equal(calls[0].headers["Content-Type"], "application/x-www-form-urlencoded");
  assert.equal(calls[0].headers.Authorization, undefined);
  assert.deepEqual(Object.fromEntries(calls[0].form ?? []), {
    grant_type: "refresh_token",
    refresh_token: "rt",
    service: "registry.example",
    scope: "repository:a:pull repository:a:push",
    client_id: "docker",
  });
  // Cached: the same scopes need no second grant.
  assert.equal(await auth.header(["repository:a:pull", "repository:a:push"]), "Bearer at");
  assert.equal(calls.length, 1);
  assert.equal(auth.identityToken, "rt");
});

test("a token server without the OAuth2 endpoint (404) is asked by GET instead", async () => {
  const { calls, fetcher } = fakeRealm([
    { status: 404, body: { errors: [] } },
    { status: 200, body: { token: "t" } },
  ]);
  const auth = new RegistryAuth({ username: "u", password: "p", identitytoken: "rt" }, fetcher);
  auth.challenge = challenge;
  assert.equal(await auth.header(["repository:a:pull"]), "Bearer t");
  assert.deepEqual(
    calls.map((c) => c.method),
    ["POST", "GET"],
  );
  assert.equal(calls[1].headers.Authorization, `Basic ${Buffer.from("u:p").toString("base64")}`);
});

test("refusals name the realm and what the token server said", async () => {
  const refused = async (status: number, body: unknown, identitytoken?: string) => {
    const { fetcher } = fakeRealm([{ status, body }]);
    const auth = new RegistryAuth({ username: "u", password: "p", identitytoken }, fetcher);
    auth.challenge = challenge;
    return auth.header([]).then(
      () => assert.fail("no refusal"),
      (err: Error) => err,
    );
  };
  const e1 = await refused(400, { error: "invalid_grant", error_description: "token revoked" }, "rt");
  assert.equal(e1.constructor.name, "UnauthorizedError");
  assert.equal(
    e1.message,
    "Cannot get a token from https://auth.example/token: HTTP 400: invalid_grant: token revoked",
  );
  const e2 = await refused(401, {}, "rt");
  assert.match(e2.message, /: unauthorized: the identity token was refused$/);
  const e3 = await refused(401, { details: "incorrect username or password" });
  assert.match(e3.message, /: unauthorized: incorrect username or password$/);
  const e4 = await refused(200, { expires_in: 60 });
  assert.match(e4.message, /: the reply holds no token$/);
});

test("WWW-Authenticate parses quoted values with commas", () => {
  assert.deepEqual(
    parseWwwAuthenticate(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"',
    ),
    {
      scheme: "bearer",
      params: {
        realm: "https://auth.docker.io/token",
        service: "registry.docker.io",
        scope: "repository:a/b:pull,push",
      },
    },
  );
});
