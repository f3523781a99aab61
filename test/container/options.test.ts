import assert from "node:assert/strict";
import { existsSync, readlinkSync } from "node:fs";
import { readdir, rmdir } from "node:fs/promises";
import os from "node:os";
import { test } from "node:test";
import { docker, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("a tty, host networking, ulimits, stop signal and timeout, cgroup parent, blkio weight", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const tty = await docker(d, ["run", "--rm", "-t", "busybox", "sh", "-c", "tty; echo $TERM"]);
  assert.equal(
    tty.stdout,
    "/dev/pts/0\r\nxterm\r\n",
    "a real pty, raw stream (CRLF from the line discipline)",
  );

  const ns = await docker(d, [
    "run",
    "--rm",
    "--network",
    "host",
    "busybox",
    "sh",
    "-c",
    "readlink /proc/self/ns/net; hostname",
  ]);
  assert.equal(ns.stdout, `${readlinkSync("/proc/self/ns/net")}\n${os.hostname()}\n`);
  const own = await docker(d, ["run", "--rm", "busybox", "readlink", "/proc/self/ns/net"]);
  assert.notEqual(own.stdout.trim(), readlinkSync("/proc/self/ns/net"));
  const lo = await docker(d, ["run", "--rm", "busybox", "cat", "/proc/net/dev"]);
  assert.deepEqual(
    lo.stdout
      .split("\n")
      .slice(2)
      .filter(Boolean)
      .map((l) => l.trim().split(":")[0]),
    ["lo"],
    "until networking lands, only loopback",
  );

  const ul = await docker(d, [
    "run",
    "--rm",
    "--ulimit",
    "nofile=100:200",
    "busybox",
    "sh",
    "-c",
    "ulimit -n; ulimit -Hn",
  ]);
  assert.equal(ul.stdout, "100\n200\n");
  const tooMuch = await docker(d, ["run", "--rm", "--ulimit", "nofile=999999999", "busybox", "true"]);
  assert.equal(tooMuch.code, 125);
  assert.match(tooMuch.stderr, /Cannot set ulimit nofile=999999999: the host's hard limit is \d+/);

  const sig = await docker(d, [
    "run",
    "-d",
    "--name",
    "sig",
    "--stop-signal",
    "SIGUSR1",
    "--stop-timeout",
    "5",
    "busybox",
    "sh",
    "-c",
    "trap 'echo got usr1; exit 0' USR1; while true; do sleep 0.1; done",
  ]);
  assert.equal(sig.code, 0, sig.stderr);
  assert.equal((await docker(d, ["stop", "sig"])).code, 0);
  assert.equal((await docker(d, ["logs", "sig"])).stdout, "got usr1\n");
  assert.equal(
    (
      await docker(d, [
        "inspect",
        "-f",
        "{{.State.ExitCode}} {{.Config.StopSignal}} {{.Config.StopTimeout}}",
        "sig",
      ])
    ).stdout.trim(),
    "0 SIGUSR1 5",
  );

  const parent = `/berth-test-${process.pid}`;
  // The parent is made by the runtime in every hierarchy, the hybrid layout's `unified` one
  // too: all of them go afterwards, also when the test fails.
  t.after(async () => {
    for (const h of await readdir("/sys/fs/cgroup").catch(() => [] as string[]))
      await rmdir(`/sys/fs/cgroup/${h}${parent}`).catch(() => {});
  });
  const cp = await docker(d, ["run", "-d", "--cgroup-parent", parent, "busybox", "sleep", "1000"]);
  const id = cp.stdout.trim();
  assert.ok(existsSync(`/sys/fs/cgroup/memory${parent}/${id}`));
  await docker(d, ["rm", "-f", id]);
  assert.equal(existsSync(`/sys/fs/cgroup/memory${parent}/${id}`), false);

  const blkio = await docker(d, ["run", "--rm", "--blkio-weight", "300", "busybox", "true"]);
  assert.equal(blkio.code, 0);
  if (!existsSync("/sys/fs/cgroup/blkio/blkio.weight") && !existsSync("/sys/fs/cgroup/cgroup.controllers")) {
    assert.match(
      blkio.stderr,
      /Your kernel does not support Block I\/O weight or the cgroup is not mounted. Weight discarded./,
    );
  }
});

test("an image in use is a 409 for rmi unless forced; prune removes stopped containers", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await docker(d, ["run", "--name", "user1", "busybox", "true"]);
  const rmi = await docker(d, ["rmi", "busybox"]);
  assert.equal(rmi.code, 1);
  assert.match(
    rmi.stderr,
    /conflict: unable to remove repository reference "busybox" \(must force\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}/,
  );
  await docker(d, ["run", "-d", "--name", "running1", "busybox", "sleep", "1000"]);
  const prune = await docker(d, ["container", "prune", "-f"]);
  assert.equal(prune.code, 0, prune.stderr);
  assert.match(prune.stdout, /Deleted Containers:\n[0-9a-f]{64}\n/);
  const left = await docker(d, ["ps", "-a", "--format", "{{.Names}}"]);
  assert.equal(left.stdout, "running1\n");
  const byId = await docker(d, [
    "rmi",
    (await docker(d, ["image", "inspect", "-f", "{{.Id}}", "busybox"])).stdout.trim(),
  ]);
  assert.match(byId.stderr, /image is being used by running container/);
});
