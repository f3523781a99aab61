import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeFrame, encodeResize, FrameDecoder, FrameType } from "./monitor-frame.ts";

test("frames round-trip whatever the chunking", () => {
  const stream = Buffer.concat([
    encodeFrame(FrameType.stdout, Buffer.from("hello\n")),
    encodeFrame(FrameType.stderr, Buffer.alloc(0)),
    encodeFrame(FrameType.exit, Buffer.from("137")),
  ]);
  for (let step = 1; step <= stream.length; step++) {
    const dec = new FrameDecoder();
    const got: Array<[number, string]> = [];
    for (let i = 0; i < stream.length; i += step) {
      for (const f of dec.push(stream.subarray(i, i + step))) got.push([f.type, f.payload.toString()]);
    }
    assert.deepEqual(got, [
      [1, "hello\n"],
      [2, ""],
      [3, "137"],
    ]);
    assert.equal(dec.pendingBytes, 0);
  }
});

test("a cut frame stays pending", () => {
  const dec = new FrameDecoder();
  assert.deepEqual(dec.push(encodeFrame(FrameType.stdout, Buffer.from("abc")).subarray(0, 6)), []);
  assert.equal(dec.pendingBytes, 6);
});

test("resize carries rows then cols, big-endian", () => {
  assert.deepEqual([...encodeResize(300, 80)], [5, 0, 0, 0, 4, 1, 44, 0, 80]);
});

test("an oversized frame is refused before it reaches the monitor", () => {
  assert.throws(() => encodeFrame(FrameType.stdin, Buffer.alloc((1 << 20) + 1)), RangeError);
});
