// Containers with volumes, bind mounts and tmpfs through the real berthd, runc and the docker
// CLI: what -v, --mount and image VOLUMEs give a container, and what rm takes away.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { docker, run, startDaemon, waitFor } from "../helpers/daemon.ts";
import { busyboxEntries, importBusybox, makeTar } from "../helpers/images.ts";
import { mountsUnder, dockerOk as ok } from "../helpers/volumes.ts";

async function text(body: AsyncIterable<Buffer | string>): Promise<string> {
  let out = "";
  for await (const c of body) out += c.toString();
  return out;
}

test("named, bind, anonymous, image VOLUME and tmpfs mounts work and rm -v removes the anonymous ones", async (t) => {
  const d = await startDaemon(t);
  const host = await mkdtemp(path.join(tmpdir(), "berth-bind-"));
  t.after(() => rm(host, { recursive: true, force: true }));
  await importBusybox(d.client);
  await d.client.jsonStream(
    "POST",
    "/images/create",
    {
      query: { fromSrc: "-", repo: "withvol", tag: "latest", changes: ['CMD ["sh"]', "VOLUME /data"] },
      stream: Readable.from([await makeTar(busyboxEntries())]),
    },
    () => {},
  );

  // A named volume keeps what one container wrote for the next, after rm.
  await ok(d, ["run", "--name", "writer", "-v", "keep:/d", "busybox", "sh", "-c", "echo kept > /d/f"]);
  await ok(d, ["rm", "-v", "writer"]);
  assert.equal(await ok(d, ["run", "--rm", "-v", "keep:/d", "busybox", "cat", "/d/f"]), "kept\n");
  assert.equal(await ok(d, ["volume", "ls", "-q"]), "keep\n");

  // A host directory, read-only: its files are seen, writes refused.
  await writeFile(path.join(host, "hello"), "from host\n");
  // A host file binds as a file (-v makes only a missing source, as a directory).
  assert.equal(
    await ok(d, [
      "run",
      "--rm",
      "-v",
      `${path.join(host, "hello")}:/etc/motd:ro`,
      "busybox",
      "cat",
      "/etc/motd",
    ]),
    "from host\n",
  );
  assert.equal(
    await ok(d, ["run", "--rm", "-v", `${host}:/x:ro`, "busybox", "cat", "/x/hello"]),
    "from host\n",
  );
  const w = await docker(d, ["run", "--rm", "-v", `${host}:/x:ro`, "busybox", "touch", "/x/new"]);
  assert.notEqual(w.code, 0);
  assert.match(w.stderr, /Read-only file system/);
  assert.equal(existsSync(path.join(host, "new")), false);
  // -v makes a missing host directory, as Docker.
  await ok(d, ["run", "--rm", "-v", `${host}/made:/m`, "busybox", "touch", "/m/f"]);
  assert.equal(existsSync(path.join(host, "made", "f")), true);

  // Anonymous -v and the image's VOLUME each get a volume; inspect lists them; rm -v removes them.
  await ok(d, ["create", "--name", "anon", "-v", "/extra", "withvol", "sh", "-c", "echo a > /data/a"]);
  await ok(d, ["start", "-a", "anon"]);
  const vols = (await ok(d, ["volume", "ls", "-q"])).trim().split("\n").sort();
  assert.equal(vols.length, 3, vols.join(" "));
  const mounts = JSON.parse(await ok(d, ["inspect", "-f", "{{json .Mounts}}", "anon"])) as {
    Type: string;
    Name: string;
    Destination: string;
    RW: boolean;
    Driver: string;
  }[];
  assert.deepEqual(
    mounts.map((m) => [m.Type, m.Destination, m.RW, m.Driver, /^[0-9a-f]{64}$/.test(m.Name)]).sort(),
    [
      ["volume", "/data", true, "local", true],
      ["volume", "/extra", true, "local", true],
    ],
  );
  await ok(d, ["rm", "-v", "anon"]);
  assert.equal(await ok(d, ["volume", "ls", "-q"]), "keep\n");

  // --mount type=tmpfs is a tmpfs of the size asked for.
  const df = await ok(d, [
    "run",
    "--rm",
    "--mount",
    "type=tmpfs,dst=/t,tmpfs-size=1m",
    "busybox",
    "sh",
    "-c",
    "grep ' /t ' /proc/mounts",
  ]);
  assert.match(df, /^tmpfs \/t tmpfs .*size=1024k/);

  // --mount type=volume,readonly: the volume is there, read-only.
  const ro = await docker(d, [
    "run",
    "--rm",
    "--mount",
    "src=keep,dst=/k,readonly",
    "busybox",
    "touch",
    "/k/x",
  ]);
  assert.notEqual(ro.code, 0);
  assert.match(ro.stderr, /Read-only file system/);

  const rot = await docker(d, [
    "run",
    "--rm",
    "--mount",
    "type=tmpfs,dst=/t,readonly",
    "busybox",
    "touch",
    "/t/x",
  ]);
  assert.notEqual(rot.code, 0);
  assert.match(rot.stderr, /Read-only file system/);

  // volume-label and volume-opt make the volume on first use: a tmpfs here.
  const opt = await ok(d, [
    "run",
    "--rm",
    "--mount",
    "src=optvol,dst=/o,volume-label=tier=db,volume-opt=type=tmpfs,volume-opt=device=tmpfs",
    "busybox",
    "sh",
    "-c",
    "grep ' /o ' /proc/mounts",
  ]);
  assert.match(opt, /^tmpfs \/o tmpfs /);
  assert.equal(
    await ok(d, ["volume", "inspect", "-f", "{{.Labels.tier}} {{.Options.type}}", "optvol"]),
    "db tmpfs\n",
  );

  assert.deepEqual(await mountsUnder(d.dataRoot), []);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
});

test("bad mount specs are refused with Docker's errors and leave no container", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const cases: [string[], RegExp][] = [
    [
      ["--mount", "type=bind,src=/nonexistent-berth,dst=/x"],
      /bind source path does not exist: \/nonexistent-berth/,
    ],
    [["-v", "a:b:c:d"], /invalid volume specification: 'a:b:c:d'/],
    [["-v", "/tmp:rel"], /invalid mount path: 'rel' mount path must be absolute/],
    [["-v", "/tmp:/x:bogus"], /invalid mode: bogus/],
    [["--mount", "type=volume,src=v,dst=/x,volume-driver=nfsplug"], /plugin "nfsplug" not found/],
  ];
  for (const [flags, message] of cases) {
    const r = await docker(d, ["run", "--name", "bad", ...flags, "busybox", "true"]);
    assert.equal(r.code, 125, `${flags.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, flags.join(" "));
  }
  // The docker CLI makes `./rel` absolute; through the API a relative host path is a bad name.
  const rel = await d.client.request("POST", "/containers/create", {
    body: { Image: "busybox", HostConfig: { Binds: ["rel/dir:/x"] } },
  });
  assert.equal(rel.status, 400);
  assert.match(await text(rel.body), /includes invalid characters for a local volume name/);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
  assert.equal((await docker(d, ["volume", "ls", "-q"])).stdout, "");
});

test("a new volume gets the image's content (owners, modes, links) unless nocopy; an existing volume keeps its own", async (t) => {
  const d = await startDaemon(t);
  const layer = await makeTar([
    ...busyboxEntries(),
    { name: "data/", type: "directory", mode: 0o750, uid: 123, gid: 456 },
    { name: "data/f", content: "image content\n", mode: 0o640, uid: 7, gid: 8 },
    { name: "data/hard", type: "link", linkname: "data/f" },
    { name: "data/sym", type: "symlink", linkname: "f" },
  ]);
  await d.client.jsonStream(
    "POST",
    "/images/create",
    {
      query: { fromSrc: "-", repo: "seeded", tag: "latest", changes: ['CMD ["sh"]', "VOLUME /data"] },
      stream: Readable.from([layer]),
    },
    () => {},
  );
  const show = "stat -c '%n %u:%g %a %h' /data /data/f; readlink /data/sym; cat /data/sym";
  const expected = "/data 123:456 750 2\n/data/f 7:8 640 2\nf\nimage content\n";
  // The image VOLUME's anonymous volume, and a named volume made by this run.
  assert.equal(await ok(d, ["run", "--rm", "seeded", "sh", "-c", show]), expected);
  assert.equal(await ok(d, ["run", "--rm", "-v", "seeded-vol:/data", "seeded", "sh", "-c", show]), expected);
  // nocopy: the new volume stays empty.
  assert.equal(
    await ok(d, ["run", "--rm", "-v", "empty-vol:/data:nocopy", "seeded", "ls", "-A", "/data"]),
    "",
  );
  // A volume that already exists keeps its own content.
  await ok(d, [
    "run",
    "--rm",
    "-v",
    "seeded-vol:/data",
    "seeded",
    "sh",
    "-c",
    "rm /data/f && echo mine > /data/m",
  ]);
  assert.equal(
    await ok(d, ["run", "--rm", "-v", "seeded-vol:/data", "seeded", "ls", "/data"]),
    "hard\nm\nsym\n",
  );

  // Two layers (a commit on top): the copy sees them merged.
  await ok(d, ["run", "--name", "grow", "seeded", "sh", "-c", "mkdir -p /srv/x && echo top > /srv/x/top"]);
  await ok(d, ["commit", "--change", "VOLUME /srv", "grow", "grown"]);
  assert.equal(await ok(d, ["run", "--rm", "grown", "cat", "/srv/x/top"]), "top\n");
  await ok(d, ["rm", "-v", "grow"]);
  assert.deepEqual(await mountsUnder(d.dataRoot), []);
});

test("after berthd is killed and restarted, a running container keeps its volume, which stays in use", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const host = await mkdtemp(path.join(tmpdir(), "berth-keep-"));
  t.after(() => rm(host, { recursive: true, force: true }));
  await ok(d, [
    "run",
    "-d",
    "--name",
    "keeper",
    "-v",
    "live:/d",
    "-v",
    `${host}:/b`,
    "busybox",
    "sleep",
    "1000",
  ]);
  await ok(d, ["exec", "keeper", "sh", "-c", "echo before > /d/f && echo bound > /b/f"]);
  await d.stop("SIGKILL");
  await d.restart();
  assert.equal(await ok(d, ["exec", "keeper", "cat", "/d/f", "/b/f"]), "before\nbound\n");
  assert.equal(await readFile(path.join(host, "f"), "utf8"), "bound\n");
  const busy = await docker(d, ["volume", "rm", "live"]);
  assert.equal(busy.code, 1);
  assert.match(busy.stderr, /volume is in use/);
  await ok(d, ["rm", "-f", "keeper"]);
  assert.equal(await ok(d, ["volume", "rm", "live"]), "live\n");
  assert.deepEqual(await mountsUnder(d.dataRoot), []);
  // The bind's staging mount, made by the berthd that was killed, is gone with the container.
  assert.deepEqual(await mountsUnder(d.execRoot), []);
});

test("--volumes-from shares a data-volume container's volumes, ro or rw; rm -v of a user leaves them", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  // Never started, as Docker's data-volume containers usually are.
  await ok(d, ["create", "-v", "/dbdata", "--name", "dbstore", "busybox"]);
  await ok(d, [
    "run",
    "--name",
    "writer",
    "--volumes-from",
    "dbstore",
    "busybox",
    "sh",
    "-c",
    "echo x > /dbdata/f",
  ]);
  assert.equal(
    await ok(d, ["run", "--rm", "--volumes-from", "dbstore:ro", "busybox", "cat", "/dbdata/f"]),
    "x\n",
  );
  const ro = await docker(d, [
    "run",
    "--rm",
    "--volumes-from",
    "dbstore:ro",
    "busybox",
    "touch",
    "/dbdata/g",
  ]);
  assert.notEqual(ro.code, 0);
  assert.match(ro.stderr, /Read-only file system/);
  const [vol] = (await ok(d, ["volume", "ls", "-q"])).trim().split("\n");
  assert.match(vol ?? "", /^[0-9a-f]{64}$/);
  const storeMounts = await ok(d, [
    "inspect",
    "-f",
    "{{range .Mounts}}{{.Name}} {{.Destination}}{{end}}",
    "dbstore",
  ]);
  assert.equal(storeMounts.trim(), `${vol} /dbdata`);
  await ok(d, ["rm", "-v", "writer"]);
  assert.equal((await ok(d, ["volume", "ls", "-q"])).trim(), vol);
  await ok(d, ["rm", "-v", "dbstore"]);
  assert.equal(await ok(d, ["volume", "ls", "-q"]), "");

  const missing = await docker(d, ["run", "--rm", "--volumes-from", "nosuch", "busybox", "true"]);
  assert.equal(missing.code, 125);
  assert.match(missing.stderr, /No such container: nosuch/);
  const badMode = await docker(d, ["run", "--rm", "--volumes-from", "x:rx", "busybox", "true"]);
  assert.equal(badMode.code, 125);
  assert.match(badMode.stderr, /invalid mode for volumes-from: rx/);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
  assert.deepEqual(await mountsUnder(d.dataRoot), []);
});

test("an rshared bind shows the container a mount made on the host after it started", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const host = await mkdtemp(path.join(tmpdir(), "berth-prop-"));
  const sub = path.join(host, "sub");
  await mkdir(sub);
  // The source must sit on a shared mount for rshared to mean anything, as with Docker.
  assert.equal((await run("mount", ["--bind", host, host])).code, 0);
  t.after(async () => {
    await run("umount", ["-l", sub]);
    await run("umount", ["-l", host]);
    await rm(host, { recursive: true, force: true });
  });
  assert.equal((await run("mount", ["--make-shared", host])).code, 0);
  try {
    await ok(d, ["run", "-d", "--name", "prop", "-v", `${host}:/x:rshared`, "busybox", "sleep", "1000"]);
    assert.equal((await run("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", sub])).code, 0);
    await waitFor(
      "the host's mount inside the container",
      async () => (await docker(d, ["exec", "prop", "grep", " /x/sub ", "/proc/mounts"])).code === 0,
    );
    const propagated = await ok(d, ["inspect", "-f", "{{range .Mounts}}{{.Propagation}}{{end}}", "prop"]);
    assert.equal(propagated.trim(), "rshared");
  } finally {
    await docker(d, ["rm", "-f", "prop"]);
  }
});
