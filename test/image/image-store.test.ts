import assert from "node:assert/strict";
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { lgetxattr } from "../../src/sys/syscalls.ts";
import { berth, docker, run, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { busyboxEntries, makeTar, sha256, writeOciLayout } from "../helpers/images.ts";

async function tempDir(t: { after(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-img-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A busybox image in OCI layout, turned into `docker-archive` and `oci-archive` tars by skopeo. */
async function skopeoArchives(dir: string, name = "busybox:latest") {
  const layer = await makeTar(busyboxEntries());
  const oci = await writeOciLayout(path.join(dir, "layout"), [layer]);
  const dockerArchive = path.join(dir, "docker-archive.tar");
  const ociArchive = path.join(dir, "oci-archive.tar");
  let r = await run("skopeo", [
    "copy",
    "--quiet",
    `oci:${oci.layout}:latest`,
    `docker-archive:${dockerArchive}:${name}`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  r = await run("skopeo", [
    "copy",
    "--quiet",
    `oci:${oci.layout}:latest`,
    `oci-archive:${ociArchive}:${name}`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return { oci, dockerArchive, ociArchive };
}

async function imageIds(d: TestDaemon): Promise<string[]> {
  const list = await d.client.json<{ Id: string }[]>("GET", "/images/json", { query: { all: "1" } });
  return list.map((i) => i.Id).sort();
}

async function storeContents(d: TestDaemon) {
  const blobs = await readdir(path.join(d.dataRoot, "content/blobs/sha256"));
  const layers = (await readdir(path.join(d.dataRoot, "layers"))).filter((n) => !n.startsWith("."));
  return { blobs: blobs.sort(), layers: layers.sort() };
}

test("load docker-archive and oci-archive made by skopeo; inspect, history, images", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  const { oci, dockerArchive, ociArchive } = await skopeoArchives(dir);

  const r1 = await berth(d, ["load", "-i", dockerArchive]);
  assert.equal(r1.code, 0, r1.stderr);
  assert.equal(r1.stdout, "Loaded image: busybox:latest\n");
  const inspect = await berth(d, [
    "image",
    "inspect",
    "-f",
    "{{.Id}} {{index .RepoTags 0}} {{len .RootFS.Layers}}",
    "busybox",
  ]);
  assert.equal(inspect.stdout.trim(), `${oci.configDigest} busybox:latest 1`);

  await berth(d, ["rmi", "busybox"]);
  const r2 = await berth(d, ["load", "-i", ociArchive]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stdout, /^Loaded image: busybox:latest\n$/);
  assert.deepEqual(await imageIds(d), [oci.configDigest]);

  const images = await berth(d, ["images"]);
  assert.match(images.stdout, /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\n/);
  assert.match(
    images.stdout,
    new RegExp(`busybox\\s+latest\\s+${oci.configDigest.slice(7, 19)}\\s+\\S.* ago\\s+\\d`),
  );
  const history = await berth(d, ["history", "--no-trunc", "busybox"]);
  assert.match(history.stdout, /IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT/);
  assert.match(history.stdout, /berth test layer/);

  const q = await berth(d, ["images", "-q"]);
  assert.equal(q.stdout, `${oci.configDigest.slice(7, 19)}\n`);
  const fmt = await berth(d, ["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"]);
  assert.equal(fmt.stdout, `busybox:latest ${oci.configDigest.slice(7, 19)}\n`);
  const missing = await berth(d, ["image", "inspect", "nosuchimage"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No such image: nosuchimage/);
});

test("save is read by skopeo; load → save → load keeps ID, layer digests and tags", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  const { oci, dockerArchive } = await skopeoArchives(dir, "example.com/team/bb:1.0");
  assert.equal((await berth(d, ["load", "-i", dockerArchive])).code, 0);
  assert.equal((await berth(d, ["tag", "example.com/team/bb:1.0", "bb2:extra"])).code, 0);

  const saved = path.join(dir, "saved.tar");
  const s = await berth(d, ["save", "-o", saved, "example.com/team/bb:1.0", "bb2:extra"]);
  assert.equal(s.code, 0, s.stderr);
  const sk = await run("skopeo", [
    "inspect",
    "--raw",
    "--config",
    `docker-archive:${saved}:example.com/team/bb:1.0`,
  ]);
  assert.equal(sk.code, 0, sk.stderr);
  assert.deepEqual(JSON.parse(sk.stdout).rootfs.diff_ids, oci.diffIds);
  const skOci = await run("skopeo", ["inspect", "--config", "--raw", `oci-archive:${saved}:extra`]);
  assert.equal(skOci.code, 0, skOci.stderr);

  const before = await d.client.json<{ Id: string; RootFS: { Layers: string[] } }>(
    "GET",
    "/images/bb2:extra/json",
  );
  assert.equal((await berth(d, ["rmi", "-f", before.Id])).code, 0);
  assert.deepEqual(await imageIds(d), []);
  assert.deepEqual(await storeContents(d), { blobs: [], layers: [] });

  const l = await berth(d, ["load", "-i", saved]);
  assert.equal(l.code, 0, l.stderr);
  assert.equal(l.stdout, "Loaded image: example.com/team/bb:1.0\nLoaded image: bb2:extra\n");
  const after = await d.client.json<{ Id: string; RepoTags: string[]; RootFS: { Layers: string[] } }>(
    "GET",
    "/images/bb2:extra/json",
  );
  assert.equal(after.Id, before.Id);
  assert.deepEqual(after.RootFS.Layers, before.RootFS.Layers);
  assert.deepEqual(after.RepoTags, ["bb2:extra", "example.com/team/bb:1.0"]);
});

test("a layer with whiteouts, opaque dir, hard link, symlink, FIFO, setuid and capability unpacks exactly", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  const cap = Buffer.from("0100000200100000000000000000000000000000", "hex");
  const base = await makeTar([
    { name: "etc/", type: "directory" },
    { name: "etc/gone", content: "x" },
    { name: "opq/", type: "directory" },
    { name: "opq/old", content: "old" },
  ]);
  const top = await makeTar([
    { name: "etc/", type: "directory" },
    { name: "etc/.wh.gone" },
    { name: "opq/", type: "directory" },
    { name: "opq/.wh..wh..opq" },
    { name: "opq/new", content: "new" },
    { name: "bin/", type: "directory" },
    { name: "bin/su", content: "suid", mode: 0o4755, uid: 0, gid: 0 },
    { name: "bin/su-link", type: "link", linkname: "bin/su" },
    { name: "bin/sym", type: "symlink", linkname: "/etc/shadow" },
    { name: "bin/fifo", type: "fifo", mode: 0o600 },
    {
      name: "bin/ping",
      content: "ping",
      mode: 0o755,
      uid: 1000,
      gid: 1001,
      pax: { "SCHILY.xattr.security.capability": cap.toString("latin1") },
    },
  ]);
  const oci = await writeOciLayout(path.join(dir, "layout"), [base, top]);
  const archive = path.join(dir, "a.tar");
  const r = await run("skopeo", [
    "copy",
    "--quiet",
    `oci:${oci.layout}:latest`,
    `docker-archive:${archive}:special:latest`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await berth(d, ["load", "-i", archive])).code, 0);

  const chain2 = sha256(`${oci.diffIds[0]} ${oci.diffIds[1]}`);
  const diff = path.join(d.dataRoot, "layers", chain2.slice(7), "diff");
  const wh = lstatSync(path.join(diff, "etc/gone"));
  assert.ok(wh.isCharacterDevice());
  assert.equal(wh.rdev, 0);
  assert.equal(lgetxattr(path.join(diff, "opq"), "trusted.overlay.opaque")?.toString(), "y");
  assert.equal(existsSync(path.join(diff, "opq/.wh..wh..opq")), false);
  const su = statSync(path.join(diff, "bin/su"));
  assert.equal(su.mode & 0o7777, 0o4755);
  assert.equal(su.nlink, 2);
  assert.equal(statSync(path.join(diff, "bin/su-link")).ino, su.ino);
  assert.equal(readFileSync(path.join(diff, "bin/su"), "utf8"), "suid");
  assert.ok(lstatSync(path.join(diff, "bin/sym")).isSymbolicLink());
  assert.ok(lstatSync(path.join(diff, "bin/fifo")).isFIFO());
  const ping = statSync(path.join(diff, "bin/ping"));
  assert.deepEqual([ping.uid, ping.gid], [1000, 1001]);
  assert.deepEqual(lgetxattr(path.join(diff, "bin/ping"), "security.capability"), cap);
  assert.equal(statSync(path.join(diff, "bin/ping")).mtime.toISOString(), "2024-01-01T00:00:00.000Z");
});

test("malicious layers are refused and leave nothing behind", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  const canaryDir = await tempDir(t);
  await writeFile(path.join(canaryDir, "canary"), "untouched");
  const cases: [string, Parameters<typeof makeTar>[0]][] = [
    ["dotdot", [{ name: "../../../../../../" + canaryDir.slice(1) + "/canary", content: "pwned" }]],
    ["absolute", [{ name: `${canaryDir}/canary`, content: "pwned" }]],
    [
      "symlink escape",
      [
        { name: "link", type: "symlink", linkname: canaryDir },
        { name: "link/canary", content: "pwned" },
      ],
    ],
    ["hardlink escape", [{ name: "hl", type: "link", linkname: "../../../../../../etc/passwd" }]],
  ];
  for (const [label, entries] of cases) {
    const good = await makeTar(busyboxEntries());
    const bad = await makeTar(entries);
    const oci = await writeOciLayout(path.join(dir, label.replace(/ /g, "-")), [good, bad]);
    const archive = path.join(dir, `${label.replace(/ /g, "-")}.tar`);
    const r = await run("skopeo", [
      "copy",
      "--quiet",
      `oci:${oci.layout}:latest`,
      `docker-archive:${archive}:evil:latest`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const l = await berth(d, ["load", "-i", archive]);
    assert.equal(l.code, 1, `${label}: load should fail`);
    assert.match(l.stderr, /Cannot unpack layer/, label);
    assert.equal(readFileSync(path.join(canaryDir, "canary"), "utf8"), "untouched", label);
    assert.deepEqual(await imageIds(d), [], label);
    assert.deepEqual(await storeContents(d), { blobs: [], layers: [] }, label);
    assert.deepEqual(readdirSync(path.join(d.dataRoot, "tmp")), [], label);
  }
});

test("tag, untag and delete; shared layers stay; conflicts are 409 with Docker's words", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  const baseLayer = await makeTar(busyboxEntries());
  const extra = await makeTar([{ name: "extra", content: "x" }]);
  const a = await writeOciLayout(path.join(dir, "a"), [baseLayer]);
  const b = await writeOciLayout(path.join(dir, "b"), [baseLayer, extra]);
  for (const [img, name] of [
    [a, "a:1"],
    [b, "b:1"],
  ] as const) {
    const archive = path.join(dir, `${name.replace(":", "-")}.tar`);
    assert.equal(
      (
        await run("skopeo", [
          "copy",
          "--quiet",
          `oci:${img.layout}:latest`,
          `docker-archive:${archive}:${name}`,
        ])
      ).code,
      0,
    );
    assert.equal((await berth(d, ["load", "-i", archive])).code, 0);
  }
  assert.equal((await berth(d, ["tag", "a:1", "other/repo:2"])).code, 0);
  const conflict = await berth(d, ["rmi", a.configDigest.slice(7, 19)]);
  assert.equal(conflict.code, 1);
  assert.match(
    conflict.stderr,
    /conflict: unable to delete [0-9a-f]{12} \(must be forced\) - image is referenced in multiple repositories/,
  );

  const untag = await berth(d, ["rmi", "other/repo:2"]);
  assert.equal(untag.stdout, "Untagged: other/repo:2\n");
  assert.equal((await imageIds(d)).length, 2);

  const del = await berth(d, ["rmi", "b:1"]);
  assert.match(del.stdout, /^Untagged: b:1\nDeleted: sha256:/);
  // The base layer is still a's; only b's top layer went.
  const { layers } = await storeContents(d);
  assert.deepEqual(layers, [a.diffIds[0].slice(7)]);
  const run2 = await berth(d, ["image", "inspect", "a:1"]);
  assert.equal(run2.code, 0);

  const bad = await berth(d, ["tag", "a:1", "Bad/Name"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /invalid reference format/);
});

test("import a rootfs tarball with changes and a message", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  const file = path.join(dir, "rootfs.tar");
  await writeFile(file, await makeTar(busyboxEntries()));
  const r = await berth(d, [
    "import",
    "-c",
    'CMD ["/bin/sh"]',
    "-c",
    "ENV A=1",
    "-m",
    "hello",
    file,
    "imp:v1",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^sha256:[0-9a-f]{64}\n$/);
  const img = await d.client.json<{
    Config: { Cmd: string[]; Env: string[] };
    Comment: string;
    RepoTags: string[];
  }>("GET", "/images/imp:v1/json");
  assert.deepEqual(img.Config.Cmd, ["/bin/sh"]);
  assert.deepEqual(img.Config.Env, ["A=1"]);
  assert.equal(img.Comment, "hello");
  const fromStdin = await berth(d, ["import", "-", "imp:v2"], { input: await makeTar(busyboxEntries()) });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  const h = await berth(d, ["history", "imp:v2"]);
  assert.match(h.stdout, /Imported from -/);
});

test("image events: import, tag, save, load, untag, delete", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  const since = (Date.now() / 1000).toFixed(3);
  const file = path.join(dir, "rootfs.tar");
  await writeFile(file, await makeTar(busyboxEntries()));
  await berth(d, ["import", file, "ev:1"]);
  await berth(d, ["tag", "ev:1", "ev:2"]);
  const saved = path.join(dir, "s.tar");
  await berth(d, ["save", "-o", saved, "ev:1"]);
  await berth(d, ["load", "-i", saved]);
  await berth(d, ["rmi", "ev:2"]);
  await berth(d, ["rmi", "ev:1"]);
  const until = (Date.now() / 1000 + 1).toFixed(3);
  const ev = await berth(d, [
    "events",
    "--since",
    since,
    "--until",
    until,
    "--format",
    "{{.Type}} {{.Action}}",
  ]);
  assert.equal(ev.code, 0, ev.stderr);
  assert.deepEqual(ev.stdout.trim().split("\n"), [
    "image tag",
    "image import",
    "image tag",
    "image save",
    "image tag",
    "image load",
    "image untag",
    "image untag",
    "image delete",
  ]);
});

test("killing berthd during a load leaves the store consistent, and berthd starts again", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  // A large random layer, so the load is still running when berthd dies.
  const big = Buffer.alloc(64 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
  const layer = await makeTar([{ name: "big", content: big }]);
  const oci = await writeOciLayout(path.join(dir, "layout"), [layer]);
  const archive = path.join(dir, "big.tar");
  assert.equal(
    (await run("skopeo", ["copy", "--quiet", `oci:${oci.layout}:latest`, `docker-archive:${archive}:big:1`]))
      .code,
    0,
  );
  const loading = berth(d, ["load", "-i", archive]);
  await waitFor("the load to be under way", async () => {
    try {
      return (await readdir(path.join(d.dataRoot, "tmp"))).length > 0;
    } catch {
      return false;
    }
  });
  await d.stop("SIGKILL");
  const r = await loading;
  assert.notEqual(r.code, 0);
  await d.restart();
  assert.deepEqual(await imageIds(d), []);
  assert.deepEqual(await storeContents(d), { blobs: [], layers: [] });
  assert.deepEqual(readdirSync(path.join(d.dataRoot, "tmp")), []);
  assert.deepEqual(readdirSync(path.join(d.dataRoot, "content/ingest")), []);
  // And it still works.
  const again = await berth(d, ["load", "-i", archive]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(await imageIds(d), [oci.configDigest]);
});

test("the real docker CLI: version, info, images, load, save, tag, rmi, image inspect, history", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  const { oci, dockerArchive } = await skopeoArchives(dir);
  const v = await docker(d, ["version", "--format", "{{.Server.APIVersion}} {{.Server.Os}}"]);
  assert.equal(v.code, 0, v.stderr);
  assert.equal(v.stdout.trim(), "1.44 linux");
  const info = await docker(d, ["info", "--format", "{{.Driver}} {{.Images}} {{.DockerRootDir}}"]);
  assert.equal(info.stdout.trim(), `overlay2 0 ${d.dataRoot}`);
  const load = await docker(d, ["load", "-i", dockerArchive]);
  assert.equal(load.code, 0, load.stderr);
  assert.match(load.stdout, /Loaded image: busybox:latest/);
  const images = await docker(d, ["images"]);
  const ours = await berth(d, ["images"]);
  assert.equal(images.stdout, ours.stdout);
  assert.equal((await docker(d, ["tag", "busybox", "bb:t1"])).code, 0);
  const inspect = await docker(d, ["image", "inspect", "-f", "{{.Id}} {{.RepoTags}}", "bb:t1"]);
  assert.equal(inspect.stdout.trim(), `${oci.configDigest} [bb:t1 busybox:latest]`);
  const hist = await docker(d, ["history", "bb:t1"]);
  assert.equal(hist.stdout, (await berth(d, ["history", "bb:t1"])).stdout);
  const saved = path.join(dir, "docker-saved.tar");
  assert.equal((await docker(d, ["save", "-o", saved, "bb:t1"])).code, 0);
  const rmi = await docker(d, ["rmi", "bb:t1"]);
  assert.equal(rmi.stdout, "Untagged: bb:t1\n");
  const rmi2 = await docker(d, ["rmi", "busybox"]);
  assert.match(rmi2.stdout, /Untagged: busybox:latest\nDeleted: sha256:/);
  assert.equal((await docker(d, ["load", "-i", saved])).code, 0);
  assert.deepEqual(await imageIds(d), [oci.configDigest]);
  const missing = await docker(d, ["image", "inspect", "nope"]);
  assert.equal(missing.code, 1);
});

test("images filters (dangling, reference, label, before, since) and image prune", async (t) => {
  const d = await startDaemon(t);
  const dir = await tempDir(t);
  const mk = async (name: string, labels: string[] = []) => {
    const file = path.join(dir, `${name.replace(/[:/]/g, "-")}.tar`);
    await writeFile(file, await makeTar([{ name: "f", content: name }]));
    const args = ["import", ...labels.flatMap((l) => ["-c", `LABEL ${l}`]), file, name];
    const r = await berth(d, args);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  };
  const a = await mk("app:1", ["tier=web"]);
  const b = await mk("app:2");
  const c = await mk("other:1", ["tier=db"]);
  const names = async (...args: string[]) =>
    (await berth(d, ["images", "--format", "{{.Repository}}:{{.Tag}}", ...args])).stdout
      .trim()
      .split("\n")
      .sort();
  assert.deepEqual(await names("--filter", "reference=app"), ["app:1", "app:2"]);
  assert.deepEqual(await names("--filter", "reference=app:2"), ["app:2"]);
  assert.deepEqual(await names("app"), ["app:1", "app:2"]);
  assert.deepEqual(await names("--filter", "label=tier"), ["app:1", "other:1"]);
  assert.deepEqual(await names("--filter", "label=tier=db"), ["other:1"]);
  assert.deepEqual(await names("--filter", `since=${a}`), ["app:2", "other:1"]);
  assert.deepEqual(await names("--filter", `before=${c}`), ["app:1", "app:2"]);
  // Re-tagging leaves app:2's old image dangling.
  assert.equal((await berth(d, ["tag", "other:1", "app:2"])).code, 0);
  assert.deepEqual(await names("--filter", "dangling=true"), ["<none>:<none>"]);
  const prune = await berth(d, ["image", "prune", "-f"]);
  assert.equal(prune.code, 0, prune.stderr);
  assert.match(prune.stdout, new RegExp(`Deleted Images:\\ndeleted: ${b}\\n`));
  assert.match(prune.stdout, /Total reclaimed space: \d/);
  assert.deepEqual(await names("--filter", "dangling=true"), [""]);
  const all = await berth(d, ["image", "prune", "-a", "-f"]);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(await imageIds(d), []);
});
