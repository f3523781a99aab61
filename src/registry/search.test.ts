import assert from "node:assert/strict";
import http from "node:http";
import type net from "node:net";
import { test } from "node:test";
import { searchFilter, searchIndex, splitSearchTerm } from "./search.ts";

test("splitSearchTerm finds the registry a term addresses", () => {
  assert.deepEqual(splitSearchTerm("busybox"), { domain: "docker.io", remainder: "busybox" });
  assert.deepEqual(splitSearchTerm("library/busybox"), { domain: "docker.io", remainder: "library/busybox" });
  assert.deepEqual(splitSearchTerm("127.0.0.1:5000/bb"), { domain: "127.0.0.1:5000", remainder: "bb" });
  assert.deepEqual(splitSearchTerm("localhost/x/y"), { domain: "localhost", remainder: "x/y" });
  assert.deepEqual(splitSearchTerm("index.docker.io/nginx"), { domain: "docker.io", remainder: "nginx" });
});

interface IndexRequest {
  path: string;
  query: Record<string, string>;
}

/** A stand-in for Docker Hub's v1 search index on loopback, answering with `reply`. */
async function fakeIndex(
  t: { after(fn: () => Promise<void>): void },
  reply: (q: Record<string, string>) => { status: number; body: string },
) {
  const seen: IndexRequest[] = [];
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const query = Object.fromEntries(url.searchParams);
    seen.push({ path: url.pathname, query });
    const r = reply(query);
    res.writeHead(r.status, { "Content-Type": "application/json" });
    res.end(r.body);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  t.after(() => new Promise<void>((r) => srv.close(() => r())));
  const port = (srv.address() as net.AddressInfo).port;
  return { index: new URL(`http://127.0.0.1:${port}/v1/`), seen };
}

const hubReply = {
  num_pages: 1,
  num_results: 3,
  page: 1,
  page_size: 25,
  query: "busybox",
  results: [
    {
      name: "busybox",
      description: "Busybox base image.",
      star_count: 3300,
      is_official: true,
      is_automated: false,
      is_trusted: false,
    },
    {
      name: "someone/busybox",
      description: "A build",
      star_count: 2,
      is_official: false,
      is_automated: true,
    },
    { name: "other/bb", star_count: 0 },
  ],
};

test("searchIndex asks the index's v1 search API and maps its reply to the Engine API's", async (t) => {
  const hub = await fakeIndex(t, () => ({ status: 200, body: JSON.stringify(hubReply) }));
  const found = await searchIndex(hub.index, "busy box", 7);
  assert.deepEqual(hub.seen, [{ path: "/v1/search", query: { q: "busy box", n: "7" } }]);
  assert.deepEqual(found, [
    {
      name: "busybox",
      description: "Busybox base image.",
      star_count: 3300,
      is_official: true,
      is_automated: false,
    },
    // is_automated is always false, as Docker's daemon has it since Hub deprecated it.
    {
      name: "someone/busybox",
      description: "A build",
      star_count: 2,
      is_official: false,
      is_automated: false,
    },
    { name: "other/bb", description: "", star_count: 0, is_official: false, is_automated: false },
  ]);
});

test("searchIndex fails clearly when the index refuses or answers nonsense", async (t) => {
  let answer = { status: 503, body: "" };
  const hub = await fakeIndex(t, () => answer);
  const host = hub.index.host;
  await assert.rejects(searchIndex(hub.index, "x", 25), {
    name: "SystemError",
    message: `Cannot search ${host} for x: the index answered HTTP 503 Service Unavailable`,
  });
  answer = { status: 401, body: JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "no" }] }) };
  await assert.rejects(searchIndex(hub.index, "x", 25), {
    message: `Cannot search ${host} for x: the index answered HTTP 401: unauthorized: no`,
  });
  answer = { status: 200, body: "<html>" };
  await assert.rejects(searchIndex(hub.index, "x", 25), { message: /: the reply is not JSON$/ });
  answer = { status: 200, body: JSON.stringify({ results: "none" }) };
  await assert.rejects(searchIndex(hub.index, "x", 25), { message: /: the reply holds no list of results$/ });
  answer = { status: 200, body: JSON.stringify({ num_results: 0, results: null }) };
  assert.deepEqual(await searchIndex(hub.index, "x", 25), []);
});

test("searchFilter keeps results as Docker's stars, is-official and is-automated filters", async (t) => {
  const hub = await fakeIndex(t, () => ({ status: 200, body: JSON.stringify(hubReply) }));
  const found = await searchIndex(hub.index, "busybox", 25);
  const names = (filters: Record<string, string[]>) => {
    const f = searchFilter(new Map(Object.entries(filters)));
    return f.matchesNothing ? [] : found.filter((r) => f.keep(r)).map((r) => r.name);
  };
  assert.deepEqual(names({}), ["busybox", "someone/busybox", "other/bb"]);
  assert.deepEqual(names({ stars: ["2"] }), ["busybox", "someone/busybox"]);
  assert.deepEqual(names({ stars: ["1", "3000"] }), ["busybox"]);
  assert.deepEqual(names({ "is-official": ["true"] }), ["busybox"]);
  assert.deepEqual(names({ "is-official": ["0"] }), ["someone/busybox", "other/bb"]);
  assert.deepEqual(names({ "is-automated": ["false"] }), ["busybox", "someone/busybox", "other/bb"]);
  assert.deepEqual(names({ "is-automated": ["true"] }), []);
  assert.throws(() => names({ stars: ["many"] }), {
    name: "InvalidParameterError",
    message: "invalid filter 'stars=many'",
  });
  assert.throws(() => names({ "is-official": ["maybe"] }), { message: "invalid filter 'is-official=maybe'" });
  assert.throws(() => names({ "is-official": ["true", "false"] }), {
    message: "invalid filter 'is-official=true,false'",
  });
});
