import assert from "node:assert/strict";
import { test } from "node:test";
import { ioctlLong, unifiedSyscall } from "./arch-numbers.ts";

test("a unified syscall has the generic number on every architecture but MIPS o32", () => {
  for (const arch of ["x64", "arm64", "ia32", "arm", "riscv64", "ppc64", "s390x", "loong64"]) {
    assert.equal(unifiedSyscall(437, "openat2", arch), 437, arch);
  }
  assert.equal(unifiedSyscall(437, "openat2", "mipsel"), 4437);
  assert.equal(unifiedSyscall(428, "open_tree", "mips"), 4428);
});

test("an architecture without a table is refused, naming the call and the architecture", () => {
  assert.throws(
    () => unifiedSyscall(437, "openat2", "sparc64"),
    /Cannot call openat2: berth does not know the syscall numbers of the sparc64 architecture/,
  );
  assert.throws(() => unifiedSyscall(56, "openat"), /not in the unified table/);
});

test("FS_IOC_GETFLAGS and FS_IOC_SETFLAGS as linux/fs.h builds them per architecture", () => {
  assert.equal(ioctlLong("read", "f", 1, "x64"), 0x80086601);
  assert.equal(ioctlLong("write", "f", 2, "x64"), 0x40086602);
  assert.equal(ioctlLong("read", "f", 1, "arm64"), 0x80086601);
  assert.equal(ioctlLong("read", "f", 1, "arm"), 0x80046601);
  assert.equal(ioctlLong("read", "f", 1, "ppc64"), 0x40086601);
  assert.equal(ioctlLong("write", "f", 2, "ppc64"), 0x80086602);
  assert.equal(ioctlLong("read", "f", 1, "sparc64"), undefined);
});
