import assert from "node:assert/strict";
import { test } from "node:test";
import { parseReplicas } from "./more.ts";

test("scale's SERVICE=REPLICAS arguments, with Compose v2's errors", () => {
  assert.deepEqual(parseReplicas(["web=3", "db=0"]), { web: 3, db: 0 });
  assert.throws(() => parseReplicas(["web"]), /invalid scale specifier: web$/);
  assert.throws(() => parseReplicas(["=2"]), /invalid scale specifier: =2$/);
  assert.throws(() => parseReplicas(["web=-1"]), /can't parse replica value as int: web=-1/);
});
