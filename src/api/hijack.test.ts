import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { readHijackBody, readUpgradeBody } from "./hijack.ts";
import type { RequestContext } from "./router.ts";

/** An upgraded request whose socket delivers `chunks` after `head`. */
function upgraded(headers: Record<string, string>, head: string, chunks: string[]): RequestContext {
  const socket = new PassThrough();
  for (const c of chunks) socket.write(c);
  return {
    req: { headers } as IncomingMessage,
    res: undefined as never,
    params: {},
    query: new URLSearchParams(),
    apiVersion: "1.44",
    upgrade: { socket, head: Buffer.from(head) },
  };
}

test("a hijacking request's Content-Length body is taken whole, across reads; what follows is stdin", async () => {
  const body = '{"stream":true,"stdin":true}';
  const ctx = upgraded({ "content-length": String(body.length) }, body.slice(0, 5), [
    body.slice(5, 12),
    `${body.slice(12)}hello`,
  ]);
  assert.equal((await readHijackBody(ctx)).toString(), body);
  assert.equal(ctx.upgrade?.head.toString(), "hello");
});

test("without Content-Length an upgraded request has no body: the head stays stdin", async () => {
  const ctx = upgraded({}, "hello", []);
  assert.equal((await readHijackBody(ctx)).length, 0);
  assert.equal(ctx.upgrade?.head.toString(), "hello");
  assert.deepEqual((await readUpgradeBody(ctx)).body, {});
});

test("a bogus Content-Length is refused before anything is read", async () => {
  const ctx = upgraded({ "content-length": String(64 * 1024 * 1024) }, "", []);
  await assert.rejects(readHijackBody(ctx), { code: "INVALID_PARAMETER" });
});
