import assert from "node:assert/strict";
import { test } from "node:test";
import { validateDockerArchiveManifest, validateOciIndex, validateOciManifest } from "./oci-schema.ts";

const desc = {
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  digest: `sha256:${"a".repeat(64)}`,
  size: 10,
};

test("well-formed OCI documents pass", () => {
  const idx = {
    schemaVersion: 2,
    manifests: [{ ...desc, annotations: { "org.opencontainers.image.ref.name": "x" } }],
  };
  assert.equal(validateOciIndex(idx), idx);
  validateOciManifest({ schemaVersion: 2, config: desc, layers: [desc], annotations: null });
  validateDockerArchiveManifest([{ Config: "c.json", RepoTags: null, Layers: ["l/layer.tar"] }]);
});

test("broken OCI documents are 400s that say what is wrong", () => {
  const cases: [() => unknown, string][] = [
    [() => validateOciIndex({ schemaVersion: 2 }), "invalid OCI layout: index.json has no manifests array"],
    [
      () => validateOciIndex({ manifests: {} }),
      "invalid OCI layout: index.json manifests is an object, not an array",
    ],
    [() => validateOciIndex([]), "invalid OCI layout: index.json is an array, not an object"],
    [
      () => validateOciIndex({ manifests: [{ ...desc, digest: 5 }] }),
      "invalid OCI layout: index.json manifests[0].digest is an integer, not a string",
    ],
    [
      () => validateOciIndex({ manifests: [{ ...desc, digest: "../../etc/passwd" }] }),
      'invalid OCI layout: index.json manifests[0].digest "../../etc/passwd" is not a digest',
    ],
    [
      () => validateOciIndex({ manifests: [{ mediaType: "x", size: 1 }] }, "blob sha256:ab"),
      "invalid OCI layout: blob sha256:ab has no manifests[0].digest",
    ],
    [
      () => validateOciManifest({ config: desc }),
      "invalid OCI layout: the image manifest has no layers array",
    ],
    [
      () => validateDockerArchiveManifest({}),
      "invalid image archive: manifest.json is an object, not an array",
    ],
    [
      () => validateDockerArchiveManifest([{ Config: "c" }]),
      "invalid image archive: manifest.json has no [0].Layers",
    ],
  ];
  for (const [fn, message] of cases) assert.throws(fn, { name: "InvalidParameterError", message });
});
