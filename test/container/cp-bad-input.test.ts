import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import { berth, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox, makeTar } from "../helpers/images.ts";

async function ok(d: TestDaemon, args: string[]): Promise<string> {
  const r = await berth(d, args);
  assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/** berthd's open files under `dir`. */
function fdsUnder(d: TestDaemon, dir: string): string[] {
  const fdDir = `/proc/${d.proc.pid}/fd`;
  const out: string[] = [];
  for (const fd of readdirSync(fdDir)) {
    try {
      const target = readlinkSync(`${fdDir}/${fd}`);
      if (target.startsWith(dir)) out.push(target);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter((l) => l.split(" ")[4]?.startsWith(dir));
}

/** Starts a GET of the archive, reads its first bytes, and drops the connection. */
function abandonArchive(d: TestDaemon, container: string, p: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath: d.socket, path: `/containers/${container}/archive?path=${encodeURIComponent(p)}` },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET archive: ${res.statusCode}`));
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      },
    );
    req.on("error", (err) => reject(new Error(`GET archive: ${err.message}: ${d.stderr().slice(-3000)}`)));
    req.end();
  });
}

test("cp: an abandoned GET archive closes its files, and rm leaves no mount", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await ok(d, [
    "run",
    "--name",
    "big",
    "busybox",
    "sh",
    "-c",
    "mkdir /d && dd if=/dev/zero of=/d/big bs=1M count=8 2>/dev/null && echo x > /d/z",
  ]);
  await ok(d, [
    "run",
    "-d",
    "--name",
    "live",
    "busybox",
    "sh",
    "-c",
    "dd if=/dev/zero of=/big bs=1M count=8 2>/dev/null; sleep 1000",
  ]);
  t.after(() => berth(d, ["rm", "-f", "big", "live"]));
  const ids = {
    big: await ok(d, ["inspect", "-f", "{{.Id}}", "big"]),
    live: await ok(d, ["inspect", "-f", "{{.Id}}", "live"]),
  };
  await waitFor(
    "the live container's file",
    async () => (await berth(d, ["exec", "live", "ls", "/big"])).code === 0,
  );
  for (const [name, id] of Object.entries(ids)) {
    const dir = `${d.dataRoot}/containers/${id}`;
    for (const p of ["/d", "/d/big", "/big"]) {
      if ((name === "live") !== (p === "/big")) continue;
      for (let i = 0; i < 3; i++) await abandonArchive(d, name, p);
    }
    await waitFor(`berthd to close every file of ${name}`, () => fdsUnder(d, dir).length === 0);
    // The container's rootfs is free again: a full copy still works, then rm leaves nothing.
    const full = await berth(d, ["cp", `${name}:${name === "live" ? "/big" : "/d"}`, "-"]);
    assert.equal(full.code, 0, full.stderr);
    assert.ok(full.raw.length > 8 * 1024 * 1024);
    await ok(d, ["rm", "-f", name]);
    assert.deepEqual(fdsUnder(d, dir), []);
    assert.deepEqual(mountsUnder(dir), []);
  }
});

async function put(
  d: TestDaemon,
  container: string,
  dest: string,
  body: Buffer,
  query: Record<string, string> = {},
) {
  const res = await d.client.request("PUT", `/containers/${container}/archive`, {
    query: { path: dest, ...query },
    stream: Readable.from([body]),
  });
  let text = "";
  for await (const c of res.body) text += (c as Buffer).toString();
  return { status: res.status, text };
}

test("cp: a bad archive is refused whole with a 4xx before anything is written, and berthd stays up", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await ok(d, [
    "run",
    "-d",
    "--name",
    "cc",
    "busybox",
    "sh",
    "-c",
    "mkdir /data && echo F > /data/file && echo T > /tmp/file; sleep 1000",
  ]);
  t.after(() => berth(d, ["rm", "-f", "cc"]));
  await waitFor(
    "the container's /data",
    async () => (await berth(d, ["exec", "cc", "cat", "/data/file"])).code === 0,
  );
  const listing = () => ok(d, ["exec", "cc", "sh", "-c", "find /data /tmp | sort; cat /data/file"]);
  const before = await listing();
  const okTxt = { name: "ok.txt", content: "x" };
  const long = "n".repeat(5000);
  const full = await makeTar([okTxt, { name: "big.txt", content: Buffer.alloc(4096, 1) }]);
  const cases: [string, Buffer, RegExp][] = [
    [
      "a 5,000-character name",
      await makeTar([okTxt, { name: long, content: "x", pax: { path: long } }]),
      /file name too long/,
    ],
    [
      "a directory of 5,000-character name",
      await makeTar([okTxt, { name: `${long}/`, type: "directory", pax: { path: `${long}/` } }]),
      /file name too long/,
    ],
    [
      "a symlink to a 5,000-character name",
      await makeTar([okTxt, { name: "s", type: "symlink", linkname: long, pax: { linkpath: long } }]),
      /link s: target name too long/,
    ],
    [
      "a hard link to nothing",
      await makeTar([okTxt, { name: "h", type: "link", linkname: "missing" }]),
      /hard link h -> missing: no such file/,
    ],
    [
      "a hard link to a directory",
      await makeTar([okTxt, { name: "d/", type: "directory" }, { name: "h", type: "link", linkname: "d" }]),
      /is a directory/,
    ],
    [
      "an entry under a file of the archive",
      await makeTar([okTxt, { name: "f", content: "f" }, { name: "f/g", content: "g" }]),
      /which the archive makes a file: not a directory/,
    ],
    [
      "an entry under a file of the container",
      await makeTar([okTxt, { name: "file/x", content: "x" }]),
      /under file, which is not a directory/,
    ],
    ["a truncated archive", full.subarray(0, 1024 + 1000), /unexpected end of archive/],
    [
      "a header with a bad checksum",
      Buffer.concat([full.subarray(0, 148), Buffer.from("0000000\0"), full.subarray(156)]),
      /checksum/,
    ],
  ];
  for (const [what, body, message] of cases) {
    const r = await put(d, "cc", "/data", body);
    assert.equal(r.status, 400, `${what}: ${r.text}`);
    assert.match(r.text, message, what);
    assert.ok(!r.text.includes(d.dir), `${what}: no host path in ${r.text}`);
    // The same through /tmp, with the docker CLI's noOverwriteDirNonDir.
    const r2 = await put(d, "cc", "/tmp", body, { noOverwriteDirNonDir: "true" });
    assert.ok(r2.status >= 400 && r2.status < 500, `${what} (noOverwriteDirNonDir): ${r2.status} ${r2.text}`);
  }
  assert.equal(await listing(), before);
  // A symlink, then a directory of the same name: refused with the docker CLI's
  // noOverwriteDirNonDir, as dockerd does (but before writing anything); without it the
  // directory replaces the symlink, as in Docker.
  const replaced = await makeTar([
    okTxt,
    { name: "a", type: "symlink", linkname: "sub" },
    { name: "a/", type: "directory" },
    { name: "a/f", content: "f" },
  ]);
  const refused = await put(d, "cc", "/tmp", replaced, { noOverwriteDirNonDir: "true" });
  assert.equal(refused.status, 400, refused.text);
  assert.match(
    JSON.parse(refused.text).message,
    /cannot overwrite non-directory "\/tmp\/a" with directory "a"/,
  );
  assert.equal(await listing(), before);
  assert.equal((await put(d, "cc", "/tmp", replaced)).status, 200);
  assert.equal(
    await ok(d, ["exec", "cc", "sh", "-c", "test -d /tmp/a && ! test -L /tmp/a && cat /tmp/a/f"]),
    "f",
  );
  // berthd is up and the same container takes a good archive.
  assert.equal((await put(d, "cc", "/data", full)).status, 200);
  assert.equal(await ok(d, ["exec", "cc", "cat", "/data/ok.txt"]), "x");
});

/** A 12 MiB file with ten small islands of data (more than a GNU header's four segments) and holes between. */
async function makeSparseFile(file: string): Promise<Buffer> {
  const size = 12 * 1024 * 1024;
  const fh = await open(file, "w");
  for (let i = 0; i < 10; i++) {
    await fh.write(Buffer.from(`island ${i} `.repeat(100)), 0, undefined, i * 1024 * 1024 + i * 4096 + 17);
  }
  await fh.write(Buffer.from("the end"), 0, undefined, size - 7);
  await fh.close();
  return readFile(file);
}

test("cp: GNU and PAX (0.0, 0.1, 1.0) sparse files come out with the right bytes, size and holes", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await ok(d, ["run", "-d", "--name", "sp", "busybox", "sleep", "1000"]);
  t.after(() => berth(d, ["rm", "-f", "sp"]));
  const dir = await mkdtemp(path.join(tmpdir(), "berth-sparse-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const want = await makeSparseFile(path.join(dir, "f"));
  const formats: [string, string[]][] = [
    ["gnu", ["--format=gnu"]],
    ["pax00", ["--format=pax", "--sparse-version=0.0"]],
    ["pax01", ["--format=pax", "--sparse-version=0.1"]],
    ["pax10", ["--format=pax", "--sparse-version=1.0"]],
    ["gzip", ["--format=pax", "-z"]],
  ];
  for (const [name, flags] of formats) {
    const tarFile = path.join(dir, `${name}.tar`);
    const r = spawnSync("tar", ["--sparse", ...flags, "-C", dir, "-cf", tarFile, "f"]);
    assert.equal(r.status, 0, r.stderr.toString());
    const body = await readFile(tarFile);
    assert.ok(body.length < 1024 * 1024, `${name}: GNU tar stored it sparse (${body.length} bytes)`);
    await ok(d, ["exec", "sp", "mkdir", `/${name}`]);
    const res = await put(d, "sp", `/${name}`, body);
    assert.equal(res.status, 200, `${name}: ${res.text}`);
    const got = await berth(d, ["cp", `sp:/${name}/f`, "-"]);
    assert.equal(got.code, 0, got.stderr);
    const ex = tar.extract();
    Readable.from([got.raw]).pipe(ex);
    const parts: Buffer[] = [];
    for await (const e of ex) for await (const c of e) parts.push(c as Buffer);
    const content = Buffer.concat(parts);
    assert.equal(content.length, want.length, `${name}: size`);
    assert.ok(content.equals(want), `${name}: the bytes`);
    const [size, blocks] = (await ok(d, ["exec", "sp", "stat", "-c", "%s %b", `/${name}/f`]))
      .split(" ")
      .map(Number);
    assert.equal(size, want.length);
    assert.ok((blocks ?? 0) * 512 < want.length / 4, `${name}: holes kept (${blocks} blocks)`);
  }
});

/** A gzipped tar of one file of `size` zero bytes, made without holding it in memory. */
async function gzipBomb(size: number): Promise<Buffer> {
  const pack = tar.pack();
  const out: Buffer[] = [];
  const gz = pack.pipe(createGzip({ level: 9 }));
  gz.on("data", (c: Buffer) => out.push(c));
  const ended = new Promise((r) => gz.on("end", r));
  const entry = pack.entry({ name: "zeros", size });
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= chunk.length) {
    if (!entry.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) {
      await new Promise<void>((r) => entry.once("drain", () => r()));
    }
  }
  entry.end(Buffer.alloc(0));
  pack.finalize();
  await ended;
  return Buffer.concat(out);
}

test("cp: an upload that expands past half the data root's free space is refused, and nothing stays", async (t) => {
  const d = await startDaemon(t);
  // A small data root: the helper's clean-up unmounts it.
  await d.stop();
  const m = spawnSync("mount", ["-t", "tmpfs", "-o", "size=96m", "tmpfs", d.dataRoot]);
  assert.equal(m.status, 0, m.stderr.toString());
  await d.restart();
  await importBusybox(d.client);
  await ok(d, ["run", "-d", "--name", "cc", "busybox", "sleep", "1000"]);
  t.after(() => berth(d, ["rm", "-f", "cc"]));
  const bomb = await gzipBomb(256 * 1024 * 1024);
  assert.ok(bomb.length < 1024 * 1024, `the bomb is small: ${bomb.length}`);
  const r = await put(d, "cc", "/tmp", bomb);
  assert.equal(r.status, 400, r.text);
  assert.match(r.text, /the archive expands to more than \d+ bytes, half the free space of the data root/);
  assert.equal(await ok(d, ["exec", "cc", "ls", "-A", "/tmp"]), "");
  assert.deepEqual(readdirSync(path.join(d.dataRoot, "tmp")), []);
  // A file that fits still goes through.
  const fits = await gzipBomb(8 * 1024 * 1024);
  assert.equal((await put(d, "cc", "/tmp", fits)).status, 200);
  assert.equal(await ok(d, ["exec", "cc", "stat", "-c", "%s", "/tmp/zeros"]), String(8 * 1024 * 1024));
});
