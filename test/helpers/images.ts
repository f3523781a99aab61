import { createHash } from "node:crypto";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { zstdCompressSync } from "node:zlib";
import tar from "tar-stream";

export function sha256(b: Buffer | string): string {
  return `sha256:${createHash("sha256").update(b).digest("hex")}`;
}

export interface TarEntry {
  name: string;
  type?: "file" | "directory" | "symlink" | "link" | "fifo" | "character-device" | "block-device";
  content?: Buffer | string;
  mode?: number;
  uid?: number;
  gid?: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  mtime?: Date;
  pax?: Record<string, string>;
}

/** A tar built in memory with tar-stream: test layers with exactly the entries a case needs. */
export async function makeTar(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c) => {
    chunks.push(c as Buffer);
  });
  const ended = new Promise<void>((r) => pack.on("end", () => r()));
  for (const e of entries) {
    const type = e.type ?? "file";
    const content = e.content === undefined ? undefined : Buffer.from(e.content);
    const header = {
      name: e.name,
      type,
      mode: e.mode ?? (type === "directory" ? 0o755 : 0o644),
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      mtime: e.mtime ?? new Date("2024-01-01T00:00:00Z"),
      linkname: e.linkname,
      devmajor: e.devmajor,
      devminor: e.devminor,
      pax: e.pax,
      size: content?.length ?? 0,
    };
    if (content) pack.entry(header, content);
    else pack.entry(header, Buffer.alloc(0));
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** The entries of a busybox rootfs made from Debian's busybox-static: /bin/busybox and its applet links. */
export function busyboxEntries(): TarEntry[] {
  const bin = readFileSync("/bin/busybox");
  const entries: TarEntry[] = [
    { name: "bin/", type: "directory" },
    { name: "etc/", type: "directory" },
    { name: "tmp/", type: "directory", mode: 0o1777 },
    { name: "root/", type: "directory", mode: 0o700 },
    { name: "bin/busybox", content: bin, mode: 0o755 },
    {
      name: "etc/passwd",
      content: "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
    },
    { name: "etc/group", content: "root:x:0:\nnogroup:x:65534:\n" },
  ];
  for (const applet of [
    "sh",
    "ls",
    "cat",
    "echo",
    "sleep",
    "true",
    "false",
    "id",
    "hostname",
    "ps",
    "env",
    "stat",
    "mkdir",
    "rm",
    "touch",
    "grep",
    "wc",
    "head",
    "top",
    "stty",
    "kill",
    "mount",
    "test",
    "yes",
    "dd",
    "ln",
    "readlink",
    "cp",
    "mv",
    "chmod",
    "pwd",
    "seq",
    "tr",
    "tail",
    "find",
    "du",
    "sh",
  ]) {
    if (!entries.some((e) => e.name === `bin/${applet}`))
      entries.push({ name: `bin/${applet}`, type: "symlink", linkname: "busybox" });
  }
  return entries;
}

export interface OciImage {
  layout: string;
  manifestDigest: string;
  configDigest: string;
  diffIds: string[];
}

/** Writes an OCI image layout (`oci:` for skopeo) holding one image built from the given layer tars. */
export async function writeOciLayout(
  dir: string,
  layers: Buffer[],
  opts: { refName?: string; cmd?: string[]; created?: string; zstd?: boolean } = {},
): Promise<OciImage> {
  await mkdir(path.join(dir, "blobs", "sha256"), { recursive: true });
  const put = async (b: Buffer) => {
    const d = sha256(b);
    await writeFile(path.join(dir, "blobs", "sha256", d.slice(7)), b);
    return d;
  };
  const layerDescs = [];
  for (const l of layers) {
    const blob = opts.zstd ? zstdCompressSync(l) : l;
    layerDescs.push({
      mediaType: `application/vnd.oci.image.layer.v1.tar${opts.zstd ? "+zstd" : ""}`,
      digest: await put(blob),
      size: blob.length,
    });
  }
  const created = opts.created ?? "2024-01-01T00:00:00Z";
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      created,
      config: {
        Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        Cmd: opts.cmd ?? ["sh"],
      },
      rootfs: { type: "layers", diff_ids: layers.map((l) => sha256(l)) },
      history: layers.map(() => ({ created, created_by: "berth test layer" })),
    }),
  );
  const configDigest = await put(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: configDigest,
        size: config.length,
      },
      layers: layerDescs,
    }),
  );
  const manifestDigest = await put(manifest);
  await writeLayoutIndex(
    dir,
    {
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: manifestDigest,
      size: manifest.length,
    },
    opts.refName ?? "latest",
  );
  return { layout: dir, manifestDigest, configDigest, diffIds: layers.map((l) => sha256(l)) };
}

/** Writes a layout's `oci-layout` and an `index.json` naming one manifest or index `refName`. */
export async function writeLayoutIndex(
  dir: string,
  top: { mediaType: string; digest: string; size: number },
  refName: string,
): Promise<void> {
  await writeFile(path.join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  await writeFile(
    path.join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...top, annotations: { "org.opencontainers.image.ref.name": refName } }],
    }),
  );
}

/** Lists a directory tree as `path mode` lines (for on-disk comparisons in tests). */
export function listTree(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, rel)).sort()) {
    const p = path.join(rel, name);
    out.push(p);
    try {
      readlinkSync(path.join(root, p));
    } catch {
      try {
        out.push(...listTree(root, p));
      } catch {
        // not a directory
      }
    }
  }
  return out;
}

/** Imports a busybox image (CMD ["sh"]) into a test daemon as `name`; returns its ID. */
export async function importBusybox(
  client: {
    jsonStream: (m: string, p: string, o: object, cb: (msg: { status?: string }) => void) => Promise<void>;
  },
  name = "busybox:latest",
): Promise<string> {
  const { Readable } = await import("node:stream");
  const tarball = await makeTar(busyboxEntries());
  const [repo, tag] = name.split(":");
  let id = "";
  await client.jsonStream(
    "POST",
    "/images/create",
    { query: { fromSrc: "-", repo, tag, changes: ['CMD ["sh"]'] }, stream: Readable.from([tarball]) },
    (m) => {
      if (m.status) id = m.status;
    },
  );
  return id;
}
