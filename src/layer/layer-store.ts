import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { errno, NotFoundError } from "../errdefs/errors.ts";
import { chainIdOf, digestHex } from "../oci/digest.ts";
import { writeJsonAtomic } from "../util/atomic-file.ts";

export interface LayerInfo {
  chainId: string;
  diffId: string;
  parent?: string;
  /** Bytes of file content in this layer's diff (what Docker counts as the layer's size). */
  size: number;
}

/**
 * Unpacked layers, one directory per chain ID (`layers/<hex>/diff`), shared by every
 * image and container stacked on them. A layer is unpacked into a temp directory and
 * renamed into place only when complete, so an interrupted unpack leaves no half layer.
 * Which layers are in use is derived from the image records (no stored counter to drift).
 */
export class LayerStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.root)) {
      if (name.startsWith(".tmp-")) await rm(path.join(this.root, name), { recursive: true, force: true });
      // A layer is renamed into place with its layer.json, so one without it was not made
      // here (or was damaged since): never serve it as complete.
      else if (/^[a-f0-9]{64}$/.test(name) && !(await this.get(`sha256:${name}`))) {
        await rm(path.join(this.root, name), { recursive: true, force: true });
      }
    }
  }

  layerDir(chainId: string): string {
    return path.join(this.root, digestHex(chainId));
  }

  diffDir(chainId: string): string {
    return path.join(this.layerDir(chainId), "diff");
  }

  async get(chainId: string): Promise<LayerInfo | undefined> {
    try {
      return JSON.parse(await readFile(path.join(this.layerDir(chainId), "layer.json"), "utf8")) as LayerInfo;
    } catch (err) {
      if (errno(err) === "ENOENT") return undefined;
      throw err;
    }
  }

  async mustGet(chainId: string): Promise<LayerInfo> {
    const info = await this.get(chainId);
    if (!info) throw new NotFoundError(`layer ${chainId} does not exist`);
    return info;
  }

  /**
   * Creates the layer on top of `parent` by letting `fill` write its diff directory, and
   * names it by the chain ID of the DiffID `fill` returns. When the DiffID is known
   * beforehand (`expectedDiffId`) and the layer exists, `fill` is not called.
   */
  async create(
    parent: string | undefined,
    fill: (diffDir: string) => Promise<{ diffId: string; size: number }>,
    expectedDiffId?: string,
  ): Promise<LayerInfo> {
    if (expectedDiffId) {
      const existing = await this.get(chainIdOf(parent, expectedDiffId));
      if (existing) return existing;
    }
    const tmp = path.join(this.root, `.tmp-${randomBytes(8).toString("hex")}`);
    const diff = path.join(tmp, "diff");
    await mkdir(diff, { recursive: true, mode: 0o755 });
    try {
      const { diffId, size } = await fill(diff);
      const chainId = chainIdOf(parent, diffId);
      const info: LayerInfo = { chainId, diffId, ...(parent ? { parent } : {}), size };
      await writeJsonAtomic(path.join(tmp, "layer.json"), info);
      try {
        await rename(tmp, this.layerDir(chainId));
      } catch (err) {
        // Another writer finished the same layer first: theirs is as good as ours.
        if (errno(err) !== "ENOTEMPTY" && errno(err) !== "EEXIST") throw err;
        await rm(tmp, { recursive: true, force: true });
      }
      return info;
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  async remove(chainId: string): Promise<void> {
    // Rename first so a crash mid-delete leaves a `.tmp-` dir that init() sweeps, never a
    // half-deleted layer under a valid name.
    const tmp = path.join(this.root, `.tmp-rm-${randomBytes(8).toString("hex")}`);
    try {
      await rename(this.layerDir(chainId), tmp);
    } catch (err) {
      if (errno(err) === "ENOENT") return;
      throw err;
    }
    await rm(tmp, { recursive: true, force: true });
  }

  async list(): Promise<LayerInfo[]> {
    const out: LayerInfo[] = [];
    for (const name of await readdir(this.root)) {
      if (!/^[a-f0-9]{64}$/.test(name)) continue;
      const info = await this.get(`sha256:${name}`);
      if (info) out.push(info);
    }
    return out;
  }
}
