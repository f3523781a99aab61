// berth-monitor against the real runc: a busybox bundle per test, its own runc --root, and
// everything (containers, monitors, temp dirs) removed afterwards, even on failure.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type TestContext, test } from "node:test";
import { promisify } from "node:util";
import { InvalidParameterError } from "../../src/errdefs/errors.ts";
import {
  type AttachConnection,
  connectAttach,
  type MonitorOptions,
  type MonitorStarted,
  readExit,
  startMonitor,
} from "../../src/runtime/monitor-client.ts";

const run = promisify(execFile);
const RUNC = "/usr/sbin/runc";
const APPLETS = ["sh", "echo", "cat", "sleep", "stty", "printf", "head", "tr", "yes", "true"];

await run(path.join(import.meta.dirname, "../../scripts/build-native.sh"));

interface Env {
  dir: string;
  runtimeRoot: string;
  /** A bundle running args; returns its path. */
  bundle(args: string[], opts?: { tty?: boolean }): Promise<string>;
  /** Starts a monitor, remembering the container and the monitor for clean-up. */
  start(opts: Partial<MonitorOptions> & { stateDir: string }): Promise<MonitorStarted>;
  runc(...args: string[]): Promise<string>;
  attach(stateDir: string): Promise<AttachConnection>;
}

async function setup(t: TestContext): Promise<Env> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "berth-mon-"));
  const runtimeRoot = path.join(dir, "runc");
  const ids = new Set<string>();
  const monitors = new Set<number>();
  const conns = new Set<AttachConnection>();
  t.after(async () => {
    for (const c of conns) c.close();
    for (const id of ids) await run(RUNC, ["--root", runtimeRoot, "delete", "-f", id]).catch(() => {});
    for (const pid of monitors) {
      const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
      if (cmd.includes("berth-monitor")) process.kill(pid, "SIGKILL");
    }
    await rm(dir, { recursive: true, force: true });
  });
  let n = 0;
  const env: Env = {
    dir,
    runtimeRoot,
    async bundle(args, opts = {}) {
      const b = path.join(dir, `bundle${n++}`);
      await mkdir(path.join(b, "rootfs/bin"), { recursive: true });
      await copyFile("/bin/busybox", path.join(b, "rootfs/bin/busybox"));
      for (const a of APPLETS) await symlink("busybox", path.join(b, "rootfs/bin", a));
      await run(RUNC, ["spec", "--bundle", b]);
      const spec = JSON.parse(await readFile(path.join(b, "config.json"), "utf8"));
      spec.process.args = args;
      spec.process.terminal = opts.tty ?? false;
      delete spec.process.rlimits; // runc spec asks for limits the host may not grant
      spec.linux.namespaces = spec.linux.namespaces.filter((ns: { type: string }) => ns.type !== "network");
      await writeFile(path.join(b, "config.json"), JSON.stringify(spec));
      return b;
    },
    async start(opts) {
      const id = opts.id ?? uniqueId("berth-mon");
      if (!opts.exec) ids.add(id);
      const started = await startMonitor({ runtime: RUNC, runtimeRoot, id, ...opts });
      monitors.add(started.monitorPid);
      return started;
    },
    async runc(...args) {
      return (await run(RUNC, ["--root", runtimeRoot, ...args])).stdout;
    },
    async attach(stateDir) {
      const c = await connectAttach(stateDir);
      conns.add(c);
      return c;
    },
  };
  return env;
}

/** runc names the container's cgroups after its ID: unique, so parallel runs never share one. */
function uniqueId(name: string): string {
  return `${name}-${randomBytes(4).toString("hex")}`;
}

/** Waits for a condition that has no event to wait on; bounded, never a bare sleep. */
async function waitFor(
  what: string,
  cond: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** False once the process is gone or a zombie (its reaper here may be slow to collect it). */
async function alive(pid: number): Promise<boolean> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return text !== "" && text[text.lastIndexOf(")") + 2] !== "Z";
}

function collect(conn: AttachConnection): { stdout: () => string; stderr: () => string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  conn.on("stdout", (b) => out.push(b));
  conn.on("stderr", (b) => err.push(b));
  return { stdout: () => Buffer.concat(out).toString(), stderr: () => Buffer.concat(err).toString() };
}

/** Resolves once the collected text satisfies pred, or rejects when the connection ends first. */
function outputMatching(
  conn: AttachConnection,
  text: () => string,
  pred: (s: string) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pred(text())) {
        conn.off("stdout", check);
        conn.off("close", closed);
        resolve();
      }
    };
    const closed = () => reject(new Error(`attach closed; output so far: ${JSON.stringify(text())}`));
    conn.on("stdout", check);
    conn.on("close", closed);
    check();
  });
}

interface LogEntry {
  log: string;
  stream: string;
  time: string;
}

async function readLog(file: string): Promise<LogEntry[]> {
  const text = await readFile(file, "utf8");
  assert.ok(text.endsWith("\n"), "every entry ends its line");
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as LogEntry);
}

/** No test waits forever on a monitor that failed to report. */
const T = { timeout: 60_000 };

const RFC3339NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

test("output lands in the json-file log, and exit 0 in exit.json", T, async (t) => {
  const env = await setup(t);
  const script =
    "echo hello; printf 'a\\tb\"<\\001\\377\\n' >&2; head -c 20000 /dev/zero | tr '\\0' x; echo; printf tail";
  const bundle = await env.bundle(["sh", "-c", script]);
  const stateDir = path.join(env.dir, "state");
  const logPath = path.join(env.dir, "ctr.log");
  const id = uniqueId("berth-mon-echo");
  const started = await env.start({ id, bundle, stateDir, log: { path: logPath } });
  assert.ok(started.containerPid > 0 && started.monitorPid > 0);
  assert.match(await env.runc("state", id), /"status": "created"/);

  const conn = await env.attach(stateDir);
  const out = collect(conn);
  await env.runc("start", id);
  assert.equal(await conn.wait(), 0);

  assert.equal(out.stdout(), `hello\n${"x".repeat(20000)}\ntail`);
  assert.equal(out.stderr(), 'a\tb"<\u0001\ufffd\n');
  const exit = await readExit(stateDir);
  assert.equal(exit?.exitCode, 0);
  assert.equal(exit?.signal, null);
  assert.equal(exit?.oomKilled, false);
  assert.match(exit?.finishedAt ?? "", RFC3339NANO);

  const raw = await readFile(logPath, "utf8");
  assert.ok(raw.startsWith('{"log":"hello\\n","stream":"stdout","time":"'), raw.slice(0, 80));
  assert.ok(raw.includes('"log":"a\\tb\\"\\u003c\\u0001\\ufffd\\n","stream":"stderr"'), "Docker's escaping");
  const entries = await readLog(logPath);
  for (const e of entries) assert.match(e.time, RFC3339NANO);
  const stdout = entries.filter((e) => e.stream === "stdout").map((e) => e.log);
  // a line longer than 16 KiB is cut as Docker cuts it; an unfinished last line is flushed at the end
  assert.deepEqual(stdout, ["hello\n", "x".repeat(16384), `${"x".repeat(20000 - 16384)}\n`, "tail"]);

  await waitFor("the monitor to exit", async () => !(await alive(started.monitorPid)));
  await assert.rejects(stat(path.join(stateDir, "attach.sock")), { code: "ENOENT" });
});

test("the exit code of the init is reported", T, async (t) => {
  const env = await setup(t);
  const stateDir = path.join(env.dir, "state");
  const id = uniqueId("berth-mon-exit3");
  await env.start({ id, bundle: await env.bundle(["sh", "-c", "exit 3"]), stateDir });
  const conn = await env.attach(stateDir);
  await env.runc("start", id);
  assert.equal(await conn.wait(), 3);
  assert.deepEqual(
    { ...(await readExit(stateDir)), finishedAt: "" },
    {
      exitCode: 3,
      signal: null,
      finishedAt: "",
      oomKilled: false,
    },
  );
});

test("an init killed by SIGKILL exits 137", T, async (t) => {
  const env = await setup(t);
  const stateDir = path.join(env.dir, "state");
  const id = uniqueId("berth-mon-kill");
  const { containerPid } = await env.start({ id, bundle: await env.bundle(["sleep", "1000"]), stateDir });
  const conn = await env.attach(stateDir);
  await env.runc("start", id);
  process.kill(containerPid, "SIGKILL");
  assert.equal(await conn.wait(), 137);
  const exit = await readExit(stateDir);
  assert.equal(exit?.exitCode, 137);
  assert.equal(exit?.signal, 9);
});

test("stdin flows through attach and closing it ends cat", T, async (t) => {
  const env = await setup(t);
  const stateDir = path.join(env.dir, "state");
  const logPath = path.join(env.dir, "ctr.log");
  const id = uniqueId("berth-mon-cat");
  await env.start({ id, bundle: await env.bundle(["cat"]), stateDir, stdin: true, log: { path: logPath } });
  const conn = await env.attach(stateDir);
  const watcher = await env.attach(stateDir); // a second client sees the same output
  const out = collect(conn);
  const seen = collect(watcher);
  await env.runc("start", id);
  conn.writeStdin("hello\n");
  await outputMatching(conn, out.stdout, (s) => s === "hello\n");
  conn.writeStdin("again\n");
  conn.closeStdin();
  assert.equal(await conn.wait(), 0);
  assert.equal(await watcher.wait(), 0);
  assert.equal(out.stdout(), "hello\nagain\n");
  assert.equal(seen.stdout(), "hello\nagain\n");
  assert.deepEqual(
    (await readLog(logPath)).map((e) => e.log),
    ["hello\n", "again\n"],
  );
});

test("a tty container: output through attach, resize seen by stty", T, async (t) => {
  const env = await setup(t);
  // longer than sun_path's 108 bytes: both sockets must still work
  const stateDir = path.join(env.dir, "s".repeat(60), "t".repeat(60));
  await mkdir(stateDir, { recursive: true });
  const id = uniqueId("berth-mon-tty");
  const bundle = await env.bundle(["sh", "-c", "stty size; read x; stty size"], { tty: true });
  await env.start({ id, bundle, stateDir, tty: true, stdin: true });
  const conn = await env.attach(stateDir);
  const out = collect(conn);
  conn.resize(40, 120);
  await env.runc("start", id);
  await outputMatching(conn, out.stdout, (s) => s.includes("40 120\r\n"));
  conn.resize(50, 150);
  conn.writeStdin("go\n");
  assert.equal(await conn.wait(), 0);
  assert.match(out.stdout(), /40 120\r\n.*go\r\n50 150\r\n$/s);
  assert.equal(out.stderr(), "");
});

test("the log rotates at max-size and keeps max-file files", T, async (t) => {
  const env = await setup(t);
  const stateDir = path.join(env.dir, "state");
  const logPath = path.join(env.dir, "ctr.log");
  const id = uniqueId("berth-mon-rotate");
  const script = "i=0; while [ $i -lt 300 ]; do echo line-$i; i=$((i+1)); done";
  await env.start({
    id,
    bundle: await env.bundle(["sh", "-c", script]),
    stateDir,
    log: { path: logPath, maxSize: 1000, maxFiles: 3 },
  });
  const conn = await env.attach(stateDir);
  await env.runc("start", id);
  assert.equal(await conn.wait(), 0);

  await assert.rejects(stat(`${logPath}.3`), { code: "ENOENT" });
  const files = [`${logPath}.2`, `${logPath}.1`, logPath];
  const entries: LogEntry[] = [];
  for (const f of files) {
    const size = (await stat(f)).size;
    const lines = await readLog(f);
    entries.push(...lines);
    if (f !== logPath) {
      // rotated once an entry took the file to max-size or past it
      assert.ok(size >= 1000 && size < 1000 + 100, `${f} holds ${size} bytes`);
    }
  }
  const numbers = entries.map((e) => Number(/^line-(\d+)\n$/.exec(e.log)?.[1]));
  assert.equal(numbers.at(-1), 299);
  // consecutive across the files: the oldest entries were dropped, none in between
  assert.deepEqual(
    numbers,
    numbers.map((_, i) => numbers[0] + i),
  );
});

test("the monitor is daemonised: not the starter's child, in its own session", T, async (t) => {
  const env = await setup(t);
  const stateDir = path.join(env.dir, "state");
  const id = uniqueId("berth-mon-daemon");
  const { monitorPid, containerPid } = await env.start({
    id,
    bundle: await env.bundle(["sleep", "1000"]),
    stateDir,
  });
  const statOf = async (pid: number) => {
    const text = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), session: Number(fields[3]) };
  };
  const mon = await statOf(monitorPid);
  assert.notEqual(mon.ppid, process.pid);
  assert.equal(mon.session, monitorPid);
  // the container's init was reparented to the monitor, its subreaper, when runc create exited
  assert.equal((await statOf(containerPid)).ppid, monitorPid);
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${monitorPid}/status`, "utf8"))?.[1]);
  assert.ok(rss <= 3 * 1024, `an idle monitor uses ${rss} kB`);

  const conn = await env.attach(stateDir);
  await env.runc("start", id);
  await env.runc("kill", id, "KILL"); // sleep as pid 1 has no SIGTERM handler, so TERM would not end it
  assert.equal(await conn.wait(), 137);
});

test("exec runs a process in a running container and reports its exit code", T, async (t) => {
  const env = await setup(t);
  const id = uniqueId("berth-mon-exec");
  const stateDir = path.join(env.dir, "state");
  const { containerPid } = await env.start({ id, bundle: await env.bundle(["sleep", "1000"]), stateDir });
  await env.runc("start", id);

  const exec = async (n: number, args: string[], tty = false) => {
    const processFile = path.join(env.dir, `process${n}.json`);
    const spec = { terminal: tty, user: { uid: 0, gid: 0 }, args, env: ["PATH=/bin"], cwd: "/" };
    await writeFile(processFile, JSON.stringify(spec));
    const execState = path.join(env.dir, `exec${n}`);
    const started = await env.start({
      id,
      stateDir: execState,
      exec: { processFile },
      attachWait: true,
      tty,
    });
    assert.notEqual(started.containerPid, containerPid);
    const conn = await env.attach(execState);
    const out = collect(conn);
    const code = await conn.wait();
    assert.equal((await readExit(execState))?.exitCode, code);
    return { code, stdout: out.stdout() };
  };
  assert.deepEqual(await exec(1, ["echo", "hi"]), { code: 0, stdout: "hi\n" });
  assert.deepEqual(await exec(2, ["sh", "-c", "echo bye; exit 7"]), { code: 7, stdout: "bye\n" });
  assert.deepEqual(await exec(3, ["sh", "-c", "echo tty; exit 5"], true), { code: 5, stdout: "tty\r\n" });
  assert.match(await env.runc("state", id), /"status": "running"/);
});

test("a runtime failure is reported with the runtime's message", T, async (t) => {
  const env = await setup(t);
  const stateDir = path.join(env.dir, "state");
  const id = uniqueId("berth-mon-fail");
  const bundle = await env.bundle(["/nonexistent"]);
  await assert.rejects(env.start({ id, bundle, stateDir }), (err: Error) => {
    assert.ok(err instanceof InvalidParameterError, String(err));
    assert.match(
      err.message,
      /^OCI runtime create failed: .*exec: "\/nonexistent": .*no such file or directory/,
    );
    return true;
  });
  assert.equal((await env.runc("list", "-q")).trim(), "");
  await assert.rejects(stat(path.join(stateDir, "attach.sock")), { code: "ENOENT" });
});

test("output waits for a slow client; one that stops reading is dropped after 5 s", T, async (t) => {
  const env = await setup(t);
  const stateDir = path.join(env.dir, "state");
  const id = uniqueId("berth-mon-slow");
  await env.start({ id, bundle: await env.bundle(["sh", "-c", "head -c 8000000 /dev/zero"]), stateDir });
  const stalled = net.connect(path.join(stateDir, "attach.sock"));
  t.after(() => stalled.destroy());
  await new Promise((resolve) => stalled.once("connect", resolve));
  stalled.pause();
  const conn = await env.attach(stateDir);
  let received = 0;
  conn.on("stdout", (b) => (received += b.length));
  await env.runc("start", id);
  assert.equal(await conn.wait(), 0);
  assert.equal(received, 8_000_000);
  let stalledBytes = 0;
  await new Promise((resolve) => {
    stalled.on("data", (b) => (stalledBytes += b.length));
    stalled.on("close", resolve);
    stalled.resume();
  });
  assert.ok(stalledBytes < 8_000_000, `the stalled client got ${stalledBytes} bytes before it was dropped`);
});
