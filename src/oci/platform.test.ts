import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizePlatform, selectManifest } from "./platform.ts";

const d = (os: string, architecture: string, variant?: string) => ({
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  digest: `sha256:${`${os}${architecture}${variant ?? ""}`.padEnd(64, "0").slice(0, 64)}`,
  size: 1,
  platform: { os, architecture, ...(variant ? { variant } : {}) },
});

test("platforms normalise as containerd's", () => {
  assert.deepEqual(normalizePlatform({ os: "Linux", architecture: "aarch64" }), {
    os: "linux",
    architecture: "arm64",
    variant: "v8",
  });
  assert.deepEqual(normalizePlatform({ os: "linux", architecture: "x86_64" }), {
    os: "linux",
    architecture: "amd64",
  });
});

test("selectManifest skips attestations and matches variants", () => {
  const list = [
    d("unknown", "unknown"),
    d("linux", "arm", "v6"),
    d("linux", "arm64", "v8"),
    d("linux", "amd64"),
  ];
  assert.equal(selectManifest(list, { os: "linux", architecture: "amd64" }), list[3]);
  assert.equal(selectManifest(list, { os: "linux", architecture: "aarch64" }), list[2]);
  assert.equal(selectManifest(list, { os: "linux", architecture: "arm", variant: "v7" }), list[1]);
  assert.equal(selectManifest([d("unknown", "unknown")], { os: "linux", architecture: "amd64" }), undefined);
});
