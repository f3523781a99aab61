// Routes clients call that berth answers as a dockerd with no swarm, no plugins and no build
// cache answers them (issue 13, item 6), and `docker system prune -f` going to the end.

import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { berth, docker, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, importBusybox, makeTar } from "../helpers/images.ts";

const NOT_A_MANAGER =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

/** Status and message of a raw API call. */
async function call(
  d: TestDaemon,
  method: string,
  path: string,
  opts: { query?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const res = await d.client.request(method, path, opts);
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A stopped container of the current busybox image, whose tag then moves to a new image. */
async function danglingWithContainer(d: TestDaemon, cmd: string): Promise<string> {
  const old = (await docker(d, ["image", "inspect", "-f", "{{.Id}}", "busybox"])).stdout.trim();
  assert.equal((await docker(d, ["run", "busybox", "true"])).code, 0);
  await d.client.jsonStream(
    "POST",
    "/images/create",
    {
      query: { fromSrc: "-", repo: "busybox", tag: "latest", changes: [`CMD ["${cmd}"]`] },
      stream: Readable.from([await makeTar(busyboxEntries())]),
    },
    () => {},
  );
  return old;
}

test("docker system prune -f prunes containers, then images, to the end; berth system prune too", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const old = await danglingWithContainer(d, "true");
  const prune = await docker(d, ["system", "prune", "-f"]);
  assert.equal(prune.code, 0, prune.stderr);
  assert.match(prune.stdout, /^Deleted Containers:\n[0-9a-f]{64}\n\nDeleted Images:\n/);
  assert.ok(prune.stdout.includes(`deleted: ${old}\n`), prune.stdout);
  assert.match(prune.stdout, /Total reclaimed space: /);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
  assert.equal((await docker(d, ["images", "-aq"])).stdout.trim().split("\n").length, 1);
  const older = await danglingWithContainer(d, "sh");
  const declined = await berth(d, ["system", "prune"], { input: "n\n" });
  assert.match(declined.stdout, /^WARNING! This will remove:\n {2}- all stopped containers\n/);
  assert.match(declined.stdout, / {2}- unused build cache\n\nAre you sure you want to continue\? \[y\/N\] /);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout.trim().split("\n").length, 1, "nothing pruned");
  const ours = await berth(d, ["system", "prune", "-f"]);
  assert.equal(ours.code, 0, ours.stderr);
  assert.match(ours.stdout, /^Deleted Containers:\n[0-9a-f]{64}\n\nDeleted Images:\n/);
  assert.ok(ours.stdout.includes(`deleted: ${older}\n\nTotal reclaimed space: `), ours.stdout);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
  const cache = await call(d, "POST", "/build/prune", { query: { "keep-storage": "x" } });
  assert.equal(cache.status, 400);
  const events = await d.client.request("GET", "/events", {
    query: { since: "1", until: String(Math.ceil(Date.now() / 1000) + 1), filters: '{"type":["builder"]}' },
  });
  let text = "";
  for await (const c of events.body) text += c;
  const actions = text
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { Action: string }).Action);
  assert.deepEqual(
    actions,
    ["prune", "prune"],
    "each system prune's build cache prune is an event, as dockerd's",
  );
});

test("plugins: an empty list, and any plugin named is not found", async (t) => {
  const d = await startDaemon(t);
  const ls = await docker(d, ["plugin", "ls"]);
  assert.equal(ls.code, 0, ls.stderr);
  assert.equal(ls.stdout, "ID        NAME      DESCRIPTION   ENABLED\n");
  assert.deepEqual(await call(d, "GET", "/plugins", { query: { filters: '{"enabled":["true"]}' } }), {
    status: 200,
    body: [],
  });
  assert.equal((await call(d, "GET", "/plugins", { query: { filters: '{"bogus":["x"]}' } })).status, 400);
  assert.equal(
    (await call(d, "GET", "/plugins", { query: { filters: '{"enabled":["maybe"]}' } })).status,
    400,
  );
  const rm = await docker(d, ["plugin", "rm", "foo"]);
  assert.equal(rm.code, 1);
  assert.equal(rm.stderr, 'Error response from daemon: plugin "foo" not found\n');
  for (const [method, path] of [
    ["GET", "/plugins/vieux/sshfs:latest/json"],
    ["POST", "/plugins/foo/disable"],
    ["POST", "/plugins/foo/push"],
  ]) {
    const r = await call(d, method, path);
    assert.equal(r.status, 404, path);
  }
  const install = await docker(d, ["plugin", "install", "--grant-all-permissions", "vieux/sshfs"]);
  assert.equal(install.code, 1);
  assert.match(install.stderr, /berth does not support Docker engine plugins/);
});

test("swarm routes: dockerd's 503 of a node in no swarm, after the same request checks", async (t) => {
  const d = await startDaemon(t);
  for (const args of [
    ["node", "ls"],
    ["service", "ls"],
    ["secret", "ls"],
    ["config", "ls"],
  ]) {
    const r = await docker(d, args);
    assert.equal(r.code, 1, args.join(" "));
    assert.equal(r.stderr, `Error response from daemon: ${NOT_A_MANAGER}\n`, args.join(" "));
  }
  const leave = await docker(d, ["swarm", "leave"]);
  assert.equal(leave.stderr, "Error response from daemon: This node is not part of a swarm\n");
  for (const [method, path] of [
    ["GET", "/swarm"],
    ["GET", "/swarm/unlockkey"],
    ["GET", "/tasks"],
    ["GET", "/tasks/abc"],
    ["GET", "/nodes/abc"],
    ["DELETE", "/services/abc"],
    ["GET", "/services/abc"],
    ["POST", "/services/create"],
    ["POST", "/secrets/create"],
    ["GET", "/configs/abc"],
  ]) {
    assert.deepEqual(await call(d, method, path), { status: 503, body: { message: NOT_A_MANAGER } }, path);
  }
  assert.deepEqual(await call(d, "POST", "/swarm/update", { body: {} }), {
    status: 400,
    body: { message: `invalid swarm version '': strconv.ParseUint: parsing "": invalid syntax` },
  });
  assert.equal((await call(d, "POST", "/swarm/update", { query: { version: "3" }, body: {} })).status, 503);
  assert.equal((await call(d, "POST", "/secrets/abc/update", { query: { version: "x" } })).status, 400);
  assert.equal((await call(d, "GET", "/services", { query: { filters: "{bad" } })).status, 400);
  assert.equal((await call(d, "GET", "/services/abc/logs")).status, 500);
  assert.equal((await call(d, "GET", "/services/abc/logs", { query: { stdout: "1" } })).status, 503);
  const init = await docker(d, ["swarm", "init"]);
  assert.equal(init.code, 1);
  assert.match(init.stderr, /berth is a single-host engine and does not implement swarm mode/);
});
