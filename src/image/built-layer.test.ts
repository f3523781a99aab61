import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chown, link, lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { test } from "node:test";
import { unpackLayer } from "../layer/unpack.ts";
import { lgetxattr, lsetxattr, mknod, S_IFCHR } from "../sys/syscalls.ts";
import { tempImageService } from "./test-service.ts";

test("addBuiltLayer stores the dir's tar as the blob and moves the dir in as the layer, /etc/hosts kept", async (t) => {
  const { images } = await tempImageService(t);
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

/** The tree under `root` as comparable lines: type, mode, owner, size, content or target, opaque. */
async function treeOf(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const name of (await readdir(path.join(root, rel))).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(root, r);
      const st = await lstat(abs);
      const mode = (st.mode & 0o7777).toString(8);
      const who = `${st.uid}:${st.gid}`;
      if (st.isDirectory()) {
        const opaque = lgetxattr(abs, "trusted.overlay.opaque")?.toString() ?? "";
        out.push(`d ${r} ${mode} ${who} ${opaque}`);
        await walk(r);
      } else if (st.isSymbolicLink()) out.push(`l ${r} -> ${await readlink(abs)} ${who}`);
      else if (st.isCharacterDevice()) out.push(`c ${r} ${st.rdev} ${who}`);
      else out.push(`f ${r} ${mode} ${who} ${st.nlink} ${await readFile(abs, "utf8")}`);
    }
  };
  await walk("");
  return out;
}

test("addBuiltLayer: the moved dir is what unpacking its blob gives (whiteouts, opaque dirs, links, owners)", async (t) => {
  const { root, images } = await tempImageService(t);
  const upper = path.join(images.tmpDir, "step", "upper");
  await mkdir(path.join(upper, "private"), { recursive: true, mode: 0o700 });
  await chown(path.join(upper, "private"), 1000, 1000);
  await writeFile(path.join(upper, "private/a.txt"), "a\n", { mode: 0o640 });
  await link(path.join(upper, "private/a.txt"), path.join(upper, "private/hard.txt"));
  await symlink("/private/a.txt", path.join(upper, "sym"));
  mknod(path.join(upper, "gone"), S_IFCHR, 0, 0);
  await mkdir(path.join(upper, "opaque"));
  lsetxattr(path.join(upper, "opaque"), "trusted.overlay.opaque", Buffer.from("y"));
  await writeFile(path.join(upper, "opaque/new.txt"), "new\n");
  const expected = await treeOf(upper);

  const { layer, chainId } = await images.addBuiltLayer(upper, undefined);

  const unpacked = path.join(root, "unpacked");
  await mkdir(unpacked);
  await unpackLayer(await images.content.createReadStream(layer.blob), unpacked);
  const moved = await treeOf(images.layers.diffDir(chainId));
  assert.deepEqual(moved, expected, "moved as it was");
  assert.deepEqual(moved, await treeOf(unpacked), "and as its blob unpacks");
});

test("addBuiltLayer: a file of its own named .wh.* makes the layer what its tar says (unpacked, not moved)", async (t) => {
  const { images } = await tempImageService(t);
  const upper = path.join(images.tmpDir, "step", "upper");
  await mkdir(upper, { recursive: true });
  await writeFile(path.join(upper, ".wh.foo"), "");
  await writeFile(path.join(upper, "kept.txt"), "kept\n");

  const { chainId } = await images.addBuiltLayer(upper, undefined);

  const diff = images.layers.diffDir(chainId);
  const gone = await lstat(path.join(diff, "foo"));
  assert.ok(gone.isCharacterDevice() && gone.rdev === 0, "foo is a whiteout, as the tar says");
  await assert.rejects(lstat(path.join(diff, ".wh.foo")), { code: "ENOENT" });
  assert.equal(await readFile(path.join(diff, "kept.txt"), "utf8"), "kept\n");
  assert.ok((await lstat(upper)).isDirectory(), "the step's dir was not moved");
});
