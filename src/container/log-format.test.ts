import assert from "node:assert/strict";
import { test } from "node:test";
import { detailsPrefix } from "./container-logs.ts";
import { decodeJsonLines, decodeLocalRecords, nsToTime } from "./log-format.ts";

/** A local-driver record built by hand, as moby's gogo/protobuf marshals LogEntry. */
function record(fields: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(fields.length);
  return Buffer.concat([size, fields, size]);
}

test("local records decode to entries; a record cut short waits for the rest", () => {
  const attr = Buffer.from([0x0a, 1, 0x6b, 0x12, 1, 0x76]); // key "k", value "v"
  const fields = Buffer.concat([
    Buffer.from([0x0a, 6]),
    Buffer.from("stderr"),
    Buffer.from([0x10, 0x81, 0x80, 0x80, 0x80, 0x10]), // time_nano 2^32 * 1 + 1 (varint)
    Buffer.from([0x1a, 2]),
    Buffer.from("hi"),
    Buffer.from([0x32, attr.length]),
    attr,
  ]);
  const partial = Buffer.concat([
    Buffer.from([0x0a, 6]),
    Buffer.from("stdout"),
    Buffer.from([0x1a, 1, 0x78, 0x20, 1]),
  ]);
  const both = Buffer.concat([record(fields), record(partial)]);
  const { entries, used } = decodeLocalRecords(both);
  assert.equal(used, both.length);
  assert.deepEqual(entries, [
    { log: "hi\n", stream: "stderr", time: nsToTime(4294967297n), attrs: { k: "v" } },
    { log: "x", stream: "stdout", time: "1970-01-01T00:00:00Z" },
  ]);
  assert.equal(decodeLocalRecords(both.subarray(0, both.length - 1)).used, record(fields).length);
});

test("json lines: whole lines only, damaged ones skipped", () => {
  const buf = Buffer.from('{"log":"a\\n","stream":"stdout","time":"t"}\nnot json\n{"log":"b');
  const { entries, used } = decodeJsonLines(buf);
  assert.equal(entries.length, 1);
  assert.equal(used, buf.indexOf("{", 1));
});

test("times and --details prefixes as Go writes them", () => {
  assert.equal(nsToTime(1_700_000_000_123_450_000n), "2023-11-14T22:13:20.12345Z");
  assert.equal(nsToTime(1_700_000_000_000_000_000n), "2023-11-14T22:13:20Z");
  assert.equal(
    detailsPrefix({ log: "", stream: "stdout", time: "", attrs: { b: "x y", a: "1/2" } }),
    "a=1%2F2,b=x+y ",
  );
  assert.equal(detailsPrefix({ log: "", stream: "stdout", time: "" }), " ");
});
