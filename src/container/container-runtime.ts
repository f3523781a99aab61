// What runs a container, behind one small interface: the rootfs mount, the monitor (which
// runs the OCI runtime's create/start/exec) and the runtime's other verbs. The operations
// call only this, so their rules (state, restart, create validation, wait, remove) have
// unit tests with a fake beside them that need no root and no runc.

import { readFileSync } from "node:fs";
import path from "node:path";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { mountRootfs, type RootfsOptions, unmountRootfs } from "../layer/rootfs.ts";
import { type CgroupVersion, wasOomKilled } from "../runtime/cgroups.ts";
import {
  type AttachConnection,
  connectAttach,
  type MonitorExit,
  type MonitorOptions,
  type MonitorStarted,
  readExit,
  startMonitor,
} from "../runtime/monitor-client.ts";
import {
  findRuntimeBinary,
  ociRuntime,
  type RuntimeInfo,
  runtimeUnsupportedReason,
} from "../runtime/oci-runtime.ts";
import { hasRuntimeState, teardownRuntime } from "./teardown.ts";

/** The fields of a container record the runtime needs. */
export interface RuntimeTarget {
  ID: string;
  Runtime: string;
  CgroupsPath: string;
}

/** The monitor's options that the caller chooses; the runtime fills in which binary runs where. */
export type MonitorRequest = Omit<MonitorOptions, "runtime" | "runtimeRoot" | "id" | "binary">;

export interface ContainerRuntime {
  /** The runtime named `name` (runc, crun, daemon.json's); InvalidParameter when unusable. */
  info(name: string): RuntimeInfo;
  /** The runtimes berthd can name, as /info lists them. */
  names(): Record<string, { path: string }>;
  mountRootfs(containerDir: string, lowerDirs: string[], opts?: RootfsOptions): Promise<string>;
  unmountRootfs(containerDir: string): Promise<void>;
  /** Starts a monitor that creates (and starts) the container or runs an exec in it. */
  startMonitor(c: RuntimeTarget, req: MonitorRequest): Promise<MonitorStarted>;
  connectAttach(stateDir: string): Promise<AttachConnection>;
  /** The exit the monitor recorded in its state dir, if any yet. */
  readExit(stateDir: string): Promise<MonitorExit | undefined>;
  /** Whether `pid` is still a live berth-monitor. */
  monitorAlive(pid: number): boolean;
  kill(c: RuntimeTarget, signal: number): Promise<void>;
  pause(c: RuntimeTarget): Promise<void>;
  resume(c: RuntimeTarget): Promise<void>;
  /** Deletes the runtime's state of a previous run that a crash left behind, if any. */
  deleteStale(c: RuntimeTarget): Promise<void>;
  /** Forgets a container whose init exited. */
  deleteExited(c: RuntimeTarget): Promise<void>;
  state(c: RuntimeTarget): Promise<{ status: string; pid: number } | undefined>;
  ps(c: RuntimeTarget): Promise<number[]>;
  update(c: RuntimeTarget, resourcesFile: string): Promise<void>;
  /** Everything a start made (runtime state, processes, cgroups, mount, state dir), idempotent. */
  teardown(c: RuntimeTarget, dirs: { stateDir: string; containerDir: string }): Promise<void>;
  wasOomKilled(c: RuntimeTarget): Promise<boolean>;
}

/** The real one: runc/crun through berth-monitor, overlay mounts, cgroupfs. */
export class OciContainerRuntime implements ContainerRuntime {
  private readonly runtimes: Record<string, { path?: string }>;
  private readonly execRoot: string;
  private readonly cgroups: CgroupVersion;
  private readonly monitorBinary?: string;

  constructor(opts: {
    runtimes: Record<string, { path?: string }>;
    execRoot: string;
    cgroups: CgroupVersion;
    monitorBinary?: string;
  }) {
    this.runtimes = opts.runtimes;
    this.execRoot = opts.execRoot;
    this.cgroups = opts.cgroups;
    if (opts.monitorBinary) this.monitorBinary = opts.monitorBinary;
  }

  info(name: string): RuntimeInfo {
    const reason = runtimeUnsupportedReason(name);
    if (reason) throw new InvalidParameterError(reason);
    const p = findRuntimeBinary(name, this.runtimes[name]?.path);
    if (!p) {
      throw new InvalidParameterError(
        `unknown or invalid runtime name: ${name}: no ${name} binary found; install it or configure "runtimes" in daemon.json`,
      );
    }
    return { name, path: p, root: path.join(this.execRoot, "runtime", name) };
  }

  names(): Record<string, { path: string }> {
    const out: Record<string, { path: string }> = {};
    for (const name of new Set(["runc", "crun", ...Object.keys(this.runtimes)])) {
      const p = findRuntimeBinary(name, this.runtimes[name]?.path);
      if (p) out[name] = { path: p };
    }
    return out;
  }

  mountRootfs(containerDir: string, lowerDirs: string[], opts?: RootfsOptions): Promise<string> {
    return mountRootfs(containerDir, lowerDirs, opts);
  }

  unmountRootfs(containerDir: string): Promise<void> {
    return unmountRootfs(containerDir);
  }

  startMonitor(c: RuntimeTarget, req: MonitorRequest): Promise<MonitorStarted> {
    const rt = this.info(c.Runtime);
    return startMonitor({
      ...req,
      runtime: rt.path,
      runtimeRoot: rt.root,
      id: c.ID,
      ...(this.monitorBinary ? { binary: this.monitorBinary } : {}),
    });
  }

  connectAttach(stateDir: string): Promise<AttachConnection> {
    return connectAttach(stateDir);
  }

  readExit(stateDir: string): Promise<MonitorExit | undefined> {
    return readExit(stateDir);
  }

  monitorAlive(pid: number): boolean {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("berth-monitor");
    } catch {
      return false;
    }
  }

  async kill(c: RuntimeTarget, signal: number): Promise<void> {
    await ociRuntime.kill(this.info(c.Runtime), c.ID, signal);
  }

  async pause(c: RuntimeTarget): Promise<void> {
    await ociRuntime.pause(this.info(c.Runtime), c.ID);
  }

  async resume(c: RuntimeTarget): Promise<void> {
    await ociRuntime.resume(this.info(c.Runtime), c.ID);
  }

  async deleteStale(c: RuntimeTarget): Promise<void> {
    const rt = this.info(c.Runtime);
    if (hasRuntimeState(rt, c.ID)) await ociRuntime.delete(rt, c.ID).catch(() => {});
  }

  deleteExited(c: RuntimeTarget): Promise<void> {
    return ociRuntime.deleteExited(this.info(c.Runtime), c.ID, c.CgroupsPath);
  }

  state(c: RuntimeTarget): Promise<{ status: string; pid: number } | undefined> {
    return ociRuntime.state(this.info(c.Runtime), c.ID);
  }

  ps(c: RuntimeTarget): Promise<number[]> {
    return ociRuntime.ps(this.info(c.Runtime), c.ID);
  }

  async update(c: RuntimeTarget, resourcesFile: string): Promise<void> {
    await ociRuntime.update(this.info(c.Runtime), c.ID, resourcesFile);
  }

  teardown(c: RuntimeTarget, dirs: { stateDir: string; containerDir: string }): Promise<void> {
    return teardownRuntime({
      rt: this.info(c.Runtime),
      id: c.ID,
      cgroupsPath: c.CgroupsPath,
      cgroupVersion: this.cgroups,
      ...dirs,
    });
  }

  wasOomKilled(c: RuntimeTarget): Promise<boolean> {
    return wasOomKilled(this.cgroups, c.CgroupsPath);
  }
}
