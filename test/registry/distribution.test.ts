// `GET /distribution/{name}/json` (dockerode's image.distribution()) against a local
// docker-registry: the manifest's descriptor and platforms, read from the registry.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import Docker from "dockerode";
import { docker, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { startRegistry } from "../helpers/registry.ts";

interface DistributionInspect {
  Descriptor: { mediaType: string; digest: string; size: number };
  Platforms: { architecture: string; os: string; variant?: string }[] | null;
}

test("distribution inspect: a pushed image's manifest and platform, an index's platforms", async (t) => {
  const reg = await startRegistry(t);
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const name = `${reg.host}/bb:1`;
  assert.equal((await docker(d, ["tag", "busybox", name])).code, 0);
  const push = await docker(d, ["push", "-q", name]);
  assert.equal(push.code, 0, push.stderr);
  const api = new Docker({ socketPath: d.socket });
  const got = (await api.getImage(name).distribution()) as DistributionInspect;
  const manifest = await fetch(`http://${reg.host}/v2/bb/manifests/1`, {
    headers: { Accept: got.Descriptor.mediaType },
  });
  const body = Buffer.from(await manifest.arrayBuffer());
  assert.deepEqual(got, {
    Descriptor: {
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      digest: `sha256:${createHash("sha256").update(body).digest("hex")}`,
      size: body.length,
    },
    Platforms: [{ architecture: "amd64", os: "linux" }],
  });
  // By digest, the same answer.
  const byDigest = (await api.getImage(`${reg.host}/bb@${got.Descriptor.digest}`).distribution()) as object;
  assert.deepEqual(byDigest, got);

  // An index (put straight into the registry) lists its entries' platforms.
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [
      { ...got.Descriptor, platform: { architecture: "amd64", os: "linux" } },
      { ...got.Descriptor, platform: { architecture: "arm64", os: "linux", variant: "v8" } },
    ],
  });
  const put = await fetch(`http://${reg.host}/v2/bb/manifests/multi`, {
    method: "PUT",
    headers: { "Content-Type": "application/vnd.oci.image.index.v1+json" },
    body: index,
  });
  assert.equal(put.status, 201, await put.text());
  const multi = (await api.getImage(`${reg.host}/bb:multi`).distribution()) as DistributionInspect;
  assert.deepEqual(multi, {
    Descriptor: {
      mediaType: "application/vnd.oci.image.index.v1+json",
      digest: `sha256:${createHash("sha256").update(index).digest("hex")}`,
      size: Buffer.byteLength(index),
    },
    Platforms: [
      { architecture: "amd64", os: "linux" },
      { architecture: "arm64", os: "linux", variant: "v8" },
    ],
  });

  const missing = await d.client.request("GET", `/distribution/${reg.host}/bb:nope/json`);
  missing.body.resume();
  assert.equal(missing.status, 404);
  const bad = await d.client.request("GET", "/distribution/Bad_Name/json");
  bad.body.resume();
  assert.equal(bad.status, 400);
});
