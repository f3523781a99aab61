// flock(2), which Node lacks: the kernel drops the lock when its holder dies, so a
// killed berthd never leaves a stale lock behind (a pid file would).
import { openSync } from "node:fs";
import koffi from "koffi";

const libc = koffi.load("libc.so.6");
const cFlock = libc.func("int flock(int fd, int operation)");
const LOCK_EX = 2;
const LOCK_NB = 4;

/** Takes an exclusive lock on `file` for the life of the process; false when another process holds it. */
export function tryLockFile(file: string): boolean {
  const fd = openSync(file, "a", 0o600);
  return (cFlock(fd, LOCK_EX | LOCK_NB) as number) === 0;
}
