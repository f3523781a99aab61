// A ContainerRuntime for unit tests: no root, no runc, no monitor. A "container" runs until
// `exit()` (or a SIGKILL/SIGTERM) records its exit the way the monitor does, as a file in its
// state dir, so the real exit watcher sees it.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { NotFoundError } from "../errdefs/errors.ts";
import type { AttachConnection, MonitorExit, MonitorStarted } from "../runtime/monitor-client.ts";
import type { RuntimeInfo } from "../runtime/oci-runtime.ts";
import type { ContainerRuntime, MonitorRequest, RuntimeTarget } from "./container-runtime.ts";

interface FakeContainer {
  stateDir: string;
  monitorPid: number;
  status: "running" | "paused";
  /** A fatal signal sent while frozen, delivered at the thaw. */
  pending?: number;
}

export class FakeRuntime implements ContainerRuntime {
  /** Every call, in order, as "verb id[ arg]" (the id shortened to 12). */
  readonly calls: string[] = [];
  /** Makes the next start fail with this message (as runc's create would). */
  failNextStart?: string;
  /** Signals are delivered but kill nothing (a process that handles them). */
  immortal = false;
  private readonly live = new Map<string, FakeContainer>();
  private readonly exits = new Map<string, MonitorExit>();
  private nextPid = 1000;

  private log(verb: string, c: RuntimeTarget | string, arg?: string | number): void {
    const id = typeof c === "string" ? c : c.ID.slice(0, 12);
    this.calls.push(arg === undefined ? `${verb} ${id}` : `${verb} ${id} ${arg}`);
  }

  info(name: string): RuntimeInfo {
    return { name, path: `/fake/${name}`, root: `/fake/root/${name}` };
  }

  names(): Record<string, { path: string }> {
    return { runc: { path: "/fake/runc" } };
  }

  async mountRootfs(containerDir: string): Promise<string> {
    const merged = path.join(containerDir, "rootfs");
    await mkdir(merged, { recursive: true });
    return merged;
  }

  async unmountRootfs(): Promise<void> {}

  async startMonitor(c: RuntimeTarget, req: MonitorRequest): Promise<MonitorStarted> {
    this.log(req.exec ? "exec" : "start", c);
    if (this.failNextStart) {
      const msg = this.failNextStart;
      this.failNextStart = undefined;
      throw new Error(msg);
    }
    const started = { monitorPid: this.nextPid++, containerPid: this.nextPid++ };
    if (!req.exec) {
      this.exits.delete(req.stateDir);
      this.live.set(c.ID, { stateDir: req.stateDir, monitorPid: started.monitorPid, status: "running" });
    }
    return started;
  }

  connectAttach(): Promise<AttachConnection> {
    return Promise.reject(new Error("the fake runtime has no attach socket"));
  }

  async readExit(stateDir: string): Promise<MonitorExit | undefined> {
    return this.exits.get(stateDir);
  }

  monitorAlive(pid: number): boolean {
    return [...this.live.values()].some((c) => c.monitorPid === pid);
  }

  /** The container's init exits with `code`, as the monitor would record it. */
  async exit(id: string, code: number): Promise<void> {
    const c = this.live.get(id);
    if (!c) throw new Error(`fake: ${id} is not running`);
    this.live.delete(id);
    this.exits.set(c.stateDir, {
      exitCode: code,
      signal: null,
      finishedAt: new Date().toISOString(),
      oomKilled: false,
    });
    // A file event for the watcher, as the monitor's exit.json write is.
    await writeFile(path.join(c.stateDir, "exit.json"), "{}").catch(() => {});
  }

  isRunning(id: string): boolean {
    return this.live.has(id);
  }

  status(id: string): string | undefined {
    return this.live.get(id)?.status;
  }

  async kill(c: RuntimeTarget, signal: number): Promise<void> {
    this.log("kill", c, signal);
    const live = this.live.get(c.ID);
    if (!live) throw new NotFoundError(`container ${c.ID} does not exist`);
    if ((signal !== 9 && signal !== 15) || this.immortal) return;
    // A frozen task takes no signal until thawed, as under the real freezer.
    if (live.status === "paused") live.pending = signal;
    else await this.exit(c.ID, 128 + signal);
  }

  async pause(c: RuntimeTarget): Promise<void> {
    this.log("pause", c);
    const live = this.live.get(c.ID);
    if (live) live.status = "paused";
  }

  async resume(c: RuntimeTarget): Promise<void> {
    this.log("resume", c);
    const live = this.live.get(c.ID);
    if (!live) return;
    live.status = "running";
    if (live.pending && !this.immortal) await this.exit(c.ID, 128 + live.pending);
  }

  async deleteStale(): Promise<void> {}

  async deleteExited(c: RuntimeTarget): Promise<void> {
    this.log("delete", c);
  }

  async state(c: RuntimeTarget): Promise<{ status: string; pid: number } | undefined> {
    const live = this.live.get(c.ID);
    return live ? { status: live.status, pid: 1 } : undefined;
  }

  async ps(): Promise<number[]> {
    return [];
  }

  async update(c: RuntimeTarget): Promise<void> {
    this.log("update", c);
  }

  async teardown(c: RuntimeTarget): Promise<void> {
    this.log("teardown", c);
    this.live.delete(c.ID);
  }

  async wasOomKilled(): Promise<boolean> {
    return false;
  }
}
