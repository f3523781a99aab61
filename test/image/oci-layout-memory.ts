import { gzipSync } from "node:zlib";
import { makeTar, sha256 } from "../helpers/images.ts";

// An OCI image layout built in memory, whose layer can be damaged before the descriptors
// are computed (so that only the DiffID check can catch it): for load and pull tests.

export const indexType = "application/vnd.oci.image.index.v1+json";
export const manifestType = "application/vnd.oci.image.manifest.v1+json";

export type Files = [string, Buffer][];

export interface Layout {
  files: Files;
  configDigest: string;
  diffId: string;
}

/** An OCI image layout in memory: one layer (gzip or not), its config, manifest and index.json. */
export function ociLayout(
  layerTar: Buffer,
  opts: { gzip?: boolean; mutate?: (gz: Buffer) => void } = {},
): Layout {
  const blobs: Files = [];
  const put = (b: Buffer) => {
    const d = sha256(b);
    blobs.push([`blobs/sha256/${d.slice(7)}`, b]);
    return { digest: d, size: b.length };
  };
  const diffId = sha256(layerTar);
  const blob = opts.gzip ? gzipSync(layerTar) : layerTar;
  opts.mutate?.(blob);
  const layer = put(blob);
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      created: "2024-01-01T00:00:00Z",
      config: { Cmd: ["sh"] },
      rootfs: { type: "layers", diff_ids: [diffId] },
    }),
  );
  const cfg = put(config);
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: manifestType,
        config: { mediaType: "application/vnd.oci.image.config.v1+json", ...cfg },
        layers: [
          {
            mediaType: `application/vnd.oci.image.layer.v1.tar${opts.gzip ? "+gzip" : ""}`,
            ...layer,
          },
        ],
      }),
    ),
  );
  const index = {
    schemaVersion: 2,
    manifests: [
      { mediaType: manifestType, ...manifest, annotations: { "io.containerd.image.name": "good:latest" } },
    ],
  };
  return {
    files: [
      ["oci-layout", Buffer.from('{"imageLayoutVersion":"1.0.0"}')],
      ["index.json", Buffer.from(JSON.stringify(index))],
      ...blobs,
    ],
    configDigest: cfg.digest,
    diffId,
  };
}

export function archive(files: Files): Promise<Buffer> {
  return makeTar(files.map(([name, content]) => ({ name, content })));
}
