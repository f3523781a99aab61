import assert from "node:assert/strict";
import { test } from "node:test";
import type { Instruction } from "./dockerfile.ts";
import { cacheDirName, parseMountFlag, parseRunFlags } from "./run-mounts.ts";

const ins = (flags: [string, string | undefined][]): Instruction => ({
  line: 3,
  keyword: "RUN",
  args: "true",
  flags,
  text: "RUN true",
});

test("parseMountFlag: BuildKit's defaults and fields", () => {
  const i = ins([]);
  assert.deepEqual(parseMountFlag(i, "type=cache,target=/root/.cache"), {
    type: "cache",
    target: "/root/.cache",
    readOnly: false,
    id: "/root/.cache",
  });
  assert.deepEqual(parseMountFlag(i, "type=secret,id=tok"), {
    type: "secret",
    target: "/run/secrets/tok",
    readOnly: true,
    id: "tok",
  });
  const b = parseMountFlag(i, "target=/src,source=sub,rw");
  assert.equal(b.type, "bind");
  assert.equal(b.readOnly, false);
  assert.equal(parseMountFlag(i, "type=tmpfs,target=/t,size=1m").size, 1024 * 1024);
  assert.equal(parseMountFlag(i, "type=cache,target=/c,mode=0700,uid=5").mode, 0o700);
  assert.throws(() => parseMountFlag(i, "type=ssh"), /line 3: RUN: --mount=type=ssh is not supported/);
  assert.throws(() => parseMountFlag(i, "type=cache,target=/c,sharing=odd"), /unsupported sharing value/);
  assert.throws(() => parseMountFlag(i, "type=bind,target=/c,size=1"), /unexpected key 'size'/);
  assert.throws(() => parseMountFlag(i, "type=cache"), /requires a target/);
  assert.throws(() => parseMountFlag(i, "type=cache,target=/c,bogus=1"), /unexpected key 'bogus'/);
});

test("parseRunFlags: relative targets, duplicates, --network", () => {
  const f = parseRunFlags(
    ins([
      ["mount", "type=tmpfs,target=tmp"],
      ["network", "none"],
    ]),
    "/work",
  );
  assert.equal(f.mounts[0].target, "/work/tmp");
  assert.equal(f.network, "none");
  assert.throws(
    () => parseRunFlags(ins([["network", "bridge"]]), "/"),
    /network mode "bridge" not supported/,
  );
  assert.throws(
    () =>
      parseRunFlags(
        ins([
          ["mount", "type=tmpfs,target=/a"],
          ["mount", "type=cache,target=/a"],
        ]),
        "/",
      ),
    /duplicate mount target/,
  );
  assert.match(cacheDirName("/root/.cache"), /^root_.cache-[0-9a-f]{16}$/);
  assert.notEqual(cacheDirName("a/b"), cacheDirName("a_b"));
});
