import assert from "node:assert/strict";
import { test } from "node:test";
import { anonymousName, validateVolumeName } from "./volume-name.ts";

test("names as dockerd's local driver accepts them", () => {
  for (const ok of ["ab", "a1", "my_vol.v-2", "0x"]) validateVolumeName(ok);
  assert.throws(() => validateVolumeName("a"), {
    name: "InvalidParameterError",
    message: "create a: volume name is too short, names should be at least two alphanumeric characters",
  });
  for (const bad of ["../x", "a/b", "-ab", ".ab", "_ab", "a b", "a:b", "/abs"]) {
    assert.throws(() => validateVolumeName(bad), {
      message: `create ${bad}: ${JSON.stringify(bad)} includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
    });
  }
});

test("anonymous names are 64 hex digits and distinct", () => {
  const a = anonymousName();
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(a, anonymousName());
  validateVolumeName(a);
});
