import { existsSync } from "node:fs";
import { chown, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { errorMessage, InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { mergeEnv } from "../runtime/command.ts";
import { blockDeviceNumbers, devicesFromPath, hostDevices } from "../runtime/host-devices.ts";
import type { MonitorLogOptions } from "../runtime/monitor-client.ts";
import {
  blockIODevicePaths,
  generateSpec,
  type SpecInput,
  type SpecInputDevice,
  serializeSpec,
} from "../runtime/oci-spec.ts";
import { resolveUser } from "../runtime/user.ts";
import type { HostConfig } from "../types/host-config.ts";
import { connectPendingAttach, failPendingAttach } from "./attach.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerContext } from "./context.ts";
import { watchExit } from "./exit.ts";
import { faultPoint } from "./fault-point.ts";
import { clearIntent, writeIntent } from "./intent.ts";
import { journaldSocket, journalFields, logAttrs, logSettings } from "./log-options.ts";
import { prepareAll, releaseAll, type SpecContribution, startedAll } from "./resources.ts";
import { exitCodeForStartError } from "./signals.ts";
import { assertCanStart, clearRestarting, setRunning, setStartFailed } from "./state.ts";

export async function startContainer(ctx: ContainerContext, ref: string): Promise<void> {
  const rec = ctx.store.get(ref);
  await ctx.withLock(rec.ID, () => startLocked(ctx, rec));
}

/** Starts `rec`; the caller holds its lock. */
export async function startLocked(ctx: ContainerContext, rec: ContainerRecord): Promise<void> {
  // A start by hand ends a restart policy's back-off.
  if (ctx.cancelRestart(rec.ID)) clearRestarting(rec);
  assertCanStart(rec);
  if (!ctx.store.find(rec.ID)) throw new NotFoundError(`No such container: ${rec.ID}`);
  const dir = ctx.store.dir(rec.ID);
  const stateDir = ctx.stateDir(rec.ID);
  const image = ctx.images.store.get(rec.Image);
  if (!image)
    throw new NotFoundError(`Cannot start container ${rec.Name.slice(1)}: its image ${rec.Image} is gone`);
  const lowers = ctx.images.layerDirs(image).reverse();
  // Journalled: a berthd killed from here on adopts the process or undoes the start.
  await writeIntent(dir, "start", undefined, { dataOptional: true });
  // The resources (the network's CNI ADD above all, ~80 ms) are acquired while the rootfs
  // is mounted; the spec waits for both.
  let contributing: Promise<SpecContribution> | undefined;
  try {
    contributing = prepareAll(ctx.resources, rec);
    contributing.catch(() => {});
    // Leftovers of a previous run (a crash between its exit and our clean-up).
    await ctx.rt.deleteStale(rec);
    await rm(stateDir, { recursive: true, force: true });
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    const rootfs = await ctx.rt.mountRootfs(dir, lowers, { volatile: Boolean(rec.Ephemeral) });
    const spec = generateSpec(await specInput(ctx, rec, rootfs, contributing));
    await writeFile(path.join(dir, "config.json"), serializeSpec(spec));
    const log = containerLog(ctx, rec);
    const started = await ctx.rt.startMonitor(rec, {
      bundle: dir,
      stateDir,
      tty: Boolean(rec.Config.Tty),
      stdin: Boolean(rec.Config.OpenStdin),
      // One runtime call creates and starts; clients attached before the start see all of
      // the output because the monitor holds it until the first of them connects.
      start: true,
      attachWait: (ctx.pendingAttach.get(rec.ID)?.length ?? 0) > 0,
      ...(log ? { log } : {}),
    });
    faultPoint("start-after-monitor");
    setRunning(rec, { pid: started.containerPid, monitorPid: started.monitorPid });
    watchExit(ctx, rec);
    // Before the save, so the record says "starting" from the first moment it says running.
    ctx.health.arm(rec, { reset: true });
    // Recorded at once: a berthd that dies from here on re-adopts the running container.
    await ctx.store.save(rec);
    await clearIntent(dir, "start");
    for (const err of await startedAll(ctx.resources, rec)) {
      ctx.log.warn("giving back what only the runtime's setup needed failed", {
        id: rec.ID,
        err: errorMessage(err),
      });
    }
    // Attach clients that were waiting for the start connect now; the monitor held the
    // output back for them (attachWait).
    await connectPendingAttach(ctx, rec);
    ctx.emit(rec, "start");
  } catch (err) {
    ctx.unwatchExit(rec.ID);
    ctx.health.disarm(rec.ID);
    failPendingAttach(ctx, rec.ID);
    // A prepare still under way finishes before its release.
    await contributing?.catch(() => {});
    // Everything the start made, the monitor's state dir included.
    await releaseAll(ctx.resources, rec, "exit").catch(() => {});
    await ctx.rt
      .teardown(rec, { stateDir, containerDir: dir })
      .catch((e) => ctx.log.warn("undoing a failed start failed", { id: rec.ID, err: errorMessage(e) }));
    setStartFailed(rec, exitCodeForStartError(errorMessage(err)), errorMessage(err));
    await ctx.store.save(rec).catch(() => {});
    await clearIntent(dir, "start").catch(() => {});
    if (rec.HostConfig.AutoRemove) {
      // As Docker: a --rm container that cannot start is removed, and its waiters released.
      await ctx.store.remove(rec);
      ctx.emit(rec, "destroy");
      ctx.waiters.release(rec, "removed");
    } else ctx.waiters.release(rec, "exit");
    throw err;
  }
}

/** The spec generator's input for a start: the record, the host, and what the resources contribute. */
async function specInput(
  ctx: ContainerContext,
  rec: ContainerRecord,
  rootfs: string,
  contributing: Promise<SpecContribution>,
): Promise<SpecInput> {
  const hc = rec.HostConfig;
  const user = await resolveUser(rootfs, rec.Config.User ?? "", hc.GroupAdd ?? []);
  const cwd = rec.Config.WorkingDir || "/";
  if (cwd !== "/") {
    // Docker creates a missing working directory, owned by the container's user.
    const abs = path.join(rootfs, path.resolve("/", cwd));
    if (!existsSync(abs)) {
      await mkdir(abs, { recursive: true, mode: 0o755 });
      await chown(abs, user.uid, user.gid);
    }
  }
  const contributed = await contributing;
  const hostname = contributed.hostname ?? rec.Config.Hostname ?? rec.ID.slice(0, 12);
  const env = mergeEnv(
    undefined,
    [...(rec.Config.Env ?? []), ...(contributed.env ?? [])],
    hostname,
    user.home,
    {
      tty: rec.Config.Tty,
    },
  );
  const networkMode: HostConfig["NetworkMode"] = hc.NetworkMode === "host" ? "host" : "none";
  return {
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
      ...(hc.ConsoleSize?.[0]
        ? { consoleSize: { height: hc.ConsoleSize[0], width: hc.ConsoleSize[1] } }
        : {}),
    },
    hostname,
    domainname: rec.Config.Domainname,
    ...(contributed.initFiles ? { initFiles: contributed.initFiles } : {}),
    ...(contributed.netnsPath ? { netnsPath: contributed.netnsPath } : {}),
    ...(contributed.mounts?.length ? { mounts: contributed.mounts } : {}),
    hostConfig: { ...hc, NetworkMode: networkMode },
    cgroupsPath: rec.CgroupsPath,
    cgroupVersion: ctx.host.cgroups,
    hostRlimitNofile: ctx.host.rlimits.RLIMIT_NOFILE ?? { soft: 1024, hard: 1024 },
    hostRlimits: ctx.host.rlimits,
    ...(ctx.host.seccomp ? { seccompProfile: ctx.host.seccomp } : {}),
    kernelSupport: ctx.host.kernelSupport,
    devices: await mappedDevices(hc),
    blockDevices: await blockDevices(hc),
    ...(hc.Privileged ? { hostDevices: await hostDevices() } : {}),
    ...(hc.Init ? { initBinary: initBinary() } : {}),
  };
}

/** What the monitor writes the container's log with; undefined for the none driver. */
function containerLog(ctx: ContainerContext, rec: ContainerRecord): MonitorLogOptions | undefined {
  const cfg = rec.HostConfig.LogConfig ?? {};
  const opts = cfg.Config ?? {};
  const settings = logSettings(cfg.Type, opts, { driver: ctx.opts.logDriver, opts: ctx.opts.logOpts });
  if (settings.driver === "none") return undefined;
  const info = {
    id: rec.ID,
    name: rec.Name,
    imageId: rec.Image,
    imageName: rec.Config.Image,
    labels: rec.Config.Labels ?? {},
    env: rec.Config.Env ?? [],
  };
  if (settings.driver === "journald") {
    return { path: journaldSocket(), driver: "journald", attrs: journalFields(opts, info) };
  }
  const attrs = logAttrs(opts, info);
  return { path: ctx.logPath(rec.ID, settings.driver), ...settings, driver: settings.driver, attrs };
}

/** HostConfig.Devices (`--device`) as the nodes and cgroup permissions they stand for. */
async function mappedDevices(hc: HostConfig): Promise<SpecInputDevice[]> {
  const out: SpecInputDevice[] = [];
  for (const d of hc.Devices ?? []) {
    const inContainer = d.PathInContainer || d.PathOnHost;
    out.push(...(await devicesFromPath(d.PathOnHost, inContainer, d.CgroupPermissions || "rwm")));
  }
  return out;
}

/** The numbers of the devices HostConfig's block I/O limits name. */
async function blockDevices(hc: HostConfig): Promise<NonNullable<SpecInput["blockDevices"]>> {
  const out: NonNullable<SpecInput["blockDevices"]> = {};
  for (const p of blockIODevicePaths(hc)) out[p] = await blockDeviceNumbers(p);
  return out;
}

function initBinary(): string {
  for (const p of ["/usr/bin/tini-static", "/usr/bin/catatonit", "/usr/libexec/podman/catatonit"]) {
    if (existsSync(p)) return p;
  }
  throw new InvalidParameterError(
    "Cannot use --init: no static init binary found (install Debian's tini, which ships /usr/bin/tini-static, or catatonit)",
  );
}
