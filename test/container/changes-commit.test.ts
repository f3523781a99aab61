import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { lgetxattr, lsetxattr } from "../../src/sys/syscalls.ts";
import { berth, docker, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

const EMPTY_LAYER = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
// security.capability v2: cap_net_raw (13) permitted, effective.
const CAP_NET_RAW = Buffer.from([
  0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]);

test("diff lists adds, changes, deletes, renames, opaque dirs and hard links as Docker", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const script = [
    "echo new > /tmp/added",
    "echo more >> /etc/passwd",
    "rm /etc/group",
    "mv /bin/cat /bin/kitty",
    "rm -rf /root && mkdir /root && echo x > /root/again",
    "ln /tmp/added /tmp/hard",
    "mkdir -p /data/sub && echo y > /data/sub/f",
  ].join("; ");
  const run = await berth(d, ["run", "--name", "c1", "busybox", "sh", "-c", script]);
  assert.equal(run.code, 0, run.stderr);
  const expected = [
    "C /bin",
    "D /bin/cat",
    "A /bin/kitty",
    "A /data",
    "A /data/sub",
    "A /data/sub/f",
    "C /etc",
    "D /etc/group",
    "C /etc/passwd",
    "D /root",
    "A /root/again",
    "C /tmp",
    "A /tmp/added",
    "A /tmp/hard",
  ];
  const viaBerth = await berth(d, ["diff", "c1"]);
  assert.equal(viaBerth.code, 0, viaBerth.stderr);
  assert.deepEqual(viaBerth.stdout.trim().split("\n"), expected);
  const viaDocker = await docker(d, ["diff", "c1"]);
  assert.equal(viaDocker.code, 0, viaDocker.stderr);
  assert.equal(viaDocker.stdout, viaBerth.stdout);

  // A running and a paused container list their changes too; an untouched one lists none.
  assert.equal((await berth(d, ["run", "-d", "--name", "c2", "busybox", "sleep", "1000"])).code, 0);
  assert.equal((await berth(d, ["diff", "c2"])).stdout, "");
  assert.equal((await berth(d, ["exec", "c2", "touch", "/tmp/x"])).code, 0);
  assert.equal((await berth(d, ["pause", "c2"])).code, 0);
  assert.equal((await berth(d, ["diff", "c2"])).stdout, "C /tmp\nA /tmp/x\n");
  assert.equal((await berth(d, ["unpause", "c2"])).code, 0);
});

test("commit: round trip keeps deletions, opaque dirs, setuid bits and file capabilities", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const script = [
    "rm /etc/group",
    "rm -rf /root && mkdir /root && echo x > /root/again",
    "echo s > /bin/suid && chmod 4755 /bin/suid",
    "echo c > /bin/capped",
    "echo h > /tmp/h1 && ln /tmp/h1 /tmp/h2",
  ].join("; ");
  const run = await berth(d, ["run", "--name", "src", "busybox", "sh", "-c", script]);
  assert.equal(run.code, 0, run.stderr);
  // setcap is not in busybox: give the file its capability from the host, in the upper dir.
  const id = (await berth(d, ["inspect", "-f", "{{.Id}}", "src"])).stdout.trim();
  lsetxattr(path.join(d.dataRoot, "containers", id, "upper/bin/capped"), "security.capability", CAP_NET_RAW);

  const commit = await berth(d, ["commit", "-a", "me <me@x>", "-m", "msg", "src", "snap:v1"]);
  assert.equal(commit.code, 0, commit.stderr);
  const imageId = commit.stdout.trim();
  assert.match(imageId, /^sha256:[0-9a-f]{64}$/);
  const img = await d.client.json<{
    Parent: string;
    Author: string;
    Comment: string;
    Container: string;
    RootFS: { Layers: string[] };
  }>("GET", "/images/snap:v1/json");
  assert.equal(img.Author, "me <me@x>");
  assert.equal(img.Comment, "msg");
  assert.equal(img.Container, id);
  assert.equal(img.RootFS.Layers.length, 2);
  const hist = await berth(d, [
    "history",
    "--no-trunc",
    "--format",
    "{{.CreatedBy}}|{{.Comment}}",
    "snap:v1",
  ]);
  assert.match(hist.stdout.split("\n")[0], /^sh -c rm \/etc\/group.*\|msg$/);

  const check = await berth(d, [
    "run",
    "--rm",
    "snap:v1",
    "sh",
    "-c",
    "test ! -e /etc/group && ls /root && stat -c '%a' /bin/suid && stat -c '%i' /tmp/h1 /tmp/h2 && cat /bin/capped",
  ]);
  assert.equal(check.code, 0, check.stderr);
  const [root, mode, ino1, ino2, capped] = check.stdout.trim().split("\n");
  assert.equal(root, "again");
  assert.equal(mode, "4755");
  assert.equal(ino1, ino2);
  assert.equal(capped, "c");
  // The new layer, unpacked once and shared: the capability and the opaque marker are on disk.
  const layerDirs = (
    await berth(d, [
      "inspect",
      "-f",
      "{{.GraphDriver.Data.LowerDir}}",
      (await berth(d, ["create", "snap:v1"])).stdout.trim(),
    ])
  ).stdout
    .trim()
    .split(":");
  assert.equal(layerDirs.length, 2);
  assert.deepEqual(lgetxattr(path.join(layerDirs[0], "bin/capped"), "security.capability"), CAP_NET_RAW);
  assert.equal(lgetxattr(path.join(layerDirs[0], "root"), "trusted.overlay.opaque")?.toString(), "y");
  assert.equal(statSync(path.join(layerDirs[0], "etc/group")).isCharacterDevice(), true);

  // Identical content twice: the same DiffID; an untouched container: Docker's empty layer.
  const again = await berth(d, ["commit", "src"]);
  const layersOf = async (ref: string) =>
    (await d.client.json<{ RootFS: { Layers: string[] } }>("GET", `/images/${ref}/json`)).RootFS.Layers;
  assert.deepEqual(await layersOf(again.stdout.trim()), img.RootFS.Layers);
  assert.equal((await berth(d, ["create", "--name", "blank", "busybox"])).code, 0);
  const blank = await berth(d, ["commit", "blank"]);
  assert.equal((await layersOf(blank.stdout.trim()))[1], EMPTY_LAYER);
});

test("commit --change, through the docker CLI, of a running container", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  assert.equal(
    (await docker(d, ["run", "-d", "--name", "live", "busybox", "sh", "-c", "echo v > /v; exec sleep 1000"]))
      .code,
    0,
  );
  await berth(d, ["exec", "live", "test", "-e", "/v"]);
  const commit = await docker(d, [
    "commit",
    "-c",
    "ENV FOO=bar",
    "-c",
    'CMD ["cat", "/v"]',
    "-c",
    "LABEL a=b",
    "live",
    "changed:latest",
  ]);
  assert.equal(commit.code, 0, commit.stderr);
  const cfg = JSON.parse((await docker(d, ["inspect", "-f", "{{json .Config}}", "changed"])).stdout);
  assert.deepEqual(cfg.Cmd, ["cat", "/v"]);
  assert.ok(cfg.Env.includes("FOO=bar"));
  assert.equal(cfg.Labels.a, "b");
  assert.equal((await docker(d, ["inspect", "-f", "{{.State.Status}}", "live"])).stdout.trim(), "running");
  const out = await docker(d, ["run", "--rm", "changed"]);
  assert.equal(out.stdout, "v\n");
});

test("export a stopped container, import it and run it; sizes and system df match du", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const run = await berth(d, [
    "run",
    "--name",
    "ex",
    "busybox",
    "sh",
    "-c",
    "dd if=/dev/zero of=/blob bs=1024 count=300 2>/dev/null; rm /etc/group",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const file = path.join(d.dir, "ex.tar");
  const exp = await docker(d, ["export", "-o", file, "ex"]);
  assert.equal(exp.code, 0, exp.stderr);
  const names = execFileSync("tar", ["-tf", file], { encoding: "utf8" }).split("\n");
  assert.ok(names.includes("blob"));
  assert.ok(names.includes("bin/busybox"));
  assert.ok(!names.includes("etc/group"));
  assert.ok(!names.some((n) => n.includes(".wh.")));
  const id = (await berth(d, ["inspect", "-f", "{{.Id}}", "ex"])).stdout.trim();
  assert.equal(existsSync(path.join(d.dataRoot, "containers", id, "rootfs/bin")), false);
  const viaBerth = await berth(d, ["export", "ex"]);
  assert.equal(viaBerth.raw.length, statSync(file).size);

  assert.equal((await berth(d, ["import", file, "reborn"])).code, 0);
  const again = await berth(d, ["run", "--rm", "reborn", "sh", "-c", "wc -c < /blob; test ! -e /etc/group"]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.trim(), "307200");

  const insp = JSON.parse((await berth(d, ["inspect", "--size", "ex"])).stdout)[0];
  assert.equal(insp.SizeRw, 307200);
  const busyboxSize = statSync("/bin/busybox").size;
  assert.ok(insp.SizeRootFs >= 307200 + busyboxSize, String(insp.SizeRootFs));
  const ps = JSON.parse(
    (await docker(d, ["ps", "-a", "-s", "--format", "{{json .}}", "--filter", "name=ex"])).stdout,
  );
  assert.match(ps.Size, /^307kB \(virtual/);

  const df = await d.client.json<{ LayersSize: number; Containers: { SizeRw: number }[] }>(
    "GET",
    "/system/df",
  );
  const du = (dir: string) => Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
  const layersDu = du(path.join(d.dataRoot, "layers"));
  // du counts directories (4 KiB each), symlinks and layer.json files too.
  assert.ok(Math.abs(layersDu - df.LayersSize) < 128 * 1024, `${layersDu} vs ${df.LayersSize}`);
  const upperDu = du(path.join(d.dataRoot, "containers", id, "upper"));
  assert.ok(
    Math.abs(upperDu - df.Containers[0].SizeRw) < 64 * 1024,
    `${upperDu} vs ${df.Containers[0].SizeRw}`,
  );
  const cli = await docker(d, ["system", "df"]);
  assert.equal(cli.code, 0, cli.stderr);
  const mine = await berth(d, ["system", "df"]);
  assert.equal(mine.stdout, cli.stdout);
});
