// Issue 9 items 11 and 15: what an abandoned exec, a failed start and a relative or
// climbing --cgroup-parent used to leave behind.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmdirSync } from "node:fs";
import path from "node:path";
import type { Duplex } from "node:stream";
import { test } from "node:test";
import { docker, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { cgroupHierarchies, checkInvariants, monitorsOf, removeCgroupParent } from "../helpers/invariants.ts";

const cgroupParent = `/berth-leaks-${process.pid}`;

async function setUp(t: Parameters<typeof startDaemon>[0]): Promise<TestDaemon> {
  const d = await startDaemon(t);
  t.after(() => removeCgroupParent(cgroupParent));
  await importBusybox(d.client);
  return d;
}

interface ExecInspect {
  Running: boolean;
  Pid: number;
}

/** Starts an attached exec through a hijacked connection; resolves once its process runs. */
async function attachedExec(
  d: TestDaemon,
  container: string,
  cmd: string[],
  tty: boolean,
): Promise<{ socket: Duplex; pid: number; id: string }> {
  const { Id } = await d.client.json<{ Id: string }>("POST", `/containers/${container}/exec`, {
    body: { Cmd: cmd, Tty: tty, AttachStdin: true, AttachStdout: true, AttachStderr: true },
  });
  const { socket } = await d.client.hijack("POST", `/exec/${Id}/start`, {
    body: { Detach: false, Tty: tty },
  });
  const ins = await waitFor("the exec to run", async () => {
    const i = await d.client.json<ExecInspect>("GET", `/exec/${Id}/json`);
    return i.Running && i.Pid > 0 ? i : undefined;
  });
  return { socket, pid: ins.Pid, id: Id };
}

test("item 11: an attached exec whose client closes without a half-close is killed with its monitor", async (t) => {
  const d = await setUp(t);
  const args = ["run", "-d", "--name", "ex1", "--cgroup-parent", cgroupParent, "busybox", "sleep", "1000"];
  const r = await docker(d, args);
  assert.equal(r.code, 0, r.stderr);
  const abandoned: number[] = [];
  // an interactive shell on a tty, and a silent process without one
  for (const [cmd, tty] of [
    [["sh"], true],
    [["sleep", "999"], false],
    [["sh"], true],
    [["sleep", "998"], false],
  ] as const) {
    const ex = await attachedExec(d, "ex1", [...cmd], tty);
    ex.socket.destroy();
    abandoned.push(ex.pid);
  }
  for (const pid of abandoned) {
    await waitFor(`abandoned exec process ${pid} to be killed`, () => !existsSync(`/proc/${pid}`));
  }
  await waitFor("the abandoned execs' monitors to exit", () => !monitorsOf(d.execRoot).some((m) => m.exec));
  // A half-closed client is not abandoned: stdin closes, the output still reaches it.
  const kept = await attachedExec(d, "ex1", ["sh", "-c", "read x; echo after-eof"], false);
  const chunks: Buffer[] = [];
  kept.socket.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => kept.socket.once("close", r));
  kept.socket.end();
  await ended;
  assert.match(Buffer.concat(chunks).toString(), /after-eof/);
  assert.deepEqual(await checkInvariants(d, { cgroupParent }), []);
});

test("item 15: a failed start leaves no monitor state dir, runtime state or cgroup", async (t) => {
  const d = await setUp(t);
  const r = await docker(d, [
    "run",
    "--name",
    "bad",
    "--cgroup-parent",
    cgroupParent,
    "busybox",
    "/no/such/cmd",
  ]);
  assert.notEqual(r.code, 0);
  assert.deepEqual(readdirSync(path.join(d.execRoot, "c")), [], "no <exec-root>/c/<id> is left");
  assert.deepEqual(await checkInvariants(d, { cgroupParent }), []);
});

/** Every directory named `name` in the cgroup hierarchies, searched a few levels deep. */
function cgroupDirsNamed(name: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return;
    }
    for (const e of entries) {
      if (e === name) found.push(path.join(dir, e));
      if (depth > 0) walk(path.join(dir, e), depth - 1);
    }
  };
  for (const h of cgroupHierarchies()) walk(h, 5);
  return found;
}

test("item 15: a relative --cgroup-parent is resolved as runc does and removed by rm; ../ is refused", async (t) => {
  const d = await setUp(t);
  const rel = `berth-rel-${process.pid}`;
  t.after(() => {
    // the parent dirs runc made under berthd's own cgroups (Docker leaves them too)
    for (const dir of cgroupDirsNamed(rel).sort((a, b) => b.length - a.length)) {
      for (const child of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
        try {
          rmdirSync(path.join(dir, child.name));
        } catch {
          // busy: the daemon helper's sweep reports it
        }
      }
      try {
        rmdirSync(dir);
      } catch {
        // busy
      }
    }
  });
  const run = await docker(d, ["run", "-d", "--cgroup-parent", rel, "busybox", "sleep", "1000"]);
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  const made = cgroupDirsNamed(id);
  assert.ok(made.length > 0, "the container has cgroups");
  assert.ok(
    made.every((dir) => dir.includes(`/${rel}/`)),
    `all under the relative parent: ${made.join(", ")}`,
  );
  // where a hierarchy puts berthd below its root, the relative parent lies below berthd's cgroup
  const own = readFileSync("/proc/self/cgroup", "utf8");
  const memOwn = /^\d+:memory:(.*)$/m.exec(own)?.[1];
  if (memOwn && memOwn !== "/") {
    assert.ok(
      made.some((dir) => dir.startsWith(path.join("/sys/fs/cgroup/memory", memOwn, rel))),
      made.join(", "),
    );
  }
  assert.equal((await docker(d, ["rm", "-f", id])).code, 0);
  assert.deepEqual(cgroupDirsNamed(id), [], "rm removed every cgroup the start made");

  for (const bad of ["../", `../${rel}`, "/../x", "a/../../b"]) {
    const c = await docker(d, ["create", "--cgroup-parent", bad, "busybox"]);
    assert.notEqual(c.code, 0, `${bad}: ${c.stdout}`);
    assert.match(c.stderr, /invalid cgroup parent .*climbs out/);
  }
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "", "nothing half-made");
});
