// What the image read views (list, inspect, history, prune, system df) use of the image
// service, as one narrow interface: the views are pure over it and their unit tests fake it.

import { chainIds } from "../oci/digest.ts";
import type { ImageConfig } from "../oci/oci-types.ts";
import type { DeleteResponseItem, ImageService } from "./image-service.ts";
import type { ImageRecord } from "./image-store.ts";

export interface ImageCatalog {
  list(): ImageRecord[];
  /** The record of an image ID, if it is (still) here. */
  record(id: string): ImageRecord | undefined;
  /** The image a name, `name:tag`, digest or ID (prefix) names; throws NotFound. */
  resolve(nameOrId: string): ImageRecord;
  config(rec: ImageRecord): Promise<ImageConfig>;
  /** Bytes of file content of all the image's layers. */
  size(rec: ImageRecord): Promise<number>;
  /** Every reference of the image, canonical, tags and digests. */
  refs(id: string): string[];
  repoTags(id: string): string[];
  repoDigests(id: string): string[];
  children(id: string): ImageRecord[];
  /** The image's layer dirs, lowest first. */
  layerDirs(rec: ImageRecord): string[];
  /** Bytes of one unpacked layer, by chain ID; 0 when it is not here. */
  layerSize(chainId: string): Promise<number>;
  /** Every unpacked layer and its size. */
  layers(): Promise<{ chainId: string; size: number }[]>;
  containersUsing(imageId: string): { id: string; running: boolean }[];
  /** Used by a container or held by a build in progress (ImageService.inUse). */
  inUse(imageId: string): boolean;
  remove(id: string, opts: { force: boolean }): Promise<DeleteResponseItem[]>;
  /** Drops the downloads of pulls that failed; returns the bytes freed. */
  prunePartials(): Promise<number>;
}

/** The image service seen through the catalog. */
export function imageCatalog(images: ImageService): ImageCatalog {
  return {
    list: () => images.store.list(),
    record: (id) => images.store.get(id),
    resolve: (name) => images.resolve(name),
    config: (rec) => images.config(rec),
    size: (rec) => images.size(rec),
    refs: (id) => images.store.refsOf(id),
    repoTags: (id) => images.repoTags(id),
    repoDigests: (id) => images.repoDigests(id),
    children: (id) => images.children(id),
    layerDirs: (rec) => images.layerDirs(rec),
    layerSize: async (chainId) => (await images.layers.get(chainId))?.size ?? 0,
    layers: () => images.layers.list(),
    containersUsing: (id) => images.users.containersUsing(id),
    inUse: (id) => images.inUse(id),
    remove: (id, opts) => images.remove(id, opts),
    prunePartials: () => images.content.prunePartials(),
  };
}

/** The chain IDs of an image's layers, lowest first. */
export function chainsOf(rec: ImageRecord): string[] {
  return chainIds(rec.layers.map((l) => l.diffId));
}

/** Unix seconds of an RFC 3339 time; 0 when there is none, as Docker's zero time. */
export function unixSeconds(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}
