// The few syscalls Node lacks (mknod, extended attributes, mount, the new mount API),
// called through koffi on glibc. Calls are synchronous: each is one short syscall, and a
// thread hop would cost more than the call. Failures throw a SyscallError shaped like
// Node's own (code "ENOENT", errno, syscall, path), so `errno()` of errdefs reads it.

import { closeSync, readSync } from "node:fs";
import { getSystemErrorName } from "node:util";
import koffi from "koffi";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { ioctlLong, unifiedSyscall } from "./arch-numbers.ts";

const libc = koffi.load("libc.so.6");

// mode_t is 32 bits and dev_t 64 bits on Linux x86_64 and arm64.
const cMknod = libc.func("int mknod(const char *path, uint32_t mode, uint64_t dev)");
const cLsetxattr = libc.func(
  "int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)",
);
const cLgetxattr = libc.func(
  "long lgetxattr(const char *path, const char *name, _Out_ void *value, size_t size)",
);
const cLlistxattr = libc.func("long llistxattr(const char *path, _Out_ void *list, size_t size)");
const cMount = libc.func(
  "int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data)",
);
const cUmount2 = libc.func("int umount2(const char *target, int flags)");
const cStrerror = libc.func("const char *strerror(int errnum)");
const cIoctlPtr = libc.func("int ioctl(int fd, unsigned long request, _Inout_ int *arg)");

// The new mount API has glibc wrappers since 2.36; older glibc gets the raw syscall
// (numbers from the unified table, arch-numbers.ts).
const SYS_OPEN_TREE = 428;
const SYS_MOVE_MOUNT = 429;
const SYS_FSOPEN = 430;
const SYS_FSCONFIG = 431;
const SYS_FSMOUNT = 432;

type Native = (...args: unknown[]) => number;

const cSyscall = libc.func("long syscall(long number, ...)");

function withFallback(proto: string, nr: number, types: string[]): Native {
  try {
    return libc.func(proto) as Native;
  } catch {
    const name = proto.split("(")[0]?.split(" ").pop() ?? proto;
    // Resolved at the call: an architecture without a table fails the call, not the import.
    return (...args: unknown[]) =>
      Number(cSyscall(unifiedSyscall(nr, name), ...types.flatMap((t, i) => [t, args[i]])));
  }
}

const cFsopen = withFallback("int fsopen(const char *fsname, unsigned int flags)", SYS_FSOPEN, [
  "str",
  "uint",
]);
const cFsconfig = withFallback(
  "int fsconfig(int fd, unsigned int cmd, const char *key, const char *value, int aux)",
  SYS_FSCONFIG,
  ["int", "uint", "str", "str", "int"],
);
const cFsmount = withFallback(
  "int fsmount(int fd, unsigned int flags, unsigned int attr_flags)",
  SYS_FSMOUNT,
  ["int", "uint", "uint"],
);
const cMoveMount = withFallback(
  "int move_mount(int from_dfd, const char *from_path, int to_dfd, const char *to_path, unsigned int flags)",
  SYS_MOVE_MOUNT,
  ["int", "str", "int", "str", "uint"],
);

const cOpenTree = withFallback(
  "int open_tree(int dfd, const char *path, unsigned int flags)",
  SYS_OPEN_TREE,
  ["int", "str", "uint"],
);
// glibc has no openat2 wrapper; the raw syscall takes a struct open_how and its size.
const SYS_OPENAT2 = 437;
function cOpenat2(dirfd: number, pathname: string, how: Buffer): number {
  const nr = unifiedSyscall(SYS_OPENAT2, "openat2");
  return Number(cSyscall(nr, "int", dirfd, "str", pathname, "void *", how, "size_t", how.length));
}

// mount(2) flags
export const MS_RDONLY = 0x1;
export const MS_NOSUID = 0x2;
export const MS_NODEV = 0x4;
export const MS_NOEXEC = 0x8;
export const MS_REMOUNT = 0x20;
export const MS_BIND = 0x1000;
export const MS_REC = 0x4000;
export const MS_PRIVATE = 0x40000;
// umount2(2) flags
export const MNT_FORCE = 0x1;
export const MNT_DETACH = 0x2;
// file types for mknod(2)
export const S_IFIFO = 0o010000;
export const S_IFCHR = 0o020000;
export const S_IFBLK = 0o060000;
// setxattr(2) flags
export const XATTR_CREATE = 0x1;
export const XATTR_REPLACE = 0x2;
// fsmount(2) attributes
export const MOUNT_ATTR_RDONLY = 0x1;
export const MOUNT_ATTR_NOSUID = 0x2;
export const MOUNT_ATTR_NODEV = 0x4;
export const MOUNT_ATTR_NOEXEC = 0x8;

const FSOPEN_CLOEXEC = 0x1;
const FSMOUNT_CLOEXEC = 0x1;
const FSCONFIG_SET_FLAG = 0;
const FSCONFIG_SET_STRING = 1;
const FSCONFIG_CMD_CREATE = 6;
const MOVE_MOUNT_F_EMPTY_PATH = 0x4;
export const AT_FDCWD = -100;
// open(2) and openat2(2)
export const O_PATH = 0o10000000;
export const O_CLOEXEC = 0o2000000;
export const O_NOFOLLOW = 0o400000;
export const RESOLVE_NO_XDEV = 0x01;
export const RESOLVE_NO_MAGICLINKS = 0x02;
export const RESOLVE_NO_SYMLINKS = 0x04;
export const RESOLVE_BENEATH = 0x08;
export const RESOLVE_IN_ROOT = 0x10;
// open_tree(2)
const OPEN_TREE_CLONE = 0x1;
const OPEN_TREE_CLOEXEC = O_CLOEXEC;
const AT_EMPTY_PATH = 0x1000;
const AT_RECURSIVE = 0x8000;
const ERANGE = 34;
const ENODATA = 61;

/** A failed syscall, shaped like Node's ErrnoException. */
export class SyscallError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  readonly path?: string;
  constructor(syscall: string, errnum: number, path?: string, detail?: string) {
    const what = path === undefined ? syscall : `${syscall} ${path}`;
    super(`${what}: ${cStrerror(errnum) as string}${detail ? ` (${detail})` : ""}`);
    this.name = "SyscallError";
    this.code = errnum > 0 ? getSystemErrorName(-errnum) : "UNKNOWN";
    this.errno = errnum;
    this.syscall = syscall;
    if (path !== undefined) this.path = path;
  }
}

function fail(syscall: string, path?: string, detail?: string): never {
  throw new SyscallError(syscall, koffi.errno(), path, detail);
}

/** The device number glibc's makedev(3) builds. */
export function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major >>> 0);
  const mi = BigInt(minor >>> 0);
  return ((ma & 0xfffff000n) << 32n) | ((ma & 0xfffn) << 8n) | ((mi & 0xffffff00n) << 12n) | (mi & 0xffn);
}

/** major(3) of a device number (as in `fs.Stats.rdev`). */
export function major(dev: number | bigint): number {
  const d = BigInt(dev);
  return Number(((d >> 32n) & 0xfffff000n) | ((d >> 8n) & 0xfffn));
}

/** minor(3) of a device number. */
export function minor(dev: number | bigint): number {
  const d = BigInt(dev);
  return Number(((d >> 12n) & 0xffffff00n) | (d & 0xffn));
}

/** mknod(2): `mode` holds the file type (S_IFCHR, S_IFBLK, S_IFIFO) and permissions. */
export function mknod(path: string, mode: number, major = 0, minor = 0): void {
  if (cMknod(path, mode >>> 0, makedev(major, minor)) !== 0) fail("mknod", path);
}

/** lsetxattr(2): never follows a symlink at `path`. */
export function lsetxattr(path: string, name: string, value: Buffer, flags = 0): void {
  if (cLsetxattr(path, name, value, value.length, flags) !== 0) fail("lsetxattr", path);
}

/** lgetxattr(2): the attribute's value, or undefined when the file has no such attribute. */
export function lgetxattr(path: string, name: string): Buffer | undefined {
  // The value may grow between the size query and the read: retry on ERANGE.
  for (;;) {
    const size = Number(cLgetxattr(path, name, null, 0));
    if (size < 0) {
      if (koffi.errno() === ENODATA) return undefined;
      fail("lgetxattr", path);
    }
    const buf = Buffer.alloc(size);
    if (size === 0) return buf;
    const n = Number(cLgetxattr(path, name, buf, size));
    if (n >= 0) return buf.subarray(0, n);
    const err = koffi.errno();
    if (err === ENODATA) return undefined;
    if (err !== ERANGE) fail("lgetxattr", path);
  }
}

/** llistxattr(2): the names of the attributes of `path` (itself, not a symlink's target). */
export function llistxattr(path: string): string[] {
  for (;;) {
    const size = Number(cLlistxattr(path, null, 0));
    if (size < 0) fail("llistxattr", path);
    if (size === 0) return [];
    const buf = Buffer.alloc(size);
    const n = Number(cLlistxattr(path, buf, size));
    if (n >= 0) {
      return buf
        .subarray(0, n)
        .toString("utf8")
        .split("\0")
        .filter((s) => s !== "");
    }
    if (koffi.errno() !== ERANGE) fail("llistxattr", path);
  }
}

/** mount(2). */
export function mount(
  source: string,
  target: string,
  fstype: string | null,
  flags: number,
  data?: string,
): void {
  if (cMount(source, target, fstype, flags, data ?? null) !== 0) fail("mount", target);
}

/** umount2(2). */
export function umount2(target: string, flags = 0): void {
  if (cUmount2(target, flags) !== 0) fail("umount2", target);
}

export interface OverlayOptions {
  /** MOUNT_ATTR_* flags for the new mount (read-only, nosuid, nodev, noexec). */
  attrs?: number;
  /** Further overlay options: a string sets `key=value`, true sets the flag `key`. */
  options?: Record<string, string | true>;
}

/**
 * Mounts an overlay on `target` with the new mount API: each lower dir is its own
 * `lowerdir+` parameter (kernel ≥ 6.8), so neither mount(2)'s 4 KiB option page nor
 * `:` and `,` in paths limit the stack. `lowerdirs[0]` is the top layer, as in the
 * `lowerdir=` option. Without `upper` and `work`, the overlay is read-only and needs at
 * least two lower dirs.
 */
export function fsopenOverlay(
  lowerdirs: string[],
  upper: string | undefined,
  work: string | undefined,
  target: string,
  opts: OverlayOptions = {},
): void {
  if (lowerdirs.length === 0) throw new InvalidParameterError("Cannot mount overlay: no lower directory");
  if ((upper === undefined) !== (work === undefined)) {
    throw new InvalidParameterError("Cannot mount overlay: upperdir and workdir go together");
  }
  // The kernel says why only in dmesg: say it here.
  if (upper === undefined && lowerdirs.length < 2) {
    throw new InvalidParameterError(
      "Cannot mount overlay: without an upper dir, at least 2 lower dirs are needed",
    );
  }
  const fsfd = cFsopen("overlay", FSOPEN_CLOEXEC);
  if (fsfd < 0) fail("fsopen", "overlay");
  let mntfd = -1;
  try {
    const set = (key: string, value: string | null, cmd = FSCONFIG_SET_STRING) => {
      if (cFsconfig(fsfd, cmd, key, value, 0) !== 0) {
        const errnum = koffi.errno();
        throw new SyscallError("fsconfig", errnum, value === null ? key : `${key}=${value}`, kernelLog(fsfd));
      }
    };
    for (const dir of lowerdirs) set("lowerdir+", dir);
    if (upper !== undefined && work !== undefined) {
      set("upperdir", upper);
      set("workdir", work);
    }
    for (const [key, value] of Object.entries(opts.options ?? {})) {
      if (value === true) set(key, null, FSCONFIG_SET_FLAG);
      else set(key, value);
    }
    if (cFsconfig(fsfd, FSCONFIG_CMD_CREATE, null, null, 0) !== 0) {
      const errnum = koffi.errno();
      throw new SyscallError("fsconfig", errnum, "overlay create", kernelLog(fsfd));
    }
    mntfd = cFsmount(fsfd, FSMOUNT_CLOEXEC, opts.attrs ?? 0);
    if (mntfd < 0) fail("fsmount", target, kernelLog(fsfd));
    if (cMoveMount(mntfd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) !== 0) fail("move_mount", target);
  } finally {
    if (mntfd >= 0) closeSync(mntfd);
    closeSync(fsfd);
  }
}

// The filesystem context keeps the kernel's own explanation ("e overlay: failed to
// resolve 'x': -2"); reading the fd yields it, one message per read, until ENODATA.
function kernelLog(fsfd: number): string | undefined {
  const messages: string[] = [];
  const buf = Buffer.alloc(4096);
  for (let i = 0; i < 32; i++) {
    let n: number;
    try {
      n = readSync(fsfd, buf, 0, buf.length, null);
    } catch {
      break;
    }
    if (n <= 0) break;
    messages.push(
      buf
        .subarray(0, n)
        .toString("utf8")
        .replace(/^[ewi] /, ""),
    );
  }
  return messages.length > 0 ? messages.join("; ") : undefined;
}

/**
 * openat2(2): opens `pathname` (relative to `dirfd`) with `flags` (O_PATH…) and the
 * RESOLVE_* rules in `resolve`; the fd, to close with closeSync.
 */
export function openat2(dirfd: number, pathname: string, flags: number, resolve: number): number {
  const how = Buffer.alloc(24);
  how.writeBigUInt64LE(BigInt(flags), 0);
  how.writeBigUInt64LE(0n, 8);
  how.writeBigUInt64LE(BigInt(resolve), 16);
  const fd = cOpenat2(dirfd, pathname, how);
  if (fd < 0) fail("openat2", pathname);
  return fd;
}

/**
 * Bind-mounts the file or directory `fd` refers to (with the mounts under it, as rbind) on
 * `target`: open_tree(2) clones the mount tree at the fd itself, never at a path looked up
 * again, and move_mount(2) attaches the clone.
 */
export function bindFd(fd: number, target: string): void {
  const tree = cOpenTree(fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
  if (tree < 0) fail("open_tree", target);
  try {
    if (cMoveMount(tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) !== 0) fail("move_mount", target);
  } finally {
    closeSync(tree);
  }
}

// FS_IOC_GETFLAGS / FS_IOC_SETFLAGS (linux/fs.h): _IOR/_IOW('f', 1|2, long); the kernel
// reads and writes an int through the pointer.
export const FS_TOPDIR_FL = 0x00020000;

/**
 * Adds inode flags (chattr(1)'s, FS_*_FL) to the file open as `fd`. Throws a SyscallError
 * (ENOTTY, EOPNOTSUPP on a filesystem without them; EINVAL on an unknown architecture).
 */
export function addInodeFlags(fd: number, flags: number, shown: string): void {
  const get = ioctlLong("read", "f", 1);
  const set = ioctlLong("write", "f", 2);
  if (get === undefined || set === undefined) throw new SyscallError("ioctl", 22, shown, process.arch);
  const v = [0];
  if (cIoctlPtr(fd, get, v) !== 0) fail("ioctl FS_IOC_GETFLAGS", shown);
  const want = ((v[0] ?? 0) | flags) >>> 0;
  if (want === v[0]) return;
  if (cIoctlPtr(fd, set, [want | 0]) !== 0) fail("ioctl FS_IOC_SETFLAGS", shown);
}
