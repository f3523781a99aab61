import assert from "node:assert/strict";
import { test } from "node:test";
import { berth, docker, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("exec flags: -e, -w, -u, -d, --privileged; exec into a stopped container is a 409", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await docker(d, ["run", "-d", "--name", "ex", "-e", "BASE=1", "busybox", "sleep", "1000"]);
  const env = await docker(d, [
    "exec",
    "-e",
    "EXTRA=2",
    "-w",
    "/tmp",
    "-u",
    "nobody",
    "ex",
    "sh",
    "-c",
    "echo $BASE $EXTRA $(pwd) $(id -u)",
  ]);
  assert.equal(env.stdout, "1 2 /tmp 65534\n");
  const priv = await docker(d, ["exec", "--privileged", "ex", "grep", "CapEff", "/proc/self/status"]);
  assert.notEqual(priv.stdout.trim(), "CapEff:\t00000000a80425fb");
  assert.equal((await docker(d, ["exec", "-d", "ex", "sh", "-c", "echo detached > /tmp/d"])).code, 0);
  assert.equal((await docker(d, ["exec", "ex", "cat", "/tmp/d"])).stdout, "detached\n");
  const created = await d.client.json<{ Id: string }>("POST", "/containers/ex/exec", {
    body: { Cmd: ["true"] },
  });
  const info = await d.client.json<{ Running: boolean; ExitCode: number | null; ContainerID: string }>(
    "GET",
    `/exec/${created.Id}/json`,
  );
  assert.equal(info.Running, false);
  assert.equal(info.ExitCode, null);
  await docker(d, ["stop", "-t", "0", "ex"]);
  const stopped = await docker(d, ["exec", "ex", "true"]);
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /container [0-9a-f]{64} is not running/);
});

test("ps filters and formats; restart", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await docker(d, ["run", "--name", "done0", "-l", "team=a", "busybox", "true"]);
  await docker(d, ["run", "--name", "done3", "busybox", "sh", "-c", "exit 3"]);
  await docker(d, ["run", "-d", "--name", "up1", "-l", "team=a", "busybox", "sleep", "1000"]);
  const names = async (...args: string[]) =>
    (await berth(d, ["ps", "-a", "--format", "{{.Names}}", ...args])).stdout.trim().split("\n").sort();
  assert.deepEqual(await names("--filter", "status=exited"), ["done0", "done3"]);
  assert.deepEqual(await names("--filter", "exited=3"), ["done3"]);
  assert.deepEqual(await names("--filter", "label=team=a"), ["done0", "up1"]);
  assert.deepEqual(await names("--filter", "name=done"), ["done0", "done3"]);
  assert.deepEqual(await names("--filter", "ancestor=busybox", "--filter", "status=running"), ["up1"]);
  assert.deepEqual(await names("--filter", "since=done0"), ["done3", "up1"]);
  assert.deepEqual(await names("--filter", "before=up1"), ["done0", "done3"]);
  assert.deepEqual((await berth(d, ["ps", "--format", "{{.Names}}"])).stdout, "up1\n");
  assert.equal((await berth(d, ["ps", "-l", "--format", "{{.Names}}"])).stdout, "up1\n");
  assert.equal((await berth(d, ["ps", "-a", "-n", "2", "-q"])).stdout.trim().split("\n").length, 2);
  const bad = await berth(d, ["ps", "--filter", "status=bogus"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /invalid filter 'status=bogus'/);
  const pid1 = (await docker(d, ["inspect", "-f", "{{.State.Pid}}", "up1"])).stdout.trim();
  assert.equal((await berth(d, ["restart", "-t", "0", "up1"])).stdout, "up1\n");
  const pid2 = (await docker(d, ["inspect", "-f", "{{.State.Pid}} {{.State.Running}}", "up1"])).stdout.trim();
  assert.notEqual(pid2, `${pid1} true`);
  assert.match(pid2, /^\d+ true$/);
});
