import assert from "node:assert/strict";
import { test } from "node:test";
import { berth, docker, startDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("the berth CLI drives the seed demo like docker does", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const hello = await berth(d, ["run", "--name", "hello", "busybox", "echo", "hello world!"]);
  assert.equal(hello.code, 0, hello.stderr);
  assert.equal(hello.stdout, "hello world!\n");
  // CREATED is relative ("Less than a second ago", "1 second ago"): the two listings can
  // straddle a second. A real difference shows on every try; a straddle only on one.
  let ours = await berth(d, ["ps", "-a"]);
  let theirs = await docker(d, ["ps", "-a"]);
  for (let i = 0; i < 2 && ours.stdout !== theirs.stdout; i++) {
    ours = await berth(d, ["ps", "-a"]);
    theirs = await docker(d, ["ps", "-a"]);
  }
  assert.equal(ours.stdout, theirs.stdout, "ps -a prints what docker prints");
  assert.match(ours.stdout, /Exited \(0\)/);

  const bg = await berth(d, [
    "run",
    "-d",
    "--name",
    "bg",
    "busybox",
    "sh",
    "-c",
    "echo ready; exec sleep 1000",
  ]);
  assert.equal(bg.code, 0, bg.stderr);
  assert.match(bg.stdout, /^[0-9a-f]{64}\n$/);
  assert.equal((await berth(d, ["exec", "bg", "echo", "in"])).stdout, "in\n");
  assert.equal((await berth(d, ["exec", "bg", "sh", "-c", "exit 9"])).code, 9);
  await waitFor("the log line", async () => (await berth(d, ["logs", "bg"])).stdout === "ready\n");
  const pid = (await berth(d, ["inspect", "-f", "{{.State.Pid}}", "bg"])).stdout.trim();
  assert.match(pid, /^[1-9]\d*$/);
  const top = await berth(d, ["top", "bg"]);
  assert.match(top.stdout, /^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD\n.*sleep 1000/s);
  assert.equal((await berth(d, ["stop", "-t", "1", "bg"])).stdout, "bg\n");
  assert.equal((await berth(d, ["start", "bg"])).stdout, "bg\n");
  assert.equal((await berth(d, ["rename", "bg", "bg2"])).code, 0);
  assert.equal((await berth(d, ["pause", "bg2"])).stdout, "bg2\n");
  assert.equal((await berth(d, ["unpause", "bg2"])).stdout, "bg2\n");
  assert.equal((await berth(d, ["kill", "bg2"])).stdout, "bg2\n");
  assert.equal((await berth(d, ["wait", "bg2"])).stdout, "137\n");
  const rm = await berth(d, ["rm", "bg2", "hello"]);
  assert.equal(rm.stdout, "bg2\nhello\n");
  assert.equal((await berth(d, ["ps", "-aq"])).stdout, "");

  assert.equal((await berth(d, ["run", "--rm", "busybox", "sh", "-c", "exit 4"])).code, 4);
  assert.equal((await berth(d, ["run", "--rm", "busybox", "nosuch"])).code, 127);
  const i = await berth(d, ["run", "-i", "--rm", "busybox", "cat"], { input: "piped\n" });
  assert.equal(i.stdout, "piped\n");
  const badFlag = await berth(d, ["run", "--nope", "busybox"]);
  assert.equal(badFlag.code, 125);
  assert.match(badFlag.stderr, /unknown flag: --nope/);
  const noSuch = await berth(d, ["inspect", "nosuch"]);
  assert.equal(noSuch.code, 1);
  assert.match(noSuch.stderr, /No such object: nosuch/);
});

test("the berth CLI's events show the container lifecycle", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const since = (Date.now() / 1000).toFixed(3);
  await berth(d, ["run", "--name", "ev", "busybox", "true"]);
  await berth(d, ["rm", "ev"]);
  const until = (Date.now() / 1000 + 1).toFixed(3);
  const ev = await berth(d, [
    "events",
    "--since",
    since,
    "--until",
    until,
    "--filter",
    "type=container",
    "--format",
    "{{.Action}}",
  ]);
  assert.deepEqual(ev.stdout.trim().split("\n"), ["create", "attach", "start", "die", "destroy"]);
});
