import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { berth, nodeBin, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, makeTar } from "../helpers/images.ts";

// spawn's uid/gid drop every uid, group and capability (setpriv --reuid keeps the saved uid
// 0 and so CAP_DAC_OVERRIDE for its own execve: it would see through any mode).
const NOBODY = { uid: 65534, gid: 65534 };

/** Every path under `root` as root sees it, not descending into mounts of other filesystems' children twice. */
async function walk(root: string): Promise<string[]> {
  const out = [root];
  const st = await lstat(root);
  if (!st.isDirectory()) return out;
  for (const name of await readdir(root)) out.push(...(await walk(path.join(root, name))));
  return out;
}

/**
 * The paths uid 65534 (no groups) can stat, and the directories it can list: one child
 * process that tries each path root found.
 */
function reachableAsNobody(paths: string[]): { stat: string[]; list: string[] } {
  const script = `
    const fs = require("node:fs");
    const paths = JSON.parse(fs.readFileSync(0, "utf8"));
    const stat = [], list = [];
    for (const p of paths) {
      try { const st = fs.lstatSync(p); stat.push(p); if (st.isDirectory()) { fs.readdirSync(p); list.push(p); } } catch {}
    }
    process.stdout.write(JSON.stringify({ stat, list }));`;
  const r = spawnSync(nodeBin, ["-e", script], { ...NOBODY, input: JSON.stringify(paths) });
  assert.equal(r.status, 0, r.stderr.toString());
  return JSON.parse(r.stdout.toString());
}

async function loadSetuidImage(d: TestDaemon): Promise<void> {
  // A setuid-root copy of the host's (dynamically linked, privilege-keeping) id in the image.
  const tarball = await makeTar([
    ...busyboxEntries(),
    { name: "tmp/i", content: readFileSync("/usr/bin/id"), mode: 0o4755 },
  ]);
  await d.client.jsonStream(
    "POST",
    "/images/create",
    {
      query: { fromSrc: "-", repo: "suid", tag: "1", changes: ['CMD ["sh"]'] },
      stream: Readable.from([tarball]),
    },
    () => {},
  );
}

async function assertClosed(d: TestDaemon): Promise<void> {
  const paths = [...(await walk(d.dataRoot)), ...(await walk(d.execRoot))];
  assert.ok(paths.length > 100, `the walk saw the layers: ${paths.length} paths`);
  const { stat, list } = reachableAsNobody(paths);
  // As Docker: the roots can be named, nothing under them can.
  assert.deepEqual(stat.sort(), [d.dataRoot, d.execRoot].sort());
  assert.deepEqual(list, []);
  assert.equal((await lstat(d.dataRoot)).mode & 0o7777, 0o710);
  assert.equal((await lstat(d.execRoot)).mode & 0o7777, 0o700);
  for (const dir of ["layers", "content", "image", "containers", "tmp"]) {
    assert.equal((await lstat(path.join(d.dataRoot, dir))).mode & 0o7777, 0o700, dir);
  }

  // Every setuid binary in a layer or a container's layer: none runs for that user.
  const setuid = [];
  for (const p of paths) {
    const st = await lstat(p);
    if (st.isFile() && st.mode & 0o4000) setuid.push(p);
  }
  assert.ok(setuid.length >= 3, `setuid files in the image layer, the commit and the container: ${setuid}`);
  for (const p of setuid) {
    const r = spawnSync(p, [], NOBODY);
    assert.equal(
      (r.error as NodeJS.ErrnoException | undefined)?.code,
      "EACCES",
      `${p} ran for uid 65534: ${r.stdout}`,
    );
  }
}

test("file modes: no host user can enter the data or exec root, nor run a layer's setuid binary", async (t) => {
  const d = await startDaemon(t);
  // The test's own temporary directory is 0700: open it so the roots' own modes are what is tested.
  await chmod(d.dir, 0o711);
  await loadSetuidImage(d);
  const ok = async (args: string[]) => {
    const r = await berth(d, args);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  await ok(["run", "--name", "c1", "suid:1", "sh", "-c", "cp /tmp/i /tmp/j && chmod 4755 /tmp/j"]);
  await ok(["commit", "c1", "suid:2"]);
  await ok(["run", "-d", "--name", "live", "suid:2", "sleep", "1000"]);
  t.after(() => berth(d, ["rm", "-f", "live", "c1"]));
  await assertClosed(d);

  // A non-root user in a container still reads its files and writes /tmp.
  assert.equal(
    await ok([
      "run",
      "--rm",
      "-u",
      "65534",
      "suid:2",
      "sh",
      "-c",
      "cat /etc/group >/dev/null && echo hi > /tmp/w && cat /tmp/w && ls /bin | wc -l",
    ]),
    "hi\n37\n",
  );
  assert.equal(
    await ok(["exec", "-u", "65534", "live", "sh", "-c", "echo x > /tmp/x && id -u && cat /tmp/x"]),
    "65534\nx\n",
  );

  // A data root left open by an older berthd is closed again when berthd starts.
  await d.stop();
  await chmod(d.dataRoot, 0o711);
  for (const dir of ["layers", "content", "image", "tmp"]) await chmod(path.join(d.dataRoot, dir), 0o755);
  await chmod(path.join(d.dataRoot, "containers"), 0o711);
  await chmod(d.execRoot, 0o755);
  await d.restart();
  await assertClosed(d);
});
