// The journald log driver: refused with dockerd's error where the host has no journald, and, on
// a datagram socket the test binds in place of journald's (BERTH_TEST_JOURNALD_SOCKET, socat as
// the receiver: node:dgram has no unix datagram sockets), entries in journald's native protocol
// with the fields moby's driver sends.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { docker, startDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("journald without journald's socket: dockerd's error, nothing created", async (t) => {
  process.env.BERTH_TEST_JOURNALD_SOCKET = "/nonexistent/berth-test/journal.sock";
  t.after(() => {
    delete process.env.BERTH_TEST_JOURNALD_SOCKET;
  });
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, ["run", "--rm", "--log-driver", "journald", "busybox", "true"]);
  assert.equal(r.code, 125, r.stderr);
  assert.match(r.stderr, /journald is not enabled on this host/);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
});

test("journald: each line one datagram with moby's fields; options checked as dockerd's", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-journal-"));
  const sock = path.join(dir, "journal.sock");
  const out = path.join(dir, "received");
  const receiver = spawn("socat", ["-u", `UNIX-RECV:${sock}`, `OPEN:${out},creat,append`], {
    stdio: "ignore",
  });
  t.after(async () => {
    receiver.kill();
    delete process.env.BERTH_TEST_JOURNALD_SOCKET;
    await rm(dir, { recursive: true, force: true });
  });
  await waitFor("socat to bind the socket", () => existsSync(sock));
  process.env.BERTH_TEST_JOURNALD_SOCKET = sock;
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const bad = await docker(d, [
    "run",
    "--rm",
    "--log-driver",
    "journald",
    "--log-opt",
    "max-size=1m",
    "busybox",
    "true",
  ]);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /unknown log opt 'max-size' for journald log driver/);
  const r = await docker(d, [
    "run",
    "--name",
    "jd",
    "-l",
    "com.example.team=a b",
    "--log-driver",
    "journald",
    "--log-opt",
    "labels=com.example.team",
    "--log-opt",
    "tag={{.Name}}",
    "busybox",
    "sh",
    "-c",
    "echo hi; echo oops >&2",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "hi\n");
  const id = (await docker(d, ["inspect", "-f", "{{.Id}}", "jd"])).stdout.trim();
  assert.equal((await docker(d, ["inspect", "-f", "{{.LogPath}}", "jd"])).stdout, "\n");
  const text = await waitFor("both entries to reach the socket", async () => {
    const s = await readFile(out, "utf8").catch(() => "");
    return s.includes("MESSAGE=oops\n") && s.includes("MESSAGE=hi\n") ? s : undefined;
  });
  // socat appends the datagrams one after another; each starts with its MESSAGE field.
  const entries = text.split(/(?=^MESSAGE=)/m).map((e) =>
    Object.fromEntries(
      e
        .trimEnd()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    ),
  );
  const common = {
    CONTAINER_ID: id.slice(0, 12),
    CONTAINER_ID_FULL: id,
    CONTAINER_NAME: "jd",
    CONTAINER_TAG: "jd",
    IMAGE_NAME: "busybox",
    SYSLOG_IDENTIFIER: "jd",
    COM_EXAMPLE_TEAM: "a b",
  };
  const byMessage = Object.fromEntries(entries.map((e) => [e.MESSAGE, e]));
  assert.deepEqual(byMessage.hi, { MESSAGE: "hi", PRIORITY: "6", ...common });
  assert.deepEqual(byMessage.oops, { MESSAGE: "oops", PRIORITY: "3", ...common });
  assert.equal(entries.length, 2);
  // logs asks journalctl (this host's journal never saw the test socket's entries).
  const logs = await docker(d, ["logs", "jd"]);
  assert.equal(logs.code, 0, logs.stderr);
  assert.equal((await docker(d, ["rm", "jd"])).code, 0);
});
