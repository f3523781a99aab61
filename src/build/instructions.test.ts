import assert from "node:assert/strict";
import { test } from "node:test";
import { withDefaultPath } from "./instructions.ts";

test("a stage without PATH gets Linux's default one, as moby's setDefaultPath; its own PATH is kept", () => {
  const path = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  assert.deepEqual(withDefaultPath(undefined).Env, [path]);
  assert.deepEqual(withDefaultPath({ Cmd: ["sh"], Env: null }), { Cmd: ["sh"], Env: [path] });
  assert.deepEqual(withDefaultPath({ Env: ["A=1"] }).Env, ["A=1", path]);
  assert.deepEqual(withDefaultPath({ Env: ["PATH=/bin", "A=1"] }).Env, ["PATH=/bin", "A=1"]);
});
