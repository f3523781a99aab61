import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { layerDiffId, verifyLayerDiffId } from "./diff-id.ts";

const tarLike = Buffer.alloc(4096, 7);
const digest = `sha256:${createHash("sha256").update(tarLike).digest("hex")}`;

test("layerDiffId hashes the uncompressed content of plain and gzip blobs", async () => {
  assert.equal(await layerDiffId(Readable.from([tarLike])), digest);
  assert.equal(await layerDiffId(Readable.from([gzipSync(tarLike)])), digest);
});

test("a flipped byte of the gzip is refused: corrupt data or a DiffID mismatch", async () => {
  const gz = gzipSync(tarLike);
  gz[gz.length - 12] ^= 0xff;
  await assert.rejects(verifyLayerDiffId(Readable.from([gz]), digest), /Cannot (read|unpack) layer/);
  await assert.rejects(
    verifyLayerDiffId(Readable.from([Buffer.from("other")]), digest),
    /does not match the DiffID/,
  );
});

test("an aborted check stops with the abort's reason", async () => {
  const ac = new AbortController();
  ac.abort(new Error("client gone"));
  await assert.rejects(layerDiffId(Readable.from([tarLike]), ac.signal), /client gone/);
});
