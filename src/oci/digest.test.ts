import assert from "node:assert/strict";
import { test } from "node:test";
import { chainIds, isSha256Digest, sha256 } from "./digest.ts";

test("sha256 of empty input is the well-known digest", () => {
  assert.equal(sha256(""), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
});

test("chain IDs follow the OCI image spec", () => {
  const a = sha256("a");
  const b = sha256("b");
  const c = sha256("c");
  const ids = chainIds([a, b, c]);
  assert.equal(ids[0], a);
  assert.equal(ids[1], sha256(`${a} ${b}`));
  assert.equal(ids[2], sha256(`${ids[1]} ${c}`));
  assert.deepEqual(chainIds([]), []);
});

test("digest validation", () => {
  assert.ok(isSha256Digest(sha256("x")));
  assert.ok(!isSha256Digest("sha256:abc"));
  assert.ok(!isSha256Digest(`sha256:${"A".repeat(64)}`));
});
