// Start-up reconciliation after berthd died (kill -9, OOM, power to the daemon only): each
// intent left by intent.ts is finished or undone, and each container's record is squared
// with the ground truth — the monitor and the runtime's state, not the record. What no
// record owns (runtime state, monitors, state dirs, mounts) is torn down.

import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { errorMessage } from "../errdefs/errors.ts";
import { rootfsPaths, unmountRootfs } from "../layer/rootfs.ts";
import type { CgroupVersion } from "../runtime/cgroups.ts";
import { connectAttach, findMonitors, readExit } from "../runtime/monitor-client.ts";
import { ociRuntime, type RuntimeInfo } from "../runtime/oci-runtime.ts";
import type { Logger } from "../util/logger.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerStore } from "./container-store.ts";
import { clearIntent, type Intent, readIntents } from "./intent.ts";
import { setRunning, setUnpaused } from "./state.ts";
import { hasRuntimeState, teardownRuntime } from "./teardown.ts";

export interface ReconcileHost {
  store: ContainerStore;
  runtime(name: string): RuntimeInfo;
  stateDir(id: string): string;
  cgroupVersion: CgroupVersion;
  execRoot: string;
  log: Logger;
}

/** Work that needs the whole service running: done by restore() once records are squared. */
export interface ReconcileFollowUps {
  /** Removals that a crash interrupted: finished with rm -f. */
  remove: string[];
  /** Stops that a crash interrupted: finished with what is left of their timeout (s). */
  stop: { id: string; timeout: number }[];
}

interface Live {
  monitorPid: number;
  containerPid: number;
  paused: boolean;
}

// A monitor still running its `runtime create` when berthd died finishes it on its own;
// this is how long we wait for it to report (runc takes ~50 ms here, 10 s under heavy load).
const MONITOR_REPORT_MS = 10_000;

export async function reconcile(
  host: ReconcileHost,
  records: ContainerRecord[],
): Promise<ReconcileFollowUps> {
  const out: ReconcileFollowUps = { remove: [], stop: [] };
  for (const rec of records) {
    try {
      await reconcileOne(host, rec, out);
    } catch (err) {
      host.log.error("reconcile after restart failed", { id: rec.ID, err: errorMessage(err) });
    }
  }
  await sweepOrphans(host, new Set(records.map((r) => r.ID))).catch((err) =>
    host.log.error("sweeping state no container owns failed", { err: errorMessage(err) }),
  );
  return out;
}

async function reconcileOne(
  host: ReconcileHost,
  rec: ContainerRecord,
  out: ReconcileFollowUps,
): Promise<void> {
  const dir = host.store.dir(rec.ID);
  const intents = await readIntents(dir);
  if (intents.has("rm")) {
    // Finish it: removal is what the user asked for, and every step of it is idempotent.
    out.remove.push(rec.ID);
    return;
  }
  const rt = host.runtime(rec.Runtime);
  const stateDir = host.stateDir(rec.ID);
  const live = await liveProcess(rt, rec.ID, stateDir);
  let dirty = false;
  if (!rec.State.Running) {
    if (live) {
      // A start whose record was not written yet: the process is adopted, never orphaned.
      setRunning(rec, {
        pid: live.containerPid,
        monitorPid: live.monitorPid,
        startedAt: intents.get("start")?.at ?? new Date().toISOString(),
        paused: live.paused,
      });
      dirty = true;
      // A start for an attached client holds output until one connects; none will now.
      await connectAttach(stateDir)
        .then((c) => c.close())
        .catch(() => {});
      host.log.info("adopted a container whose start was interrupted", {
        id: rec.ID,
        pid: live.containerPid,
      });
    } else if (
      intents.has("start") ||
      hasRuntimeState(rt, rec.ID) ||
      existsSync(stateDir) ||
      (await findMonitors(rec.ID)).length > 0
    ) {
      // An interrupted start that did not get a process running, or an exit whose clean-up
      // was cut short: undo what was made.
      await teardownRuntime(target(host, rt, rec));
    }
  }
  if (intents.has("update")) dirty = (await finishUpdate(host, rt, rec, intents.get("update")!)) || dirty;
  if (intents.has("commit") && rec.State.Running) {
    // A commit froze it and died: thaw, whatever the record says (commit never records a pause).
    await ociRuntime.resume(rt, rec.ID).catch(() => {});
    setUnpaused(rec);
    dirty = true;
  }
  if (intents.has("stop")) {
    rec.ManuallyStopped = true;
    dirty = true;
    if (rec.State.Running) out.stop.push({ id: rec.ID, timeout: remainingStopTimeout(intents.get("stop")!) });
  }
  if (dirty) await host.store.save(rec);
  for (const op of intents.keys()) await clearIntent(dir, op);
}

function target(host: ReconcileHost, rt: RuntimeInfo, rec: ContainerRecord) {
  return {
    rt,
    id: rec.ID,
    cgroupsPath: rec.CgroupsPath,
    cgroupVersion: host.cgroupVersion,
    stateDir: host.stateDir(rec.ID),
    containerDir: host.store.dir(rec.ID),
  };
}

/** The container's process as the monitor and the runtime see it, or undefined when there is none. */
async function liveProcess(rt: RuntimeInfo, id: string, stateDir: string): Promise<Live | undefined> {
  const monitorFile = path.join(stateDir, "monitor.json");
  const deadline = Date.now() + MONITOR_REPORT_MS;
  let monitors = (await findMonitors(id)).filter((m) => !m.exec);
  while (monitors.length > 0 && !existsSync(monitorFile) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    monitors = (await findMonitors(id)).filter((m) => !m.exec);
  }
  if (monitors.length === 0 || !existsSync(monitorFile)) return undefined;
  if (await readExit(stateDir).catch(() => undefined)) return undefined;
  let started: { monitorPid: number; containerPid: number };
  try {
    started = JSON.parse(await readFile(monitorFile, "utf8")) as typeof started;
  } catch {
    return undefined;
  }
  if (!monitors.some((m) => m.pid === started.monitorPid)) return undefined;
  const st = await ociRuntime.state(rt, id).catch(() => undefined);
  if (!st || (st.status !== "running" && st.status !== "paused")) return undefined;
  return { ...started, paused: st.status === "paused" };
}

async function finishUpdate(
  host: ReconcileHost,
  rt: RuntimeInfo,
  rec: ContainerRecord,
  intent: Intent,
): Promise<boolean> {
  const data = intent.data;
  if (!data?.hostConfig) return false;
  if (rec.State.Running && data.resources) {
    const file = path.join(host.stateDir(rec.ID), "update.json");
    await writeFile(file, JSON.stringify(data.resources));
    await ociRuntime.update(rt, rec.ID, file);
  }
  rec.HostConfig = data.hostConfig;
  return true;
}

function remainingStopTimeout(intent: Intent): number {
  const deadline = Number(intent.data?.deadline);
  if (!Number.isFinite(deadline)) return 0;
  return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
}

/**
 * Runtime states, monitors, state dirs and rootfs mounts that no container owns: what a
 * removal interrupted after its record was gone, or a create cut short.
 */
async function sweepOrphans(host: ReconcileHost, owned: Set<string>): Promise<void> {
  const runtimesDir = path.join(host.execRoot, "runtime");
  for (const name of await readdir(runtimesDir).catch((): string[] => [])) {
    let rt: RuntimeInfo;
    try {
      rt = host.runtime(name);
    } catch {
      continue;
    }
    for (const id of await readdir(rt.root).catch((): string[] => [])) {
      if (!/^[a-f0-9]{64}$/.test(id) || owned.has(id)) continue;
      host.log.warn("tearing down a container no record owns", { id });
      await teardownRuntime({
        rt,
        id,
        cgroupsPath: path.posix.join("/berth", id),
        cgroupVersion: host.cgroupVersion,
        stateDir: host.stateDir(id),
        containerDir: host.store.dir(id),
      });
    }
  }
  const prefixes = new Set([...owned].map((id) => id.slice(0, 12)));
  const cDir = path.join(host.execRoot, "c");
  for (const p of await readdir(cDir).catch((): string[] => [])) {
    if (!prefixes.has(p)) await rm(path.join(cDir, p), { recursive: true, force: true });
  }
  await releaseOrphanExecs(path.join(host.execRoot, "e"));
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8");
  const root = host.store.root;
  for (const line of mountinfo.split("\n")) {
    const mp = line.split(" ")[4];
    if (!mp?.startsWith(`${root}/`)) continue;
    const id = mp.slice(root.length + 1).split("/")[0];
    if (owned.has(id) || mp !== rootfsPaths(path.join(root, id)).merged) continue;
    await unmountRootfs(path.join(root, id)).catch(() => {});
  }
}

/**
 * Exec records (and health probes) live in memory only: after a restart none is known, so
 * every exec state dir is an orphan. An exec whose monitor still runs may be one berthd died
 * before attaching to: its monitor holds the output back until a client attaches
 * (--attach-wait), so it would wait for ever. Attaching and discarding its output lets it run
 * to its end; then the dirs go (an exec still running goes on without its dir).
 */
async function releaseOrphanExecs(eDir: string): Promise<void> {
  for (const p of await readdir(eDir).catch((): string[] => [])) {
    const dir = path.join(eDir, p);
    if (!existsSync(path.join(dir, "attach.sock"))) continue;
    try {
      const conn = await connectAttach(dir);
      conn.on("error", () => {});
      void conn
        .wait()
        .catch(() => undefined)
        .finally(() => conn.close());
    } catch {
      // the monitor is gone: nothing to release
    }
  }
  // A probe can end while its dir goes: its monitor writes exit.json between rm's unlinks and
  // its rmdir (ENOTEMPTY), so rm tries again. The monitor never re-creates a dir that is gone.
  await rm(eDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
}
