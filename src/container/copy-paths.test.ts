import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import tar from "tar-stream";
import type { ContainerRecord } from "./container-record.ts";
import { copyPaths } from "./copy-paths.ts";
import { fakeContainer } from "./test-records.ts";

/** A container dir with an init-layer hostname and a rootfs holding /etc and /data/a.txt. */
async function setup(t: { after(fn: () => Promise<void>): void }, rec: ContainerRecord) {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-cp-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const rootfs = path.join(dir, "rootfs");
  await mkdir(path.join(rootfs, "etc"), { recursive: true });
  await mkdir(path.join(rootfs, "data"));
  await writeFile(path.join(rootfs, "data/a.txt"), "hello");
  await writeFile(path.join(dir, "hostname"), "box-12345\n");
  const frozen: string[] = [];
  const service = {
    withRootfs: async <T>(_ref: string, fn: (r: ContainerRecord, root: string, d: string) => Promise<T>) =>
      fn(rec, rootfs, dir),
    frozen: async <T>(r: ContainerRecord, fn: () => Promise<T>) => {
      frozen.push(r.ID);
      return fn();
    },
  };
  await mkdir(path.join(dir, "tmp"));
  return { cp: copyPaths(service, path.join(dir, "tmp")), rootfs, frozen };
}

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  // Owned by whoever runs the test, so extracting needs no root.
  for (const [name, body] of Object.entries(files))
    pack.entry({ name, mode: 0o644, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

test("cp stat: a rootfs path, and /etc/hostname from the container's init layer", async (t) => {
  const { cp } = await setup(t, fakeContainer({ ID: "c1" }));
  const a = await cp.stat("c1", "/data/a.txt");
  assert.deepEqual([a.name, a.size], ["a.txt", 5]);
  const h = await cp.stat("c1", "/etc/hostname");
  assert.equal(h.size, "box-12345\n".length);
  await assert.rejects(cp.stat("c1", "/nope"), { code: "NOT_FOUND" });
});

test("cp from a container: the tar of the path, with its stat", async (t) => {
  const { cp } = await setup(t, fakeContainer({ ID: "c1" }));
  const names: string[] = [];
  await cp.archive("c1", "/data", async ({ stat, stream, done }) => {
    assert.equal(stat.name, "data");
    const extract = tar.extract();
    extract.on("entry", (h, s, next) => {
      names.push(h.name);
      s.resume();
      s.on("end", next);
    });
    stream.pipe(extract);
    await Promise.all([done, new Promise<void>((r) => extract.on("finish", () => r()))]);
  });
  assert.deepEqual(names.sort(), ["data/", "data/a.txt"]);
});

test("cp into a container: written with the container frozen; a read-only rootfs refuses", async (t) => {
  const rec = fakeContainer({ ID: "c2" });
  const { cp, rootfs, frozen } = await setup(t, rec);
  const body = await tarOf({ "b.txt": "new" });
  await cp.extract("c2", "/data", Readable.from([body]), { noOverwriteDirNonDir: true, copyUIDGID: false });
  assert.equal(await readFile(path.join(rootfs, "data/b.txt"), "utf8"), "new");
  assert.deepEqual(frozen, ["c2"]);

  const ro = fakeContainer({ ID: "c3", HostConfig: { ReadonlyRootfs: true } });
  const r = await setup(t, ro);
  await assert.rejects(
    r.cp.extract("c3", "/data", Readable.from([body]), { noOverwriteDirNonDir: true, copyUIDGID: false }),
    { code: "FORBIDDEN" },
  );
});
