import assert from "node:assert/strict";
import { link, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { EngineClient } from "../../src/client/client.ts";
import { isMountPoint } from "../../src/sys/mountinfo.ts";
import type { Volume, VolumeListResponse } from "../../src/types/volume.ts";
import { EventBus } from "../../src/util/events.ts";
import { createLogger } from "../../src/util/logger.ts";
import { VolumeService } from "../../src/volume/volume-service.ts";
import { berth, docker, run, startDaemon, waitFor } from "../helpers/daemon.ts";

/** The mountinfo line of whatever is mounted on `dir`, if anything. */
async function mountOn(dir: string): Promise<string | undefined> {
  const info = await readFile("/proc/self/mountinfo", "utf8");
  return info.split("\n").find((l) => l.split(" ")[4] === dir);
}

/** Unmounts anything a failed test left under `root`, deepest first. */
async function unmountUnder(root: string): Promise<void> {
  const info = await readFile("/proc/self/mountinfo", "utf8");
  const points = info
    .split("\n")
    .map((l) => l.split(" ")[4])
    .filter((p) => p?.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
  for (const p of points) await run("umount", ["-l", p]);
}

test("volume create/ls/inspect/rm/prune through the docker CLI and berth's, with Docker's errors", async (t) => {
  const d = await startDaemon(t);
  const ok = async (r: Promise<{ code: number | null; stdout: string; stderr: string }>) => {
    const res = await r;
    assert.equal(res.code, 0, res.stderr);
    return res.stdout;
  };

  assert.equal(
    await ok(docker(d, ["volume", "create", "--label", "tier=db", "--label", "flag", "data1"])),
    "data1\n",
  );
  assert.equal(await ok(berth(d, ["volume", "create", "--label", "tier=web", "data2"])), "data2\n");
  // An anonymous volume, as `-v /d` will make: 64 hex digits and Docker 23+'s label.
  const anon = await d.client.json<Volume>("POST", "/volumes/create", { body: {} });
  assert.match(anon.Name, /^[0-9a-f]{64}$/);
  assert.deepEqual(anon.Labels, { "com.docker.volume.anonymous": "" });

  const [v] = JSON.parse(await ok(docker(d, ["volume", "inspect", "data1"]))) as Volume[];
  assert.equal(v.Name, "data1");
  assert.equal(v.Driver, "local");
  assert.equal(v.Scope, "local");
  assert.equal(v.Mountpoint, path.join(d.dataRoot, "volumes", "data1", "_data"));
  assert.deepEqual(v.Labels, { tier: "db", flag: "" });
  assert.ok(!Number.isNaN(Date.parse(v.CreatedAt ?? "")), v.CreatedAt);
  // Docker's modes: the volumes dir is closed, `_data` is usable by any container user.
  assert.equal((await stat(path.join(d.dataRoot, "volumes"))).mode & 0o777, 0o700);
  assert.equal((await stat(path.join(d.dataRoot, "volumes", "data1"))).mode & 0o777, 0o700);
  assert.equal((await stat(v.Mountpoint)).mode & 0o777, 0o755);

  // Creating an existing name returns it as is.
  const again = await d.client.json<Volume>("POST", "/volumes/create", { body: { Name: "data1" } });
  assert.deepEqual(again.Labels, { tier: "db", flag: "" });
  // dockerd would hand it back and drop other options and labels; berth says it cannot apply them.
  const other = await d.client.request("POST", "/volumes/create", {
    body: { Name: "data1", DriverOpts: { type: "tmpfs", device: "tmpfs" }, Labels: { tier: "web" } },
  });
  assert.equal(other.status, 409);
  const refused = await berth(d, ["volume", "create", "-o", "type=tmpfs", "data1"]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /volume "data1" already exists with other options or labels/);
  assert.equal(await ok(berth(d, ["volume", "inspect", "-f", "{{.Options.type}}", "data1"])), "<no value>\n");

  const table = (await ok(berth(d, ["volume", "ls"]))).split("\n");
  assert.equal(table[0], "DRIVER    VOLUME NAME");
  assert.deepEqual(
    table.slice(1).sort(),
    ["", `local     ${anon.Name}`, "local     data1", "local     data2"].sort(),
  );
  assert.equal(await ok(docker(d, ["volume", "ls", "-q", "--filter", "label=tier"])), "data1\ndata2\n");
  assert.equal(await ok(docker(d, ["volume", "ls", "-q", "--filter", "label=tier=web"])), "data2\n");
  assert.equal(await ok(docker(d, ["volume", "ls", "-q", "--filter", "name=ta1"])), "data1\n");
  assert.equal(await ok(berth(d, ["volume", "ls", "-q", "--filter", "driver=nope"])), "");
  assert.equal(
    await ok(docker(d, ["volume", "ls", "-q", "--filter", "dangling=true", "--filter", "name=data"])),
    "data1\ndata2\n",
  );
  assert.equal(
    await ok(berth(d, ["volume", "ls", "--format", "{{.Name}} {{.Scope}} {{.Labels}}", "-f", "name=data2"])),
    "data2 local tier=web\n",
  );
  const list = await d.client.json<VolumeListResponse>("GET", "/volumes");
  assert.deepEqual(list.Warnings, []);

  // Docker's errors, word for word.
  const bad = await docker(d, ["volume", "create", "a/b"]);
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    /Error response from daemon: create a\/b: "a\/b" includes invalid characters for a local volume name, only "\[a-zA-Z0-9\]\[a-zA-Z0-9_.-\]" are allowed\. If you intended to pass a host directory, use absolute path/,
  );
  const key = await docker(d, ["volume", "create", "-o", "x=1", "badopt"]);
  assert.match(key.stderr, /Error response from daemon: invalid option key: "x"/);
  const drv = await berth(d, ["volume", "create", "-d", "nfsplugin", "plug"]);
  assert.equal(drv.code, 1);
  assert.match(drv.stderr, /plugin "nfsplugin" not found/);
  await assert.rejects(d.client.json("POST", "/volumes/create", { body: { Name: 5 } }), {
    message:
      "invalid JSON: json: cannot unmarshal number into Go struct field CreateOptions.Name of type string",
  });
  const missing = await docker(d, ["volume", "inspect", "nosuch"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /get nosuch: no such volume/);
  const rmMissing = await docker(d, ["volume", "rm", "nosuch"]);
  assert.equal(rmMissing.code, 1);
  assert.match(rmMissing.stderr, /Error response from daemon: get nosuch: no such volume/);
  assert.equal(await ok(docker(d, ["volume", "rm", "-f", "nosuch"])), "nosuch\n");
  assert.deepEqual(
    (await d.client.json<VolumeListResponse>("GET", "/volumes")).Volumes?.map((x) => x.Name).sort(),
    [anon.Name, "data1", "data2"].sort(),
  );

  // Content counts in system df.
  await writeFile(path.join(d.dataRoot, "volumes", "data2", "_data", "blob"), Buffer.alloc(64 * 1024, 1));
  // A hard link is counted once, as dockerd's directory.Size.
  await link(
    path.join(d.dataRoot, "volumes", "data2", "_data", "blob"),
    path.join(d.dataRoot, "volumes", "data2", "_data", "blob2"),
  );
  const df = await d.client.json<{ Volumes: Volume[] }>("GET", "/system/df");
  const d2 = df.Volumes.find((x) => x.Name === "data2");
  assert.equal(d2?.UsageData?.Size, 64 * 1024, JSON.stringify(d2));
  assert.equal(d2?.UsageData?.RefCount, 0);
  // berth's `system df` prints the volumes as docker's CLI does from the same reply.
  const section = (out: string) =>
    out.slice(out.indexOf("Local Volumes space usage:"), out.indexOf("Build cache"));
  const dockerDf = await ok(docker(d, ["system", "df", "-v"]));
  assert.match(section(dockerDf), /^data2 +0 +6\d(\.\d+)?kB$/m);
  assert.equal(section(await ok(berth(d, ["system", "df", "-v"]))), section(dockerDf));
  const volLine = (out: string) => out.split("\n").find((l) => l.startsWith("Local Volumes"));
  const dockerSummary = volLine(await ok(docker(d, ["system", "df"])));
  assert.match(dockerSummary ?? "", /^Local Volumes +3 +0 +6\d(\.\d+)?kB +6\d(\.\d+)?kB \(100%\)$/);
  assert.equal(volLine(await ok(berth(d, ["system", "df"]))), dockerSummary);

  // Prune: anonymous only by default (API ≥ 1.42), all with -a, label filters honoured.
  const p1 = await ok(docker(d, ["volume", "prune", "-f"]));
  assert.equal(p1, `Deleted Volumes:\n${anon.Name}\n\nTotal reclaimed space: 0B\n`);
  const p2 = await ok(berth(d, ["volume", "prune", "-a", "-f", "--filter", "label=tier=web"]));
  assert.match(p2, /^Deleted Volumes:\ndata2\n\nTotal reclaimed space: 6\d(\.\d+)?kB\n$/);
  assert.equal(await ok(docker(d, ["volume", "ls", "-q"])), "data1\n");
  // A pre-1.42 client's prune removes named volumes too, as dockerd keeps it for them.
  await d.client.json("POST", "/volumes/create", { body: { Name: "old-api" } });
  const oldPrune = await new EngineClient(d.host, "1.41").json<{ VolumesDeleted: string[] }>(
    "POST",
    "/volumes/prune",
    {
      query: { filters: JSON.stringify({ "label!": ["tier"] }) },
    },
  );
  assert.deepEqual(oldPrune.VolumesDeleted, ["old-api"]);
  assert.equal(await ok(berth(d, ["volume", "rm", "data1"])), "data1\n");
  assert.equal(await ok(docker(d, ["volume", "ls", "-q"])), "");

  const ev = await ok(
    docker(d, [
      "events",
      "--since",
      "0",
      "--until",
      String(Math.ceil(Date.now() / 1000) + 1),
      "--filter",
      "type=volume",
      "--format",
      "{{.Action}} {{.Actor.ID}}",
    ]),
  );
  assert.match(ev, /^create data1$/m);
  assert.match(ev, /^destroy data1$/m);
  assert.match(ev, new RegExp(`^destroy ${anon.Name}$`, "m"));
});

test("volume records survive a berthd restart, kill -9 included", async (t) => {
  const d = await startDaemon(t);
  await d.client.json("POST", "/volumes/create", {
    body: { Name: "keep", Labels: { a: "b" }, DriverOpts: { type: "tmpfs", device: "tmpfs", o: "size=1m" } },
  });
  await d.stop("SIGKILL");
  await d.restart();
  const v = await d.client.json<Volume>("GET", "/volumes/keep");
  assert.deepEqual(v.Labels, { a: "b" });
  assert.deepEqual(v.Options, { type: "tmpfs", device: "tmpfs", o: "size=1m" });
});

/**
 * acquire/release drive the local driver's mounts as the container seam will. berthd is
 * stopped while the test drives a VolumeService on its data root, as network-api's test does.
 */
test("acquire mounts tmpfs and bind volumes and release unmounts them; a volume in use is not removed; uid/gid/mode applied", async (t) => {
  const d = await startDaemon(t);
  const src = await mkdtemp(path.join(tmpdir(), "berth-vol-src-"));
  t.after(async () => {
    await unmountUnder(d.dataRoot);
    await rm(src, { recursive: true, force: true });
  });
  await writeFile(path.join(src, "hello"), "from the host\n");
  const create = (body: unknown) => d.client.json<Volume>("POST", "/volumes/create", { body });
  await create({ Name: "tmp", DriverOpts: { type: "tmpfs", device: "tmpfs", o: "size=2m,uid=1000" } });
  await create({ Name: "bound", DriverOpts: { type: "none", device: src, o: "bind" } });
  await create({ Name: "owned", DriverOpts: { uid: "1000", gid: "1001", mode: "0750" } });
  const owned = await stat(path.join(d.dataRoot, "volumes", "owned", "_data"));
  assert.deepEqual([owned.uid, owned.gid, owned.mode & 0o7777], [1000, 1001, 0o750]);
  // Nothing is mounted before a container uses the volume.
  assert.equal(await isMountPoint(path.join(d.dataRoot, "volumes", "tmp", "_data")), false);
  await d.stop();

  const svc = new VolumeService(d.dataRoot, new EventBus(), createLogger("error"));
  await svc.init();
  t.after(async () => {
    await svc.release("c1").catch(() => undefined);
    await svc.release("c2").catch(() => undefined);
  });
  const tmp = await svc.acquire("tmp", "c1");
  const line = await mountOn(tmp.hostPath);
  assert.match(line ?? "", / - tmpfs tmpfs .*size=2048k/, line);
  assert.equal((await stat(tmp.hostPath)).uid, 1000);
  await svc.acquire("tmp", "c2");
  const bound = await svc.acquire("bound", "c1");
  assert.equal(await readFile(path.join(bound.hostPath, "hello"), "utf8"), "from the host\n");

  await assert.rejects(svc.remove("tmp", true), {
    name: "ConflictError",
    message: "remove tmp: volume is in use - [c1, c2]",
  });
  assert.deepEqual(
    svc
      .list(new Map([["dangling", ["false"]]]))
      .map((v) => v.Name)
      .sort(),
    ["bound", "tmp"],
  );
  const pruned = await svc.prune(new Map([["all", ["true"]]]));
  assert.deepEqual(pruned.deleted, ["owned"]);

  // The last user's release unmounts; another user keeps it mounted.
  await svc.release("c1");
  assert.equal(await isMountPoint(bound.hostPath), false);
  assert.equal(await isMountPoint(tmp.hostPath), true);
  await svc.release("c2");
  assert.equal(await isMountPoint(tmp.hostPath), false);
  // Unmounted, the volume is still referred to (a stopped container), until it is removed.
  await assert.rejects(svc.remove("bound"), { message: "remove bound: volume is in use - [c1]" });
  await svc.dereference("c1");
  // The bind source is untouched by unmount and removal.
  await svc.remove("bound");
  assert.equal(await readFile(path.join(src, "hello"), "utf8"), "from the host\n");

  // A mount that fails leaves the volume unused and unmounted.
  await svc.create({
    Name: "gone",
    DriverOpts: { type: "none", device: path.join(src, "missing"), o: "bind" },
  });
  await assert.rejects(
    svc.acquire("gone", "c4"),
    /^SystemError: error while mounting volume 'gone': mount: /,
  );
  assert.deepEqual(svc.usersOf("gone"), []);
  await svc.remove("gone");

  // A named volume is made on first use, an anonymous one each time.
  const named = await svc.acquire("fresh", "c3");
  assert.equal(named.created, true);
  const anon = await svc.acquire(undefined, "c3");
  assert.match(anon.name, /^[0-9a-f]{64}$/);
  await svc.release("c3");
  assert.equal(await mountOn(tmp.hostPath), undefined);
});

/** `type`/`device`/`o` other than tmpfs and bind go to mount(8): here an ext4 image through a loop device. */
test("a filesystem volume (ext4 on a loop device) is mounted on acquire and its loop device freed on release", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-vol-ext4-"));
  const img = path.join(dir, "disk.img");
  const svc = new VolumeService(path.join(dir, "data"), new EventBus(), createLogger("error"));
  t.after(async () => {
    for (const c of ["c1", "c2"]) await svc.release(c).catch(() => undefined);
    await unmountUnder(dir);
    const loops = await run("losetup", ["-j", img, "-O", "NAME", "-n"]);
    for (const dev of loops.stdout.split("\n").filter(Boolean)) await run("losetup", ["-d", dev.trim()]);
    await rm(dir, { recursive: true, force: true });
  });
  await writeFile(img, Buffer.alloc(0));
  assert.equal((await run("truncate", ["-s", "16M", img])).code, 0);
  const mkfs = await run("mkfs.ext4", ["-q", "-F", img]);
  assert.equal(mkfs.code, 0, mkfs.stderr);
  await svc.init();
  await svc.create({ Name: "disk", DriverOpts: { type: "ext4", device: img, o: "loop,noexec" } });
  const v = await svc.acquire("disk", "c1");
  assert.match((await mountOn(v.hostPath)) ?? "", / - ext4 \/dev\/loop\d+ .*/);
  assert.match((await mountOn(v.hostPath)) ?? "", /noexec/);
  await writeFile(path.join(v.hostPath, "kept"), "on the disk\n");
  await svc.release("c1");
  assert.equal(await isMountPoint(v.hostPath), false);
  // The kernel detaches an autoclear loop device after its last close, from a work queue
  // (recent kernels): moments after the unmount, not always before umount(2) returns.
  await waitFor(
    "the loop device detached",
    async () => (await run("losetup", ["-j", img, "-n"])).stdout === "",
  );
  // The data was on the filesystem, not in _data: it is back on the next acquire.
  await svc.acquire("disk", "c2");
  assert.equal(await readFile(path.join(v.hostPath, "kept"), "utf8"), "on the disk\n");
  await svc.release("c2");
  assert.equal(await isMountPoint(v.hostPath), false);
});
