import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { test } from "node:test";
import { guardStream } from "./stream-guard.ts";

test("a guarded stream that fails before it is read reports its error to the later reader", async () => {
  const s = guardStream(createReadStream("/nonexistent/berth-guard-test"));
  await new Promise((resolve) => s.once("close", () => resolve(undefined)));
  await assert.rejects(
    (async () => {
      for await (const _ of s) {
        // never reached
      }
    })(),
    { code: "ENOENT" },
  );
});
