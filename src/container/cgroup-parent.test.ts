import assert from "node:assert/strict";
import { test } from "node:test";
import { cgroupsPathFor } from "./cgroup-parent.ts";

const id = "a".repeat(64);

test("cgroupsPathFor: default, absolute and relative parents, cleaned", () => {
  assert.equal(cgroupsPathFor(undefined, id), `/berth/${id}`);
  assert.equal(cgroupsPathFor("", id), `/berth/${id}`);
  assert.equal(cgroupsPathFor("/my/parent/", id), `/my/parent/${id}`);
  assert.equal(cgroupsPathFor("/a/../b", id), `/b/${id}`);
  // relative: under berthd's own cgroup, as runc's cgroupfs driver resolves it
  assert.equal(cgroupsPath("rel"), `rel/${id}`);
  assert.equal(cgroupsPathFor("./x/./y", id), `x/y/${id}`);
});

test("cgroupsPathFor refuses a parent that climbs out of its base", () => {
  for (const bad of ["../", "..", "../x", "a/../../x", "/..", "/../x", "/a/../../b"]) {
    assert.throws(() => cgroupsPathFor(bad, id), /invalid cgroup parent .*climbs out/, bad);
  }
  assert.throws(() => cgroupsPathFor(5, id), /must be a string/);
});

function cgroupsPath(p: string): string {
  return cgroupsPathFor(p, id);
}
