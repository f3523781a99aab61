import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { docker, startDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("the docker CLI: run, run -d, ps -a, exec, logs, wait, stop, start, rm, inspect -f", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const hello = await docker(d, ["run", "--name", "hello", "busybox", "echo", "hello world!"]);
  assert.equal(hello.code, 0, hello.stderr);
  assert.equal(hello.stdout, "hello world!\n");
  const ps = await docker(d, ["ps", "-a"]);
  assert.match(ps.stdout, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\n/);
  assert.match(
    ps.stdout,
    /[0-9a-f]{12}\s+busybox\s+"echo hello world!"\s+.*ago\s+Exited \(0\) .* ago\s+hello\n/,
  );

  const run = await docker(d, [
    "run",
    "-d",
    "--name",
    "s1",
    "busybox",
    "sh",
    "-c",
    "echo started; exec sleep 1000",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  const pid = Number((await docker(d, ["inspect", "-f", "{{.State.Pid}}", "s1"])).stdout.trim());
  assert.ok(pid > 0);
  assert.match(readFileSync(`/proc/${pid}/cmdline`, "utf8"), /^sleep\x001000/);
  const exec = await docker(d, ["exec", "s1", "hostname"]);
  assert.equal(exec.stdout, `${id.slice(0, 12)}\n`);
  const execFail = await docker(d, ["exec", "s1", "sh", "-c", "exit 5"]);
  assert.equal(execFail.code, 5);
  await waitFor("the log line", async () => (await docker(d, ["logs", "s1"])).stdout === "started\n");
  const stop = await docker(d, ["stop", "-t", "1", "s1"]);
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal(
    (await docker(d, ["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "s1"])).stdout.trim(),
    "exited 137",
  );
  assert.equal(existsSync(`/proc/${pid}`), false);
  const wait = await docker(d, ["wait", "s1"]);
  assert.equal(wait.stdout.trim(), "137");
  assert.equal((await docker(d, ["start", "s1"])).code, 0);
  assert.equal((await docker(d, ["inspect", "-f", "{{.State.Running}}", "s1"])).stdout.trim(), "true");
  const rmRunning = await docker(d, ["rm", "s1"]);
  assert.notEqual(rmRunning.code, 0);
  assert.match(rmRunning.stderr, /container is running: stop the container before removing or force remove/);
  assert.equal((await docker(d, ["rm", "-f", "s1", "hello"])).code, 0);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
});

test("exit codes as Docker: the process's, 126, 127, 128+n, and --rm removes", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  assert.equal((await docker(d, ["run", "--rm", "busybox", "sh", "-c", "exit 3"])).code, 3);
  const notFound = await docker(d, ["run", "--rm", "busybox", "nosuchcmd"]);
  assert.equal(notFound.code, 127);
  assert.match(notFound.stderr, /executable file not found/);
  const notExec = await docker(d, ["run", "--rm", "busybox", "/etc/passwd"]);
  assert.equal(notExec.code, 126);
  // PID 1 ignores SIGTERM unless it handles it, so the signal case runs under --init (tini).
  assert.equal(
    (await docker(d, ["run", "--rm", "--init", "busybox", "sh", "-c", "kill -TERM $$"])).code,
    143,
  );
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "", "--rm containers are gone, failed ones too");
  const noImage = await docker(d, ["run", "--pull", "never", "nosuchimage"]);
  assert.equal(noImage.code, 125);
  assert.match(noImage.stderr, /No such image: nosuchimage:latest/);
});

/** Attaches through the API, sends `input`, and collects the raw stream until the daemon ends it. */
async function attachRaw(
  d: { client: import("../../src/client/client.ts").EngineClient },
  name: string,
  input: Buffer,
  detachKeys?: string,
) {
  const { socket, head } = await d.client.hijack("POST", `/containers/${name}/attach`, {
    query: { stream: "1", stdin: "1", stdout: "1", stderr: "1", detachKeys },
  });
  const chunks: Buffer[] = [head];
  socket.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  // Send the line, wait for its echo, then the detach sequence.
  socket.write(input);
  await waitFor("the echo", () => Buffer.concat(chunks).includes("got:"));
  socket.write(detachKeys ? Buffer.from([1, 120]) : Buffer.from([0x10, 0x11]));
  await ended;
  return Buffer.concat(chunks);
}

test("stdin, attach and detach keys", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const cat = await docker(d, ["run", "-i", "--rm", "busybox", "cat"], { input: "through stdin\n" });
  assert.equal(cat.stdout, "through stdin\n");
  const run = await docker(d, [
    "run",
    "-d",
    "-i",
    "--name",
    "att",
    "busybox",
    "sh",
    "-c",
    "while read l; do echo got:$l; done",
  ]);
  assert.equal(run.code, 0, run.stderr);
  // Detach with the default ctrl-p ctrl-q: the stream ends, the container keeps running.
  const out = await attachRaw(d, "att", Buffer.from("one\n"));
  assert.deepEqual(out, Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 8]), Buffer.from("got:one\n")]));
  assert.equal((await docker(d, ["inspect", "-f", "{{.State.Running}}", "att"])).stdout.trim(), "true");
  // Custom detach keys.
  const out2 = await attachRaw(d, "att", Buffer.from("two\n"), "ctrl-a,x");
  assert.match(out2.toString(), /got:two/);
  assert.equal((await docker(d, ["inspect", "-f", "{{.State.Running}}", "att"])).stdout.trim(), "true");
  // The container still reads: nothing of the detach sequence reached it.
  const out3 = await attachRaw(d, "att", Buffer.from("three\n"));
  assert.match(out3.toString(), /got:three\n$/);
});

test("a client that types before the start gets all output of a container that exits at once", async (t) => {
  // docker-compose's `run` in a terminal: `docker start -a -i` attaches, its stdin delivers a
  // byte (script(1) sends ^D at its input's end), and the container prints and exits before
  // berthd has passed the byte on. The monitor used to close at once, berthd's write failed
  // with EPIPE and took the unread output with it: 1 run in 3 lost everything.
  const d = await startDaemon(t);
  await importBusybox(d.client);
  for (let i = 0; i < 20; i++) {
    const { Id } = await d.client.json<{ Id: string }>("POST", "/containers/create", {
      body: {
        Image: "busybox",
        Cmd: ["sh", "-c", "tty; exit 4"],
        Tty: true,
        OpenStdin: true,
        StdinOnce: true,
        AttachStdin: true,
        AttachStdout: true,
      },
    });
    const { socket, head } = await d.client.hijack("POST", `/containers/${Id}/attach`, {
      query: { stream: "1", stdin: "1", stdout: "1", stderr: "1" },
    });
    const chunks: Buffer[] = [head];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", () => {});
    const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("\x04");
    await d.client.request("POST", `/containers/${Id}/start`);
    await ended;
    assert.match(Buffer.concat(chunks).toString(), /^\/dev\/pts\/\d+\r\n$/, `run ${i}`);
    await d.client.request("DELETE", `/containers/${Id}`, { query: { force: "1" } });
  }
});

test("logs -f follows a running container to its end; --tail, -t", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await docker(d, [
    "run",
    "-d",
    "--name",
    "lg",
    "busybox",
    "sh",
    "-c",
    "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; sleep 0.2; done",
  ]);
  const follow = await docker(d, ["logs", "-f", "lg"]);
  assert.equal(follow.stdout, "out1\nout2\nout3\nout4\nout5\n");
  assert.equal(follow.stderr, "err1\nerr2\nerr3\nerr4\nerr5\n");
  const tail = await docker(d, ["logs", "--tail", "1", "-t", "lg"]);
  assert.match(tail.stderr + tail.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (out5|err5)\n$/);
});

test("twenty containers created and started concurrently get distinct names and all run", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const ids = await Promise.all(
    Array.from({ length: 20 }, () =>
      d.client.json<{ Id: string }>("POST", "/containers/create", {
        body: { Image: "busybox", Cmd: ["sleep", "1000"] },
      }),
    ),
  );
  await Promise.all(ids.map((c) => d.client.ok("POST", `/containers/${c.Id}/start`)));
  const list = await d.client.json<{ Names: string[]; State: string }[]>("GET", "/containers/json");
  assert.equal(list.length, 20);
  assert.equal(new Set(list.map((c) => c.Names[0])).size, 20);
  assert.ok(list.every((c) => c.State === "running"));
  const dup = await docker(d, ["create", "--name", list[0].Names[0].slice(1), "busybox"]);
  assert.notEqual(dup.code, 0);
  assert.match(
    dup.stderr,
    /Conflict. The container name "\/[a-z_0-9]+" is already in use by container "[0-9a-f]{64}"/,
  );
});

test("pause and unpause through the freezer; rm -f of a paused container", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await docker(d, ["run", "-d", "--name", "pz", "busybox", "sleep", "1000"]);
  assert.equal((await docker(d, ["pause", "pz"])).code, 0);
  const cg = (await docker(d, ["inspect", "-f", "{{.Id}}", "pz"])).stdout.trim();
  assert.equal(readFileSync(`/sys/fs/cgroup/freezer/berth/${cg}/freezer.state`, "utf8").trim(), "FROZEN");
  assert.match((await docker(d, ["ps"])).stdout, /Up .* \(Paused\)/);
  assert.equal((await docker(d, ["unpause", "pz"])).code, 0);
  assert.equal(readFileSync(`/sys/fs/cgroup/freezer/berth/${cg}/freezer.state`, "utf8").trim(), "THAWED");
  await docker(d, ["pause", "pz"]);
  const rm = await docker(d, ["rm", "-f", "pz"]);
  assert.equal(rm.code, 0, rm.stderr);
  assert.equal(existsSync(`/sys/fs/cgroup/freezer/berth/${cg}`), false);
});

test("asking for crun on a host where it cannot work fails at once with the reason", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const hybrid =
    !existsSync("/sys/fs/cgroup/cgroup.controllers") &&
    readFileSync("/sys/fs/cgroup/unified/cgroup.controllers", "utf8").trim() !== "";
  const r = await docker(d, ["run", "--rm", "--runtime", "crun", "busybox", "echo", "via crun"]);
  if (hybrid) {
    assert.equal(r.code, 125);
    assert.match(r.stderr, /crun cannot run containers on this host: its cgroups are in hybrid mode/);
    assert.equal((await docker(d, ["ps", "-aq"])).stdout, "", "nothing half-made");
  } else {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "via crun\n");
  }
});

test("docker start -a of an exited container shows its next run; a failing exec reports Docker's way", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await docker(d, ["run", "--name", "again", "busybox", "sh", "-c", "echo run-output"]);
  const again = await docker(d, ["start", "-a", "again"]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, "run-output\n");
  await docker(d, ["run", "-d", "--name", "ex2", "busybox", "sleep", "1000"]);
  const bad = await docker(d, ["exec", "ex2", "nosuchcmd"]);
  assert.equal(bad.code, 127);
  assert.match(bad.stdout + bad.stderr, /executable file not found/);
  assert.equal((await docker(d, ["exec", "ex2", "echo", "still fine"])).stdout, "still fine\n");
});

test("a load of a tar with an entry outside the archive is refused and berthd lives on", async (t) => {
  const d = await startDaemon(t);
  const { makeTar } = await import("../helpers/images.ts");
  const evil = await makeTar([{ name: "../evil", content: "x" }]);
  const r = await docker(d, ["load"], { input: evil });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /points outside the archive/);
  assert.equal((await docker(d, ["version", "--format", "{{.Server.Os}}"])).stdout.trim(), "linux");
});
