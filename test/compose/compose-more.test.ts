import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { berth, repoRoot, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

/**
 * The Compose v2 subcommands beyond up/down: scale, wait, events, cp, stats, attach. Services use `network_mode: none`
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

/** A `berth compose` left running (events), its output gathered; killed after the test. */
function background(t: Ctx, d: TestDaemon, args: string[]) {
  const child = spawn(
    process.execPath,
    ["--disable-warning=ExperimentalWarning", path.join(repoRoot, "src/cli/main.ts"), "-H", d.host, ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  t.after(() => {
    child.kill("SIGKILL");
  });
  const out = { text: "" };
  child.stdout.on("data", (c: Buffer) => {
    out.text += c.toString();
  });
  return out;
}

test("compose events streams the project's container events, filtered by service, as text and JSON lines", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const yaml = `services:
  app:
    image: busybox
    network_mode: none
    command: ["sleep", "1000"]
    labels: { tier: front }
    stop_grace_period: 0s
  other:
    image: busybox
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 0s
`;
  const dir = await projectDir(t, yaml);
  const elsewhere = await projectDir(t, yaml);
  const compose = (...args: string[]) =>
    berth(d, ["compose", "--project-directory", dir, "-p", "ev", ...args]);
  const foreign = (...args: string[]) =>
    berth(d, ["compose", "--project-directory", elsewhere, "-p", "evx", ...args]);
  t.after(async () => {
    await compose("down", "-t", "0");
    await foreign("down", "-t", "0");
  });
  assert.equal((await compose("up", "-d")).code, 0);
  assert.equal((await foreign("up", "-d")).code, 0);
  const app = (await names(d, "ev"))["ev-app-1"];
  const base = ["compose", "--project-directory", dir, "-p", "ev", "events"];
  const text = background(t, d, base);
  const json = background(t, d, [...base, "--json", "app"]);

  // The streams subscribe at some point after spawn: pause/unpause until both have seen app's pause.
  const deadline = Date.now() + 30_000;
  while (!(/ container pause /.test(text.text) && /"action":"pause"/.test(json.text))) {
    assert.ok(Date.now() < deadline, `no pause event seen: ${text.text} ${json.text}`);
    assert.equal((await compose("pause", "app")).code, 0);
    assert.equal((await compose("unpause", "app")).code, 0);
  }
  // Now that both stream: other (excluded from the JSON stream) stops, and the foreign project too, then app.
  assert.equal((await compose("stop", "other")).code, 0);
  assert.equal((await foreign("stop")).code, 0);
  assert.equal((await compose("stop", "app")).code, 0);
  await waitFor(
    "app's die event on both streams",
    () => /"action":"die"/.test(json.text) && / container die [0-9a-f]{64} .*name=ev-app-1/.test(text.text),
  );
  assert.match(
    text.text,
    new RegExp(
      `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} container pause ${app} \\((.*, )?tier=front(, .*)?\\)$`,
      "m",
    ),
  );
  assert.match(
    text.text,
    / container die [0-9a-f]{64} .*name=ev-other-1/,
    "the text stream has every service",
  );
  assert.doesNotMatch(text.text, /evx-/, "another project's events are not shown");
  const lines = json.text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(lines.every((e) => e.service === "app" && e.type === "container" && e.id === app));
  const pause = lines.find((e) => e.action === "pause") as {
    attributes: Record<string, string>;
    time: string;
  };
  assert.equal(pause.attributes.tier, "front");
  assert.equal(pause.attributes.name, "ev-app-1");
  assert.ok(!Object.keys(pause.attributes).some((k) => k.startsWith("com.docker.compose.")));
  assert.match(pause.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
});

test("compose cp copies into every replica (or --index's) and out of the first; compose stats shows the project's containers", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await projectDir(
    t,
    `services:
  app:
    image: busybox
    network_mode: none
    command: ["sleep", "1000"]
    stop_grace_period: 0s
    scale: 2
  idle:
    image: busybox
    network_mode: none
    command: ["true"]
`,
  );
  const compose = (...args: string[]) =>
    berth(d, ["compose", "--project-directory", dir, "-p", "cps", ...args]);
  t.after(async () => {
    await compose("down", "-t", "0");
  });
  assert.equal((await compose("up", "-d")).code, 0);
  await writeFile(path.join(dir, "note.txt"), "to all\n");
  await writeFile(path.join(dir, "second.txt"), "to two\n");
  const cat = (n: number, file: string) =>
    berth(d, ["exec", `cps-app-${n}`, "cat", file]).then((r) =>
      r.code === 0 ? r.stdout : `missing: ${r.stderr}`,
    );

  const all = await compose("cp", path.join(dir, "note.txt"), "app:/tmp/note.txt");
  assert.equal(all.code, 0, all.stderr);
  assert.equal(await cat(1, "/tmp/note.txt"), "to all\n");
  assert.equal(await cat(2, "/tmp/note.txt"), "to all\n");
  const one = await compose("cp", "--index", "2", path.join(dir, "second.txt"), "app:/tmp/second.txt");
  assert.equal(one.code, 0, one.stderr);
  assert.equal(await cat(2, "/tmp/second.txt"), "to two\n");
  assert.match(await cat(1, "/tmp/second.txt"), /^missing/);

  const out = path.join(dir, "back.txt");
  const back = await compose("cp", "app:/tmp/note.txt", out);
  assert.equal(back.code, 0, back.stderr);
  assert.equal(await readFile(out, "utf8"), "to all\n");
  const fromTwo = await compose("cp", "--index", "2", "app:/tmp/second.txt", path.join(dir, "two.txt"));
  assert.equal(fromTwo.code, 0, fromTwo.stderr);
  assert.equal(await readFile(path.join(dir, "two.txt"), "utf8"), "to two\n");

  const noIndex = await compose("cp", "--index", "5", "app:/tmp/note.txt", out);
  assert.equal(noIndex.code, 1);
  assert.match(noIndex.stderr, /service "app" is not running container #5/);
  const between = await compose("cp", "app:/a", "idle:/b");
  assert.equal(between.code, 1);
  assert.match(between.stderr, /copying between services is not supported/);

  // stats: the running containers of the project (idle has exited), or all with -a; SERVICE narrows.
  const running = await compose("stats", "--no-stream", "--format", "{{.Name}}");
  assert.equal(running.code, 0, running.stderr);
  assert.deepEqual(running.stdout.trim().split("\n").sort(), ["cps-app-1", "cps-app-2"]);
  const withAll = await compose("stats", "--no-stream", "-a", "--format", "{{.Name}}");
  assert.deepEqual(withAll.stdout.trim().split("\n").sort(), ["cps-app-1", "cps-app-2", "cps-idle-1"]);
  const idle = await compose("stats", "--no-stream", "--format", "{{.Name}}", "idle");
  assert.equal(idle.code, 0, idle.stderr);
  assert.equal(idle.stdout.trim(), "");
  const table = await compose("stats", "--no-stream", "app");
  assert.match(table.stdout, /^CONTAINER ID +NAME +CPU %/);
  assert.match(table.stdout, /cps-app-1/);
});

test("compose attach joins the service's container (--index) with stdin and returns its exit code", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await projectDir(
    t,
    `services:
  echo:
    image: busybox
    network_mode: none
    stdin_open: true
    command: ["sh", "-c", "read line; echo got $$line from $$(hostname); exit 7"]
    scale: 2
`,
  );
  const compose = (...args: string[]) =>
    berth(d, ["compose", "--project-directory", dir, "-p", "at", ...args]);
  t.after(async () => {
    await compose("down", "-t", "0");
  });
  assert.equal((await compose("up", "-d")).code, 0);
  const second = await d.client.json<{ Config: { Hostname: string } }>("GET", "/containers/at-echo-2/json");
  const r = await berth(
    d,
    ["compose", "--project-directory", dir, "-p", "at", "attach", "--index", "2", "echo"],
    {
      input: "hello\n",
    },
  );
  assert.equal(r.code, 7, r.stderr);
  assert.equal(r.stdout, `got hello from ${second.Config.Hostname}\n`);
  const first = await d.client.json<{ State: { Running: boolean } }>("GET", "/containers/at-echo-1/json");
  assert.equal(first.State.Running, true, "the other replica was not attached");

  const missing = await compose("attach", "--index", "2", "echo");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /service "echo" is not running container #2/);
});
