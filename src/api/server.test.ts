import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { NotFoundError } from "../errdefs/errors.ts";
import { createLogger } from "../util/logger.ts";
import { startJsonStream } from "./http-util.ts";
import { createApiServer, Router } from "./server.ts";

function get(socketPath: string, urlPath: string, method = "GET"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: urlPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("whatever a route throws becomes a reply, never an unhandled rejection or JavaScript text", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-api-"));
  const socket = path.join(dir, "api.sock");
  const lines: string[] = [];
  const router = new Router();
  router.post("/containers/{id}/start", () => {
    const rec = undefined as unknown as { State: { Running: boolean } };
    if (rec.State.Running) return;
  });
  router.get("/containers/{id}/json", (ctx) => {
    throw new NotFoundError(`No such container: ${ctx.params.id}`);
  });
  router.post("/images/load", async (ctx) => {
    const send = startJsonStream(ctx.res);
    send({ stream: "Loading\n" });
    const idx = {} as { manifests: string[] };
    for (const m of idx.manifests) send(m);
  });
  const server = createApiServer(
    router,
    createLogger("debug", {}, (l) => lines.push(l)),
  );
  const rejections: unknown[] = [];
  const onRejection = (err: unknown) => rejections.push(err);
  process.on("unhandledRejection", onRejection);
  await new Promise<void>((r) => server.listen(socket, r));
  t.after(async () => {
    process.off("unhandledRejection", onRejection);
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  const bug = await get(socket, "/v1.44/containers/abc/start", "POST");
  assert.equal(bug.status, 500);
  assert.deepEqual(JSON.parse(bug.body), {
    message: "Cannot start container: internal error, see berthd's log",
  });
  const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "request failed");
  assert.match(logged?.err ?? "", /Cannot read properties of undefined/);
  assert.match(logged?.stack ?? "", /TypeError[\s\S]*server\.test\.ts/, "the stack is in berthd's log");

  const typed = await get(socket, "/containers/abc/json");
  assert.equal(typed.status, 404);
  assert.deepEqual(JSON.parse(typed.body), { message: "No such container: abc" });

  const badEscape = await get(socket, "/containers/%zz/json");
  assert.equal(badEscape.status, 400);
  assert.deepEqual(JSON.parse(badEscape.body), { message: 'invalid URL escape "%zz"' });
  const head = await get(socket, "/containers/%zz/json", "HEAD");
  assert.equal(head.status, 400);

  const stream = await get(socket, "/images/load", "POST");
  assert.equal(stream.status, 200);
  const last = JSON.parse(stream.body.trim().split("\n").at(-1) ?? "{}");
  assert.deepEqual(last, {
    errorDetail: { message: "Cannot load image: internal error, see berthd's log" },
    error: "Cannot load image: internal error, see berthd's log",
  });

  assert.equal((await get(socket, "/nothing")).status, 404);
  assert.deepEqual(rejections, []);
});
