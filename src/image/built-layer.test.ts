import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { test } from "node:test";
import { EventBus } from "../util/events.ts";
import { createLogger } from "../util/logger.ts";
import { ImageService } from "./image-service.ts";

test("addBuiltLayer stores the dir's tar as the blob and moves the dir in as the layer, /etc/hosts kept", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "berth-built-layer-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  const images = new ImageService(path.join(root, "data"), new EventBus(), createLogger("fatal"));
  await images.init();
  // A step's upper dir, in the data root's tmp dir as step-layer.ts makes it.
  const upper = path.join(images.tmpDir, "step", "upper");
  await mkdir(path.join(upper, "etc"), { recursive: true });
  await writeFile(path.join(upper, "etc/hosts"), "10.0.0.1 copied\n");
  await writeFile(path.join(upper, "app.txt"), "app\n");

  const { layer, chainId } = await images.addBuiltLayer(upper, undefined);

  const blob = await buffer(await images.content.createReadStream(layer.blob));
  assert.equal(`sha256:${createHash("sha256").update(blob).digest("hex")}`, layer.blob);
  assert.equal(layer.diffId, layer.blob, "an uncompressed tar: its digest is the DiffID");
  assert.equal(layer.mediaType, "application/vnd.docker.image.rootfs.diff.tar");
  // The tar holds /etc/hosts: a COPY to it is the user's file, not an init-layer mount point.
  assert.ok(blob.includes(Buffer.from("etc/hosts")), "etc/hosts is in the layer's tar");
  const diff = images.layers.diffDir(chainId);
  assert.equal(await readFile(path.join(diff, "app.txt"), "utf8"), "app\n");
  assert.equal(await readFile(path.join(diff, "etc/hosts"), "utf8"), "10.0.0.1 copied\n");
  await assert.rejects(lstat(upper), { code: "ENOENT" }, "the dir was moved, not copied");
  const info = await images.layers.get(chainId);
  assert.equal(info?.size, 20, "the files' bytes, as unpacking the tar counts them");
});
