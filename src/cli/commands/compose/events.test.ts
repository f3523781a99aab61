import assert from "node:assert/strict";
import { test } from "node:test";
import { eventTimes } from "./events.ts";

test("event times keep the nanoseconds and use Go's two layouts", () => {
  const prev = process.env.TZ;
  process.env.TZ = "UTC";
  try {
    const t = eventTimes({ timeNano: 1_700_000_000_123_456_800 });
    assert.match(t.text, /^2023-11-14 22:13:20\.123456/);
    assert.match(t.json, /^2023-11-14T22:13:20\.1234567\d*Z$/);
    assert.deepEqual(eventTimes({ time: 1_700_000_000 }), {
      text: "2023-11-14 22:13:20.000000",
      json: "2023-11-14T22:13:20Z",
    });
  } finally {
    if (prev === undefined) delete process.env.TZ;
    else process.env.TZ = prev;
  }
});
