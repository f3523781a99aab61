import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { exitWhenFlushed } from "./main.ts";

const turn = () => new Promise((resolve) => setImmediate(resolve));

test("the CLI exits with its code once the output a slow reader has not taken yet is written", async () => {
  const written: string[] = [];
  let flushOne: (() => void) | undefined;
  // A pipe whose reader is slow: each chunk stays queued until flushOne() is called.
  const slow = new Writable({
    highWaterMark: 1,
    write(chunk, _enc, done) {
      written.push(String(chunk));
      flushOne = done;
    },
  });
  const idle = new Writable({ write: (_c, _e, done) => done() });
  slow.write("first");
  slow.write("second");
  const exits: number[] = [];
  exitWhenFlushed(3, [slow, idle], (code) => exits.push(code));
  await turn();
  assert.deepEqual(exits, [], "not while output is queued");
  flushOne?.();
  await turn();
  assert.deepEqual(exits, []);
  flushOne?.();
  await turn();
  flushOne?.();
  await turn();
  assert.deepEqual(written.filter(Boolean), ["first", "second"]);
  assert.deepEqual(exits, [3]);
});

test("the CLI exits at once when nothing is queued", async () => {
  const exits: number[] = [];
  exitWhenFlushed(0, [new Writable({ write: (_c, _e, done) => done() })], (code) => exits.push(code));
  await turn();
  assert.deepEqual(exits, [0]);
});
