import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { gzipBlocks } from "./gzip-blocks.ts";

async function gzip(data: Buffer, chunk = 65536): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunk) parts.push(data.subarray(i, i + chunk));
  const out: Buffer[] = [];
  for await (const b of gzipBlocks(parts)) out.push(b);
  return Buffer.concat(out);
}

const digest = (b: Buffer) => createHash("sha256").update(b).digest("hex");

test("block gzip round-trips through zlib and gzip(1), whatever the chunking", async () => {
  const text = Buffer.from("berth layer content\n".repeat(200_000)); // 4 MB, not a block multiple
  for (const data of [Buffer.alloc(0), Buffer.from("x"), text, randomBytes(3 * 1024 * 1024 + 5)]) {
    const gz = await gzip(data);
    assert.ok(gunzipSync(gz).equals(data));
    const t = spawnSync("gzip", ["-t"], { input: gz });
    assert.equal(t.status, 0, t.stderr.toString());
    assert.equal(digest(await gzip(data, 777)), digest(gz), "the chunking changes nothing");
  }
});

test("compressible blocks shrink and incompressible ones are stored", async () => {
  const text = Buffer.from("berth layer content\n".repeat(200_000));
  assert.ok((await gzip(text)).length < text.length / 20);
  const random = randomBytes(4 * 1024 * 1024);
  const gz = await gzip(random);
  // Stored deflate blocks cost 5 bytes per 64 KiB, plus the flush markers per 1 MiB block.
  assert.ok(gz.length > random.length && gz.length < random.length * 1.001, String(gz.length));
});
