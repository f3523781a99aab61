import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import tar from "tar-stream";
import { type IndexedEntry, indexTar, TarFormatError } from "./tar-index.ts";

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "tar-index-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function index(file: string): Promise<{ entries: IndexedEntry[]; data: Buffer }> {
  const data = await readFile(file);
  const fh = await open(file);
  try {
    return { entries: await indexTar(fh, data.length), data };
  } finally {
    await fh.close();
  }
}

/** A file's content as the index says to rebuild it: segments at their offsets, zeros between. */
function content(e: IndexedEntry, data: Buffer): Buffer {
  const out = Buffer.alloc(e.size);
  if (!e.sparse) return data.subarray(e.dataOffset, e.dataOffset + e.dataSize);
  let from = e.dataOffset;
  for (const s of e.sparse) {
    data.copy(out, s.offset, from, from + s.length);
    from += s.length;
  }
  return out;
}

async function packed(
  headers: (Partial<tar.Header> & { name: string; content?: string })[],
): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c) => {
    chunks.push(c as Buffer);
  });
  const ended = new Promise<void>((r) => pack.on("end", () => r()));
  for (const { content: c, ...h } of headers) pack.entry(h, c ?? "");
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

test("tar index: names from ustar, GNU long names and PAX; types, modes, links; data offsets", async () => {
  await withDir(async (dir) => {
    const long = `${"d".repeat(120)}/${"f".repeat(200)}`;
    await writeFile(path.join(dir, "a"), "hello");
    const gnu = path.join(dir, "gnu.tar");
    const src = path.join(dir, "src");
    spawnSync("mkdir", ["-p", path.join(src, "d".repeat(120))]);
    await writeFile(path.join(src, long), "long!");
    spawnSync("ln", ["-s", "f".repeat(200), path.join(src, "d".repeat(120), "l")]);
    const r = spawnSync("tar", ["--format=gnu", "-C", src, "-cf", gnu, "."]);
    assert.equal(r.status, 0, r.stderr.toString());
    const { entries, data } = await index(gnu);
    const file = entries.find((e) => e.name === `./${long}`);
    assert.ok(file, JSON.stringify(entries.map((e) => e.name)));
    assert.equal(file.type, "file");
    assert.equal(content(file, data).toString(), "long!");
    const link = entries.find((e) => e.name.endsWith("/l"));
    assert.equal(link?.type, "symlink");
    assert.equal(link?.linkname, "f".repeat(200));

    const pax = path.join(dir, "pax.tar");
    await writeFile(
      pax,
      await packed([
        { name: "x", pax: { path: "p".repeat(300) }, content: "pax" },
        { name: "dir/", type: "directory", mode: 0o750, uid: 7, gid: 8 },
        { name: "h", type: "link", linkname: "x" },
        { name: "fifo", type: "fifo" },
        { name: "tty", type: "character-device", devmajor: 5, devminor: 0 },
      ]),
    );
    const p = await index(pax);
    assert.deepEqual(
      p.entries.map((e) => [e.name, e.type]),
      [
        ["p".repeat(300), "file"],
        ["dir/", "directory"],
        ["h", "link"],
        ["fifo", "fifo"],
        ["tty", "character-device"],
      ],
    );
    assert.equal(content(p.entries[0] as IndexedEntry, p.data).toString(), "pax");
    assert.deepEqual([p.entries[1]?.mode, p.entries[1]?.uid, p.entries[1]?.gid], [0o750, 7, 8]);
    assert.equal(p.entries[4]?.devmajor, 5);
  });
});

test("tar index: GNU and PAX 0.0, 0.1, 1.0 sparse files rebuild to their bytes (extension blocks included)", async () => {
  await withDir(async (dir) => {
    const size = 3 * 1024 * 1024 + 5;
    const fh = await open(path.join(dir, "sp"), "w");
    for (let i = 0; i < 30; i++) await fh.write(Buffer.from(`data ${i}`), 0, undefined, i * 100_000 + 3);
    await fh.write(Buffer.from("!"), 0, undefined, size - 1);
    await fh.close();
    const want = await readFile(path.join(dir, "sp"));
    for (const flags of [
      ["--format=gnu"],
      ["--format=pax", "--sparse-version=0.0"],
      ["--format=pax", "--sparse-version=0.1"],
      ["--format=pax", "--sparse-version=1.0"],
    ]) {
      const file = path.join(dir, "sp.tar");
      const r = spawnSync("tar", ["--sparse", ...flags, "-C", dir, "-cf", file, "sp"]);
      assert.equal(r.status, 0, r.stderr.toString());
      const { entries, data } = await index(file);
      assert.equal(entries.length, 1, flags.join(" "));
      const e = entries[0] as IndexedEntry;
      assert.equal(e.name, "sp", flags.join(" "));
      assert.ok(e.sparse && e.sparse.length > 25, `${flags}: ${e.sparse?.length} segments`);
      assert.equal(e.size, size);
      assert.ok(content(e, data).equals(want), flags.join(" "));
    }
  });
});

test("tar index: malformed archives are TarFormatErrors", async () => {
  await withDir(async (dir) => {
    const good = await packed([{ name: "a", content: "x".repeat(2000) }]);
    const cases: [string, Buffer, RegExp][] = [
      ["truncated data", good.subarray(0, 1024), /unexpected end of archive/],
      ["truncated header", good.subarray(0, 100), /unexpected end of archive/],
      [
        "bad checksum",
        Buffer.concat([good.subarray(0, 148), Buffer.from("7777777\0"), good.subarray(156)]),
        /checksum/,
      ],
      [
        "overlapping sparse map",
        await packed([
          {
            name: "s",
            pax: { "GNU.sparse.map": "10,5,12,5", "GNU.sparse.size": "100" },
            content: "0123456789",
          },
        ]),
        /segments overlap/,
      ],
      [
        "sparse map past the end",
        await packed([
          { name: "s", pax: { "GNU.sparse.map": "98,5", "GNU.sparse.size": "100" }, content: "01234" },
        ]),
        /pass the file's size/,
      ],
      [
        "sparse map not matching the data",
        await packed([
          { name: "s", pax: { "GNU.sparse.map": "0,5", "GNU.sparse.size": "100" }, content: "0123456" },
        ]),
        /maps 5 bytes, the archive holds 7/,
      ],
      [
        "unknown sparse version",
        await packed([{ name: "s", pax: { "GNU.sparse.major": "2", "GNU.sparse.minor": "0" }, content: "" }]),
        /unsupported GNU sparse format 2.0/,
      ],
      [
        "bad PAX record",
        await packed([{ name: "s", pax: { size: "12x" }, content: "" }]),
        /invalid PAX size/,
      ],
    ];
    for (const [what, body, message] of cases) {
      const file = path.join(dir, "bad.tar");
      await writeFile(file, body);
      await assert.rejects(index(file), (err: Error) => {
        assert.ok(err instanceof TarFormatError, `${what}: ${err}`);
        assert.match(err.message, message, what);
        return true;
      });
    }
  });
});
