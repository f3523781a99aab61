import assert from "node:assert/strict";
import { test } from "node:test";
import { BackgroundWork } from "./background-work.ts";

test("settle waits for work added while it waits, then throws the first failure", async () => {
  const bg = new BackgroundWork();
  const done: string[] = [];
  let release!: () => void;
  bg.add(
    new Promise<void>((r) => (release = r)).then(() => {
      done.push("first");
      bg.add(Promise.resolve().then(() => done.push("added meanwhile")));
    }),
  );
  bg.add(Promise.reject(new Error("removal failed")));
  bg.add(Promise.reject(new Error("a later failure")));
  const settled = bg.settle();
  release();
  await assert.rejects(settled, /removal failed/);
  assert.deepEqual(done, ["first", "added meanwhile"]);
});

test("settle of nothing resolves", async () => {
  await new BackgroundWork().settle();
});
