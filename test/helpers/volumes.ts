// What the volume tests share: a docker CLI call that must succeed, and the mounts berthd left.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { docker, type TestDaemon } from "./daemon.ts";

/** Runs the docker CLI against the test daemon; fails the test unless it exits 0. Its stdout. */
export async function dockerOk(d: TestDaemon, args: string[]): Promise<string> {
  const r = await docker(d, args);
  assert.equal(r.code, 0, `docker ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** Mount points under `root` in berthd's mount namespace (the host's). */
export async function mountsUnder(root: string): Promise<string[]> {
  const info = await readFile("/proc/self/mountinfo", "utf8");
  return info
    .split("\n")
    .map((l) => l.split(" ")[4] ?? "")
    .filter((p) => p.startsWith(`${root}/`));
}
