import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { berth, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

/**
 * The Compose v2 subcommands beyond up/down: scale, wait. Services use `network_mode: none`
 * (no bridge to collide with parallel runs) and `dns: [127.0.0.1]` where they would resolve.
 */

type Ctx = { after(fn: () => Promise<void> | void): void };

async function projectDir(t: Ctx, yaml: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-compose-more-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, "compose.yaml"), yaml);
  return dir;
}

async function names(d: TestDaemon, project: string): Promise<Record<string, string>> {
  const list = await d.client.json<{ Id: string; Names: string[] }[]>("GET", "/containers/json", {
    query: { all: true, filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }) },
  });
  return Object.fromEntries(list.map((c) => [c.Names[0].replace(/^\//, ""), c.Id]));
}

test("compose scale changes one service's replicas without touching the others; bad specifiers are refused", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await projectDir(
    t,
    `services:
  app:
    image: busybox
    network_mode: none
    dns: [127.0.0.1]
    command: ["sleep", "1000"]
    stop_grace_period: 0s
  other:
    image: busybox
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 0s
`,
  );
  const compose = (...args: string[]) =>
    berth(d, ["compose", "--project-directory", dir, "-p", "sc", ...args]);
  t.after(async () => {
    await compose("down", "-t", "0");
  });
  const up = await compose("up", "-d");
  assert.equal(up.code, 0, up.stderr);
  const before = await names(d, "sc");
  assert.deepEqual(Object.keys(before).sort(), ["sc-app-1", "sc-other-1"]);

  const r = await compose("scale", "app=3");
  assert.equal(r.code, 0, r.stderr);
  const after = await names(d, "sc");
  assert.deepEqual(Object.keys(after).sort(), ["sc-app-1", "sc-app-2", "sc-app-3", "sc-other-1"]);
  assert.equal(after["sc-app-1"], before["sc-app-1"], "the existing replica is kept");
  assert.equal(after["sc-other-1"], before["sc-other-1"], "other services are left alone");
  const app3 = await d.client.json<{ State: { Running: boolean } }>("GET", "/containers/sc-app-3/json");
  assert.equal(app3.State.Running, true);

  const down = await compose("scale", "app=1");
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual(Object.keys(await names(d, "sc")).sort(), ["sc-app-1", "sc-other-1"]);

  const bad = await compose("scale", "app=x");
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /invalid scale specifier: can't parse replica value as int: app=x/);
  const unknown = await compose("scale", "nope=2");
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no such service: nope/);
});

test("compose wait returns the exit code of the first container to stop; --down-project removes the project", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await projectDir(
    t,
    `services:
  quick:
    image: busybox
    network_mode: none
    command: ["sh", "-c", "exit 3"]
    restart: "no"
  long:
    image: busybox
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 0s
`,
  );
  const compose = (...args: string[]) =>
    berth(d, ["compose", "--project-directory", dir, "-p", "wt", ...args]);
  t.after(async () => {
    await compose("down", "-t", "0");
  });
  assert.equal((await compose("up", "-d", "quick")).code, 0);
  const w = await compose("wait", "quick");
  assert.equal(w.code, 3, w.stderr);
  assert.match(w.stdout, /^container "[0-9a-f]{64}" exited with status code 3$/m);

  const none = await compose("wait");
  assert.equal(none.code, 1);
  assert.match(none.stderr, /"wait" requires at least 1 argument/);

  assert.equal((await compose("up", "-d")).code, 0);
  const all = await compose("wait", "--down-project", "quick", "long");
  assert.equal(all.code, 3, all.stderr);
  assert.deepEqual(await names(d, "wt"), {}, "the project's containers are gone");
});
