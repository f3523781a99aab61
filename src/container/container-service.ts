import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, watch } from "node:fs";
import { chown, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import {
  ConflictError,
  errorMessage,
  InvalidParameterError,
  NotFoundError,
  NotModifiedError,
} from "../errdefs/errors.ts";
import { ramInBytes } from "../format/units.ts";
import type { ImageService } from "../image/image-service.ts";
import { familiarString, parseNormalizedNamed, tagNameOnly } from "../image/reference.ts";
import { mountRootfs, rootfsPaths, unmountRootfs } from "../layer/rootfs.ts";
import type { ContainerConfig } from "../oci/oci-types.ts";
import { type CgroupVersion, cgroupVersion, kernelSupport, wasOomKilled } from "../runtime/cgroups.ts";
import { mergeConfigEnv, mergeEnv, resolveCommand } from "../runtime/command.ts";
import { hostDevices } from "../runtime/host-devices.ts";
import { type AttachConnection, connectAttach, readExit, startMonitor } from "../runtime/monitor-client.ts";
import {
  findRuntimeBinary,
  ociRuntime,
  type RuntimeInfo,
  runtimeUnsupportedReason,
} from "../runtime/oci-runtime.ts";
import {
  containerCapabilities,
  generateSpec,
  type HostConfig,
  loadDefaultSeccompProfile,
  parseSecurityOpts,
  resources,
  type SeccompProfile,
  type SpecInput,
  serializeSpec,
} from "../runtime/oci-spec.ts";
import { type HostRlimits, readHostRlimits, ulimitsToRlimits } from "../runtime/rlimits.ts";
import { resolveUser } from "../runtime/user.ts";
import type { EventBus } from "../util/events.ts";
import type { Logger } from "../util/logger.ts";
import { cgroupsPathFor } from "./cgroup-parent.ts";
import { type ContainerRecord, initialState } from "./container-record.ts";
import { ContainerStore } from "./container-store.ts";
import { validateCreate } from "./create-validation.ts";
import { killExecWhenClientGoes } from "./exec-abandon.ts";
import { faultPoint } from "./fault-point.ts";
import { clearIntent, writeIntent } from "./intent.ts";
import { generateName, validateName } from "./names.ts";
import { reconcile } from "./reconcile.ts";
import { DEFAULT_DETACH_KEYS, DetachKeyScanner, endClient, parseDetachKeys, stdcopyFrame } from "./stdio.ts";
import { type TeardownTarget, teardownRuntime } from "./teardown.ts";

export interface CreateRequest extends ContainerConfig {
  Image: string;
  HostConfig?: HostConfig & Record<string, unknown>;
  NetworkingConfig?: { EndpointsConfig?: Record<string, unknown> };
}

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  detachKeys?: string;
}

export interface ExecConfig {
  Cmd: string[];
  Env?: string[] | null;
  User?: string;
  WorkingDir?: string;
  Privileged?: boolean;
  Tty?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  DetachKeys?: string;
  ConsoleSize?: [number, number] | null;
}

export interface ExecRecord {
  ID: string;
  ContainerID: string;
  Config: ExecConfig;
  Running: boolean;
  ExitCode: number | null;
  Pid: number;
  stateDir: string;
  attach?: AttachConnection;
  pendingResize?: [number, number];
}

export interface DaemonOptions {
  dataRoot: string;
  execRoot: string;
  defaultRuntime: string;
  runtimes: Record<string, { path?: string }>;
  logOpts: Record<string, string>;
  monitorBinary?: string;
}

interface Waiter {
  condition: "not-running" | "next-exit" | "removed";
  resolve: (r: { StatusCode: number; Error: { Message: string } | null }) => void;
}

const stopSignals: Record<string, number> = Object.fromEntries(
  Object.entries(os.constants.signals).map(([k, v]) => [k, v]),
);

/** A signal given as "SIGTERM", "TERM", "15" → its number; undefined when unknown. */
export function signalNumber(s: string | number | undefined): number | undefined {
  if (s === undefined || s === "") return undefined;
  if (typeof s === "number" || /^\d+$/.test(String(s))) {
    const n = Number(s);
    return n > 0 && n < 65 ? n : undefined;
  }
  const name = String(s).toUpperCase();
  return stopSignals[name.startsWith("SIG") ? name : `SIG${name}`];
}

/** json-file's `max-size` and `max-file`, parsed as Docker does (go-units RAMInBytes). */
function parseLogOpts(opts: Record<string, string>): { maxSize?: number; maxFiles?: number } {
  let maxSize: number | undefined;
  if (opts["max-size"]) {
    try {
      maxSize = ramInBytes(opts["max-size"]);
    } catch (err) {
      throw new InvalidParameterError(`invalid log option max-size: ${errorMessage(err)}`);
    }
  }
  let maxFiles: number | undefined;
  if (opts["max-file"]) {
    maxFiles = Number(opts["max-file"]);
    if (!Number.isInteger(maxFiles) || maxFiles < 1) {
      throw new InvalidParameterError(
        `invalid log option max-file: ${opts["max-file"]}: must be a whole number ≥ 1`,
      );
    }
  }
  return { ...(maxSize ? { maxSize } : {}), ...(maxFiles ? { maxFiles } : {}) };
}

/**
 * Containers: records, their lifecycle through the monitor and the OCI runtime, attach,
 * exec, logs and the exit/restart bookkeeping. One instance per berthd.
 */
export class ContainerService {
  readonly store: ContainerStore;
  readonly execs = new Map<string, ExecRecord>();
  private readonly images: ImageService;
  private readonly events: EventBus;
  private readonly log: Logger;
  private readonly opts: DaemonOptions;
  private readonly cgroups: CgroupVersion = cgroupVersion();
  private hostRlimits: HostRlimits = {};
  private readonly seccomp: SeccompProfile;
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly pendingAttach = new Map<string, { client: Duplex; opts: AttachOptions; head: Buffer }[]>();
  private readonly watchers = new Map<string, () => void>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  /** Readers (export, cp) of a container's rootfs mount; it stays mounted while any remain. */
  private readonly rootfsUsers = new Map<string, number>();

  constructor(images: ImageService, events: EventBus, log: Logger, opts: DaemonOptions) {
    this.images = images;
    this.events = events;
    this.log = log;
    this.opts = opts;
    this.store = new ContainerStore(path.join(opts.dataRoot, "containers"));
    this.seccomp = loadDefaultSeccompProfile();
  }

  get defaultRuntimeName(): string {
    return this.opts.defaultRuntime;
  }

  /** The runtimes berthd can name, as /info lists them: runc and crun when installed, plus daemon.json's. */
  runtimeNames(): Record<string, { path: string }> {
    const out: Record<string, { path: string }> = {};
    for (const name of new Set(["runc", "crun", ...Object.keys(this.opts.runtimes)])) {
      const p = findRuntimeBinary(name, this.opts.runtimes[name]?.path);
      if (p) out[name] = { path: p };
    }
    return out;
  }

  // ---- plumbing -------------------------------------------------------------------------

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

  runtime(name: string): RuntimeInfo {
    const reason = runtimeUnsupportedReason(name);
    if (reason) throw new InvalidParameterError(reason);
    const p = findRuntimeBinary(name, this.opts.runtimes[name]?.path);
    if (!p) {
      throw new InvalidParameterError(
        `unknown or invalid runtime name: ${name}: no ${name} binary found; install it or configure "runtimes" in daemon.json`,
      );
    }
    return { name, path: p, root: path.join(this.opts.execRoot, "runtime", name) };
  }

  /** What teardownRuntime needs to remove everything a start of `rec` made. */
  private teardownTarget(rec: ContainerRecord): TeardownTarget {
    return {
      rt: this.runtime(rec.Runtime),
      id: rec.ID,
      cgroupsPath: rec.CgroupsPath,
      cgroupVersion: this.cgroups,
      stateDir: this.stateDir(rec.ID),
      containerDir: this.store.dir(rec.ID),
    };
  }

  private stateDir(id: string): string {
    return path.join(this.opts.execRoot, "c", id.slice(0, 12));
  }

  private logPath(id: string): string {
    return path.join(this.store.dir(id), `${id}-json.log`);
  }

  logPathOf(rec: ContainerRecord): string {
    return this.logPath(rec.ID);
  }

  private attributes(rec: ContainerRecord, extra: Record<string, string> = {}): Record<string, string> {
    return { ...(rec.Config.Labels ?? {}), image: rec.Config.Image, name: rec.Name.slice(1), ...extra };
  }

  private emit(rec: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    this.events.emit("container", action, rec.ID, this.attributes(rec, extra));
  }

  get(ref: string): ContainerRecord {
    return this.store.get(ref);
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
    const rec = this.get(ref);
    const dir = this.store.dir(rec.ID);
    const { merged } = rootfsPaths(dir);
    await this.withLock(rec.ID, async () => {
      if (!this.store.find(rec.ID)) throw new NotFoundError(`No such container: ${ref}`);
      if (!rec.State.Running) {
        const image = this.images.store.get(rec.Image);
        if (!image) {
          throw new NotFoundError(
            `Cannot mount container ${rec.Name.slice(1)}: its image ${rec.Image} is gone`,
          );
        }
        await mountRootfs(dir, this.images.layerDirs(image).reverse());
      }
      this.rootfsUsers.set(rec.ID, (this.rootfsUsers.get(rec.ID) ?? 0) + 1);
    });
    try {
      return await fn(rec, merged, dir);
    } finally {
      await this.withLock(rec.ID, async () => {
        const left = (this.rootfsUsers.get(rec.ID) ?? 1) - 1;
        if (left > 0) this.rootfsUsers.set(rec.ID, left);
        else {
          this.rootfsUsers.delete(rec.ID);
          if (!rec.State.Running) await unmountRootfs(dir);
        }
      });
    }
  }

  /** Runs `fn` with a running container's processes frozen (as Docker pauses during cp). */
  async frozen<T>(rec: ContainerRecord, fn: () => Promise<T>): Promise<T> {
    if (!rec.State.Running || rec.State.Paused) return fn();
    const rt = this.runtime(rec.Runtime);
    // Journalled as commit's freeze is: a berthd killed meanwhile thaws it at start-up.
    const dir = this.store.dir(rec.ID);
    await writeIntent(dir, "commit", undefined, { dataOptional: true });
    await ociRuntime.pause(rt, rec.ID).catch(async (err) => {
      await clearIntent(dir, "commit");
      throw err;
    });
    try {
      return await fn();
    } finally {
      await ociRuntime.resume(rt, rec.ID);
      await clearIntent(dir, "commit");
    }
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

  // ---- create ---------------------------------------------------------------------------

  async create(req: CreateRequest, name?: string): Promise<{ Id: string; Warnings: string[] }> {
    if (!req || typeof req.Image !== "string" || req.Image === "") {
      throw new InvalidParameterError("Config cannot be empty in order to create a container");
    }
    const image = this.images.tryResolve(req.Image);
    if (!image) {
      let shown = req.Image;
      try {
        shown = familiarString(tagNameOnly(parseNormalizedNamed(req.Image)));
      } catch {
        // not a reference: show it as given
      }
      throw new NotFoundError(`No such image: ${shown}`);
    }
    const imageConfig = (await this.images.config(image)).config ?? {};
    const hc: HostConfig & Record<string, unknown> = { ...(req.HostConfig ?? {}) };
    const warnings: string[] = [];
    // Validate everything that can be before anything is written.
    const runtimeName = (hc.Runtime as string | undefined) || this.opts.defaultRuntime;
    this.runtime(runtimeName);
    hc.Runtime = runtimeName;
    parseSecurityOpts((hc.SecurityOpt as string[] | undefined) ?? []);
    containerCapabilities(hc);
    ulimitsToRlimits((hc.Ulimits as never) ?? [], this.hostRlimits);
    if (hc.BlkioWeight && !kernelSupport(this.cgroups).blkioWeight) {
      warnings.push(
        "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.",
      );
      hc.BlkioWeight = 0;
    }
    validateCreate(req, hc, { cgroupVersion: this.cgroups, kernelSupport: kernelSupport(this.cgroups) });
    const logConfig = (hc.LogConfig as { Type?: string; Config?: Record<string, string> } | undefined) ?? {};
    const logType = logConfig.Type || "json-file";
    if (logType !== "json-file") {
      throw new InvalidParameterError(
        `logger: no log driver named '${logType}' is registered (berth supports json-file)`,
      );
    }
    const logOpts = { ...this.opts.logOpts, ...(logConfig.Config ?? {}) };
    parseLogOpts(logOpts);
    hc.LogConfig = { Type: "json-file", Config: logConfig.Config ?? {} };
    const restart = (hc.RestartPolicy as { Name?: string; MaximumRetryCount?: number } | undefined) ?? {};
    if (restart.Name && !["no", "always", "unless-stopped", "on-failure"].includes(restart.Name)) {
      throw new InvalidParameterError(`invalid restart policy '${restart.Name}'`);
    }
    if (hc.AutoRemove && restart.Name && restart.Name !== "no") {
      throw new InvalidParameterError("can't create 'AutoRemove' container with restart policy");
    }
    if (hc.NetworkMode && !["default", "none", "host", "bridge"].includes(String(hc.NetworkMode))) {
      throw new InvalidParameterError(`network ${hc.NetworkMode} not found`);
    }
    const cmd = resolveCommand(imageConfig, req);

    let cname: string;
    if (name) cname = validateName(name);
    else {
      cname = generateName();
      for (let i = 1; this.store.nameHolder(cname); i++) cname = generateName(i);
    }
    const id = randomBytes(32).toString("hex");
    const config: ContainerRecord["Config"] = {
      // With the host's network, Docker gives the host's name too.
      Hostname: req.Hostname || (hc.NetworkMode === "host" ? os.hostname() : id.slice(0, 12)),
      Domainname: req.Domainname ?? "",
      User: req.User ?? imageConfig.User ?? "",
      AttachStdin: req.AttachStdin ?? false,
      AttachStdout: req.AttachStdout ?? false,
      AttachStderr: req.AttachStderr ?? false,
      ...(req.ExposedPorts || imageConfig.ExposedPorts
        ? { ExposedPorts: { ...imageConfig.ExposedPorts, ...req.ExposedPorts } }
        : {}),
      Tty: req.Tty ?? false,
      OpenStdin: req.OpenStdin ?? false,
      StdinOnce: req.StdinOnce ?? false,
      Env: mergeConfigEnv(imageConfig.Env, req.Env),
      Cmd: cmd.cmd,
      ...(req.Healthcheck || imageConfig.Healthcheck
        ? { Healthcheck: req.Healthcheck ?? imageConfig.Healthcheck }
        : {}),
      Image: req.Image,
      Volumes: req.Volumes ?? imageConfig.Volumes ?? null,
      WorkingDir: req.WorkingDir || imageConfig.WorkingDir || "",
      Entrypoint: cmd.entrypoint,
      OnBuild: imageConfig.OnBuild ?? null,
      Labels: { ...imageConfig.Labels, ...req.Labels },
      ...(req.StopSignal || imageConfig.StopSignal
        ? { StopSignal: req.StopSignal || imageConfig.StopSignal }
        : {}),
      ...(req.StopTimeout !== undefined && req.StopTimeout !== null ? { StopTimeout: req.StopTimeout } : {}),
    };
    if (config.StopSignal && signalNumber(config.StopSignal) === undefined) {
      throw new InvalidParameterError(`Invalid signal: ${config.StopSignal}`);
    }
    const rec: ContainerRecord = {
      ID: id,
      Created: new Date().toISOString(),
      Path: cmd.path,
      Args: cmd.args,
      Config: config,
      HostConfig: hc,
      ...(req.NetworkingConfig ? { NetworkingConfig: req.NetworkingConfig } : {}),
      Image: image.id,
      Name: `/${cname}`,
      RestartCount: 0,
      State: initialState(),
      Runtime: runtimeName,
      CgroupsPath: cgroupsPathFor(hc.CgroupParent, id),
    };
    await this.store.add(rec);
    try {
      const dir = this.store.dir(id);
      const p = rootfsPaths(dir);
      await mkdir(p.upper, { mode: 0o755 });
      await mkdir(p.work, { mode: 0o700 });
      await writeFile(this.logPath(id), "", { mode: 0o640 });
    } catch (err) {
      await this.store.remove(rec);
      throw err;
    }
    this.emit(rec, "create");
    return { Id: id, Warnings: warnings };
  }

  // ---- start ----------------------------------------------------------------------------

  async start(ref: string): Promise<void> {
    const rec = this.get(ref);
    await this.withLock(rec.ID, () => this.startLocked(rec));
  }

  private async startLocked(rec: ContainerRecord): Promise<void> {
    const pending = this.restartTimers.get(rec.ID);
    if (pending) {
      clearTimeout(pending);
      this.restartTimers.delete(rec.ID);
      rec.State.Restarting = false;
    }
    if (rec.State.Paused) {
      throw new ConflictError("cannot start a paused container, try unpause instead");
    }
    if (rec.State.Running) throw new NotModifiedError("container already started");
    if (!this.store.find(rec.ID)) throw new NotFoundError(`No such container: ${rec.ID}`);
    const rt = this.runtime(rec.Runtime);
    const dir = this.store.dir(rec.ID);
    const stateDir = this.stateDir(rec.ID);
    const image = this.images.store.get(rec.Image);
    if (!image)
      throw new NotFoundError(`Cannot start container ${rec.Name.slice(1)}: its image ${rec.Image} is gone`);
    const lowers = this.images.layerDirs(image).reverse();
    // Journalled: a berthd killed from here on adopts the process or undoes the start.
    await writeIntent(dir, "start", undefined, { dataOptional: true });
    try {
      // Leftovers of a previous run (a crash between its exit and our clean-up).
      if (existsSync(path.join(rt.root, rec.ID))) await ociRuntime.delete(rt, rec.ID).catch(() => {});
      await rm(stateDir, { recursive: true, force: true });
      await mkdir(stateDir, { recursive: true, mode: 0o700 });
      const rootfs = await mountRootfs(dir, lowers);
      const hc = rec.HostConfig;
      const user = await resolveUser(
        rootfs,
        rec.Config.User ?? "",
        (hc.GroupAdd as string[] | undefined) ?? [],
      );
      const cwd = rec.Config.WorkingDir || "/";
      if (cwd !== "/") {
        // Docker creates a missing working directory, owned by the container's user.
        const abs = path.join(rootfs, path.resolve("/", cwd));
        if (!existsSync(abs)) {
          await mkdir(abs, { recursive: true, mode: 0o755 });
          await chown(abs, user.uid, user.gid);
        }
      }
      const initFiles = await this.writeInitFiles(rec);
      const hostname = rec.Config.Hostname ?? rec.ID.slice(0, 12);
      const env = mergeEnv(undefined, rec.Config.Env, hostname, user.home, { tty: rec.Config.Tty });
      const input: SpecInput = {
        id: rec.ID,
        rootfsPath: rootfs,
        readonlyRootfs: Boolean(hc.ReadonlyRootfs),
        process: {
          args: [rec.Path, ...rec.Args],
          env,
          cwd: path.resolve("/", cwd),
          user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
          terminal: Boolean(rec.Config.Tty),
          noNewPrivileges: false,
          rlimits: [],
          ...(Array.isArray(hc.ConsoleSize) && hc.ConsoleSize[0]
            ? { consoleSize: { height: hc.ConsoleSize[0] as number, width: hc.ConsoleSize[1] as number } }
            : {}),
        },
        hostname,
        domainname: rec.Config.Domainname,
        initFiles,
        hostConfig: { ...hc, NetworkMode: hc.NetworkMode === "host" ? "host" : "none" },
        cgroupsPath: rec.CgroupsPath,
        cgroupVersion: this.cgroups,
        hostRlimitNofile: this.hostRlimits.RLIMIT_NOFILE ?? { soft: 1024, hard: 1024 },
        hostRlimits: this.hostRlimits,
        seccompProfile: this.seccomp,
        kernelSupport: kernelSupport(this.cgroups),
        devices: [],
        ...(hc.Privileged ? { hostDevices: await hostDevices() } : {}),
        ...(hc.Init ? { initBinary: this.initBinary() } : {}),
      };
      const spec = generateSpec(input);
      await writeFile(path.join(dir, "config.json"), serializeSpec(spec));
      const logOpts = {
        ...this.opts.logOpts,
        ...((hc.LogConfig as { Config?: Record<string, string> })?.Config ?? {}),
      };
      const started = await startMonitor({
        runtime: rt.path,
        runtimeRoot: rt.root,
        id: rec.ID,
        bundle: dir,
        stateDir,
        tty: Boolean(rec.Config.Tty),
        stdin: Boolean(rec.Config.OpenStdin),
        // One runtime call creates and starts; clients attached before the start see all of
        // the output because the monitor holds it until the first of them connects.
        start: true,
        attachWait: (this.pendingAttach.get(rec.ID)?.length ?? 0) > 0,
        log: { path: this.logPath(rec.ID), ...parseLogOpts(logOpts) },
        ...(this.opts.monitorBinary ? { binary: this.opts.monitorBinary } : {}),
      });
      faultPoint("start-after-monitor");
      rec.State = {
        ...rec.State,
        Status: "running",
        Running: true,
        Paused: false,
        Restarting: false,
        OOMKilled: false,
        Dead: false,
        Pid: started.containerPid,
        ExitCode: 0,
        Error: "",
        StartedAt: new Date().toISOString(),
        FinishedAt: "0001-01-01T00:00:00Z",
      };
      rec.MonitorPid = started.monitorPid;
      rec.ManuallyStopped = false;
      this.watchExit(rec);
      // Recorded at once: a berthd that dies from here on re-adopts the running container.
      await this.store.save(rec);
      await clearIntent(dir, "start");
      // Attach clients that were waiting for the start connect now; the monitor held the
      // output back for them (attachWait).
      await this.connectPendingAttach(rec);
      this.emit(rec, "start");
    } catch (err) {
      this.unwatchExit(rec.ID);
      this.failPendingAttach(rec.ID);
      // Everything the start made, the monitor's state dir included.
      await teardownRuntime(this.teardownTarget(rec)).catch((e) =>
        this.log.warn("undoing a failed start failed", { id: rec.ID, err: errorMessage(e) }),
      );
      rec.State = {
        ...rec.State,
        Status: rec.State.StartedAt === "0001-01-01T00:00:00Z" ? "created" : "exited",
        Running: false,
        Pid: 0,
        ExitCode: exitCodeForStartError(err),
        Error: errorMessage(err),
      };
      await this.store.save(rec).catch(() => {});
      await clearIntent(dir, "start").catch(() => {});
      if (rec.HostConfig.AutoRemove) {
        // As Docker: a --rm container that cannot start is removed, and its waiters released.
        await this.store.remove(rec);
        this.emit(rec, "destroy");
        this.notifyWaiters(rec, "removed");
      } else this.notifyWaiters(rec, "exit");
      throw err;
    }
  }

  private initBinary(): string {
    for (const p of ["/usr/bin/tini-static", "/usr/bin/catatonit", "/usr/libexec/podman/catatonit"]) {
      if (existsSync(p)) return p;
    }
    throw new InvalidParameterError(
      "Cannot use --init: no static init binary found (install Debian's tini, which ships /usr/bin/tini-static, or catatonit)",
    );
  }

  /** The init layer: hostname, hosts and resolv.conf, bind-mounted so diff and commit leave them out. */
  private async writeInitFiles(rec: ContainerRecord) {
    const dir = this.store.dir(rec.ID);
    const hostname = rec.Config.Hostname ?? rec.ID.slice(0, 12);
    const files = {
      hostname: path.join(dir, "hostname"),
      hosts: path.join(dir, "hosts"),
      resolvConf: path.join(dir, "resolv.conf"),
    };
    await writeFile(files.hostname, `${hostname}\n`);
    const extraHosts = ((rec.HostConfig.ExtraHosts as string[] | undefined) ?? []).map((h) => {
      const i = h.indexOf(":");
      return `${h.slice(i + 1)}\t${h.slice(0, i)}`;
    });
    const hosts = [
      "127.0.0.1\tlocalhost",
      "::1\tlocalhost ip6-localhost ip6-loopback",
      "fe00::0\tip6-localnet",
      "ff00::0\tip6-mcastprefix",
      "ff02::1\tip6-allnodes",
      "ff02::2\tip6-allrouters",
      ...extraHosts,
    ];
    if (rec.HostConfig.NetworkMode === "host") {
      await writeFile(files.hosts, readFileSafe("/etc/hosts") ?? `${hosts.join("\n")}\n`);
    } else await writeFile(files.hosts, `${hosts.join("\n")}\n`);
    const dns = (rec.HostConfig.Dns as string[] | undefined) ?? [];
    const search = (rec.HostConfig.DnsSearch as string[] | undefined) ?? [];
    const options = (rec.HostConfig.DnsOptions as string[] | undefined) ?? [];
    let resolv = readFileSafe("/etc/resolv.conf") ?? "";
    // A loopback resolver of the host is unreachable from a private network namespace.
    if (rec.HostConfig.NetworkMode !== "host") {
      resolv = resolv
        .split("\n")
        .filter((l) => !/^\s*nameserver\s+(127\.|::1)/.test(l))
        .join("\n");
    }
    if (dns.length || search.length || options.length) {
      resolv = [
        ...dns.map((d) => `nameserver ${d}`),
        ...(search.length ? [`search ${search.join(" ")}`] : []),
        ...(options.length ? [`options ${options.join(" ")}`] : []),
        "",
      ].join("\n");
    }
    await writeFile(files.resolvConf, resolv);
    return files;
  }

  // ---- exit -----------------------------------------------------------------------------

  /** Watches the monitor's state dir for exit.json; handles the exit once. */
  private watchExit(rec: ContainerRecord): void {
    this.unwatchExit(rec.ID);
    const stateDir = this.stateDir(rec.ID);
    let done = false;
    const check = async () => {
      if (done) return;
      const exit = await readExitOrLostMonitor(stateDir, rec.MonitorPid);
      if (!exit || done) return;
      done = true;
      this.unwatchExit(rec.ID);
      await this.withLock(rec.ID, () => this.handleExit(rec, exit.exitCode, exit.finishedAt)).catch((err) =>
        this.log.error("container exit handling failed", { id: rec.ID, err: errorMessage(err) }),
      );
    };
    const watcher = watch(stateDir, () => void check());
    // A slow timer backs up inotify in case an event is coalesced away.
    const timer = setInterval(() => void check(), 1000);
    this.watchers.set(rec.ID, () => {
      watcher.close();
      clearInterval(timer);
    });
    void check();
  }

  private unwatchExit(id: string): void {
    this.watchers.get(id)?.();
    this.watchers.delete(id);
  }

  private async handleExit(rec: ContainerRecord, exitCode: number, finishedAt: string): Promise<void> {
    if (!rec.State.Running) return;
    const oom = await wasOomKilled(this.cgroups, rec.CgroupsPath);
    rec.State = {
      ...rec.State,
      Status: "exited",
      Running: false,
      Paused: false,
      Restarting: false,
      OOMKilled: oom,
      Pid: 0,
      ExitCode: exitCode,
      FinishedAt: finishedAt || new Date().toISOString(),
    };
    rec.MonitorPid = undefined;
    // A full data root must not stop the clean-up below (runtime state, cgroups, mount):
    // the record on disk still says running, and the next start-up records the exit.
    await this.store
      .save(rec)
      .catch((err) =>
        this.log.error("recording a container's exit failed", { id: rec.ID, err: errorMessage(err) }),
      );
    if (oom) this.emit(rec, "oom");
    this.emit(rec, "die", { exitCode: String(exitCode) });
    // Waiters learn the exit first; the clean-up below still runs under the container's
    // lock, so nothing can start it again before it is done.
    this.notifyWaiters(rec, "exit");
    const rt = this.runtime(rec.Runtime);
    await ociRuntime
      .deleteExited(rt, rec.ID, rec.CgroupsPath)
      .catch((err) => this.log.warn("runtime delete failed", { id: rec.ID, err: errorMessage(err) }));
    if (!this.rootfsUsers.has(rec.ID)) {
      await unmountRootfs(this.store.dir(rec.ID)).catch((err) =>
        this.log.warn("unmount failed", { id: rec.ID, err: errorMessage(err) }),
      );
    }
    await rm(this.stateDir(rec.ID), { recursive: true, force: true });
    for (const [execId, ex] of this.execs)
      if (ex.ContainerID === rec.ID && !ex.Running) this.execs.delete(execId);
    if (rec.HostConfig.AutoRemove) {
      await this.removeLocked(rec, { force: true, volumes: false }).catch((err) =>
        this.log.error("auto-remove failed", { id: rec.ID, err: errorMessage(err) }),
      );
      return;
    }
    this.maybeRestart(rec);
  }

  private maybeRestart(rec: ContainerRecord): void {
    const policy =
      (rec.HostConfig.RestartPolicy as { Name?: string; MaximumRetryCount?: number } | undefined) ?? {};
    const name = policy.Name ?? "no";
    if (name === "no" || name === "" || rec.ManuallyStopped) return;
    if (name === "on-failure") {
      if (rec.State.ExitCode === 0) return;
      if (policy.MaximumRetryCount && rec.RestartCount >= policy.MaximumRetryCount) return;
    }
    // Docker's back-off: 100 ms doubling, reset after 10 s of running.
    const ranFor = Date.parse(rec.State.FinishedAt) - Date.parse(rec.State.StartedAt);
    const delay = ranFor > 10_000 ? 100 : Math.min(100 * 2 ** Math.min(rec.RestartCount, 10), 60_000);
    rec.State.Restarting = true;
    rec.State.Status = "restarting";
    const timer = setTimeout(() => {
      this.restartTimers.delete(rec.ID);
      if (!this.store.find(rec.ID) || rec.ManuallyStopped) return;
      rec.RestartCount++;
      rec.State.Restarting = false;
      void this.withLock(rec.ID, () => this.startLocked(rec))
        .then(() => this.emit(rec, "restart"))
        .catch((err) => this.log.error("restart failed", { id: rec.ID, err: errorMessage(err) }));
    }, delay);
    this.restartTimers.set(rec.ID, timer);
  }

  private notifyWaiters(rec: ContainerRecord, what: "exit" | "removed"): void {
    const list = this.waiters.get(rec.ID) ?? [];
    const keep: Waiter[] = [];
    for (const w of list) {
      if (what === "removed" || (w.condition !== "removed" && what === "exit")) {
        w.resolve({ StatusCode: rec.State.ExitCode, Error: null });
      } else keep.push(w);
    }
    if (keep.length) this.waiters.set(rec.ID, keep);
    else this.waiters.delete(rec.ID);
  }

  /** Resolves with the exit status when `condition` is met; `signal` cancels the wait. */
  wait(
    ref: string,
    condition: string,
    signal: AbortSignal,
  ): Promise<{ StatusCode: number; Error: { Message: string } | null }> {
    const rec = this.get(ref);
    if (!["not-running", "next-exit", "removed", ""].includes(condition)) {
      throw new InvalidParameterError(`invalid condition: "${condition}"`);
    }
    const cond = (condition || "not-running") as Waiter["condition"];
    if (cond === "not-running" && !rec.State.Running && !rec.State.Restarting) {
      return Promise.resolve({ StatusCode: rec.State.ExitCode, Error: null });
    }
    return new Promise((resolve) => {
      const w: Waiter = { condition: cond, resolve };
      const list = this.waiters.get(rec.ID) ?? [];
      list.push(w);
      this.waiters.set(rec.ID, list);
      signal.addEventListener("abort", () => {
        const l = this.waiters.get(rec.ID)?.filter((x) => x !== w);
        if (l?.length) this.waiters.set(rec.ID, l);
        else this.waiters.delete(rec.ID);
      });
    });
  }

  // ---- stop, kill, pause ----------------------------------------------------------------

  async kill(ref: string, signal?: string): Promise<void> {
    const rec = this.get(ref);
    const sig = signal ? signalNumber(signal) : 9;
    if (sig === undefined) throw new InvalidParameterError(`Invalid signal: ${signal}`);
    if (!rec.State.Running)
      throw new ConflictError(`Cannot kill container: ${ref}: Container ${rec.ID} is not running`);
    if (sig === 9 || sig === 15) rec.ManuallyStopped = true;
    await this.signal(rec, sig);
    this.emit(rec, "kill", { signal: String(sig) });
  }

  private async signal(rec: ContainerRecord, sig: number): Promise<void> {
    const rt = this.runtime(rec.Runtime);
    await ociRuntime.kill(rt, rec.ID, sig);
    // A frozen task takes no signal until thawed: SIGKILL to a paused container must thaw it.
    if (sig === 9 && rec.State.Paused) {
      await ociRuntime.resume(rt, rec.ID).catch(() => {});
      rec.State.Paused = false;
    }
  }

  async stop(ref: string, opts: { timeout?: number; signal?: string } = {}): Promise<void> {
    const rec = this.get(ref);
    if (!rec.State.Running) {
      const t = this.restartTimers.get(rec.ID);
      if (t) {
        clearTimeout(t);
        this.restartTimers.delete(rec.ID);
        rec.ManuallyStopped = true;
        rec.State.Restarting = false;
        rec.State.Status = "exited";
        await this.store.save(rec);
        return;
      }
      throw new NotModifiedError("container already stopped");
    }
    rec.ManuallyStopped = true;
    const timeout = opts.timeout ?? rec.Config.StopTimeout ?? 10;
    const dir = this.store.dir(rec.ID);
    await writeIntent(
      dir,
      "stop",
      { deadline: Date.now() + Math.max(timeout, 0) * 1000 },
      { dataOptional: true },
    );
    await this.stopRunning(rec, opts);
    await clearIntent(dir, "stop");
    this.emit(rec, "stop");
  }

  private async stopRunning(
    rec: ContainerRecord,
    opts: { timeout?: number; signal?: string },
  ): Promise<void> {
    const sig = signalNumber(opts.signal || rec.Config.StopSignal || "SIGTERM");
    if (sig === undefined) throw new InvalidParameterError(`Invalid signal: ${opts.signal}`);
    const timeout = opts.timeout ?? rec.Config.StopTimeout ?? 10;
    const exited = this.wait(rec.ID, "not-running", new AbortController().signal);
    if (timeout !== 0 && sig !== 9) {
      if (rec.State.Paused) {
        await ociRuntime.resume(this.runtime(rec.Runtime), rec.ID).catch(() => {});
        rec.State.Paused = false;
      }
      await this.signal(rec, sig).catch(() => {});
      this.emit(rec, "kill", { signal: String(sig) });
      faultPoint("stop-after-signal");
      if (timeout < 0) {
        await exited;
        return;
      }
      const t = await Promise.race([
        exited.then(() => "exited"),
        delay(timeout * 1000).then(() => "timeout"),
      ]);
      if (t === "exited") return;
    }
    await this.signal(rec, 9).catch(() => {});
    this.emit(rec, "kill", { signal: "9" });
    await exited;
  }

  async restart(ref: string, opts: { timeout?: number; signal?: string } = {}): Promise<void> {
    const rec = this.get(ref);
    if (rec.State.Running) {
      rec.ManuallyStopped = true;
      await this.stopRunning(rec, opts);
    }
    await this.withLock(rec.ID, () => this.startLocked(rec));
    rec.RestartCount = 0;
    this.emit(rec, "restart");
  }

  async pause(ref: string): Promise<void> {
    const rec = this.get(ref);
    if (!rec.State.Running) throw new ConflictError(`Container ${rec.ID} is not running`);
    if (rec.State.Paused) throw new ConflictError(`Container ${rec.ID} is already paused`);
    await ociRuntime.pause(this.runtime(rec.Runtime), rec.ID);
    rec.State.Paused = true;
    rec.State.Status = "paused";
    await this.store.save(rec);
    this.emit(rec, "pause");
  }

  async unpause(ref: string): Promise<void> {
    const rec = this.get(ref);
    if (!rec.State.Paused) throw new ConflictError(`Container ${rec.ID} is not paused`);
    await ociRuntime.resume(this.runtime(rec.Runtime), rec.ID);
    rec.State.Paused = false;
    rec.State.Status = "running";
    await this.store.save(rec);
    this.emit(rec, "unpause");
  }

  // ---- remove, rename, update -----------------------------------------------------------

  async remove(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const rec = this.get(ref);
    await this.withLock(rec.ID, () => this.removeLocked(rec, opts));
  }

  private async removeLocked(
    rec: ContainerRecord,
    opts: { force?: boolean; volumes?: boolean },
  ): Promise<void> {
    if (!this.store.find(rec.ID)) return;
    if (rec.State.Running && !opts.force) {
      const what = rec.State.Paused ? "paused" : "running";
      throw new ConflictError(
        `cannot remove container "${rec.Name}": container is ${what}: stop the container before removing or force remove`,
      );
    }
    // Journalled before the first kill: a berthd killed during removal finishes it at start-up.
    await writeIntent(this.store.dir(rec.ID), "rm", undefined, { dataOptional: true });
    if (rec.State.Running) {
      rec.ManuallyStopped = true;
      const exited = new Promise<void>((resolve) => {
        const list = this.waiters.get(rec.ID) ?? [];
        list.push({ condition: "next-exit", resolve: () => resolve() });
        this.waiters.set(rec.ID, list);
      });
      await this.signal(rec, 9).catch(() => {});
      this.emit(rec, "kill", { signal: "9" });
      faultPoint("rm-after-kill");
      // The exit handler runs under this container's lock, which we hold: run it here.
      const exit = await waitForExitFile(this.stateDir(rec.ID), rec.MonitorPid);
      this.unwatchExit(rec.ID);
      await this.handleExitInline(rec, exit);
      await exited;
      faultPoint("rm-after-exit");
    }
    const t = this.restartTimers.get(rec.ID);
    if (t) clearTimeout(t);
    this.restartTimers.delete(rec.ID);
    this.failPendingAttach(rec.ID);
    rec.State.Status = "removing";
    // Whatever the record says: a process it does not know of (a start cut short) goes too.
    await teardownRuntime(this.teardownTarget(rec));
    faultPoint("rm-before-record");
    await this.store.remove(rec);
    this.emit(rec, "destroy");
    this.notifyWaiters(rec, "removed");
  }

  private async handleExitInline(
    rec: ContainerRecord,
    exit: { exitCode: number; finishedAt: string },
  ): Promise<void> {
    const autoRemove = rec.HostConfig.AutoRemove;
    // Removal is under way already: do not let the exit handler remove or restart.
    rec.HostConfig.AutoRemove = false;
    const policy = rec.HostConfig.RestartPolicy;
    rec.HostConfig.RestartPolicy = { Name: "no" };
    try {
      await this.handleExit(rec, exit.exitCode, exit.finishedAt);
    } finally {
      rec.HostConfig.AutoRemove = autoRemove;
      rec.HostConfig.RestartPolicy = policy;
    }
  }

  async rename(ref: string, newName: string): Promise<void> {
    const rec = this.get(ref);
    const name = `/${validateName(newName)}`;
    if (name === rec.Name) {
      throw new InvalidParameterError("Renaming a container with the same name as its current name");
    }
    const old = rec.Name;
    await this.store.rename(rec, name);
    this.emit(rec, "rename", { oldName: old });
  }

  async update(ref: string, body: Record<string, unknown>): Promise<string[]> {
    const rec = this.get(ref);
    const keys = [
      "CpuShares",
      "Memory",
      "MemoryReservation",
      "MemorySwap",
      "NanoCpus",
      "CpuPeriod",
      "CpuQuota",
      "CpusetCpus",
      "CpusetMems",
      "PidsLimit",
      "BlkioWeight",
      "OomKillDisable",
    ];
    const next = { ...rec.HostConfig };
    for (const k of keys)
      if (body[k] !== undefined && body[k] !== null && !(body[k] === 0 && k !== "CpuShares"))
        next[k] = body[k];
    if (body.RestartPolicy) {
      const rp = body.RestartPolicy as { Name?: string };
      if (rp.Name && rec.HostConfig.AutoRemove && rp.Name !== "no") {
        throw new InvalidParameterError(
          "Restart policy cannot be updated because AutoRemove is enabled for the container",
        );
      }
      next.RestartPolicy = body.RestartPolicy;
    }
    const warnings: string[] = [];
    if (next.BlkioWeight && !kernelSupport(this.cgroups).blkioWeight) {
      warnings.push(
        "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.",
      );
      next.BlkioWeight = 0;
    }
    const res = resources(
      { cgroupVersion: this.cgroups, kernelSupport: kernelSupport(this.cgroups) } as SpecInput,
      next as HostConfig,
    );
    const resJson = JSON.stringify(res, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
    const dir = this.store.dir(rec.ID);
    // Journalled with its outcome: a berthd killed between the runtime and the record finishes it.
    await writeIntent(dir, "update", { hostConfig: next, resources: JSON.parse(resJson) });
    if (rec.State.Running) {
      const file = path.join(this.stateDir(rec.ID), "update.json");
      await writeFile(file, resJson);
      await ociRuntime.update(this.runtime(rec.Runtime), rec.ID, file).catch(async (err) => {
        await clearIntent(dir, "update");
        throw err;
      });
    }
    faultPoint("update-before-record");
    rec.HostConfig = next;
    await this.store.save(rec);
    await clearIntent(dir, "update");
    this.emit(rec, "update");
    return warnings;
  }

  async prune(filter: (rec: ContainerRecord) => boolean): Promise<{ deleted: string[]; reclaimed: number }> {
    const deleted: string[] = [];
    for (const rec of this.store.list()) {
      if (rec.State.Running || rec.State.Restarting || !filter(rec)) continue;
      await this.remove(rec.ID, {});
      deleted.push(rec.ID);
    }
    return { deleted, reclaimed: 0 };
  }

  // ---- attach ---------------------------------------------------------------------------

  /**
   * Connects a hijacked client to the container's stdio. Before the container starts, the
   * client waits and is connected as the container starts, so it sees all output.
   */
  async attach(ref: string, client: Duplex, head: Buffer, opts: AttachOptions): Promise<void> {
    const rec = this.get(ref);
    if (opts.detachKeys) parseDetachKeys(opts.detachKeys);
    if (rec.State.Running) {
      const conn = await connectAttach(this.stateDir(rec.ID));
      this.bridge(rec, conn, client, head, opts);
      this.emit(rec, "attach");
      return;
    }
    const list = this.pendingAttach.get(rec.ID) ?? [];
    list.push({ client, opts, head });
    this.pendingAttach.set(rec.ID, list);
    client.once("close", () => {
      const l = this.pendingAttach.get(rec.ID)?.filter((p) => p.client !== client);
      if (l?.length) this.pendingAttach.set(rec.ID, l);
      else this.pendingAttach.delete(rec.ID);
    });
    this.emit(rec, "attach");
  }

  private async connectPendingAttach(rec: ContainerRecord): Promise<void> {
    const list = this.pendingAttach.get(rec.ID) ?? [];
    this.pendingAttach.delete(rec.ID);
    for (const p of list) {
      if (p.client.destroyed) continue;
      const conn = await connectAttach(this.stateDir(rec.ID));
      this.bridge(rec, conn, p.client, p.head, p.opts);
    }
  }

  private failPendingAttach(id: string): void {
    for (const p of this.pendingAttach.get(id) ?? []) endClient(p.client);
    this.pendingAttach.delete(id);
  }

  /** Pipes a monitor attach connection to a client in Docker's stream format. */
  private bridge(
    rec: { Config: { Tty?: boolean; StdinOnce?: boolean } },
    conn: AttachConnection,
    client: Duplex,
    head: Buffer,
    opts: AttachOptions & { onDetach?: () => void },
  ): void {
    const tty = Boolean(rec.Config.Tty);
    const out = (stream: 1 | 2, data: Buffer) => {
      if (client.destroyed) return;
      // A slow client slows the monitor (which then stops reading the container), never our heap.
      if (!client.write(tty ? data : stdcopyFrame(stream, data))) {
        conn.socket.pause();
        client.once("drain", () => conn.socket.resume());
      }
    };
    if (opts.stdout) conn.on("stdout", (d) => out(1, d));
    if (opts.stderr) conn.on("stderr", (d) => out(2, d));
    conn.on("close", () => endClient(client));
    conn.on("error", () => endClient(client));
    client.on("error", () => conn.close());
    client.on("close", () => conn.close());
    if (opts.stdin) {
      const scanner = new DetachKeyScanner(
        opts.detachKeys ? parseDetachKeys(opts.detachKeys) : DEFAULT_DETACH_KEYS,
      );
      const onData = (chunk: Buffer) => {
        const { data, detached } = scanner.push(chunk);
        if (data.length) conn.writeStdin(data);
        if (detached) {
          opts.onDetach?.();
          conn.close();
          endClient(client);
        }
      };
      if (head.length) onData(head);
      client.on("data", onData);
      client.resume();
      client.on("end", () => {
        if (rec.Config.StdinOnce !== false) conn.closeStdin();
      });
    } else {
      client.on("data", () => {});
      client.resume();
    }
  }

  async resize(ref: string, h: number, w: number): Promise<void> {
    const rec = this.get(ref);
    if (!rec.State.Running) throw new ConflictError(`Container ${rec.ID} is not running`);
    const conn = await connectAttach(this.stateDir(rec.ID));
    conn.resize(h, w);
    conn.close();
  }

  // ---- exec -----------------------------------------------------------------------------

  createExec(ref: string, cfg: ExecConfig): string {
    const rec = this.get(ref);
    if (!Array.isArray(cfg.Cmd) || cfg.Cmd.length === 0)
      throw new InvalidParameterError("No exec command specified");
    if (!rec.State.Running) throw new ConflictError(`container ${rec.ID} is not running`);
    if (rec.State.Paused)
      throw new ConflictError(`Container ${rec.ID} is paused, unpause the container before exec`);
    if (cfg.DetachKeys) parseDetachKeys(cfg.DetachKeys);
    const id = randomBytes(32).toString("hex");
    this.execs.set(id, {
      ID: id,
      ContainerID: rec.ID,
      Config: cfg,
      Running: false,
      ExitCode: null,
      Pid: 0,
      stateDir: path.join(this.opts.execRoot, "e", id.slice(0, 12)),
    });
    this.emit(rec, `exec_create: ${cfg.Cmd.join(" ")}`, { execID: id });
    return id;
  }

  getExec(id: string): ExecRecord {
    const ex = this.execs.get(id);
    if (!ex) throw new NotFoundError(`No such exec instance: ${id}`);
    return ex;
  }

  /** Starts an exec; with a client, streams it and resolves when the process has exited. */
  async startExec(
    id: string,
    opts: { detach: boolean; tty?: boolean; hijack?: () => { stream: Duplex; head: Buffer } },
  ): Promise<void> {
    const ex = this.getExec(id);
    if (ex.Running || ex.ExitCode !== null)
      throw new ConflictError(`Error: Exec command ${id} has already run`);
    const rec = this.get(ex.ContainerID);
    if (!rec.State.Running) throw new ConflictError(`container ${rec.ID} is not running`);
    if (rec.State.Paused)
      throw new ConflictError(`Container ${rec.ID} is paused, unpause the container before exec`);
    // Claimed before the first await, so two concurrent starts cannot both run it.
    ex.Running = true;
    try {
      await this.runExec(ex, rec, opts);
    } catch (err) {
      if (ex.Pid === 0) ex.Running = false;
      throw err;
    }
  }

  private async runExec(
    ex: ExecRecord,
    rec: ContainerRecord,
    opts: { detach: boolean; tty?: boolean; hijack?: () => { stream: Duplex; head: Buffer } },
  ): Promise<void> {
    const id = ex.ID;
    const cfg = ex.Config;
    const tty = opts.tty ?? Boolean(cfg.Tty);
    const rootfs = rootfsPaths(this.store.dir(rec.ID)).merged;
    const user = await resolveUser(
      rootfs,
      cfg.User || rec.Config.User || "",
      (rec.HostConfig.GroupAdd as string[]) ?? [],
    );
    const baseEnv = mergeEnv(undefined, rec.Config.Env, rec.Config.Hostname ?? "", user.home, { tty });
    const env = mergeEnv(
      undefined,
      [...baseEnv.filter((e) => !e.startsWith("PATH=") && !e.startsWith("HOSTNAME=")), ...(cfg.Env ?? [])],
      rec.Config.Hostname ?? "",
      user.home,
      { tty },
    );
    const caps = cfg.Privileged
      ? containerCapabilities({ ...rec.HostConfig, Privileged: true })
      : containerCapabilities(rec.HostConfig);
    const isRoot = user.uid === 0;
    const sec = parseSecurityOpts((rec.HostConfig.SecurityOpt as string[] | undefined) ?? []);
    const processSpec = {
      terminal: tty,
      ...(tty && cfg.ConsoleSize?.[0]
        ? { consoleSize: { height: cfg.ConsoleSize[0], width: cfg.ConsoleSize[1] } }
        : {}),
      user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
      args: cfg.Cmd,
      env,
      cwd: path.resolve("/", cfg.WorkingDir || rec.Config.WorkingDir || "/"),
      capabilities: {
        bounding: caps,
        effective: isRoot ? caps : [],
        permitted: isRoot ? caps : [],
      },
      noNewPrivileges: Boolean((sec as { noNewPrivileges?: boolean }).noNewPrivileges),
    };
    await rm(ex.stateDir, { recursive: true, force: true });
    await mkdir(ex.stateDir, { recursive: true, mode: 0o700 });
    const processFile = path.join(ex.stateDir, "process.json");
    await writeFile(processFile, JSON.stringify(processSpec));
    const rt = this.runtime(rec.Runtime);
    const attached = !opts.detach && opts.hijack !== undefined;
    let started: { containerPid: number; monitorPid: number };
    try {
      started = await startMonitor({
        runtime: rt.path,
        runtimeRoot: rt.root,
        id: rec.ID,
        stateDir: ex.stateDir,
        tty,
        stdin: Boolean(cfg.AttachStdin) && attached,
        attachWait: attached,
        exec: { processFile },
        ...(this.opts.monitorBinary ? { binary: this.opts.monitorBinary } : {}),
      });
    } catch (err) {
      ex.Running = false;
      ex.ExitCode = exitCodeForStartError(err);
      await rm(ex.stateDir, { recursive: true, force: true });
      throw err;
    }
    ex.Pid = started.containerPid;
    this.emit(rec, `exec_start: ${cfg.Cmd.join(" ")}`, { execID: id });
    const finished = this.waitExecExit(rec, ex);
    if (!attached) {
      void finished;
      return;
    }
    const conn = await connectAttach(ex.stateDir);
    ex.attach = conn;
    if (ex.pendingResize) conn.resize(...ex.pendingResize);
    // Record the code before the stream ends: clients read it (GET /exec/{id}/json) right after.
    conn.on("exit", (code) => {
      ex.ExitCode = code;
      ex.Running = false;
    });
    // Only now, with the process running, does the connection become a raw stream: an
    // earlier failure is still a plain HTTP error.
    const { stream: client, head } = opts.hijack!();
    // As dockerd: a client that goes away takes its exec'd process with it (SIGKILL).
    killExecWhenClientGoes(client, {
      tty,
      running: () => ex.Running,
      pid: started.containerPid,
      monitorPid: started.monitorPid,
    });
    this.bridge({ Config: { Tty: tty, StdinOnce: true } }, conn, client, head, {
      stdin: Boolean(cfg.AttachStdin),
      stdout: cfg.AttachStdout !== false,
      stderr: cfg.AttachStderr !== false,
      detachKeys: cfg.DetachKeys,
    });
    await finished;
  }

  private waitExecExit(rec: ContainerRecord, ex: ExecRecord): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const check = async () => {
        if (done) return;
        const exit = await readExit(ex.stateDir).catch(() => undefined);
        if (!exit || done) return;
        done = true;
        watcher.close();
        clearInterval(timer);
        ex.Running = false;
        ex.ExitCode = exit.exitCode;
        // Kept for clients that read the exit code, then forgotten (Docker keeps them ~5 min).
        setTimeout(() => this.execs.delete(ex.ID), 5 * 60_000).unref();
        this.emit(rec, "exec_die", { execID: ex.ID, exitCode: String(exit.exitCode) });
        await rm(ex.stateDir, { recursive: true, force: true }).catch(() => {});
        resolve();
      };
      const watcher = watch(ex.stateDir, () => void check());
      const timer = setInterval(() => void check(), 1000);
      void check();
    });
  }

  async resizeExec(id: string, h: number, w: number): Promise<void> {
    const ex = this.getExec(id);
    if (!ex.Running) throw new ConflictError(`Exec ${id} is not running`);
    // The client may resize before the stream is connected: apply it then.
    if (ex.attach) ex.attach.resize(h, w);
    else ex.pendingResize = [h, w];
  }

  // ---- top ------------------------------------------------------------------------------

  async top(ref: string, psArgs: string): Promise<{ Titles: string[]; Processes: string[][] }> {
    const rec = this.get(ref);
    if (!rec.State.Running) throw new ConflictError(`Container ${rec.ID} is not running`);
    const pids = new Set(await ociRuntime.ps(this.runtime(rec.Runtime), rec.ID));
    const { execFile } = await import("node:child_process");
    const args = (psArgs || "-ef").split(/\s+/).filter(Boolean);
    const out = await new Promise<string>((resolve, reject) =>
      execFile("ps", args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
        err
          ? reject(new InvalidParameterError(`Error running ps: ${stderr || err.message}`))
          : resolve(stdout),
      ),
    );
    const lines = out.split("\n").filter((l) => l.trim());
    const titles = lines[0].trim().split(/\s+/);
    const pidCol = titles.indexOf("PID");
    if (pidCol < 0) throw new InvalidParameterError("Couldn't find PID field in ps output");
    const processes: string[][] = [];
    for (const line of lines.slice(1)) {
      const fields = line.trim().split(/\s+/);
      const pid = Number(fields[pidCol]);
      if (!pids.has(pid)) continue;
      // The last column (CMD/COMMAND) may contain spaces: keep it whole.
      const row = fields.slice(0, titles.length - 1);
      row.push(fields.slice(titles.length - 1).join(" "));
      processes.push(row);
    }
    this.emit(rec, "top");
    return { Titles: titles, Processes: processes };
  }

  // ---- restore --------------------------------------------------------------------------

  /**
   * Re-adopts containers after berthd (re)starts: running ones whose monitor lives are
   * watched again; those that exited meanwhile get their exit recorded; restart policies
   * bring back what should run.
   */
  async restore(): Promise<void> {
    this.hostRlimits = await readHostRlimits();
    const records = await this.store.init();
    // Intents of operations a crash cut short, and records squared with the runtime's truth.
    const followUps = await reconcile(
      {
        store: this.store,
        runtime: (name) => this.runtime(name),
        stateDir: (id) => this.stateDir(id),
        cgroupVersion: this.cgroups,
        execRoot: this.opts.execRoot,
        log: this.log,
      },
      records,
    );
    for (const rec of records) {
      if (followUps.remove.includes(rec.ID)) continue;
      if (!rec.State.Running) {
        if (rec.State.Restarting) {
          rec.State.Restarting = false;
          rec.State.Status = "exited";
          await this.store.save(rec);
        }
        // Docker's rules at daemon start: always (even if stopped by hand), unless-stopped
        // unless stopped by hand, on-failure after a failure within its retry count.
        const rp =
          (rec.HostConfig.RestartPolicy as { Name?: string; MaximumRetryCount?: number } | undefined) ?? {};
        const ran = rec.State.StartedAt !== "0001-01-01T00:00:00Z";
        const restart =
          rp.Name === "always" ||
          (rp.Name === "unless-stopped" && !rec.ManuallyStopped) ||
          (rp.Name === "on-failure" &&
            rec.State.ExitCode !== 0 &&
            (!rp.MaximumRetryCount || rec.RestartCount < rp.MaximumRetryCount));
        if (ran && restart) {
          void this.start(rec.ID).catch((err) =>
            this.log.error("restart on restore failed", { id: rec.ID, err: errorMessage(err) }),
          );
        }
        continue;
      }
      const exit = await readExit(this.stateDir(rec.ID)).catch(() => undefined);
      const monitorAlive = rec.MonitorPid !== undefined && isMonitor(rec.MonitorPid);
      if (exit || !monitorAlive) {
        await this.withLock(rec.ID, () =>
          this.handleExit(rec, exit?.exitCode ?? 255, exit?.finishedAt ?? new Date().toISOString()),
        );
        continue;
      }
      const st = await ociRuntime.state(this.runtime(rec.Runtime), rec.ID).catch(() => undefined);
      if (st?.status === "paused") {
        rec.State.Paused = true;
        rec.State.Status = "paused";
      }
      this.watchExit(rec);
      this.log.info("re-adopted running container", { id: rec.ID, pid: rec.State.Pid });
    }
    for (const id of followUps.remove) {
      await this.remove(id, { force: true }).catch((err) =>
        this.log.error("finishing an interrupted removal failed", { id, err: errorMessage(err) }),
      );
    }
    for (const { id, timeout } of followUps.stop) {
      void this.stop(id, { timeout }).catch(() => {});
    }
  }

  /** Waits for operations under way (a start half-done must be recorded before exit). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.locks.values()]);
  }

  /** Stops watching (berthd shutting down); containers keep running. */
  close(): void {
    for (const id of [...this.watchers.keys()]) this.unwatchExit(id);
    for (const t of this.restartTimers.values()) clearTimeout(t);
  }
}

function readFileSafe(p: string): string | undefined {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
}

function isMonitor(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("berth-monitor");
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The exit the monitor recorded; or, when the monitor died without recording one (killed
 * by hand or by the OOM killer), an exit with Docker's code for a lost process, 255.
 */
async function readExitOrLostMonitor(
  stateDir: string,
  monitorPid: number | undefined,
): Promise<{ exitCode: number; finishedAt: string } | undefined> {
  const exit = await readExit(stateDir).catch(() => undefined);
  if (exit) return exit;
  if (monitorPid !== undefined && !isMonitor(monitorPid)) {
    // It may have written the file just before exiting.
    return (
      (await readExit(stateDir).catch(() => undefined)) ?? {
        exitCode: 255,
        finishedAt: new Date().toISOString(),
      }
    );
  }
  return undefined;
}

async function waitForExitFile(
  stateDir: string,
  monitorPid: number | undefined,
): Promise<{ exitCode: number; finishedAt: string }> {
  for (;;) {
    const exit = await readExitOrLostMonitor(stateDir, monitorPid);
    if (exit) return exit;
    await new Promise<void>((resolve) => {
      let w: ReturnType<typeof watch> | undefined;
      const t = setTimeout(() => {
        w?.close();
        resolve();
      }, 200);
      try {
        w = watch(stateDir, () => {
          clearTimeout(t);
          w?.close();
          resolve();
        });
      } catch {
        clearTimeout(t);
        resolve();
      }
    });
  }
}

/** Docker's exit codes for a process that could not start: 127 not found, 126 not executable. */
export function exitCodeForStartError(err: unknown): number {
  const msg = errorMessage(err);
  if (/executable file not found|no such file or directory/i.test(msg)) return 127;
  if (/permission denied|not executable|exec format error/i.test(msg)) return 126;
  return 125;
}
