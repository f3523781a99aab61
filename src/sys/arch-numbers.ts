// The numbers that differ between CPU architectures, for the calls made through koffi.
//
// Syscalls: every syscall added since Linux 5.1 (number 424 on) has one number on all
// architectures, from the kernel's generic table (scripts/syscall.tbl): open_tree 428,
// move_mount 429, fsopen 430, fsconfig 431, fsmount 432, openat2 437 on x86_64, i386, arm,
// arm64, riscv, loongarch, powerpc and s390 alike. Only the ABIs that add a base to every
// number differ: MIPS o32 (Node's mips and mipsel) adds 4000 (alpha, 110, and ia64, 1024,
// have no Node build). An architecture not listed is refused rather than guessed.
//
// ioctl numbers: _IOC(dir, type, nr, size) is laid out one way on most architectures
// (direction in bits 30-31, write 1, read 2, 14 bits of size) and another on powerpc and
// MIPS (direction in bits 29-31, read 2, write 4, 13 bits of size); the size of a `long`
// argument follows the word size.

const UNIFIED_BASE: Readonly<Record<string, number>> = {
  x64: 0,
  ia32: 0,
  arm: 0,
  arm64: 0,
  riscv64: 0,
  loong64: 0,
  ppc: 0,
  ppc64: 0,
  s390: 0,
  s390x: 0,
  mips: 4000,
  mipsel: 4000,
};

/**
 * The number of a syscall from the generic table (424 and up) on `arch` (process.arch);
 * throws for an architecture berth has no table for. `what` names the call in the error.
 */
export function unifiedSyscall(nr: number, what: string, arch: string = process.arch): number {
  if (nr < 424) throw new Error(`syscall ${nr} (${what}) is not in the unified table`);
  const base = UNIFIED_BASE[arch];
  if (base === undefined) {
    throw new Error(
      `Cannot call ${what}: berth does not know the syscall numbers of the ${arch} architecture`,
    );
  }
  return base + nr;
}

const WORD_BYTES: Readonly<Record<string, number>> = {
  x64: 8,
  arm64: 8,
  riscv64: 8,
  loong64: 8,
  ppc64: 8,
  s390x: 8,
  mips: 4,
  mipsel: 4,
  ia32: 4,
  arm: 4,
  ppc: 4,
  s390: 4,
};

/** _IOR/_IOW of a `long` argument on `arch`, or undefined for an architecture not known. */
export function ioctlLong(
  dir: "read" | "write",
  type: string,
  nr: number,
  arch: string = process.arch,
): number | undefined {
  const size = WORD_BYTES[arch];
  if (size === undefined) return undefined;
  const base = (type.charCodeAt(0) << 8) | nr | (size << 16);
  const alt = arch.startsWith("ppc") || arch.startsWith("mips");
  const bits = alt ? (dir === "read" ? 2 : 4) << 29 : (dir === "read" ? 2 : 1) << 30;
  return (bits | base) >>> 0;
}
