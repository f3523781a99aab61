import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { ApiError } from "../../src/client/client.ts";
import { run, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, importBusybox, makeTar } from "../helpers/images.ts";
import { archive, ociLayout } from "./oci-layout-memory.ts";

// Issue 9, item 14: with a full data root, a refused image change must change nothing, in
// memory as on disk (an rmi used to answer ENOSPC and drop the tag until a restart).

async function tags(d: TestDaemon): Promise<string[]> {
  const list = await d.client.json<{ Id: string; RepoTags: string[] }[]>("GET", "/images/json", {
    query: { all: "1" },
  });
  return list.flatMap((i) => i.RepoTags.map((t) => `${t} ${i.Id.slice(7, 19)}`)).sort();
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
}

/** Fills the filesystem of `dir` up to the last byte. */
async function fill(dir: string): Promise<void> {
  const r = await run("dd", ["if=/dev/zero", `of=${path.join(dir, "fill")}`, "bs=64k"]);
  assert.match(r.stderr, /No space left on device/);
}

test("a full data root refuses rmi, tag, import and load without changing the store in memory", async (t) => {
  const mnt = await mkdtemp(path.join(tmpdir(), "berth-full-"));
  assert.equal((await run("mount", ["-t", "tmpfs", "-o", "size=48m", "tmpfs", mnt])).code, 0);
  let d: TestDaemon | undefined;
  // After-hooks run in registration order: this one stops berthd itself before the unmount.
  t.after(async () => {
    await d?.stop();
    await run("umount", ["-l", mnt]);
    await rm(mnt, { recursive: true, force: true });
  });
  const dataRoot = path.join(mnt, "data");
  d = await startDaemon(t, ["--data-root", dataRoot]);
  const id = await importBusybox(d.client, "busybox:latest");
  await d.client.ok("POST", `/images/${id}/tag`, { query: { repo: "a", tag: "1" } });
  const start = await tags(d);
  assert.equal(start.length, 2);
  const refsOnDisk = await readFile(path.join(dataRoot, "image/references.json"), "utf8");
  const layerTar = await makeTar([...busyboxEntries(), { name: "extra", content: "x" }]);

  await fill(mnt);
  assert.ok((await status(d.client.ok("DELETE", "/images/a:1"))) >= 500, "rmi on a full disk fails");
  assert.deepEqual(await tags(d), start, "rmi changed nothing");
  assert.ok(
    (await status(d.client.ok("POST", "/images/busybox/tag", { query: { repo: "b", tag: "1" } }))) >= 500,
    "tag on a full disk fails",
  );
  assert.deepEqual(await tags(d), start, "tag changed nothing");
  await assert.rejects(
    d.client.jsonStream(
      "POST",
      "/images/create",
      { query: { fromSrc: "-", repo: "c", tag: "1" }, stream: Readable.from([layerTar]) },
      () => {},
    ),
  );
  assert.deepEqual(await tags(d), start, "import changed nothing");
  const res = await d.client.call("POST", "/images/load", {
    stream: Readable.from([await archive(ociLayout(layerTar).files)]),
  });
  let loadOut = "";
  for await (const c of res.body) loadOut += c;
  assert.match(loadOut, /Cannot load archive: .*no space left on device/i);
  assert.deepEqual(await tags(d), start, "load changed nothing");
  assert.deepEqual(readdirSync(path.join(dataRoot, "tmp")), []);
  assert.deepEqual(readdirSync(path.join(dataRoot, "content/ingest")), []);
  assert.equal(await readFile(path.join(dataRoot, "image/references.json"), "utf8"), refsOnDisk);

  // With space again, the same rmi works, and a restart shows what the daemon showed.
  await rm(path.join(mnt, "fill"));
  await d.client.ok("DELETE", "/images/a:1");
  const after = await tags(d);
  assert.deepEqual(
    after,
    start.filter((s) => !s.startsWith("a:1 ")),
  );
  await d.stop();
  await d.restart();
  assert.deepEqual(await tags(d), after);
  await writeFile(path.join(mnt, "probe"), "space left");
});
