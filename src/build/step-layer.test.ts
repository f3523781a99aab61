import assert from "node:assert/strict";
import { chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { test } from "node:test";
import tar from "tar-stream";
import { packLayerDir } from "../layer/pack.ts";
import { mountPoints } from "../sys/mountinfo.ts";
import { withStepLayer } from "./step-layer.ts";

async function tarEntries(data: Buffer): Promise<Map<string, tar.Header>> {
  const out = new Map<string, tar.Header>();
  const ex = tar.extract();
  ex.on("entry", (h, stream, next) => {
    out.set(h.name, h);
    stream.on("end", next);
    stream.resume();
  });
  const done = new Promise((resolve, reject) => {
    ex.on("finish", () => resolve(undefined));
    ex.on("error", reject);
  });
  ex.end(data);
  await done;
  return out;
}

test("a step layer: volatile overlay over the base, directories copied up as they were, nothing left", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-step-layer-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const lower = path.join(dir, "lower");
  const tmp = path.join(dir, "tmp");
  await mkdir(path.join(lower, "data"), { recursive: true, mode: 0o700 });
  await chown(path.join(lower, "data"), 1000, 1000);
  await writeFile(path.join(lower, "data/old"), "old\n");
  await symlink("/data", path.join(lower, "link"));
  await mkdir(tmp);

  let seenOpts = "";
  const entries = await withStepLayer(
    tmp,
    [lower],
    async ({ merged }) => {
      const line = (await readFile("/proc/self/mountinfo", "utf8"))
        .split("\n")
        .find((l) => l.split(" ")[4] === merged);
      seenOpts = line ?? "";
      await writeFile(path.join(merged, "data/new"), "new\n");
    },
    async (upper) => {
      const { tar, size } = await packLayerDir(upper);
      assert.equal(size, 4, "the new file's bytes; the copied-up directory has none");
      return tarEntries(await buffer(tar));
    },
  );
  // Newer kernels show the option as fsync=volatile.
  assert.match(seenOpts, /[ ,](fsync=)?volatile(,|$)/, seenOpts);
  assert.deepEqual([...entries.keys()].sort(), ["data/", "data/new"]);
  const data = entries.get("data/")!;
  assert.equal(data.mode! & 0o7777, 0o700);
  assert.equal(data.uid, 1000);
  assert.equal(data.gid, 1000);
  assert.equal((await lstat(path.join(lower, "link"))).isSymbolicLink(), true);
  assert.deepEqual(await readdir(tmp), [], "the step's directory is removed");
  assert.ok(!(await mountPoints()).some((m) => m.startsWith(tmp)), "nothing stays mounted");
});

test("a step layer whose write fails is unmounted and removed, and the failure is the caller's", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-step-layer-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const lower = path.join(dir, "lower");
  const tmp = path.join(dir, "tmp");
  await mkdir(lower, { recursive: true });
  await mkdir(tmp);
  let committed = false;
  await assert.rejects(
    withStepLayer(
      tmp,
      [lower],
      async () => {
        throw new Error("the copy failed");
      },
      async () => {
        committed = true;
      },
    ),
    /the copy failed/,
  );
  assert.equal(committed, false);
  assert.deepEqual(await readdir(tmp), []);
  assert.ok(!(await mountPoints()).some((m) => m.startsWith(tmp)));
});
