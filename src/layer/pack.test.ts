import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { link, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import tar from "tar-stream";
import { packUpper, TAR_END } from "./pack.ts";

async function collect(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function list(buf: Buffer) {
  const ex = tar.extract();
  const out: { name: string; type: string; linkname: string | null; mode: number; data: string }[] = [];
  const done = (async () => {
    for await (const e of ex) {
      const chunks: Buffer[] = [];
      for await (const c of e) chunks.push(c as Buffer);
      out.push({
        name: e.header.name,
        type: e.header.type ?? "",
        linkname: e.header.linkname ?? null,
        mode: e.header.mode ?? 0,
        data: Buffer.concat(chunks).toString(),
      });
    }
  })();
  ex.end(buf);
  await done;
  return out;
}

test("packUpper: sorted entries, hard links, symlinks, long names, same bytes twice", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-pack-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, "b/c"), { recursive: true });
  await writeFile(path.join(dir, "b/c/f"), "hello");
  await writeFile(path.join(dir, "a"), "x".repeat(1000), { mode: 0o4755 });
  await link(path.join(dir, "a"), path.join(dir, "b/hard"));
  await symlink("../a", path.join(dir, "b/sym"));
  const long = "n".repeat(150);
  await writeFile(path.join(dir, long), "long");
  // Init-layer mount points and an excluded volume path stay out.
  await mkdir(path.join(dir, "proc"));
  await mkdir(path.join(dir, "vol"));
  const when = new Date("2020-01-01T00:00:00Z");
  for (const p of ["a", "b", "b/c", "b/c/f", long, ""]) await utimes(path.join(dir, p), when, when);

  const one = await collect(await packUpper(dir, ["/vol"]));
  const two = await collect(await packUpper(dir, ["/vol"]));
  assert.deepEqual(one, two);
  const entries = await list(one);
  assert.deepEqual(
    entries.map((e) => [e.name, e.type, e.linkname]),
    [
      ["a", "file", null],
      ["b/", "directory", null],
      ["b/c/", "directory", null],
      ["b/c/f", "file", null],
      ["b/hard", "link", "a"],
      ["b/sym", "symlink", "../a"],
      [long, "file", null],
    ],
  );
  assert.equal(entries[0].mode, 0o4755);
  assert.equal(entries[0].data, "x".repeat(1000));
  assert.equal(entries[3].data, "hello");
  assert.equal(entries[6].data, "long");
});

test("packUpper: an empty upper dir is the two end blocks (Docker's empty layer)", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-pack-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const buf = await collect(await packUpper(dir));
  assert.deepEqual(buf, TAR_END);
  assert.equal(
    `sha256:${createHash("sha256").update(buf).digest("hex")}`,
    "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",
  );
});
