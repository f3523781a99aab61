import assert from "node:assert/strict";
import { test } from "node:test";
import { execRootMode } from "./root-modes.ts";

test("exec root: closed, or searchable but not listable when an API socket lives in it", () => {
  assert.equal(execRootMode("/run/berth", ["/run/berth.sock"]), 0o700);
  assert.equal(execRootMode("/run/berth", ["/run/berth/berth.sock"]), 0o711);
  assert.equal(execRootMode("/run/berth/", ["/run/other/x.sock", "/run/berth/../berth/b.sock"]), 0o711);
  assert.equal(execRootMode("/run/berth", ["/run/berthx/b.sock"]), 0o700);
});
