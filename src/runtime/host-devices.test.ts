import assert from "node:assert/strict";
import { test } from "node:test";
import { type DevFs, hostDevices } from "./host-devices.ts";

const dev = (type: number, mj: number, mn: number, perm = 0o660) => ({
  mode: BigInt(type | perm),
  rdev: BigInt((mj << 8) | mn),
  uid: 0n,
  gid: 6n,
  isDirectory: () => type === 0o040000,
});

test("host devices: char and block nodes, nested; pts, shm, fd, mqueue, console, links and fifos left out", async () => {
  const tree: Record<string, ReturnType<typeof dev>> = {
    "/dev/loop0": dev(0o060000, 7, 0),
    "/dev/kmsg": dev(0o020000, 1, 11, 0o644),
    "/dev/console": dev(0o020000, 5, 1),
    "/dev/stdin": dev(0o120000, 0, 0, 0o777),
    "/dev/initctl": dev(0o010000, 0, 0),
    "/dev/pts": dev(0o040000, 0, 0),
    "/dev/pts/0": dev(0o020000, 136, 0),
    "/dev/shm": dev(0o040000, 0, 0),
    "/dev/net": dev(0o040000, 0, 0),
    "/dev/net/tun": dev(0o020000, 10, 200, 0o666),
  };
  const fs: DevFs = {
    readdir: async (dir) =>
      Object.keys(tree)
        .filter((p) => p.slice(0, p.lastIndexOf("/")) === dir)
        .map((p) => p.slice(dir.length + 1)),
    lstat: async (p) => {
      const st = tree[p];
      if (!st) throw Object.assign(new Error("gone"), { code: "ENOENT" });
      return st;
    },
  };
  assert.deepEqual(await hostDevices("/dev", fs), [
    { path: "/dev/kmsg", type: "c", major: 1, minor: 11, fileMode: 0o644, uid: 0, gid: 6 },
    { path: "/dev/loop0", type: "b", major: 7, minor: 0, fileMode: 0o660, uid: 0, gid: 6 },
    { path: "/dev/net/tun", type: "c", major: 10, minor: 200, fileMode: 0o666, uid: 0, gid: 6 },
  ]);
});

test("host devices: this host's /dev has its null device", async () => {
  const all = await hostDevices();
  assert.ok(all.some((d) => d.path === "/dev/null" && d.type === "c" && d.major === 1 && d.minor === 3));
  assert.ok(!all.some((d) => d.path.startsWith("/dev/pts/") || d.path === "/dev/console"));
});
