// A container's read-write layer as Docker exposes it: diff, commit, export and sizes.

import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ConflictError } from "../errdefs/errors.ts";
import { applyChanges } from "../image/config-changes.ts";
import type { ImageService } from "../image/image-service.ts";
import { familiarString, parseRepositoryTag, referenceString, tagNameOnly } from "../image/reference.ts";
import { type Change, changes, upperSize } from "../layer/changes.ts";
import { packTree, packUpper } from "../layer/pack.ts";
import { rootfsPaths } from "../layer/rootfs.ts";
import { chainIds } from "../oci/digest.ts";
import type { ImageConfig } from "../oci/oci-types.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { EventBus } from "../util/events.ts";
import { mountDestinations } from "../volume/container-volumes.ts";
import { freezeForCommit } from "./commit-freeze.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerService } from "./container-service.ts";

export interface CommitOptions {
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  /** Freeze the container while its layer is read (default true, as Docker). */
  pause?: boolean;
  changes?: string[];
  /** Container config overrides from the request body. */
  config?: ContainerConfig;
}

/** moby's commit merge: what the new config leaves empty comes from the container's. */
function mergeConfig(user: ContainerConfig, from: ContainerConfig): ContainerConfig {
  const out: ContainerConfig = { ...user };
  if (!out.User) out.User = from.User;
  if (!out.ExposedPorts || Object.keys(out.ExposedPorts).length === 0) out.ExposedPorts = from.ExposedPorts;
  else out.ExposedPorts = { ...(from.ExposedPorts ?? {}), ...out.ExposedPorts };
  if (!out.Env || out.Env.length === 0) out.Env = from.Env;
  else {
    const keys = new Set(out.Env.map((e) => e.split("=")[0]));
    out.Env = [...out.Env, ...(from.Env ?? []).filter((e) => !keys.has(e.split("=")[0]))];
  }
  if (!out.Labels) out.Labels = from.Labels;
  else out.Labels = { ...(from.Labels ?? {}), ...out.Labels };
  if (!out.Entrypoint || out.Entrypoint.length === 0) {
    if (!out.Cmd || out.Cmd.length === 0) {
      out.Cmd = from.Cmd;
      if (from.ArgsEscaped) out.ArgsEscaped = from.ArgsEscaped;
    }
    if (out.Entrypoint === undefined || out.Entrypoint === null) out.Entrypoint = from.Entrypoint;
  }
  if (!out.Healthcheck && from.Healthcheck) out.Healthcheck = from.Healthcheck;
  if (!out.WorkingDir) out.WorkingDir = from.WorkingDir;
  if (!out.Volumes || Object.keys(out.Volumes).length === 0) out.Volumes = from.Volumes;
  else out.Volumes = { ...(from.Volumes ?? {}), ...out.Volumes };
  if (!out.StopSignal) out.StopSignal = from.StopSignal;
  if (!out.OnBuild || out.OnBuild.length === 0) out.OnBuild = from.OnBuild;
  for (const k of Object.keys(out) as (keyof ContainerConfig)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export class ContainerFs {
  private readonly containers: ContainerService;
  private readonly images: ImageService;
  private readonly events: EventBus;

  constructor(containers: ContainerService, images: ImageService, events: EventBus) {
    this.containers = containers;
    this.images = images;
    this.events = events;
  }

  /** The image's layer dirs, top first. */
  private lowerDirs(rec: ContainerRecord): string[] {
    const image = this.images.store.get(rec.Image);
    return image ? this.images.layerDirs(image).reverse() : [];
  }

  private upper(rec: ContainerRecord): string {
    return rootfsPaths(this.containers.store.dir(rec.ID)).upper;
  }

  async changes(ref: string): Promise<Change[]> {
    const rec = this.containers.get(ref);
    return changes(this.upper(rec), this.lowerDirs(rec), mountDestinations(rec));
  }

  /** Docker's SizeRw (the upper dir) and SizeRootFs (the image's layers plus the upper dir). */
  async sizes(rec: ContainerRecord): Promise<{ SizeRw: number; SizeRootFs: number }> {
    const rw = await upperSize(this.upper(rec), mountDestinations(rec));
    const image = this.images.store.get(rec.Image);
    const imageSize = image ? await this.images.size(image) : 0;
    return { SizeRw: rw, SizeRootFs: rw + imageSize };
  }

  async commit(ref: string, opts: CommitOptions): Promise<string> {
    const rec = this.containers.get(ref);
    // Validate everything before freezing anything.
    const target = opts.repo ? tagNameOnly(parseRepositoryTag(opts.repo, opts.tag)) : undefined;
    const newConfig = mergeConfig(applyChanges(opts.config ?? {}, opts.changes ?? []), rec.Config);
    const parent = this.images.store.get(rec.Image);
    if (!parent) throw new ConflictError(`Cannot commit container ${rec.ID}: its image ${rec.Image} is gone`);
    const parentConfig = await this.images.config(parent);
    const pause = opts.pause !== false && rec.State.Running && !rec.State.Paused;
    const thaw = pause
      ? await freezeForCommit({
          rt: this.containers.runtime(rec.Runtime),
          rec,
          dir: this.containers.store.dir(rec.ID),
          events: this.events,
        })
      : undefined;
    let id: string;
    try {
      id = await this.images.exclusiveAdd(async () => {
        const diffIds = parent.layers.map((l) => l.diffId);
        const parentChain = chainIds(diffIds).at(-1);
        const tar = await packUpper(this.upper(rec), mountDestinations(rec));
        const { layer } = await this.images.addLayerBlob(tar, parentChain, undefined);
        const created = new Date().toISOString();
        const { Image: _image, ...containerConfig } = rec.Config;
        void _image;
        const config: ImageConfig = {
          architecture: parentConfig.architecture,
          ...(parentConfig.variant ? { variant: parentConfig.variant } : {}),
          os: parentConfig.os,
          created,
          ...(opts.author ? { author: opts.author } : {}),
          ...(opts.comment ? { comment: opts.comment } : {}),
          config: newConfig,
          container: rec.ID,
          container_config: { ...containerConfig, Image: rec.Config.Image },
          rootfs: { type: "layers", diff_ids: [...diffIds, layer.diffId] },
          history: [
            ...(parentConfig.history ?? []),
            {
              created,
              created_by: (rec.Config.Cmd ?? []).join(" "),
              ...(opts.author ? { author: opts.author } : {}),
              ...(opts.comment ? { comment: opts.comment } : {}),
            },
          ],
        };
        const image = await this.images.prepareImage({
          config: Buffer.from(JSON.stringify(config)),
          layers: [
            ...parent.layers.map((l) => ({ blob: l.blob, mediaType: l.mediaType, size: l.size })),
            { blob: layer.blob, mediaType: layer.mediaType, size: layer.size },
          ],
          parent: parent.id,
        });
        // Record and name together: a crash in between must not leave the commit nameless.
        await this.images.commitImages([{ rec: image, refs: target ? [referenceString(target)] : [] }]);
        return image.id;
      });
    } finally {
      await thaw?.();
    }
    const imageRef = target ? familiarString(target) : "";
    this.events.emit("container", "commit", rec.ID, {
      ...(rec.Config.Labels ?? {}),
      comment: opts.comment ?? "",
      image: rec.Config.Image,
      imageID: id,
      imageRef,
      name: rec.Name.slice(1),
    });
    return id;
  }

  /**
   * Writes the container's merged filesystem to `out` as a flat tar, mounting the rootfs
   * for the time of the export when the container is not running.
   */
  async export(ref: string, out: Writable, onStart?: () => void): Promise<void> {
    const rec = this.containers.get(ref);
    await this.containers.withRootfs(rec.ID, async (_rec, merged) => {
      const tar = await packTree(merged);
      onStart?.();
      await pipeline(tar, out);
    });
    this.events.emit("container", "export", rec.ID, {
      ...(rec.Config.Labels ?? {}),
      image: rec.Config.Image,
      name: rec.Name.slice(1),
    });
  }
}
