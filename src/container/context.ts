// What the container operations share: the records, the injected runtime and resources,
// the in-memory tables (execs, waiters, attach clients waiting for a start, exit watchers,
// restart timers, rootfs readers) and the per-container lock. The façade
// (container-service.ts) builds one; each operation file takes it as its first argument.

import path from "node:path";
import type { Duplex } from "node:stream";
import type { ImageRecord } from "../image/image-store.ts";
import type { CgroupVersion } from "../runtime/cgroups.ts";
import type { AttachConnection } from "../runtime/monitor-client.ts";
import type { SeccompProfile, SpecInput } from "../runtime/oci-spec.ts";
import type { HostRlimits } from "../runtime/rlimits.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { ExecConfig } from "../types/exec.ts";
import type { EventBus } from "../util/events.ts";
import type { Logger } from "../util/logger.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerRuntime } from "./container-runtime.ts";
import type { ContainerStore } from "./container-store.ts";
import type { HealthChecks } from "./health/health-checks.ts";
import type { ContainerNetworkOps } from "./network-connect.ts";
import type { ContainerResource } from "./resources.ts";
import { Waiters } from "./waiters.ts";

export interface DaemonOptions {
  dataRoot: string;
  execRoot: string;
  defaultRuntime: string;
  runtimes: Record<string, { path?: string }>;
  /** daemon.json's `log-opts`, for containers of the daemon's driver. */
  logOpts: Record<string, string>;
  /** daemon.json's `log-driver`; json-file when unset. */
  logDriver?: string;
  monitorBinary?: string;
}

/** The part of the image service the operations use. */
export interface ImageSource {
  tryResolve(nameOrId: string): ImageRecord | undefined;
  config(
    rec: ImageRecord,
  ): Promise<{ config?: ContainerConfig; os?: string; architecture?: string; variant?: string }>;
  store: { get(id: string): ImageRecord | undefined };
  layerDirs(rec: ImageRecord): string[];
}

/** Facts about the host that the spec needs; `rlimits` is read at restore. */
export interface HostFacts {
  cgroups: CgroupVersion;
  kernelSupport: NonNullable<SpecInput["kernelSupport"]>;
  rlimits: HostRlimits;
  seccomp?: SeccompProfile;
}

/** An exec's configuration once create checked it: the wire's ExecConfig with its command. */
export type ExecProcessConfig = ExecConfig & { Cmd: string[] };

export interface ExecRecord {
  ID: string;
  ContainerID: string;
  Config: ExecProcessConfig;
  Running: boolean;
  ExitCode: number | null;
  Pid: number;
  stateDir: string;
  attach?: AttachConnection;
  pendingResize?: [number, number];
}

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  detachKeys?: string;
  /**
   * false: stdout and stderr go out unframed even without a TTY (a websocket attach, whose
   * messages carry no stream); by default they are stdcopy frames unless the container has a TTY.
   */
  multiplex?: boolean;
}

export interface PendingAttach {
  client: Duplex;
  opts: AttachOptions;
  head: Buffer;
}

export class ContainerContext {
  readonly store: ContainerStore;
  readonly images: ImageSource;
  readonly events: EventBus;
  readonly log: Logger;
  readonly opts: DaemonOptions;
  readonly rt: ContainerRuntime;
  readonly host: HostFacts;
  readonly resources: readonly ContainerResource[];
  /** `network connect`/`disconnect` (the network resource); absent in unit tests without one. */
  readonly network: ContainerNetworkOps | undefined;
  readonly waiters = new Waiters();
  readonly execs = new Map<string, ExecRecord>();
  readonly pendingAttach = new Map<string, PendingAttach[]>();
  readonly watchers = new Map<string, () => void>();
  readonly restartTimers = new Map<string, NodeJS.Timeout>();
  /** The running containers' health checks; armed and disarmed by start, exit, pause, restore. */
  health!: HealthChecks;
  /** Readers (export, cp) of a container's rootfs mount; it stays mounted while any remain. */
  readonly rootfsUsers = new Map<string, number>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(deps: {
    store: ContainerStore;
    images: ImageSource;
    events: EventBus;
    log: Logger;
    opts: DaemonOptions;
    rt: ContainerRuntime;
    host: HostFacts;
    resources: readonly ContainerResource[];
    network?: ContainerNetworkOps;
  }) {
    this.store = deps.store;
    this.images = deps.images;
    this.events = deps.events;
    this.log = deps.log;
    this.opts = deps.opts;
    this.rt = deps.rt;
    this.host = deps.host;
    this.resources = deps.resources;
    this.network = deps.network;
  }

  /** Serialises operations on one container (start vs stop vs rm vs commit/export). */
  withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => {});
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }

  /** Settles once every operation under way has. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.locks.values()]);
  }

  stateDir(id: string): string {
    return path.join(this.opts.execRoot, "c", id.slice(0, 12));
  }

  /**
   * Where the monitor writes `id`'s log, as dockerd lays it out: json-file's `<id>-json.log`,
   * the local driver's `local-logs/container.log` (rotated beside it as `container.log.1.gz`…).
   */
  logPath(id: string, driver: string | undefined): string {
    return driver === "local"
      ? path.join(this.store.dir(id), "local-logs", "container.log")
      : path.join(this.store.dir(id), `${id}-json.log`);
  }

  emit(rec: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    this.events.emit("container", action, rec.ID, {
      ...(rec.Config.Labels ?? {}),
      image: rec.Config.Image,
      name: rec.Name.slice(1),
      ...extra,
    });
  }

  cancelRestart(id: string): boolean {
    const t = this.restartTimers.get(id);
    if (!t) return false;
    clearTimeout(t);
    this.restartTimers.delete(id);
    return true;
  }

  /** Stops watching the container's monitor for its exit. */
  unwatchExit(id: string): void {
    this.watchers.get(id)?.();
    this.watchers.delete(id);
  }
}
