// flock(2), which Node lacks: the kernel drops the lock when its holder dies, so a
// killed berthd never leaves a stale lock behind (a pid file would).
import { closeSync, openSync } from "node:fs";
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

const LOCK_UN = 8;

/**
 * Runs `fn` holding an exclusive lock on `file`, shared by every process on the host that
 * locks the same file. The wait for the lock runs on koffi's worker thread (`.async`), so
 * berthd's event loop never blocks on another process's lock.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const fd = openSync(file, "a", 0o600);
  try {
    const rc = await new Promise<number>((resolve, reject) => {
      cFlock.async(fd, LOCK_EX, (err: unknown, res: number) => (err ? reject(err) : resolve(res)));
    });
    if (rc !== 0) throw new Error(`flock ${file} failed`);
    return await fn();
  } finally {
    cFlock(fd, LOCK_UN);
    closeSync(fd);
  }
}
