import assert from "node:assert/strict";
import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fixedNanoTime, followLogs, type LogEntry, readLogs } from "./log-reader.ts";

const line = (log: string, stream: "stdout" | "stderr" = "stdout") =>
  `${JSON.stringify({ log, stream, time: "2026-11-23T10:00:00.123456789Z" })}\n`;

const all = { stdout: true, stderr: true };

test("a line the monitor is half-way through writing is not lost between read and follow", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-logs-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, "c-json.log");
  const third = line("third é\n");
  const cut = Buffer.byteLength(third) - 9;
  await writeFile(file, line("first\n") + line("second\n", "stderr") + third.slice(0, cut));

  const read: LogEntry[] = [];
  const pos = await readLogs(file, all, (e) => read.push(e));
  assert.deepEqual(
    read.map((e) => e.log),
    ["first\n", "second\n"],
  );
  assert.equal(pos?.offset, Buffer.byteLength(line("first\n") + line("second\n", "stderr")));

  const followed: string[] = [];
  const ac = new AbortController();
  const got2 = new Promise<void>((resolve) => {
    const following = followLogs(
      file,
      all,
      (e) => {
        followed.push(e.log);
        if (followed.length === 2) resolve();
      },
      ac.signal,
      pos,
    );
    t.after(async () => {
      ac.abort();
      await following;
    });
  });
  await appendFile(file, third.slice(cut) + line("fourth\n"));
  await got2;
  assert.deepEqual(followed, ["third é\n", "fourth\n"]);
});

test("readLogs keeps the last N entries of the whole log with tail, then filters streams (as dockerd)", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-logs-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, "c-json.log");
  await writeFile(`${file}.1`, line("old\n"));
  await writeFile(file, line("a\n") + line("err\n", "stderr") + "{damaged\n" + line("b\n"));
  const out: string[] = [];
  await readLogs(file, { stdout: true, stderr: false, tail: 2 }, (e) => out.push(e.log));
  assert.deepEqual(out, ["b\n"]);
  const three: string[] = [];
  await readLogs(file, { stdout: true, stderr: false, tail: 3 }, (e) => three.push(e.log));
  assert.deepEqual(three, ["a\n", "b\n"]);
  const none: string[] = [];
  await readLogs(file, { stdout: true, stderr: true, tail: 0 }, (e) => none.push(e.log));
  assert.deepEqual(none, []);
  const every: string[] = [];
  await readLogs(file, all, (e) => every.push(e.log));
  assert.deepEqual(every, ["old\n", "a\n", "err\n", "b\n"]);
});

test("logs -t times always carry nine fractional digits, as moby's RFC3339NanoFixed", () => {
  assert.equal(fixedNanoTime("2026-12-06T23:59:01.12345678Z"), "2026-12-06T23:59:01.123456780Z");
  assert.equal(fixedNanoTime("2026-12-06T23:59:01Z"), "2026-12-06T23:59:01.000000000Z");
  assert.equal(fixedNanoTime("2026-12-06T23:59:01.123456789Z"), "2026-12-06T23:59:01.123456789Z");
  assert.equal(fixedNanoTime("2026-12-06T23:59:01.5+01:00"), "2026-12-06T23:59:01.500000000+01:00");
});
