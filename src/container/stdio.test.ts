import assert from "node:assert/strict";
import { test } from "node:test";
import { DetachKeyScanner, parseDetachKeys, stdcopyFrame } from "./stdio.ts";

test("stdcopy frames carry the stream and a big-endian length", () => {
  assert.deepEqual(
    stdcopyFrame(1, Buffer.from("hello\n")),
    Buffer.from([1, 0, 0, 0, 0, 0, 0, 6, ...Buffer.from("hello\n")]),
  );
  assert.equal(stdcopyFrame(2, Buffer.alloc(300))[6], 1);
});

test("detach keys in docker's notation", () => {
  assert.deepEqual(parseDetachKeys("ctrl-p,ctrl-q"), Buffer.from([16, 17]));
  assert.deepEqual(parseDetachKeys("ctrl-a,x"), Buffer.from([1, 120]));
  assert.deepEqual(parseDetachKeys("ctrl-@"), Buffer.from([0]));
  assert.throws(() => parseDetachKeys("ctrl-long"), /Invalid detach keys/);
});

test("the scanner passes data through, holds partial sequences, and detects across chunks", () => {
  const s = new DetachKeyScanner(Buffer.from([16, 17]));
  assert.deepEqual(s.push(Buffer.from("ab")), { data: Buffer.from("ab"), detached: false });
  assert.deepEqual(s.push(Buffer.from([99, 16])), { data: Buffer.from([99]), detached: false });
  assert.deepEqual(s.push(Buffer.from([100])), { data: Buffer.from([16, 100]), detached: false });
  assert.deepEqual(s.push(Buffer.from([16])), { data: Buffer.alloc(0), detached: false });
  assert.deepEqual(s.push(Buffer.from([17, 1])), { data: Buffer.alloc(0), detached: true });
  const t = new DetachKeyScanner(Buffer.from([16, 17]));
  assert.deepEqual(t.push(Buffer.from([16, 16, 17])), { data: Buffer.from([16]), detached: true });
});
