import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { test } from "node:test";
import { startDaemon, waitFor } from "../helpers/daemon.ts";
import { makeTar } from "../helpers/images.ts";
import { archive, ociLayout } from "./oci-layout-memory.ts";

// Issue 9, item 4: a load stops when its client goes away, and leaves nothing behind (it
// used to go on storing, or looping, for a client that was long gone).

function list(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

test("a load whose client disconnects while it stores is stopped and stores nothing", async (t) => {
  const d = await startDaemon(t);
  // A large incompressible layer, so that storing and unpacking it takes a while.
  const noise = createCipheriv("aes-128-ctr", Buffer.alloc(16, 1), Buffer.alloc(16)).update(
    Buffer.alloc(64 * 1024 * 1024),
  );
  const layout = ociLayout(await makeTar([{ name: "big", content: noise }]));
  const body = await archive(layout.files);

  const req = http.request({ socketPath: d.socket, path: "/images/load", method: "POST" });
  req.on("error", () => {});
  req.end(body);
  const ingest = path.join(d.dataRoot, "content/ingest");
  const layers = path.join(d.dataRoot, "layers");
  // Once the archive is spooled and the layer is being stored or unpacked, the client leaves.
  await waitFor(
    "the load to store its layer",
    () => list(ingest).length > 0 || list(layers).some((n) => n.startsWith(".tmp-")),
    60_000,
  );
  req.destroy();

  await waitFor("the load to clean up", () => list(path.join(d.dataRoot, "tmp")).length === 0, 60_000);
  assert.deepEqual(await d.client.json("GET", "/images/json", { query: { all: "1" } }), []);
  assert.deepEqual(list(ingest), []);
  assert.deepEqual(list(layers), []);
  assert.deepEqual(list(path.join(d.dataRoot, "content/blobs/sha256")), []);
});
