// Runs as root: it makes device nodes, sets trusted.* and security.* attributes and mounts.

import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { InvalidParameterError } from "../errdefs/errors.ts";
import {
  fsopenOverlay,
  lgetxattr,
  llistxattr,
  lsetxattr,
  MNT_DETACH,
  MS_NODEV,
  MS_NOSUID,
  MS_RDONLY,
  MS_REMOUNT,
  major,
  makedev,
  minor,
  mknod,
  mount,
  S_IFBLK,
  S_IFCHR,
  S_IFIFO,
  SyscallError,
  umount2,
} from "./syscalls.ts";

type Context = { after: (fn: () => void) => void };

// Cleanups run last-in first-out (node:test runs after hooks in order), so that a mount
// is gone before its directory is removed, even when a later cleanup step fails.
function cleanups(t: Context): (fn: () => void) => void {
  const stack: Array<() => void> = [];
  t.after(() => {
    const errors: unknown[] = [];
    for (const fn of stack.reverse()) {
      try {
        fn();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw errors[0];
  });
  return (fn) => stack.push(fn);
}

function tempDir(defer: (fn: () => void) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-sys-"));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// A directory where trusted.* attributes work: the temp dir itself, or a tmpfs on it.
function xattrDir(defer: (fn: () => void) => void): string {
  const dir = tempDir(defer);
  const probe = path.join(dir, "probe");
  writeFileSync(probe, "");
  try {
    lsetxattr(probe, "trusted.berth-probe", Buffer.from("1"));
    return dir;
  } catch (err) {
    if ((err as SyscallError).code !== "EOPNOTSUPP" && (err as SyscallError).code !== "ENOTSUP") throw err;
  }
  mount("tmpfs", dir, "tmpfs", MS_NOSUID, "size=1m");
  defer(() => umount2(dir, MNT_DETACH));
  return dir;
}

test("makedev, major and minor agree with glibc's encoding", () => {
  assert.equal(makedev(1, 3), 0x103n);
  assert.equal(makedev(0x12345, 0x6789a), 0x1200_0678_3459an);
  for (const [ma, mi] of [
    [0, 0],
    [1, 3],
    [259, 65536],
    [0xfffff, 0xfffff],
  ]) {
    const dev = makedev(ma, mi);
    assert.equal(major(dev), ma);
    assert.equal(minor(dev), mi);
  }
});

test("mknod makes a character device, a block device and a FIFO", (t) => {
  const defer = cleanups(t);
  const dir = tempDir(defer);
  const chr = path.join(dir, "chr");
  mknod(chr, S_IFCHR | 0o600, 0, 0);
  let st = lstatSync(chr);
  assert.ok(st.isCharacterDevice());
  assert.equal(st.mode & 0o7777, 0o600);
  assert.equal(st.rdev, 0);

  const blk = path.join(dir, "blk");
  mknod(blk, S_IFBLK | 0o640, 7, 300);
  st = lstatSync(blk);
  assert.ok(st.isBlockDevice());
  assert.equal(major(st.rdev), 7);
  assert.equal(minor(st.rdev), 300);

  const fifo = path.join(dir, "fifo");
  mknod(fifo, S_IFIFO | 0o644);
  st = lstatSync(fifo);
  assert.ok(st.isFIFO());
  assert.equal(st.mode & 0o777, 0o644 & ~process.umask());
});

test("mknod reports errno as Node does", (t) => {
  const defer = cleanups(t);
  const dir = tempDir(defer);
  mknod(path.join(dir, "x"), S_IFIFO | 0o644);
  assert.throws(
    () => mknod(path.join(dir, "x"), S_IFIFO | 0o644),
    (err: SyscallError) => {
      assert.ok(err instanceof SyscallError);
      assert.equal(err.code, "EEXIST");
      assert.equal(err.errno, 17);
      assert.equal(err.syscall, "mknod");
      assert.equal(err.message, `mknod ${path.join(dir, "x")}: File exists`);
      return true;
    },
  );
  assert.throws(() => mknod(path.join(dir, "no", "x"), S_IFIFO), { code: "ENOENT" });
});

test("xattrs: set, get, list, opaque and capability, on files and symlinks", (t) => {
  const defer = cleanups(t);
  const dir = xattrDir(defer);
  const sub = path.join(dir, "sub");
  mkdirSync(sub);
  lsetxattr(sub, "trusted.overlay.opaque", Buffer.from("y"));
  assert.deepEqual(lgetxattr(sub, "trusted.overlay.opaque"), Buffer.from("y"));

  const file = path.join(dir, "file");
  writeFileSync(file, "x");
  // VFS_CAP_REVISION_2 | effective; permitted = cap_setuid (7) + cap_net_raw (13): has a 0x80 byte
  const cap = Buffer.alloc(20);
  cap.writeUInt32LE(0x02000001, 0);
  cap.writeUInt32LE((1 << 7) | (1 << 13), 4);
  lsetxattr(file, "security.capability", cap);
  lsetxattr(file, "user.empty", Buffer.alloc(0));
  assert.deepEqual(lgetxattr(file, "security.capability"), cap);
  assert.deepEqual(lgetxattr(file, "user.empty"), Buffer.alloc(0));
  assert.equal(lgetxattr(file, "user.missing"), undefined);
  assert.deepEqual(llistxattr(file).sort(), ["security.capability", "user.empty"]);

  const link = path.join(dir, "link");
  // A symlink to the file: its attributes are its own, not the file's.
  symlinkSync(file, link);
  assert.deepEqual(llistxattr(link), []);
  lsetxattr(link, "trusted.berth", Buffer.from("link"));
  assert.deepEqual(lgetxattr(link, "trusted.berth"), Buffer.from("link"));
  assert.equal(lgetxattr(file, "trusted.berth"), undefined);

  assert.throws(() => lgetxattr(path.join(dir, "nope"), "user.x"), { code: "ENOENT", syscall: "lgetxattr" });
  assert.throws(() => llistxattr(path.join(dir, "nope")), { code: "ENOENT" });
});

test("mount and umount2 a tmpfs, remount read-only", (t) => {
  const defer = cleanups(t);
  const dir = tempDir(defer);
  let mounted = true;
  mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755");
  defer(() => {
    if (mounted) umount2(dir, MNT_DETACH);
  });
  writeFileSync(path.join(dir, "on-tmpfs"), "1");
  const mounts = readFileSync("/proc/self/mountinfo", "utf8");
  assert.ok(mounts.split("\n").some((l) => l.split(" ")[4] === dir && l.includes(" - tmpfs ")));

  mount("none", dir, null, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV);
  assert.throws(() => writeFileSync(path.join(dir, "ro"), "1"), { code: "EROFS" });

  umount2(dir);
  mounted = false;
  assert.throws(() => lstatSync(path.join(dir, "on-tmpfs")), { code: "ENOENT" });
  assert.throws(() => umount2(dir), { code: "EINVAL", syscall: "umount2" });
});

test("fsopenOverlay stacks 100 lower dirs with long paths", (t) => {
  const defer = cleanups(t);
  const dir = tempDir(defer);
  const lowers: string[] = [];
  for (let i = 0; i < 100; i++) {
    // ~250 bytes a path, 25 KB in all: far past mount(2)'s 4 KiB option page
    const lower = path.join(dir, `${"l".repeat(120)}-${i}`, `${"d".repeat(80)},with:colon`);
    mkdirSync(lower, { recursive: true });
    lowers.push(lower);
  }
  assert.ok(lowers.join(":").length > 20000);
  const bottom = lowers[99];
  const top = lowers[0];
  writeFileSync(path.join(bottom, "from-bottom"), "bottom\n");
  writeFileSync(path.join(bottom, "gone"), "should be hidden\n");
  writeFileSync(path.join(lowers[50], "middle"), "middle\n");
  writeFileSync(path.join(bottom, "middle"), "shadowed\n");
  mknod(path.join(top, "gone"), S_IFCHR, 0, 0);

  const upper = path.join(dir, "upper");
  const work = path.join(dir, "work");
  const merged = path.join(dir, "merged");
  mkdirSync(upper);
  mkdirSync(work);
  mkdirSync(merged);
  fsopenOverlay(lowers, upper, work, merged);
  defer(() => umount2(merged, MNT_DETACH));

  assert.equal(readFileSync(path.join(merged, "from-bottom"), "utf8"), "bottom\n");
  assert.equal(readFileSync(path.join(merged, "middle"), "utf8"), "middle\n");
  assert.throws(() => lstatSync(path.join(merged, "gone")), { code: "ENOENT" });
  writeFileSync(path.join(merged, "new"), "new\n");
  assert.equal(readFileSync(path.join(upper, "new"), "utf8"), "new\n");
  const line = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .find((l) => l.split(" ")[4] === merged);
  assert.ok(line?.includes(" - overlay "), line);
});

test("fsopenOverlay without an upper dir is read-only, and explains a bad lower dir", (t) => {
  const defer = cleanups(t);
  const dir = tempDir(defer);
  const lower = path.join(dir, "lower");
  const lower2 = path.join(dir, "lower2");
  const merged = path.join(dir, "merged");
  mkdirSync(lower);
  mkdirSync(lower2);
  mkdirSync(merged);
  writeFileSync(path.join(lower2, "f"), "f");
  fsopenOverlay([lower, lower2], undefined, undefined, merged);
  defer(() => umount2(merged, MNT_DETACH));
  assert.equal(readFileSync(path.join(merged, "f"), "utf8"), "f");
  assert.throws(() => writeFileSync(path.join(merged, "g"), "g"), { code: "EROFS" });

  const missing = path.join(dir, "missing");
  assert.throws(() => fsopenOverlay([lower, missing], undefined, undefined, path.join(dir, "lower")), {
    code: "ENOENT",
    syscall: "fsconfig",
    message: `fsconfig lowerdir+=${missing}: No such file or directory`,
  });
  assert.throws(() => fsopenOverlay([], undefined, undefined, merged), InvalidParameterError);
  assert.throws(() => fsopenOverlay([lower], undefined, undefined, merged), /at least 2 lower dirs/);
  assert.throws(() => fsopenOverlay([lower], path.join(dir, "u"), undefined, merged), /go together/);
});
