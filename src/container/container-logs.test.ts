import assert from "node:assert/strict";
import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { NotFoundError } from "../errdefs/errors.ts";
import { type LogsSource, openAttach, openLogs, parseLogTime, parseTail } from "./container-logs.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { LogEntry } from "./log-reader.ts";
import { fakeContainer } from "./test-records.ts";

const line = (log: string, stream: "stdout" | "stderr" = "stdout", time = "2026-01-01T00:00:01.5Z") =>
  `${JSON.stringify({ log, stream, time })}\n`;

/** A source over one record and its log file; `wait` settles when `exit` is called. */
function source(rec: ContainerRecord, logPath: string) {
  let exit = () => {};
  const attached: string[] = [];
  const src: LogsSource = {
    get: (ref) => {
      if (ref !== rec.Name.slice(1)) throw new NotFoundError(`No such container: ${ref}`);
      return rec;
    },
    logPathOf: () => logPath,
    wait: () =>
      new Promise((resolve) => {
        exit = () => resolve({ StatusCode: 0, Error: null });
      }),
    attach: async (id) => {
      attached.push(id);
    },
  };
  return { src, attached, exit: () => exit() };
}

async function tmpLog(t: { after(fn: () => Promise<void>): void }, content: string) {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-clogs-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, "c-json.log");
  await writeFile(file, content);
  return file;
}

test("logs: the streams and tail asked for; no stream at all is a 400, an unknown container a 404", async (t) => {
  const file = await tmpLog(t, line("a\n") + line("b\n", "stderr") + line("c\n"));
  const { src } = source(fakeContainer({ Name: "/web" }), file);
  const got: string[] = [];
  const log = openLogs(src, "web", { stdout: true, stderr: false });
  assert.equal(log.tty, false);
  await log.pump({ follow: true, tail: 1 }, (e) => got.push(e.log), new AbortController().signal);
  // Not running: a follow ends with what the log holds.
  assert.deepEqual(got, ["c\n"]);
  assert.throws(() => openLogs(src, "web", { stdout: false, stderr: false }), {
    code: "INVALID_PARAMETER",
    message: "Bad parameters: you must choose at least one stream",
  });
  assert.throws(() => openLogs(src, "nope", { stdout: false, stderr: false }), { code: "NOT_FOUND" });
});

test("logs -f of a running container follows until it stops", async (t) => {
  const file = await tmpLog(t, line("before\n"));
  const rec = fakeContainer(
    { Name: "/web", Config: { Image: "x", Tty: true } },
    { Running: true, Status: "running" },
  );
  const { src, exit } = source(rec, file);
  const got: string[] = [];
  const log = openLogs(src, "web", { stdout: true, stderr: true });
  assert.equal(log.tty, true);
  const seen = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (got.length >= n ? resolve() : setImmediate(check));
      check();
    });
  const done = log.pump({ follow: true }, (e: LogEntry) => got.push(e.log), new AbortController().signal);
  await seen(1);
  await appendFile(file, line("after\n"));
  await seen(2);
  exit();
  await done;
  assert.deepEqual(got, ["before\n", "after\n"]);
});

test("log times: unix seconds with fraction, RFC 3339 with nanoseconds, 0 for none, else a 400", () => {
  assert.equal(parseLogTime(null), undefined);
  assert.equal(parseLogTime("0"), undefined);
  assert.equal(parseLogTime("12.25"), 12_250_000_000n);
  assert.equal(parseLogTime("1970-01-01T00:00:01.000000002Z"), 1_000_000_002n);
  assert.throws(() => parseLogTime("yesterday"), {
    code: "INVALID_PARAMETER",
    message: "invalid value for time: yesterday",
  });
});

test("attach is checked in Docker's order: container, stream or logs, not paused", async (t) => {
  const file = await tmpLog(t, line("x\n") + line("y\n", "stderr"));
  const paused = fakeContainer({ Name: "/p" }, { Running: true, Paused: true, Status: "paused" });
  const { src } = source(paused, file);
  assert.throws(() => openAttach(src, "nope", { stream: true, logs: false }), { code: "NOT_FOUND" });
  assert.throws(() => openAttach(src, "p", { stream: false, logs: false }), {
    code: "INVALID_PARAMETER",
    message: "Cannot attach: give stream=1 or logs=1",
  });
  assert.throws(() => openAttach(src, "p", { stream: true, logs: false }), {
    code: "CONFLICT",
    message: "You cannot attach to a paused container, unpause it first",
  });
  const running = fakeContainer({ ID: "c9", Name: "/r" }, { Running: true, Status: "running" });
  const s = source(running, file);
  const session = openAttach(s.src, "r", { stream: true, logs: true });
  const replayed: string[] = [];
  await session.replay({ stdout: false, stderr: true }, (e) => replayed.push(e.log));
  assert.deepEqual(replayed, ["y\n"]);
  await session.attach(undefined as never, Buffer.alloc(0), { stdin: false, stdout: true, stderr: true });
  assert.deepEqual(s.attached, ["c9"]);
});

test("tail: what Go's Atoi reads as a non-negative integer, anything else is the whole log (as moby)", () => {
  assert.equal(parseTail("3"), 3);
  assert.equal(parseTail("+3"), 3);
  assert.equal(parseTail("007"), 7);
  assert.equal(parseTail("0"), 0);
  for (const all of [null, "all", "", "-1", "-5", "x", " 3", "3.5"])
    assert.equal(parseTail(all), undefined, String(all));
});
