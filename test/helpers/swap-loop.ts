// A child process for race tests: exchanges two paths atomically (renameat2
// RENAME_EXCHANGE, so each name always exists) as fast as it can until it is killed, and
// prints "swapping" once the first exchange is done. Usage: node swap-loop.ts A B

import koffi from "koffi";

const libc = koffi.load("libc.so.6");
const renameat2 = libc.func(
  "int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)",
);
const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2;
const [a, b] = process.argv.slice(2);
if (!a || !b) throw new Error("usage: swap-loop.ts A B");
let first = true;
for (;;) {
  if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) !== 0) {
    throw new Error(`renameat2 ${a} ${b}: errno ${koffi.errno()}`);
  }
  if (first) {
    process.stdout.write("swapping\n");
    first = false;
  }
}
