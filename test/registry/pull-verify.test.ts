import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { berth, run, startDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, makeTar } from "../helpers/images.ts";
import { startRegistry } from "../helpers/registry.ts";
import { archive, ociLayout } from "../image/oci-layout-memory.ts";

// Issue 9, item 5, pull side: a pulled image whose layer is already unpacked locally must
// still bring a blob that holds that layer. A registry copy of busybox with one byte of its
// layer gzip flipped (descriptors recomputed, config unchanged: the same image ID) used to be
// recorded over the good image ("Already exists"), naming a blob the store never had.

test("a pull whose layer exists locally still checks the blob against the DiffID", async (t) => {
  const reg = await startRegistry(t);
  const d = await startDaemon(t);
  const work = await mkdtemp(path.join(tmpdir(), "berth-pullverify-"));
  t.after(() => rm(work, { recursive: true, force: true }));
  const layerTar = await makeTar(busyboxEntries());
  const good = ociLayout(layerTar);
  const corrupt = ociLayout(layerTar, {
    gzip: true,
    mutate: (gz) => {
      gz[Math.floor(gz.length / 2)] ^= 0xff;
    },
  });
  assert.equal(corrupt.configDigest, good.configDigest);
  for (const [name, content] of corrupt.files) {
    await mkdir(path.dirname(path.join(work, name)), { recursive: true });
    await writeFile(path.join(work, name), content);
  }
  const pushed = await run("skopeo", [
    "copy",
    "--quiet",
    "--preserve-digests",
    "--dest-tls-verify=false",
    `oci:${work}`,
    `docker://${reg.host}/bad/busybox:1`,
  ]);
  assert.equal(pushed.code, 0, pushed.stderr);

  const loaded = await d.client.call("POST", "/images/load", {
    stream: Readable.from([await archive(good.files)]),
  });
  for await (const _ of loaded.body) {
    // drained
  }
  const blobsBefore = (await readdir(path.join(d.dataRoot, "content/blobs/sha256"))).sort();

  const pull = await berth(d, ["pull", `${reg.host}/bad/busybox:1`]);
  assert.notEqual(pull.code, 0, pull.stdout);
  assert.match(pull.stderr, /Cannot (read|unpack) layer/);
  assert.doesNotMatch(pull.stderr, /TypeError|Cannot read properties/);

  // The good image is untouched: same blobs, still saved whole, still runs.
  assert.deepEqual((await readdir(path.join(d.dataRoot, "content/blobs/sha256"))).sort(), blobsBefore);
  const images = await berth(d, ["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"]);
  assert.equal(images.stdout, `good:latest ${good.configDigest.slice(7, 19)}\n`);
  const saved = await berth(d, ["save", "-o", path.join(work, "saved.tar"), "good:latest"]);
  assert.equal(saved.code, 0, saved.stderr);
  const ran = await berth(d, ["run", "--rm", "good", "echo", "alive"]);
  assert.equal(ran.stdout, "alive\n", ran.stderr);
});
