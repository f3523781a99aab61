import assert from "node:assert/strict";
import { test } from "node:test";
import protobuf from "protobufjs";
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

/** moby's daemon/logger/internal/logdriver/entry.proto, the local driver's record. */
const ENTRY_PROTO = `
syntax = "proto3";
message LogAttr { string key = 1; string value = 2; }
message LogEntry {
  string source = 1;
  int64 time_nano = 2;
  bytes line = 3;
  bool partial = 4;
  PartialLogEntryMetadata partial_log_metadata = 5;
  repeated LogAttr attrs = 6;
}
message PartialLogEntryMetadata { bool last = 1; string id = 2; int32 ordinal = 3; }
`;

test("records encoded from Docker's entry.proto decode: nanosecond times, attrs, a line split in pieces", () => {
  const LogEntry = protobuf.parse(ENTRY_PROTO).root.lookupType("LogEntry");
  const enc = (m: Record<string, unknown>) =>
    record(Buffer.from(LogEntry.encode(LogEntry.create(m)).finish()));
  // A time past 2^53 ns: a float would lose the last digits.
  const ns = 1765000000123456789n;
  const time = { low: Number(ns & 0xffffffffn) | 0, high: Number(ns >> 32n) | 0, unsigned: false };
  const id = "ab".repeat(32);
  const buf = Buffer.concat([
    enc({
      source: "stdout",
      timeNano: time,
      line: Buffer.from("whole"),
      attrs: [{ key: "tag", value: "web" }],
    }),
    enc({
      source: "stderr",
      timeNano: time,
      line: Buffer.from("par"),
      partial: true,
      partialLogMetadata: { id, ordinal: 1 },
    }),
    enc({
      source: "stderr",
      timeNano: time,
      line: Buffer.from("t"),
      partial: true,
      partialLogMetadata: { id, ordinal: 2 },
    }),
    enc({
      source: "stderr",
      timeNano: time,
      line: Buffer.from("s"),
      partial: true,
      partialLogMetadata: { id, ordinal: 3, last: true },
    }),
    // A piece never ended (the container exited mid-line): no newline.
    enc({
      source: "stdout",
      timeNano: time,
      line: Buffer.from("cut"),
      partial: true,
      partialLogMetadata: { id: "x", ordinal: 1 },
    }),
  ]);
  const { entries, used } = decodeLocalRecords(buf);
  assert.equal(used, buf.length);
  const t = "2025-12-06T05:46:40.123456789Z";
  assert.deepEqual(entries, [
    { log: "whole\n", stream: "stdout", time: t, attrs: { tag: "web" } },
    { log: "par", stream: "stderr", time: t },
    { log: "t", stream: "stderr", time: t },
    { log: "s\n", stream: "stderr", time: t },
    { log: "cut", stream: "stdout", time: t },
  ]);
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
