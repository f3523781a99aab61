import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkConfig,
  checkDescriptor,
  checkDockerManifest,
  checkIndex,
  checkManifest,
  parseJsonDocument,
} from "./document-checks.ts";

const d = `sha256:${"a".repeat(64)}`;

test("documents that are not JSON, or lack their lists, are refused with the file named", () => {
  assert.throws(
    () => parseJsonDocument(Buffer.from("{nope"), "index.json"),
    /^InvalidParameterError: Cannot load archive: index.json is not valid JSON/,
  );
  assert.throws(() => checkIndex({}, "index.json"), /Cannot load archive: index.json has no manifests array/);
  assert.throws(() => checkIndex({ manifests: {} }, "index.json"), /no manifests array/);
  assert.throws(() => checkIndex(null, "index.json"), /is not a JSON object/);
  assert.throws(() => checkManifest({ config: { digest: d, size: 1 } }, "m"), /has no layers array/);
  assert.throws(() => checkDockerManifest({}), /manifest.json is not a list/);
  assert.throws(() => checkDockerManifest([{ Config: "c.json" }]), /entry 0 has no Layers list/);
});

test("descriptors need a sha256 digest and a non-negative integer size", () => {
  assert.deepEqual(checkDescriptor({ digest: d, size: 3, mediaType: "x" }, "x"), {
    digest: d,
    size: 3,
    mediaType: "x",
  });
  assert.throws(
    () => checkDescriptor({ digest: "sha512:00", size: 3 }, "desc"),
    /unsupported or malformed digest/,
  );
  assert.throws(() => checkDescriptor({ digest: d, size: -1 }, "desc"), /invalid size -1/);
  assert.throws(() => checkDescriptor({ digest: d, size: "3" }, "desc"), /invalid size "3"/);
  assert.throws(() => checkDescriptor({ digest: d, size: 1, annotations: { a: 1 } }, "desc"), /annotations/);
  assert.throws(
    () => checkIndex({ manifests: [{ size: 1 }] }, "index.json"),
    /index.json manifests\[0\] has no digest/,
  );
});

test("configs need digest DiffIDs and well-typed container defaults", () => {
  const ok = { rootfs: { type: "layers", diff_ids: [d] }, config: { Cmd: ["sh"], Labels: { a: "b" } } };
  assert.equal(checkConfig(ok, "config"), ok);
  assert.throws(() => checkConfig({ rootfs: {} }, "config"), /has no rootfs.diff_ids list/);
  assert.throws(() => checkConfig({ rootfs: { diff_ids: ["x"] } }, "config"), /rootfs.diff_ids\[0\]/);
  assert.throws(
    () => checkConfig({ ...ok, config: { Cmd: 5 } }, "config"),
    /config is invalid: json: cannot unmarshal number into Go struct field config.Cmd of type strslice.StrSlice/,
  );
  assert.throws(
    () => checkConfig({ ...ok, config: { WorkingDir: 1 } }, "config"),
    /cannot unmarshal number into Go struct field config.WorkingDir of type string/,
  );
  assert.throws(
    () => checkConfig({ ...ok, config: { Labels: ["a"] } }, "config"),
    /cannot unmarshal array into Go struct field config.Labels/,
  );
});

test("the failed action can be named by the caller (a pull)", () => {
  assert.throws(
    () => checkConfig({ rootfs: { diff_ids: [] }, config: { Env: [1] } }, "config x", "Cannot pull busybox"),
    /^InvalidParameterError: Cannot pull busybox: config x is invalid: json: cannot unmarshal number into Go struct field config.Env of type string$/,
  );
});
