import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import type { Descriptor, Index } from "../oci/oci-types.ts";
import { MAX_INDEX_DEPTH, walkIndex } from "./index-walk.ts";

const indexType = "application/vnd.oci.image.index.v1+json";
const manifestType = "application/vnd.oci.image.manifest.v1+json";
const digest = (s: string) => `sha256:${createHash("sha256").update(s).digest("hex")}`;

function desc(mediaType: string, d: string, name?: string): Descriptor {
  return {
    mediaType,
    digest: d,
    size: 1,
    ...(name ? { annotations: { "org.opencontainers.image.ref.name": name } } : {}),
  };
}

/** Index blobs by digest; reads are counted to show the walk stops. */
function blobs(map: Record<string, Index>) {
  let reads = 0;
  return {
    read: async (d: Descriptor) => {
      reads++;
      const idx = map[d.digest];
      if (!idx) throw new Error(`missing ${d.digest}`);
      return Buffer.from(JSON.stringify(idx));
    },
    reads: () => reads,
  };
}

test("manifests are found through nested indexes with their names; duplicates merge", async () => {
  const m1 = digest("m1");
  const inner = digest("inner");
  const b = blobs({ [inner]: { schemaVersion: 2, manifests: [desc(manifestType, m1)] } });
  const root: Index = {
    schemaVersion: 2,
    manifests: [desc(indexType, inner, "a:1"), desc(manifestType, m1, "b:2")],
  };
  const found = await walkIndex(root, b.read);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].names, ["a:1", "b:2"]);
});

test("an index naming itself, or a cycle of two, is refused after one round", async () => {
  const self = digest("self");
  const a = digest("a");
  const c = digest("c");
  const selfRef = blobs({ [self]: { schemaVersion: 2, manifests: [desc(indexType, self)] } });
  await assert.rejects(
    walkIndex({ schemaVersion: 2, manifests: [desc(indexType, self)] }, selfRef.read),
    new RegExp(`index ${self} refers to itself \\(a cycle\\)`),
  );
  assert.equal(selfRef.reads(), 1);
  const cycle = blobs({
    [a]: { schemaVersion: 2, manifests: [desc(indexType, c)] },
    [c]: { schemaVersion: 2, manifests: [desc(indexType, a)] },
  });
  await assert.rejects(
    walkIndex({ schemaVersion: 2, manifests: [desc(indexType, a)] }, cycle.read),
    /a cycle/,
  );
  assert.equal(cycle.reads(), 2);
});

test("a chain of distinct indexes deeper than the limit is refused", async () => {
  const map: Record<string, Index> = {};
  const ds = Array.from({ length: MAX_INDEX_DEPTH + 2 }, (_, i) => digest(`i${i}`));
  ds.forEach((d, i) => {
    map[d] = { schemaVersion: 2, manifests: i + 1 < ds.length ? [desc(indexType, ds[i + 1])] : [] };
  });
  await assert.rejects(
    walkIndex({ schemaVersion: 2, manifests: [desc(indexType, ds[0])] }, blobs(map).read),
    /nested more than 8 deep/,
  );
});

test("a wide tree of repeated (acyclic) index references is bounded", async () => {
  // Each level names the next one 16 times: 16^8 paths without a bound.
  const map: Record<string, Index> = {};
  const ds = Array.from({ length: 8 }, (_, i) => digest(`w${i}`));
  ds.forEach((d, i) => {
    map[d] = {
      schemaVersion: 2,
      manifests:
        i + 1 < ds.length ? Array(16).fill(desc(indexType, ds[i + 1])) : [desc(manifestType, digest("m"))],
    };
  });
  await assert.rejects(
    walkIndex({ schemaVersion: 2, manifests: [desc(indexType, ds[0])] }, blobs(map).read),
    /name more than 4096 manifests/,
  );
});

test("an aborted walk stops", async () => {
  const ac = new AbortController();
  ac.abort(new Error("the client closed the connection"));
  await assert.rejects(
    walkIndex({ schemaVersion: 2, manifests: [desc(manifestType, digest("m"))] }, blobs({}).read, ac.signal),
    /client closed/,
  );
});
