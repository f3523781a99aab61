import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { isMountPoint, mountPoints } from "../sys/mountinfo.ts";
import { MNT_DETACH, mount, umount2 } from "../sys/syscalls.ts";
import { mountRootfs, rootfsOverlayOptions, unmountBelow, unmountRootfs } from "./rootfs.ts";

test("unmountBelow detaches nested mounts and names with spaces below a dir, and nothing beside it", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-rootfs-"));
  const inside = path.join(dir, "tmp");
  const nested = path.join(inside, "a", "b");
  const spaced = path.join(inside, "c d");
  const beside = path.join(dir, "tmp-sibling");
  for (const d of [nested, spaced, beside]) await mkdir(d, { recursive: true });
  const made = [path.join(inside, "a"), nested, spaced, beside];
  t.after(async () => {
    for (const m of [...made].reverse()) if (await isMountPoint(m)) umount2(m, MNT_DETACH);
    await rm(dir, { recursive: true, force: true });
  });
  mount("tmpfs", path.join(inside, "a"), "tmpfs", 0, "size=1m");
  await mkdir(nested, { recursive: true });
  mount("tmpfs", nested, "tmpfs", 0, "size=1m");
  mount("tmpfs", spaced, "tmpfs", 0, "size=1m");
  mount("tmpfs", beside, "tmpfs", 0, "size=1m");

  await unmountBelow(inside);

  assert.ok(
    !(await mountPoints()).some((m) => m.startsWith(`${inside}/`)),
    "every mount below the dir is gone",
  );
  assert.equal(await isMountPoint(beside), true, "a sibling whose name shares the prefix stays");
});

test("a rootfs refuses to rename a lower dir (EXDEV: mv copies it), so its upper dir stays a plain tree", async (t) => {
  // redirect_dir=on (a kernel default some distributions choose; mountRootfs turns it off)
  // would let the rename succeed as an empty dir with a redirect xattr in the upper dir,
  // which a layer's tar, `diff` and a build step's layer read as an empty directory. (On a
  // kernel whose default is off this passes either way; the options test below cannot.)
  const dir = await mkdtemp(path.join(tmpdir(), "berth-rootfs-"));
  const lower = path.join(dir, "lower");
  await mkdir(path.join(lower, "etc"), { recursive: true });
  await writeFile(path.join(lower, "etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
  const container = path.join(dir, "c");
  t.after(async () => {
    await unmountRootfs(container);
    await rm(dir, { recursive: true, force: true });
  });
  const merged = await mountRootfs(container, [lower]);
  await assert.rejects(rename(path.join(merged, "etc"), path.join(merged, "etc2")), { code: "EXDEV" });
  await unmountRootfs(container);
  assert.deepEqual(await readdir(path.join(container, "upper")), []);
});

test("rootfs overlays turn redirect_dir and metacopy off whatever the kernel's default, volatile on request", () => {
  assert.deepEqual(rootfsOverlayOptions(), { source: "overlay", redirect_dir: "off", metacopy: "off" });
  assert.deepEqual(rootfsOverlayOptions({ volatile: true }), {
    source: "overlay",
    redirect_dir: "off",
    metacopy: "off",
    volatile: true,
  });
});

test("unmountBelow finds the mounts of a dir reached through a symlink", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-rootfs-"));
  const real = path.join(dir, "real");
  const inside = path.join(real, "tmp", "m");
  await mkdir(inside, { recursive: true });
  await symlink(real, path.join(dir, "link"));
  t.after(async () => {
    if (await isMountPoint(inside)) umount2(inside, MNT_DETACH);
    await rm(dir, { recursive: true, force: true });
  });
  mount("tmpfs", inside, "tmpfs", 0, "size=1m");
  await unmountBelow(path.join(dir, "link", "tmp"));
  assert.equal(await isMountPoint(inside), false);
});
