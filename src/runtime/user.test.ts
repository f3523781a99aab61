import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { resolveInRoot, resolveUser } from "./user.ts";

const passwd = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
alice:x:1000:1000:Alice:/home/alice:/bin/sh
bob:x:1001:100::/home/bob:/bin/sh
# a comment
nohome:x:1002:1002:::/bin/sh
`;
const group = `root:x:0:
wheel:x:10:alice,root
users:x:100:
alice:x:1000:
audio:x:29:alice,bob
video:x:44:bob
`;

async function rootfs(t: { after: (fn: () => Promise<void>) => void }, files = true): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-user-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, "etc"));
  if (files) {
    await writeFile(path.join(dir, "etc/passwd"), passwd);
    await writeFile(path.join(dir, "etc/group"), group);
  }
  return dir;
}

test("default user is root with root's home and groups", async (t) => {
  const dir = await rootfs(t);
  assert.deepEqual(await resolveUser(dir, "", []), {
    uid: 0,
    gid: 0,
    additionalGids: [0, 10],
    home: "/root",
  });
});

test("a name gets its uid, gid, home and supplementary groups", async (t) => {
  const dir = await rootfs(t);
  assert.deepEqual(await resolveUser(dir, "alice", []), {
    uid: 1000,
    gid: 1000,
    additionalGids: [1000, 10, 29],
    home: "/home/alice",
  });
  assert.deepEqual(await resolveUser(dir, "bob", []), {
    uid: 1001,
    gid: 100,
    additionalGids: [100, 29, 44],
    home: "/home/bob",
  });
  assert.equal((await resolveUser(dir, "nohome", [])).home, "/");
});

test("numeric ids: an entry is used when there is one, none is needed", async (t) => {
  const dir = await rootfs(t);
  assert.deepEqual(await resolveUser(dir, "1000", []), {
    uid: 1000,
    gid: 1000,
    additionalGids: [1000, 10, 29],
    home: "/home/alice",
  });
  assert.deepEqual(await resolveUser(dir, "4242", []), { uid: 4242, gid: 0, additionalGids: [0], home: "/" });
  assert.deepEqual(await resolveUser(dir, "4242:4343", []), {
    uid: 4242,
    gid: 4343,
    additionalGids: [4343],
    home: "/",
  });
});

test("user:group sets the primary group and drops supplementary groups", async (t) => {
  const dir = await rootfs(t);
  assert.deepEqual(await resolveUser(dir, "alice:video", []), {
    uid: 1000,
    gid: 44,
    additionalGids: [44],
    home: "/home/alice",
  });
  assert.deepEqual(await resolveUser(dir, "bob:10", []), {
    uid: 1001,
    gid: 10,
    additionalGids: [10],
    home: "/home/bob",
  });
});

test("--group-add by name or gid, numeric without an entry", async (t) => {
  const dir = await rootfs(t);
  assert.deepEqual(await resolveUser(dir, "alice", ["video", "29", "5000"]), {
    uid: 1000,
    gid: 1000,
    additionalGids: [1000, 10, 29, 44, 5000],
    home: "/home/alice",
  });
  await assert.rejects(resolveUser(dir, "alice", ["nogroup"]), {
    code: "INVALID_PARAMETER",
    message: "Unable to find group nogroup: no matching entries in group file",
  });
});

test("unknown names fail with runc's words", async (t) => {
  const dir = await rootfs(t);
  await assert.rejects(resolveUser(dir, "foo", []), {
    code: "INVALID_PARAMETER",
    message: "unable to find user foo: no matching entries in passwd file",
  });
  await assert.rejects(resolveUser(dir, "alice:bar", []), {
    code: "INVALID_PARAMETER",
    message: "unable to find group bar: no matching entries in group file",
  });
  await assert.rejects(resolveUser(dir, "-5", []), /uids and gids must be in range 0-2147483647/);
});

test("missing passwd and group files: numeric ids work, names do not", async (t) => {
  const dir = await rootfs(t, false);
  assert.deepEqual(await resolveUser(dir, "", []), { uid: 0, gid: 0, additionalGids: [0], home: "/" });
  assert.deepEqual(await resolveUser(dir, "12:34", ["56"]), {
    uid: 12,
    gid: 34,
    additionalGids: [34, 56],
    home: "/",
  });
  await assert.rejects(
    resolveUser(dir, "alice", []),
    /unable to find user alice: no matching entries in passwd file/,
  );
});

test("a symlinked /etc/passwd to an absolute path resolves inside the rootfs", async (t) => {
  const dir = await rootfs(t, false);
  // The same absolute path on the host holds a different user 0: it must not be read.
  const hostDir = await mkdtemp(path.join(tmpdir(), "berth-host-"));
  t.after(() => rm(hostDir, { recursive: true, force: true }));
  await writeFile(
    path.join(hostDir, "passwd"),
    "root:x:0:0:HOST:/host-root:/bin/sh\nmallory:x:7:7::/m:/bin/sh\n",
  );
  const inRoot = path.join(dir, hostDir.slice(1));
  await mkdir(inRoot, { recursive: true });
  await writeFile(path.join(inRoot, "passwd"), "root:x:0:0:root:/container-root:/bin/sh\n");
  await symlink(path.join(hostDir, "passwd"), path.join(dir, "etc/passwd"));
  assert.equal((await resolveUser(dir, "", [])).home, "/container-root");
  await assert.rejects(resolveUser(dir, "mallory", []), /unable to find user mallory/);
});

test("resolveInRoot: absolute and relative links, .. clamped at the root", async (t) => {
  const dir = await rootfs(t, false);
  await mkdir(path.join(dir, "usr/lib"), { recursive: true });
  await symlink("/usr/lib", path.join(dir, "lib"));
  await symlink("../../../../../../etc", path.join(dir, "usr/up"));
  await symlink("loop2", path.join(dir, "loop1"));
  await symlink("loop1", path.join(dir, "loop2"));
  assert.equal(await resolveInRoot(dir, "/lib/x"), path.join(dir, "usr/lib/x"));
  assert.equal(await resolveInRoot(dir, "/usr/up/passwd"), path.join(dir, "etc/passwd"));
  assert.equal(await resolveInRoot(dir, "/../../etc/group"), path.join(dir, "etc/group"));
  await assert.rejects(resolveInRoot(dir, "/loop1"), /too many symlinks/);
});

test("a passwd that is not a regular file is ignored, not read", async (t) => {
  const dir = await rootfs(t, false);
  await symlink("/dev/zero", path.join(dir, "etc/passwd"));
  await mkdir(path.join(dir, "dev"));
  await mkdir(path.join(dir, "dev/zero"));
  assert.deepEqual(await resolveUser(dir, "7", []), { uid: 7, gid: 0, additionalGids: [0], home: "/" });
});
