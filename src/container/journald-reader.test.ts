import assert from "node:assert/strict";
import { test } from "node:test";
import { journalEntry } from "./journald-reader.ts";

test("journalctl's JSON objects as log entries: stream by priority, partial pieces, attributes, byte arrays", () => {
  const base = {
    __CURSOR: "s=1",
    __REALTIME_TIMESTAMP: "1765000000123456",
    _PID: "7",
    CONTAINER_ID_FULL: "f",
  };
  assert.deepEqual(journalEntry({ ...base, MESSAGE: "hi", PRIORITY: "6", COM_EXAMPLE_TEAM: "a" }), {
    entry: {
      log: "hi\n",
      stream: "stdout",
      time: "2025-12-06T05:46:40.123456Z",
      attrs: { COM_EXAMPLE_TEAM: "a" },
    },
    cursor: "s=1",
  });
  const piece = journalEntry({
    ...base,
    MESSAGE: [111, 111, 112, 115],
    PRIORITY: "3",
    CONTAINER_PARTIAL_MESSAGE: "true",
    CONTAINER_PARTIAL_ID: "x",
    CONTAINER_PARTIAL_ORDINAL: "1",
    CONTAINER_PARTIAL_LAST: "false",
  });
  assert.deepEqual(piece.entry, { log: "oops", stream: "stderr", time: "2025-12-06T05:46:40.123456Z" });
});
