// The union filesystem commands with mounts, through the docker CLI, as Docker has them:
// diff, commit and export leave volume and bind content out; cp reads and writes the
// mounts of a running or stopped container; volumes are made at create and a stopped
// container's volumes are in use.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { docker, run, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { mountsUnder, dockerOk as ok } from "../helpers/volumes.ts";

test("diff, commit and export leave mounts out; cp reads and writes volumes and binds, running or stopped", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const host = await mkdtemp(path.join(tmpdir(), "berth-volfs-"));
  t.after(() => rm(host, { recursive: true, force: true }));
  const bind = path.join(host, "bind");
  const local = path.join(host, "local");
  await writeFile(local, "from the host\n");
  t.after(async () => {
    await docker(d, ["rm", "-f", "fs1", "fs2"]);
  });

  const mounts = [
    ...[
      "-v",
      "data:/data",
      "-v",
      `${bind}:/bind`,
      "-v",
      "rodata:/rov:ro",
      "-v",
      "/anonv",
      "--tmpfs",
      "/tmp2",
    ],
  ];
  await ok(d, [
    "run",
    "--name",
    "fs1",
    ...mounts,
    "busybox",
    "sh",
    "-c",
    "echo v > /data/inner && echo b > /bind/b && echo a > /anonv/a && echo t > /tmp2/t && echo up > /top",
  ]);

  // diff: the container's own change only, no mount point and nothing under one.
  const diff = (await ok(d, ["diff", "fs1"])).trim().split("\n");
  assert.deepEqual(diff, ["A /top"]);

  // commit: the new image has /top but none of the volume's or bind's content.
  await ok(d, ["commit", "fs1", "fs1img"]);
  assert.equal(
    await ok(d, [
      "run",
      "--rm",
      "fs1img",
      "sh",
      "-c",
      "cat /top; ls -A /data /bind /rov /anonv /tmp2 2>/dev/null | grep -v ':$' | grep . || true",
    ]),
    "up\n",
  );

  // export: the same, as a flat tar.
  const exported = path.join(host, "fs1.tar");
  await ok(d, ["export", "-o", exported, "fs1"]);
  const names = (await run("tar", ["-tf", exported])).stdout.split("\n");
  assert.ok(names.includes("top"), "top is exported");
  for (const n of names) assert.doesNotMatch(n, /^(data|bind|rov|anonv|tmp2)\/./, `${n} is mount content`);

  // cp out of a stopped container's volume and bind.
  const outDir = path.join(host, "out");
  await ok(d, ["cp", "fs1:/data/inner", `${outDir}-inner`]);
  assert.equal(await readFile(`${outDir}-inner`, "utf8"), "v\n");
  await ok(d, ["cp", "fs1:/bind/b", `${outDir}-b`]);
  assert.equal(await readFile(`${outDir}-b`, "utf8"), "b\n");
  // cp into them: the volume and the host directory get the file, not the container's layer.
  await ok(d, ["cp", local, "fs1:/data/"]);
  await ok(d, ["cp", local, "fs1:/bind/"]);
  assert.equal(await readFile(path.join(bind, "local"), "utf8"), "from the host\n");
  assert.equal(
    await ok(d, ["run", "--rm", "-v", "data:/d", "busybox", "cat", "/d/local"]),
    "from the host\n",
  );
  assert.deepEqual((await ok(d, ["diff", "fs1"])).trim().split("\n"), ["A /top"]);
  // A read-only volume refuses, as Docker does.
  const ro = await docker(d, ["cp", local, "fs1:/rov/"]);
  assert.notEqual(ro.code, 0);
  assert.match(ro.stderr, /mounted volume is marked read-only/);

  // A running container: cp reaches the same volume and bind as its processes.
  await ok(d, ["run", "-d", "--name", "fs2", ...mounts, "busybox", "sleep", "1000"]);
  // Once it runs, its namespace alone holds the bind: no staging mount is left on the host.
  assert.deepEqual(await mountsUnder(d.execRoot), []);
  await writeFile(local, "while running\n");
  await ok(d, ["cp", local, "fs2:/data/running"]);
  assert.equal(await ok(d, ["exec", "fs2", "cat", "/data/running"]), "while running\n");
  await ok(d, ["cp", "fs2:/bind/b", `${outDir}-b2`]);
  assert.equal(await readFile(`${outDir}-b2`, "utf8"), "b\n");
  // The host directory replaced after the start: cp still reaches what the container has.
  await rename(bind, `${bind}.old`);
  await mkdir(bind);
  await ok(d, ["cp", local, "fs2:/bind/after-rename"]);
  assert.equal(await ok(d, ["exec", "fs2", "cat", "/bind/after-rename"]), "while running\n");
  assert.equal(await readFile(path.join(`${bind}.old`, "after-rename"), "utf8"), "while running\n");
  assert.equal(existsSync(path.join(bind, "after-rename")), false);
  const ro2 = await docker(d, ["cp", local, "fs2:/rov/"]);
  assert.match(ro2.stderr, /mounted volume is marked read-only/);
  await ok(d, ["rm", "-f", "fs1", "fs2"]);
  assert.deepEqual(await mountsUnder(d.dataRoot), []);
  assert.deepEqual(await mountsUnder(d.execRoot), []);
});

test("cp reaches a running container's tmpfs mounts, inside its root; a stopped one's path is the layer below, as dockerd's", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const host = await mkdtemp(path.join(tmpdir(), "berth-voltmpfs-"));
  t.after(() => rm(host, { recursive: true, force: true }));
  t.after(async () => {
    await docker(d, ["rm", "-f", "tf"]);
  });
  const local = path.join(host, "local");
  await writeFile(local, "into the tmpfs\n");
  const escaped = `/berth-tmpfs-escape-${process.pid}`;
  t.after(() => rm(escaped, { force: true }));

  await ok(d, [
    "run",
    "-d",
    "--name",
    "tf",
    "--tmpfs",
    "/t1",
    "--mount",
    "type=tmpfs,dst=/t2",
    "--tmpfs",
    "/rot:ro",
    "busybox",
    "sleep",
    "1000",
  ]);
  // What the container wrote in its tmpfs is what cp reads.
  await ok(d, [
    "exec",
    "tf",
    "sh",
    "-c",
    `echo inside > /t1/inside && ln -s / /t1/up && ln -s ../../.. /t2/dd`,
  ]);
  await ok(d, ["cp", "tf:/t1/inside", path.join(host, "inside")]);
  assert.equal(await readFile(path.join(host, "inside"), "utf8"), "inside\n");
  // What cp writes, the container reads there (not in its layer below the tmpfs).
  await ok(d, ["cp", local, "tf:/t2/local"]);
  assert.equal(await ok(d, ["exec", "tf", "cat", "/t2/local"]), "into the tmpfs\n");
  assert.deepEqual((await ok(d, ["diff", "tf"])).trim(), "");
  // Links in the tmpfs resolve inside the container's root, never the host's.
  await ok(d, ["cp", local, `tf:/t1/up${escaped}`]);
  await ok(d, ["cp", local, `tf:/t2/dd${escaped}-dd`]);
  assert.equal(await ok(d, ["exec", "tf", "cat", escaped, `${escaped}-dd`]), "into the tmpfs\n".repeat(2));
  assert.equal(existsSync(escaped), false);
  assert.equal(existsSync(`${escaped}-dd`), false);
  // A read-only tmpfs refuses, as a read-only volume.
  const ro = await docker(d, ["cp", local, "tf:/rot/"]);
  assert.match(ro.stderr, /mounted volume is marked read-only/);
  // Nothing stays bound after the copies.
  assert.deepEqual(await mountsUnder(d.execRoot), []);

  // Stopped: the tmpfs is gone; cp writes the directory below, which the next start covers.
  await ok(d, ["stop", "-t", "0", "tf"]);
  await ok(d, ["cp", local, "tf:/t1/stopped"]);
  await ok(d, ["start", "tf"]);
  assert.equal(await ok(d, ["exec", "tf", "ls", "-A", "/t1"]), "");
  await ok(d, ["rm", "-f", "tf"]);
  assert.deepEqual(await mountsUnder(d.execRoot), []);
});

test("a container's volumes are made at create and stay in use while it exists, stopped or not", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  t.after(async () => {
    await docker(d, ["rm", "-f", "holder", "user"]);
  });
  // As dockerd: create makes the volumes (an anonymous one named at once in inspect).
  await ok(d, ["create", "--name", "holder", "-v", "/anon", "-v", "named:/n", "busybox", "true"]);
  const vols = (await ok(d, ["volume", "ls", "-q"])).trim().split("\n").sort();
  assert.equal(vols.length, 2, vols.join(" "));
  assert.ok(vols.includes("named"));
  const anon = vols.find((v) => v !== "named") ?? "";
  assert.match(anon, /^[0-9a-f]{64}$/);
  assert.equal(
    (await ok(d, ["inspect", "-f", "{{range .Mounts}}{{.Name}} {{end}}", "holder"]))
      .trim()
      .split(" ")
      .sort()
      .join(" "),
    [anon, "named"].sort().join(" "),
  );
  // A never-started container's volumes are in use: prune (even -a) and rm leave them.
  const pruned = await ok(d, ["volume", "prune", "-a", "-f"]);
  assert.doesNotMatch(pruned, /named|[0-9a-f]{64}/);
  const busy = await docker(d, ["volume", "rm", "named"]);
  assert.equal(busy.code, 1);
  assert.match(busy.stderr, /volume is in use/);
  // Run and stopped, still in use; a --volumes-from user reads what it wrote.
  await ok(d, ["start", "-a", "holder"]);
  await ok(d, [
    "run",
    "--name",
    "user",
    "--volumes-from",
    "holder",
    "busybox",
    "sh",
    "-c",
    "echo w > /anon/f",
  ]);
  await ok(d, ["volume", "prune", "-a", "-f"]);
  assert.equal((await ok(d, ["volume", "ls", "-q"])).trim().split("\n").length, 2);
  // After a berthd restart, the references are taken again from the records.
  await d.stop("SIGKILL");
  await d.restart();
  await ok(d, ["volume", "prune", "-a", "-f"]);
  assert.equal((await ok(d, ["volume", "ls", "-q"])).trim().split("\n").length, 2);
  assert.equal(await ok(d, ["run", "--rm", "--volumes-from", "holder", "busybox", "cat", "/anon/f"]), "w\n");
  // Removed without -v, the container leaves them; unused, prune takes the anonymous one.
  await ok(d, ["rm", "user", "holder"]);
  await ok(d, ["volume", "prune", "-f"]);
  assert.equal(await ok(d, ["volume", "ls", "-q"]), "named\n");
  assert.equal(await ok(d, ["volume", "rm", "named"]), "named\n");
  assert.deepEqual(await mountsUnder(d.dataRoot), []);
});

test("two containers appending to one volume at once lose nothing", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  t.after(async () => {
    await docker(d, ["rm", "-f", "w1", "w2"]);
  });
  // Both wait for /s/go, so that their 5,000 appends each overlap.
  const writer = (tag: string) =>
    `until [ -e /s/go ]; do usleep 1000; done; i=0; while [ $i -lt 5000 ]; do echo ${tag}$i >> /s/log; i=$((i+1)); done`;
  await ok(d, ["run", "-d", "--name", "w1", "-v", "shared:/s", "busybox", "sh", "-c", writer("a")]);
  await ok(d, ["run", "-d", "--name", "w2", "-v", "shared:/s", "busybox", "sh", "-c", writer("b")]);
  await ok(d, ["exec", "w1", "touch", "/s/go"]);
  assert.equal(await ok(d, ["wait", "w1", "w2"]), "0\n0\n");
  const counts = await ok(d, [
    "run",
    "--rm",
    "-v",
    "shared:/s",
    "busybox",
    "sh",
    "-c",
    "wc -l < /s/log; grep -c '^a' /s/log; grep -c '^b' /s/log; sort -u /s/log | wc -l",
  ]);
  assert.deepEqual(counts.trim().split(/\s+/), ["10000", "5000", "5000", "10000"]);
});
