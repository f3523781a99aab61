// Runs as root: the layers hold device nodes, foreign owners and security.capability.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { gzipSync, zstdCompressSync } from "node:zlib";
import tar from "tar-stream";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { lgetxattr, llistxattr, major, minor } from "../sys/syscalls.ts";
import { decompress, detectCompression, unpackLayer } from "./unpack.ts";

type Entry = {
  header: Partial<tar.Header> & { name: string; pax?: Record<string, string> };
  data?: string | Buffer;
};

async function makeTar(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  const out: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) out.push(chunk as Buffer);
  })();
  for (const { header, data } of entries) {
    await new Promise<void>((resolve, reject) => {
      pack.entry(header, data ?? "", (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(out);
}

// tar-stream writes PAX values as UTF-8 text: a binary value goes in as a same-length
// ASCII placeholder and is patched into the tar afterwards.
function patch(buf: Buffer, placeholder: string, value: Buffer): Buffer {
  assert.equal(placeholder.length, value.length);
  const at = buf.indexOf(placeholder);
  assert.ok(at >= 0);
  assert.equal(buf.indexOf(placeholder, at + 1), -1);
  const out = Buffer.from(buf);
  value.copy(out, at);
  return out;
}

// A stream in small chunks, so that headers and contents straddle chunk boundaries.
function streamOf(buf: Buffer, chunk = 777): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  return Readable.from(parts);
}

function sha256(buf: Buffer): string {
  return `sha256:${createHash("sha256").update(buf).digest("hex")}`;
}

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-unpack-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const T1 = new Date("2020-01-02T03:04:05Z");
const T2 = new Date("2021-06-07T08:09:10Z");
const LONG = `${"n".repeat(120)}/${"m".repeat(120)}`;
// VFS_CAP_REVISION_2 | effective, permitted = cap_setuid (7) + cap_net_raw (13): a 0x80 byte
const CAP = Buffer.alloc(20);
CAP.writeUInt32LE(0x02000001, 0);
CAP.writeUInt32LE((1 << 7) | (1 << 13), 4);
const CAP_PLACEHOLDER = "C".repeat(20);

async function goodLayer(canary: string): Promise<Buffer> {
  const tarball = await makeTar([
    { header: { name: "./", type: "directory", mode: 0o755, mtime: T1 } },
    { header: { name: "dir", type: "directory", mode: 0o750, uid: 1000, gid: 1000, mtime: T1 } },
    {
      header: { name: "dir/suid", type: "file", mode: 0o4755, uid: 1000, gid: 1000, mtime: T2 },
      data: "#!/bin/sh\necho hi\n",
    },
    { header: { name: "dir/hard", type: "link", linkname: "dir/suid", mtime: T2 } },
    { header: { name: "dir/sym", type: "symlink", linkname: canary, uid: 1000, gid: 1000, mtime: T2 } },
    { header: { name: "dir/was-link", type: "symlink", linkname: canary, mtime: T2 } },
    { header: { name: "dir/was-link", type: "file", mode: 0o644, mtime: T2 }, data: "replaced\n" },
    { header: { name: "fifo", type: "fifo", mode: 0o640, uid: 7, gid: 8, mtime: T2 } },
    {
      header: {
        name: "dev/null",
        type: "character-device",
        mode: 0o666,
        devmajor: 1,
        devminor: 3,
        mtime: T2,
      },
    },
    { header: { name: "dev/loop0", type: "block-device", mode: 0o660, devmajor: 7, devminor: 0, mtime: T2 } },
    {
      header: {
        name: "usr/bin/ping",
        type: "file",
        mode: 0o755,
        mtime: T2,
        pax: { "SCHILY.xattr.security.capability": CAP_PLACEHOLDER, "SCHILY.xattr.user.note": "hé" },
      },
      data: "ping",
    },
    { header: { name: "gone-dir/.wh.gone", type: "file", mode: 0o600, mtime: T2 } },
    { header: { name: "opq", type: "directory", mode: 0o755, mtime: T1 } },
    { header: { name: "opq/.wh..wh..opq", type: "file", mode: 0o600, mtime: T2 } },
    { header: { name: "opq/new", type: "file", mode: 0o644, mtime: T2 }, data: "new" },
    { header: { name: "keep", type: "directory", mode: 0o755, mtime: T1 } },
    { header: { name: "keep/a", type: "file", mode: 0o644, mtime: T2 }, data: "a" },
    { header: { name: "keep", type: "directory", mode: 0o711, mtime: T1 } },
    { header: { name: "twice", type: "file", mode: 0o644, mtime: T2 }, data: "one" },
    { header: { name: "twice", type: "file", mode: 0o600, mtime: T2 }, data: "two!" },
    { header: { name: LONG, type: "file", mode: 0o644, mtime: T2 }, data: "long" },
  ]);
  // GNU tar pads to a 10 KiB record: the DiffID covers the padding too.
  return Buffer.concat([patch(tarball, CAP_PLACEHOLDER, CAP), Buffer.alloc(10240)]);
}

// As Docker counts it: every regular file's content, a replaced one too ("one").
const CONTENT_SIZE = ["#!/bin/sh\necho hi\n", "replaced\n", "ping", "new", "a", "one", "two!", "long"].join(
  "",
).length;

async function checkGoodLayer(root: string, canary: string): Promise<void> {
  const dir = await lstat(path.join(root, "dir"));
  assert.ok(dir.isDirectory());
  assert.equal(dir.mode & 0o7777, 0o750);
  assert.equal(dir.uid, 1000);
  assert.equal(dir.gid, 1000);
  assert.equal(dir.mtimeMs, T1.getTime(), "directory mtimes are set after their contents");

  const suid = await lstat(path.join(root, "dir/suid"));
  assert.equal(suid.mode & 0o7777, 0o4755);
  assert.equal(suid.uid, 1000);
  assert.equal(suid.gid, 1000);
  assert.equal(suid.nlink, 2);
  assert.equal(suid.mtimeMs, T2.getTime());
  assert.equal((await lstat(path.join(root, "dir/hard"))).ino, suid.ino);

  const sym = await lstat(path.join(root, "dir/sym"));
  assert.ok(sym.isSymbolicLink());
  assert.equal(await readlink(path.join(root, "dir/sym")), canary);
  assert.equal(sym.uid, 1000);
  assert.equal(sym.mtimeMs, T2.getTime());
  const wasLink = await lstat(path.join(root, "dir/was-link"));
  assert.ok(wasLink.isFile());
  assert.equal(await readFile(path.join(root, "dir/was-link"), "utf8"), "replaced\n");

  const fifo = await lstat(path.join(root, "fifo"));
  assert.ok(fifo.isFIFO());
  assert.equal(fifo.mode & 0o7777, 0o640);
  assert.equal(fifo.uid, 7);
  assert.equal(fifo.gid, 8);

  const chr = await lstat(path.join(root, "dev/null"));
  assert.ok(chr.isCharacterDevice());
  assert.equal(chr.mode & 0o7777, 0o666);
  assert.equal(major(chr.rdev), 1);
  assert.equal(minor(chr.rdev), 3);
  const blk = await lstat(path.join(root, "dev/loop0"));
  assert.ok(blk.isBlockDevice());
  assert.equal(major(blk.rdev), 7);
  assert.equal((await lstat(path.join(root, "dev"))).mode & 0o7777, 0o755, "implicit parents are 0755");

  const ping = path.join(root, "usr/bin/ping");
  assert.deepEqual(lgetxattr(ping, "security.capability"), CAP);
  assert.deepEqual(lgetxattr(ping, "user.note"), Buffer.from("hé"));
  assert.equal((await lstat(ping)).mode & 0o7777, 0o755);

  const gone = await lstat(path.join(root, "gone-dir/gone"));
  assert.ok(gone.isCharacterDevice());
  assert.equal(gone.rdev, 0);
  assert.deepEqual(await readdir(path.join(root, "gone-dir")), ["gone"]);

  assert.deepEqual(lgetxattr(path.join(root, "opq"), "trusted.overlay.opaque"), Buffer.from("y"));
  assert.deepEqual(await readdir(path.join(root, "opq")), ["new"]);
  assert.deepEqual(llistxattr(path.join(root, "keep")), []);

  assert.equal((await lstat(path.join(root, "keep"))).mode & 0o7777, 0o711);
  assert.equal(await readFile(path.join(root, "keep/a"), "utf8"), "a");
  assert.equal(await readFile(path.join(root, "twice"), "utf8"), "two!");
  assert.equal((await lstat(path.join(root, "twice"))).mode & 0o7777, 0o600);
  assert.equal(await readFile(path.join(root, LONG), "utf8"), "long");
}

test("detectCompression reads the magic bytes", () => {
  assert.equal(detectCompression(Buffer.from([0x1f, 0x8b, 8, 0])), "gzip");
  assert.equal(detectCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])), "zstd");
  assert.equal(detectCompression(Buffer.from("./\0\0")), "none");
  assert.equal(detectCompression(Buffer.from([0x28, 0xb5])), "none");
  assert.equal(detectCompression(Buffer.alloc(0)), "none");
});

test("decompress returns the same bytes for plain, gzip and zstd, in one-byte chunks too", async () => {
  const plain = Buffer.from("hello layer ".repeat(1000));
  for (const input of [plain, gzipSync(plain), zstdCompressSync(plain), Buffer.from("ab")]) {
    for (const chunk of [1, 4096]) {
      const out: Buffer[] = [];
      for await (const c of await decompress(streamOf(input, chunk))) out.push(c as Buffer);
      const expected = input.length === 2 ? input : plain;
      assert.deepEqual(Buffer.concat(out), expected);
    }
  }
});

for (const [kind, compress] of [
  ["plain", (b: Buffer) => b],
  ["gzip", (b: Buffer) => gzipSync(b)],
  ["zstd", (b: Buffer) => zstdCompressSync(b)],
] as const) {
  test(`unpackLayer unpacks a ${kind} layer with everything a layer holds`, async (t) => {
    const dir = await tempDir(t);
    const canary = path.join(dir, "canary");
    await writeFile(canary, "canary\n", { mode: 0o600 });
    const before = await stat(canary);
    const root = path.join(dir, "root");
    await mkdir(root);

    const plain = await goodLayer(canary);
    const result = await unpackLayer(streamOf(compress(plain)), root, { expectedDiffId: sha256(plain) });
    assert.equal(result.diffId, sha256(plain));
    assert.equal(result.size, CONTENT_SIZE);
    await checkGoodLayer(root, canary);

    const after = await stat(canary);
    assert.equal(await readFile(canary, "utf8"), "canary\n");
    assert.equal(after.uid, before.uid);
    assert.equal(after.mode, before.mode);
    assert.equal(after.mtimeMs, before.mtimeMs);
  });
}

test("unpackLayer streams a large layer: a 3 MiB file and 500 small ones", async (t) => {
  const dir = await tempDir(t);
  const big = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4) big.writeUInt32LE(Math.imul(i, 2654435761) >>> 0, i);
  const entries: Entry[] = [{ header: { name: "big", type: "file", mode: 0o644 }, data: big }];
  for (let i = 0; i < 500; i++) {
    entries.push({ header: { name: `many/${i % 10}/f${i}`, type: "file", mode: 0o644 }, data: `${i}\n` });
  }
  const plain = await makeTar(entries);
  const result = await unpackLayer(streamOf(gzipSync(plain), 64 * 1024), dir);
  assert.equal(result.diffId, sha256(plain));
  assert.ok(big.equals(await readFile(path.join(dir, "big"))));
  assert.equal((await readdir(path.join(dir, "many/7"))).length, 50);
  assert.equal(await readFile(path.join(dir, "many/7/f497"), "utf8"), "497\n");
});

test("unpackLayer refuses a layer whose digest is not the expected DiffID", async (t) => {
  const dir = await tempDir(t);
  const plain = await makeTar([{ header: { name: "f", type: "file" }, data: "f" }]);
  const wrong = `sha256:${"0".repeat(64)}`;
  await assert.rejects(
    unpackLayer(streamOf(gzipSync(plain)), dir, { expectedDiffId: wrong }),
    (err: Error) => {
      assert.ok(err instanceof InvalidParameterError);
      assert.equal(
        err.message,
        `Cannot unpack layer: its content digest ${sha256(plain)} does not match the DiffID ${wrong} in the image config`,
      );
      return true;
    },
  );
});

test("unpackLayer rejects a truncated or corrupt layer, a failing input and an abort", async (t) => {
  const dir = await tempDir(t);
  // Over 64 KiB: streamed to disk as it comes (smaller files are written once read whole).
  const plain = await makeTar([{ header: { name: "f", type: "file" }, data: "x".repeat(100_000) }]);
  await assert.rejects(unpackLayer(streamOf(plain.subarray(0, 2048)), await mkdtemp(path.join(dir, "a-"))));
  const gz = gzipSync(plain);
  gz[gz.length - 5] ^= 0xff; // breaks the gzip trailer's length
  await assert.rejects(unpackLayer(streamOf(gz), await mkdtemp(path.join(dir, "b-"))));
  const garbage = Buffer.alloc(1024, 0x41);
  await assert.rejects(
    unpackLayer(streamOf(garbage), await mkdtemp(path.join(dir, "c-"))),
    /Invalid tar header/,
  );

  const failing = Readable.from(
    (async function* () {
      yield plain.subarray(0, 1024);
      throw new Error("connection reset");
    })(),
  );
  await assert.rejects(unpackLayer(failing, await mkdtemp(path.join(dir, "d-"))), /connection reset/);

  const aborted = AbortSignal.abort();
  await assert.rejects(unpackLayer(streamOf(plain), dir, { signal: aborted }), { name: "AbortError" });
  // Gives the first 700 bytes (the header and the start of f), then nothing: the abort
  // comes while f is half written.
  const controller = new AbortController();
  let reads = 0;
  const stalled = new Readable({
    read() {
      if (++reads === 1) this.push(plain.subarray(0, 700));
      else setImmediate(() => controller.abort());
    },
  });
  const root = await mkdtemp(path.join(dir, "e-"));
  await assert.rejects(unpackLayer(stalled, root, { signal: controller.signal }), { name: "AbortError" });
  assert.ok(stalled.destroyed);
  assert.ok((await lstat(path.join(root, "f"))).isFile(), "the abort came while f was being written");
});

test("unpackLayer refuses entries that leave the layer and leaves the outside untouched", async (t) => {
  const dir = await tempDir(t);
  const canaryDir = path.join(dir, "canary-dir");
  await mkdir(canaryDir);
  const canaryFile = path.join(canaryDir, "file");
  await writeFile(canaryFile, "canary\n");
  const passwd = path.join(dir, "passwd");
  await writeFile(passwd, "root:x:0:0::/root:/bin/sh\n");

  const cases: Array<[string, Entry[], RegExp]> = [
    [
      "../escape",
      [{ header: { name: "../escape", type: "file" }, data: "x" }],
      /entry "\.\.\/escape" leaves the layer/,
    ],
    ["a/../../escape", [{ header: { name: "a/../../escape", type: "file" }, data: "x" }], /leaves the layer/],
    ["/abs", [{ header: { name: "/abs", type: "file" }, data: "x" }], /entry "\/abs" leaves the layer/],
    [
      "symlink parent",
      [
        { header: { name: "link", type: "symlink", linkname: canaryDir } },
        { header: { name: "link/file", type: "file" }, data: "pwned\n" },
      ],
      /entry "link\/file" leaves the layer \("link" is a symlink\)/,
    ],
    [
      "relative symlink parent",
      [
        { header: { name: "up", type: "symlink", linkname: "../.." } },
        { header: { name: "up/escape", type: "directory" } },
      ],
      /entry "up\/escape" leaves the layer/,
    ],
    [
      "hardlink outside",
      [{ header: { name: "passwd", type: "link", linkname: "../../passwd" } }],
      /entry "passwd" leaves the layer/,
    ],
    [
      "absolute hardlink",
      [{ header: { name: "passwd", type: "link", linkname: passwd } }],
      /entry "passwd" leaves the layer/,
    ],
    [
      "hardlink through a symlink",
      [
        { header: { name: "link", type: "symlink", linkname: canaryDir } },
        { header: { name: "hard", type: "link", linkname: "link/file" } },
      ],
      /entry "hard" links through the symlink "link"/,
    ],
    [
      "whiteout of ..",
      [{ header: { name: "d/.wh...", type: "file" } }],
      /entry "d\/\.wh\.\.\." leaves the layer/,
    ],
    [
      "opaque marker under a symlink",
      [
        { header: { name: "link", type: "symlink", linkname: canaryDir } },
        { header: { name: "link/.wh..wh..opq", type: "file" } },
      ],
      /leaves the layer/,
    ],
  ];
  for (const [what, entries, message] of cases) {
    const root = await mkdtemp(path.join(dir, "root-"));
    const plain = await makeTar(entries);
    await assert.rejects(unpackLayer(streamOf(plain), root), (err: Error) => {
      assert.ok(err instanceof InvalidParameterError, `${what}: ${err.stack}`);
      assert.match(err.message, message, what);
      return true;
    });
  }
  assert.deepEqual(await readdir(canaryDir), ["file"]);
  assert.equal(await readFile(canaryFile, "utf8"), "canary\n");
  assert.equal((await stat(canaryFile)).nlink, 1);
  assert.deepEqual(llistxattr(canaryDir), []);
  assert.equal(await readFile(passwd, "utf8"), "root:x:0:0::/root:/bin/sh\n");
  assert.equal((await stat(passwd)).nlink, 1);
  await assert.rejects(lstat(path.join(dir, "escape")), { code: "ENOENT" });
  await assert.rejects(lstat("/abs"), { code: "ENOENT" });
  await assert.rejects(lstat(path.join(path.dirname(dir), "escape")), { code: "ENOENT" });
});
