import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import tar from "tar-stream";
import { berth, docker, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { importBusybox, makeTar } from "../helpers/images.ts";

type Cli = typeof berth;

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-cp-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function sh(d: TestDaemon, name: string, script: string): Promise<string> {
  const r = await berth(d, ["exec", name, "sh", "-c", script]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** The names in a tar. */
async function tarNames(buf: Buffer): Promise<string[]> {
  const ex = tar.extract();
  const names: string[] = [];
  Readable.from([buf]).pipe(ex);
  for await (const e of ex) {
    names.push(e.header.name);
    e.resume();
  }
  return names;
}

/** Every documented SRC/DEST form, one CLI, on a container that may be running or stopped. */
async function cpForms(d: TestDaemon, cli: Cli, c: string, running: boolean, host: string): Promise<void> {
  const cat = async (p: string) => {
    if (running) return sh(d, c, `cat ${p}`);
    const r = await cli(d, ["cp", `${c}:${p}`, "-"]);
    assert.equal(r.code, 0, r.stderr);
    const ex = tar.extract();
    Readable.from([r.raw]).pipe(ex);
    let out = "";
    for await (const e of ex) {
      for await (const chunk of e) out += (chunk as Buffer).toString();
    }
    return out;
  };
  const ok = async (args: string[]) => {
    const r = await cli(d, ["cp", ...args]);
    assert.equal(r.code, 0, `cp ${args.join(" ")}: ${r.stderr}`);
    return r;
  };
  const fail = async (args: string[], re: RegExp) => {
    const r = await cli(d, ["cp", ...args]);
    assert.notEqual(r.code, 0, `cp ${args.join(" ")} should fail`);
    assert.match(r.stderr, re);
  };
  await mkdir(path.join(host, "src/sub"), { recursive: true });
  await writeFile(path.join(host, "src/a.txt"), "A\n");
  await writeFile(path.join(host, "src/sub/b.txt"), "B\n");
  await writeFile(path.join(host, "f.txt"), "F\n");

  // --- host → container
  // SRC file, DEST missing: created under that name.
  await ok([path.join(host, "f.txt"), `${c}:/data/new.txt`]);
  assert.equal(await cat("/data/new.txt"), "F\n");
  // SRC file, DEST missing with trailing slash: error, the directory must exist.
  await fail([path.join(host, "f.txt"), `${c}:/data/nodir/`], /no such directory/);
  // SRC file, DEST an existing file: overwritten.
  await writeFile(path.join(host, "f2.txt"), "F2\n");
  await ok([path.join(host, "f2.txt"), `${c}:/data/new.txt`]);
  assert.equal(await cat("/data/new.txt"), "F2\n");
  // SRC file, DEST an existing directory: copied into it under its base name.
  await ok([path.join(host, "f.txt"), `${c}:/data`]);
  assert.equal(await cat("/data/f.txt"), "F\n");
  // SRC dir, DEST missing: created with the source's contents.
  await ok([path.join(host, "src"), `${c}:/data/copy`]);
  assert.equal(await cat("/data/copy/sub/b.txt"), "B\n");
  // SRC dir, DEST an existing file: error.
  await fail([path.join(host, "src"), `${c}:/data/new.txt`], /cannot copy directory/);
  // SRC dir, DEST an existing dir: the directory goes into it.
  await ok([path.join(host, "src"), `${c}:/data`]);
  assert.equal(await cat("/data/src/a.txt"), "A\n");
  // SRC dir/. , DEST an existing dir: the contents go into it.
  await ok([`${path.join(host, "src")}/.`, `${c}:/data`]);
  assert.equal(await cat("/data/a.txt"), "A\n");
  assert.equal(await cat("/data/sub/b.txt"), "B\n");
  // A tar on stdin into a directory.
  const tarball = await makeTar([{ name: "stdin.txt", content: "S\n" }]);
  const r = await cli(d, ["cp", "-", `${c}:/data`], { input: tarball });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await cat("/data/stdin.txt"), "S\n");
  await fail(["-", `${c}:/data/stdin.txt`], /must be a directory/);

  // --- container → host
  const out = path.join(host, "out");
  await mkdir(out);
  await ok([`${c}:/data/f.txt`, path.join(out, "x.txt")]);
  assert.equal(readFileSync(path.join(out, "x.txt"), "utf8"), "F\n");
  await ok([`${c}:/data/f.txt`, out]);
  assert.equal(readFileSync(path.join(out, "f.txt"), "utf8"), "F\n");
  await ok([`${c}:/data/f.txt`, path.join(out, "x.txt")]);
  await fail([`${c}:/data/f.txt`, `${path.join(out, "nodir")}/`], /no such directory/);
  await ok([`${c}:/data/copy`, path.join(out, "newdir")]);
  assert.equal(readFileSync(path.join(out, "newdir/sub/b.txt"), "utf8"), "B\n");
  await ok([`${c}:/data/copy`, out]);
  assert.equal(readFileSync(path.join(out, "copy/a.txt"), "utf8"), "A\n");
  await fail([`${c}:/data/copy`, path.join(out, "x.txt")], /cannot copy directory/);
  await mkdir(path.join(out, "contents"));
  await ok([`${c}:/data/copy/.`, path.join(out, "contents")]);
  assert.equal(readFileSync(path.join(out, "contents/sub/b.txt"), "utf8"), "B\n");
  const missing = await cli(d, ["cp", `${c}:/nope`, out]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, new RegExp(`Could not find the file /nope in container ${c}`));
  const toStdout = await ok([`${c}:/data/copy`, "-"]);
  assert.deepEqual((await tarNames(toStdout.raw)).sort(), [
    "copy/",
    "copy/a.txt",
    "copy/sub/",
    "copy/sub/b.txt",
  ]);
  // -L follows a symlink in SRC, the copy named after the link.
  await ok([path.join(host, "f.txt"), `${c}:/data/target.txt`]);
  if (running) await sh(d, c, "ln -s /data/target.txt /data/link");
  else {
    const link = await makeTar([{ name: "link", type: "symlink", linkname: "/data/target.txt" }]);
    assert.equal((await cli(d, ["cp", "-", `${c}:/data`], { input: link })).code, 0);
  }
  await ok(["-L", `${c}:/data/link`, path.join(out, "followed")]);
  assert.equal(readFileSync(path.join(out, "followed"), "utf8"), "F\n");
  await ok([`${c}:/data/link`, path.join(out, "notfollowed")]);
  assert.equal((await import("node:fs")).readlinkSync(path.join(out, "notfollowed")), "/data/target.txt");
  // The init-layer files are the container's.
  if (running) {
    await ok([`${c}:/etc/hostname`, path.join(out, "hostname")]);
    assert.equal(readFileSync(path.join(out, "hostname"), "utf8"), await sh(d, c, "cat /etc/hostname"));
  }
}

test("cp: every SRC/DEST form both ways, berth and docker CLIs, running and stopped", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  for (const [cliName, cli] of [
    ["berth", berth],
    ["docker", docker],
  ] as const) {
    for (const running of [true, false]) {
      const c = `${cliName}-${running ? "up" : "down"}`;
      const create = await berth(d, [
        "run",
        "-d",
        "--name",
        c,
        "busybox",
        "sh",
        "-c",
        "mkdir -p /data; exec sleep 1000",
      ]);
      assert.equal(create.code, 0, create.stderr);
      await sh(d, c, "test -d /data || mkdir -p /data");
      if (!running) assert.equal((await berth(d, ["stop", "-t", "0", c])).code, 0);
      await cpForms(d, cli, c, running, await tempDir(t));
    }
  }
});

test("cp: paths resolve inside the container; escapes change nothing; read-only rootfs is a 403", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const host = await tempDir(t);
  const canary = path.join(host, "canary.txt");
  await writeFile(canary, "HOST\n");
  const run = await berth(d, ["run", "-d", "--name", "cc", "busybox", "sleep", "1000"]);
  assert.equal(run.code, 0, run.stderr);
  await sh(d, "cc", `mkdir -p ${host} /data && echo CONTAINER > ${canary} && ln -s ${canary} /data/esc`);

  for (const cli of [berth, docker]) {
    // A symlink to an absolute path is the container's path, never the host's.
    await sh(d, "cc", `echo CONTAINER > ${canary}`);
    const out = path.join(host, `out-${cli === berth ? "b" : "d"}`);
    const r = await cli(d, ["cp", "-L", "cc:/data/esc", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await readFile(out, "utf8"), "CONTAINER\n");
    // `..` stops at the container's root.
    const dots = await cli(d, ["cp", `cc:/../../../..${canary}`, `${out}-dots`]);
    assert.equal(dots.code, 0, dots.stderr);
    assert.equal(await readFile(`${out}-dots`, "utf8"), "CONTAINER\n");
    // Writing through the symlink and through `..` writes the container's file.
    await writeFile(path.join(host, "new.txt"), "NEW\n");
    const w = await cli(d, ["cp", path.join(host, "new.txt"), "cc:/data/esc"]);
    assert.equal(w.code, 0, w.stderr);
    const w2 = await cli(d, ["cp", path.join(host, "new.txt"), `cc:/../../..${host}/`]);
    assert.equal(w2.code, 0, w2.stderr);
    assert.equal(await readFile(canary, "utf8"), "HOST\n");
    assert.equal(await sh(d, "cc", `cat ${canary}`), "NEW\n");
    assert.equal(
      existsSync(path.join(host, "new.txt")) && (await readFile(path.join(host, "new.txt"), "utf8")),
      "NEW\n",
    );
  }
  const stat = await d.client.request("HEAD", "/containers/cc/archive", { query: { path: "/data/esc" } });
  stat.body.resume();
  const st = JSON.parse(
    Buffer.from(String(stat.headers["x-docker-container-path-stat"]), "base64").toString(),
  );
  assert.equal(st.name, "esc");
  assert.equal(st.linkTarget, canary);
  assert.equal(st.mode, (0x8000000 | 0o777) >>> 0);
  const dir = await d.client.request("HEAD", "/containers/cc/archive", { query: { path: "/data" } });
  dir.body.resume();
  assert.equal(
    JSON.parse(Buffer.from(String(dir.headers["x-docker-container-path-stat"]), "base64").toString()).mode,
    (0x80000000 | 0o755) >>> 0,
  );

  // Malicious tars are refused whole, and nothing changes.
  const listing = () => sh(d, "cc", `find / -xdev | sort; cat ${canary}`);
  const before = await listing();
  const evil = [
    [
      { name: "ok.txt", content: "x" },
      { name: "../../escape.txt", content: "x" },
    ],
    [
      { name: "ok.txt", content: "x" },
      { name: "/abs.txt", content: "x" },
    ],
    [
      { name: "ok.txt", content: "x" },
      { name: "evil", type: "symlink" as const, linkname: "/" },
      { name: `evil${canary}`, content: "PWNED" },
    ],
    [
      { name: "ok.txt", content: "x" },
      { name: "up", type: "symlink" as const, linkname: "../../../.." },
    ],
    [
      { name: "ok.txt", content: "x" },
      { name: "hard", type: "link" as const, linkname: "../../etc/passwd" },
    ],
  ];
  for (const entries of evil) {
    const res = await d.client.request("PUT", "/containers/cc/archive", {
      query: { path: "/data", noOverwriteDirNonDir: "true" },
      stream: Readable.from([await makeTar(entries)]),
    });
    const body = await readAllBody(res.body);
    assert.equal(res.status, 400, body);
  }
  assert.equal(await listing(), before);
  assert.equal(await readFile(canary, "utf8"), "HOST\n");

  // Errors as Docker gives them.
  const missing = await d.client.request("PUT", "/containers/cc/archive", {
    query: { path: "/nope" },
    stream: Readable.from([await makeTar([{ name: "a", content: "a" }])]),
  });
  assert.equal(missing.status, 404);
  assert.match(await readAllBody(missing.body), /Could not find the file \/nope in container cc/);
  const notDir = await d.client.request("PUT", "/containers/cc/archive", {
    query: { path: "/etc/passwd" },
    stream: Readable.from([await makeTar([{ name: "a", content: "a" }])]),
  });
  assert.equal(notDir.status, 400);
  assert.match(await readAllBody(notDir.body), /not a directory/);

  const ro = await berth(d, ["run", "-d", "--read-only", "--name", "ro", "busybox", "sleep", "1000"]);
  assert.equal(ro.code, 0, ro.stderr);
  for (const cli of [berth, docker]) {
    const r = await cli(d, ["cp", canary, "ro:/tmp"]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /container rootfs is marked read-only/);
  }
  const roRes = await d.client.request("PUT", "/containers/ro/archive", {
    query: { path: "/tmp" },
    stream: Readable.from([await makeTar([{ name: "a", content: "a" }])]),
  });
  await readAllBody(roRes.body);
  assert.equal(roRes.status, 403);
});

async function readAllBody(r: Readable): Promise<string> {
  let s = "";
  for await (const c of r) s += (c as Buffer).toString();
  return s;
}
