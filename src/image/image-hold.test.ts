import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { parseNormalizedNamed, tagNameOnly } from "./reference.ts";
import { tempImageService } from "./test-service.ts";

test("an image a build holds is not removed (by ID: refused; by name: untagged, kept) until released", async (t) => {
  const { images } = await tempImageService(t);
  const dir = path.join(images.tmpDir, "layer");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "f.txt"), "f\n");
  const { layer } = await images.addBuiltLayer(dir, undefined);
  const config = {
    architecture: "amd64",
    os: "linux",
    config: {},
    rootfs: { type: "layers", diff_ids: [layer.diffId] },
    history: [{ created_by: "test" }],
  };
  const rec = await images.prepareImage({ config: Buffer.from(JSON.stringify(config)), layers: [layer] });
  await images.commitImages([{ rec, refs: [] }]);
  await images.tag(rec.id, tagNameOnly(parseNormalizedNamed("held:1")));

  const release = images.holds.hold(rec.id);
  await assert.rejects(images.remove(rec.id, { force: true }), /image is being used by a build in progress/);
  const byName = await images.remove("held:1", { force: true });
  assert.deepEqual(byName, [{ Untagged: "held:1" }]);
  assert.ok(images.store.get(rec.id), "the image stays while held");
  assert.ok(images.holds.has(rec.id));

  const second = images.holds.hold(rec.id);
  release();
  release(); // a second call is a no-op, not the other hold's release
  assert.ok(images.holds.has(rec.id), "the other hold still counts");
  second();
  assert.equal(images.holds.has(rec.id), false);
  const removed = await images.remove(rec.id, {});
  assert.ok(removed.some((r) => r.Deleted === rec.id));
});
