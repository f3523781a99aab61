import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { dechunk, exchange, parseHead, requestHead, upgrade } from "./raw-http.ts";

test("heads and chunked bodies, whole or not yet", () => {
  const p = parseHead(
    Buffer.from("HTTP/1.1 404 Not Found\r\nA: 1\r\nSet-Cookie: x\r\nset-cookie: y\r\n\r\nbody"),
  );
  assert.deepEqual(p?.res, { status: 404, headers: { a: "1", "set-cookie": "x, y" } });
  assert.equal(p?.rest.toString(), "body");
  assert.equal(parseHead(Buffer.from("HTTP/1.1 200 OK\r\nA: 1\r\n")), undefined);
  assert.equal(dechunk(Buffer.from("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"))?.toString(), "abcde");
  assert.equal(dechunk(Buffer.from("3\r\nabc\r\n2\r\nd")), undefined);
});

test("exchange and upgrade against node:http's server on a unix socket", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "raw-http-"));
  const sock = path.join(dir, "s.sock");
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      if (req.url === "/chunked") {
        res.write("part1,");
        setImmediate(() => res.end(`part2:${body}`));
      } else if (req.url === "/empty") {
        res.writeHead(204).end();
      } else res.writeHead(409, { "Content-Type": "application/json" }).end('{"message":"no"}');
    });
  });
  server.on("upgrade", (req, socket, head) => {
    if (req.url === "/refuse") {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 16\r\n\r\n{"message":"x"}\n');
      return;
    }
    socket.write("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello ");
    // Later output must reach a listener that is added only after the upgrade resolved.
    setTimeout(() => socket.end("world"), 20);
    assert.equal(head.length, 0);
  });
  server.listen(sock);
  await once(server, "listening");
  t.after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const h = (p: string, extra: Record<string, string> = {}) =>
    requestHead("POST", p, { Host: "x", Connection: "close", ...extra });
  const body = Buffer.from("{}");
  const chunked = await exchange(sock, h("/chunked", { "Content-Length": "2" }), body);
  assert.equal(chunked.status, 200);
  assert.equal(chunked.body.toString(), "part1,part2:{}");
  assert.equal((await exchange(sock, h("/empty"))).status, 204);
  const conflict = await exchange(sock, h("/other"), undefined);
  assert.deepEqual([conflict.status, conflict.body.toString()], [409, '{"message":"no"}']);
  const up = await upgrade(sock, h("/attach", { Connection: "Upgrade", Upgrade: "tcp" }), undefined);
  assert.ok(up.upgraded);
  let got = up.head.toString();
  // The listener comes a turn later, as a caller setting up its streams would add it.
  await new Promise((r) => setImmediate(r));
  up.socket.on("data", (c: Buffer) => {
    got += c.toString();
  });
  await once(up.socket, "end");
  assert.equal(got, "hello world");
  const refused = await upgrade(sock, h("/refuse", { Connection: "Upgrade", Upgrade: "tcp" }), undefined);
  assert.ok(!refused.upgraded);
  assert.equal(refused.res.status, 404);
  await assert.rejects(exchange(path.join(dir, "missing.sock"), h("/x")), /ENOENT/);
});
