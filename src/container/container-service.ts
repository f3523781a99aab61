// The containers' façade: what the operations share (the context) and one method per
// operation, each a line into the operation's own file (create.ts, start.ts, exit.ts,
// stop.ts, pause.ts, remove.ts, attach.ts, exec.ts, restore.ts, update.ts, rename.ts,
// top.ts, stats.ts, network-connect.ts). Routes and the image service call only this class.
// The files are named by the verb alone: the folder already says "container" (youki's
// container_start.rs, podman's container_api.go carry the prefix because their folders hold
// more than containers).

import type { Duplex } from "node:stream";
import { NotFoundError } from "../errdefs/errors.ts";
import { rootfsPaths } from "../layer/rootfs.ts";
import { cgroupVersion, kernelSupport } from "../runtime/cgroups.ts";
import type { RuntimeInfo } from "../runtime/oci-runtime.ts";
import { loadDefaultSeccompProfile } from "../runtime/oci-spec.ts";
import type {
  ContainerCreateRequest,
  ContainerCreateResponse,
  ContainerUpdateRequest,
} from "../types/container-create.ts";
import type { ExecConfig } from "../types/exec.ts";
import type { EndpointSettings } from "../types/network.ts";
import type { EventBus } from "../util/events.ts";
import type { Logger } from "../util/logger.ts";
import { attachContainer, resizeContainer } from "./attach.ts";
import type { ContainerRecord } from "./container-record.ts";
import { type ContainerRuntime, OciContainerRuntime } from "./container-runtime.ts";
import { ContainerStore } from "./container-store.ts";
import {
  type AttachOptions,
  ContainerContext,
  type DaemonOptions,
  type ExecRecord,
  type HostFacts,
  type ImageSource,
} from "./context.ts";
import { createContainer } from "./create.ts";
import { createExec, type ExecStartOptions, getExec, resizeExec, startExec } from "./exec.ts";
import { HealthChecks, type HealthClock, type Prober } from "./health/health-checks.ts";
import { ExecProber } from "./health/probe-exec.ts";
import { clearIntent, writeIntent } from "./intent.ts";
import { type ContainerNetworkOps, connectNetwork, disconnectNetwork } from "./network-connect.ts";
import { pauseContainer, unpauseContainer } from "./pause.ts";
import { pruneContainers, removeContainer } from "./remove.ts";
import { renameContainer } from "./rename.ts";
import type { ContainerResource } from "./resources.ts";
import { restoreContainers } from "./restore.ts";
import { startContainer } from "./start.ts";
import { type StatsJSON, type StatsOptions, streamStats } from "./stats.ts";
import { killContainer, restartContainer, type StopOptions, stopContainer } from "./stop.ts";
import { topContainer } from "./top.ts";
import { updateContainer } from "./update.ts";
import { parseWaitCondition, type WaitResult } from "./waiters.ts";

export type { AttachOptions, DaemonOptions, ExecRecord };

export interface ContainerServiceDeps {
  images: ImageSource;
  events: EventBus;
  log: Logger;
  opts: DaemonOptions;
  /** What a start acquires and gives back, in order (init files; network and volumes later). */
  resources: readonly ContainerResource[];
  /** `network connect`/`disconnect` of containers (src/network/'s container resource). */
  network?: ContainerNetworkOps;
  /** Default: runc/crun through berth-monitor. Unit tests give a fake. */
  runtime?: ContainerRuntime;
  /** Default: this host's. */
  host?: HostFacts;
  /** Default: probes through the exec path, on real timers. Unit tests give fakes. */
  health?: { prober?: Prober; clock?: HealthClock };
}

/** Containers: records, their lifecycle, attach, exec. One instance per berthd. */
export class ContainerService {
  readonly store: ContainerStore;
  readonly execs: Map<string, ExecRecord>;
  private readonly ctx: ContainerContext;

  constructor(deps: ContainerServiceDeps) {
    const store = new ContainerStore(`${deps.opts.dataRoot}/containers`);
    const cgroups = deps.host?.cgroups ?? cgroupVersion();
    this.ctx = new ContainerContext({
      store,
      images: deps.images,
      events: deps.events,
      log: deps.log,
      opts: deps.opts,
      resources: deps.resources,
      ...(deps.network ? { network: deps.network } : {}),
      rt:
        deps.runtime ??
        new OciContainerRuntime({
          runtimes: deps.opts.runtimes,
          execRoot: deps.opts.execRoot,
          cgroups,
          ...(deps.opts.monitorBinary ? { monitorBinary: deps.opts.monitorBinary } : {}),
        }),
      host: deps.host ?? {
        cgroups,
        kernelSupport: kernelSupport(cgroups),
        rlimits: {},
        seccomp: loadDefaultSeccompProfile(),
      },
    });
    const ctx = this.ctx;
    ctx.health = new HealthChecks({
      prober: deps.health?.prober ?? new ExecProber(ctx),
      withLock: (id, fn) => ctx.withLock(id, fn),
      save: (rec) => store.save(rec),
      emit: (rec, action) => ctx.emit(rec, action),
      log: deps.log,
      ...(deps.health?.clock ? { clock: deps.health.clock } : {}),
    });
    this.store = store;
    this.execs = this.ctx.execs;
  }

  get defaultRuntimeName(): string {
    return this.ctx.opts.defaultRuntime;
  }

  /** The runtimes berthd can name, as /info lists them: runc and crun when installed, plus daemon.json's. */
  runtimeNames(): Record<string, { path: string }> {
    return this.ctx.rt.names();
  }

  runtime(name: string): RuntimeInfo {
    return this.ctx.rt.info(name);
  }

  /** Serialises operations on one container (start vs stop vs rm vs commit/export). */
  withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.ctx.withLock(id, fn);
  }

  logPathOf(rec: ContainerRecord): string {
    return this.ctx.logPath(rec.ID, rec.HostConfig.LogConfig?.Type);
  }

  get(ref: string): ContainerRecord {
    return this.store.get(ref);
  }

  /** For the image service: which containers use an image. */
  containersUsing(imageId: string): { id: string; running: boolean }[] {
    return this.store
      .list()
      .filter((c) => c.Image === imageId)
      .map((c) => ({ id: c.ID, running: c.State.Running }));
  }

  counts() {
    const all = this.store.list();
    const running = all.filter((c) => c.State.Running && !c.State.Paused).length;
    const paused = all.filter((c) => c.State.Paused).length;
    return { total: all.length, running, paused, stopped: all.length - running - paused };
  }

  /**
   * Runs `fn` with the container's root filesystem mounted (its live mount while it runs,
   * a temporary one otherwise). The container's lock is held only to mount and unmount,
   * not while `fn` streams to a client that may be slow; a count of users keeps the mount
   * until the last one is done, even if the container stops meanwhile.
   */
  async withRootfs<T>(
    ref: string,
    fn: (rec: ContainerRecord, rootfs: string, dir: string) => Promise<T>,
  ): Promise<T> {
    const ctx = this.ctx;
    const rec = this.get(ref);
    const dir = this.store.dir(rec.ID);
    const { merged } = rootfsPaths(dir);
    await ctx.withLock(rec.ID, async () => {
      if (!this.store.find(rec.ID)) throw new NotFoundError(`No such container: ${ref}`);
      if (!rec.State.Running) {
        const image = ctx.images.store.get(rec.Image);
        if (!image) {
          throw new NotFoundError(
            `Cannot mount container ${rec.Name.slice(1)}: its image ${rec.Image} is gone`,
          );
        }
        await ctx.rt.mountRootfs(dir, ctx.images.layerDirs(image).reverse(), {
          volatile: Boolean(rec.Ephemeral),
        });
      }
      ctx.rootfsUsers.set(rec.ID, (ctx.rootfsUsers.get(rec.ID) ?? 0) + 1);
    });
    try {
      return await fn(rec, merged, dir);
    } finally {
      await ctx.withLock(rec.ID, async () => {
        const left = (ctx.rootfsUsers.get(rec.ID) ?? 1) - 1;
        if (left > 0) ctx.rootfsUsers.set(rec.ID, left);
        else {
          ctx.rootfsUsers.delete(rec.ID);
          if (!rec.State.Running) await ctx.rt.unmountRootfs(dir);
        }
      });
    }
  }

  /** Runs `fn` with a running container's processes frozen (as Docker pauses during cp). */
  async frozen<T>(rec: ContainerRecord, fn: () => Promise<T>): Promise<T> {
    if (!rec.State.Running || rec.State.Paused) return fn();
    // Journalled as commit's freeze is: a berthd killed meanwhile thaws it at start-up.
    const dir = this.store.dir(rec.ID);
    await writeIntent(dir, "commit", undefined, { dataOptional: true });
    await this.ctx.rt.pause(rec).catch(async (err) => {
      await clearIntent(dir, "commit");
      throw err;
    });
    try {
      return await fn();
    } finally {
      await this.ctx.rt.resume(rec);
      await clearIntent(dir, "commit");
    }
  }

  // ---- one line per operation ----------------------------------------------------------

  /**
   * `platform` is the API's `platform` query: the image must be of it. `internal.ephemeral`:
   * the builder's intermediate containers (ContainerRecord.Ephemeral), never set by the API.
   */
  create(
    req: ContainerCreateRequest,
    name?: string,
    platform?: string,
    internal: { ephemeral?: boolean } = {},
  ): Promise<ContainerCreateResponse> {
    return createContainer(this.ctx, req, name, platform, internal);
  }

  start(ref: string): Promise<void> {
    return startContainer(this.ctx, ref);
  }

  /** Resolves with the exit status when `condition` is met; `signal` cancels the wait. */
  wait(ref: string, condition: string, signal: AbortSignal): Promise<WaitResult> {
    const rec = this.get(ref);
    return this.ctx.waiters.wait(rec, parseWaitCondition(condition), signal);
  }

  kill(ref: string, signal?: string): Promise<void> {
    return killContainer(this.ctx, ref, signal);
  }

  stop(ref: string, opts: StopOptions = {}): Promise<void> {
    return stopContainer(this.ctx, ref, opts);
  }

  restart(ref: string, opts: StopOptions = {}): Promise<void> {
    return restartContainer(this.ctx, ref, opts);
  }

  pause(ref: string): Promise<void> {
    return pauseContainer(this.ctx, ref);
  }

  unpause(ref: string): Promise<void> {
    return unpauseContainer(this.ctx, ref);
  }

  remove(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    return removeContainer(this.ctx, ref, opts);
  }

  rename(ref: string, newName: string): Promise<void> {
    return renameContainer(this.ctx, ref, newName);
  }

  update(ref: string, body: ContainerUpdateRequest): Promise<string[]> {
    return updateContainer(this.ctx, ref, body);
  }

  connectNetwork(
    network: string,
    container: string | undefined,
    es?: EndpointSettings | null,
  ): Promise<void> {
    return connectNetwork(this.ctx, network, container, es);
  }

  disconnectNetwork(network: string, container: string | undefined, force = false): Promise<void> {
    return disconnectNetwork(this.ctx, network, container, force);
  }

  prune(filter: (rec: ContainerRecord) => boolean): Promise<{ deleted: string[]; reclaimed: number }> {
    return pruneContainers(this.ctx, filter);
  }

  attach(ref: string, client: Duplex, head: Buffer, opts: AttachOptions): Promise<void> {
    return attachContainer(this.ctx, ref, client, head, opts);
  }

  resize(ref: string, h: number, w: number): Promise<void> {
    return resizeContainer(this.ctx, ref, h, w);
  }

  createExec(ref: string, cfg: ExecConfig): string {
    return createExec(this.ctx, ref, cfg);
  }

  getExec(id: string): ExecRecord {
    return getExec(this.ctx, id);
  }

  startExec(id: string, opts: ExecStartOptions): Promise<void> {
    return startExec(this.ctx, id, opts);
  }

  resizeExec(id: string, h: number, w: number): Promise<void> {
    return resizeExec(this.ctx, id, h, w);
  }

  top(ref: string, psArgs: string): Promise<{ Titles: string[]; Processes: string[][] }> {
    return topContainer(this.ctx, ref, psArgs);
  }

  stats(ref: string, opts: StatsOptions, emit: (s: StatsJSON) => void, signal: AbortSignal): Promise<void> {
    return streamStats(this.ctx, ref, opts, emit, signal);
  }

  restore(): Promise<void> {
    return restoreContainers(this.ctx);
  }

  /** Waits for operations under way (a start half-done must be recorded before exit). */
  drain(): Promise<void> {
    return this.ctx.drain();
  }

  /** Stops watching (berthd shutting down); containers keep running. */
  close(): void {
    for (const id of [...this.ctx.watchers.keys()]) this.ctx.unwatchExit(id);
    this.ctx.health.close();
    for (const t of this.ctx.restartTimers.values()) clearTimeout(t);
  }
}
