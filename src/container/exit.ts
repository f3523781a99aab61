import { watch } from "node:fs";
import { rm } from "node:fs/promises";
import { errorMessage } from "../errdefs/errors.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerContext } from "./context.ts";
import { removeLocked } from "./remove.ts";
import { releaseAll } from "./resources.ts";
import { decideAfterExit, type ExitDecision } from "./restart-policy.ts";
import { startLocked } from "./start.ts";
import { clearRestarting, setExited, setRestarting } from "./state.ts";

export interface Exit {
  exitCode: number;
  finishedAt: string;
}

/** Watches the monitor's state dir for exit.json; handles the exit once. */
export function watchExit(ctx: ContainerContext, rec: ContainerRecord): void {
  ctx.unwatchExit(rec.ID);
  const stateDir = ctx.stateDir(rec.ID);
  let done = false;
  const check = async () => {
    if (done) return;
    const exit = await readExitOrLostMonitor(ctx, stateDir, rec.MonitorPid);
    if (!exit || done) return;
    done = true;
    ctx.unwatchExit(rec.ID);
    await ctx
      .withLock(rec.ID, () => handleExit(ctx, rec, exit))
      .catch((err) =>
        ctx.log.error("container exit handling failed", { id: rec.ID, err: errorMessage(err) }),
      );
  };
  const watcher = watch(stateDir, () => void check());
  // A slow timer backs up inotify in case an event is coalesced away.
  const timer = setInterval(() => void check(), 1000);
  ctx.watchers.set(rec.ID, () => {
    watcher.close();
    clearInterval(timer);
  });
  void check();
}

/**
 * Records an exit and cleans up after it; then does what `decision` says (by default the
 * restart policy's and --rm's). The caller holds the container's lock.
 */
export async function handleExit(
  ctx: ContainerContext,
  rec: ContainerRecord,
  exit: Exit,
  decision?: ExitDecision,
): Promise<void> {
  if (!rec.State.Running) return;
  ctx.health.disarm(rec.ID);
  const oom = await ctx.rt.wasOomKilled(rec);
  setExited(rec, { exitCode: exit.exitCode, finishedAt: exit.finishedAt, oomKilled: oom });
  // A full data root must not stop the clean-up below (runtime state, cgroups, mount):
  // the record on disk still says running, and the next start-up records the exit.
  await ctx.store
    .save(rec)
    .catch((err) =>
      ctx.log.error("recording a container's exit failed", { id: rec.ID, err: errorMessage(err) }),
    );
  if (oom) ctx.emit(rec, "oom");
  ctx.emit(rec, "die", { exitCode: String(exit.exitCode) });
  // Waiters learn the exit once it is recorded; the clean-up below still runs under the
  // container's lock, so nothing can start it again before it is done.
  ctx.waiters.release(rec, "exit");
  // Resources (the network's CNI DEL above all) are given back while the runtime's state
  // and the rootfs go.
  const releasing = releaseAll(ctx.resources, rec, "exit").catch((err) =>
    ctx.log.warn("releasing a container's resources failed", { id: rec.ID, err: errorMessage(err) }),
  );
  await ctx.rt
    .deleteExited(rec)
    .catch((err) => ctx.log.warn("runtime delete failed", { id: rec.ID, err: errorMessage(err) }));
  if (!ctx.rootfsUsers.has(rec.ID)) {
    await ctx.rt
      .unmountRootfs(ctx.store.dir(rec.ID))
      .catch((err) => ctx.log.warn("unmount failed", { id: rec.ID, err: errorMessage(err) }));
  }
  await rm(ctx.stateDir(rec.ID), { recursive: true, force: true });
  await releasing;
  for (const [execId, ex] of ctx.execs)
    if (ex.ContainerID === rec.ID && !ex.Running) ctx.execs.delete(execId);
  const next = decision ?? decideAfterExit(rec);
  if (next.autoRemove) {
    await removeLocked(ctx, rec, { force: true }).catch((err) =>
      ctx.log.error("auto-remove failed", { id: rec.ID, err: errorMessage(err) }),
    );
    return;
  }
  if (next.restartAfterMs !== undefined) scheduleRestart(ctx, rec, next.restartAfterMs);
}

function scheduleRestart(ctx: ContainerContext, rec: ContainerRecord, delayMs: number): void {
  setRestarting(rec);
  const timer = setTimeout(() => {
    ctx.restartTimers.delete(rec.ID);
    if (!ctx.store.find(rec.ID) || rec.ManuallyStopped) return;
    rec.RestartCount++;
    clearRestarting(rec);
    void ctx
      .withLock(rec.ID, () => startLocked(ctx, rec))
      .then(() => ctx.emit(rec, "restart"))
      .catch((err) => ctx.log.error("restart failed", { id: rec.ID, err: errorMessage(err) }));
  }, delayMs);
  ctx.restartTimers.set(rec.ID, timer);
}

/**
 * The exit the monitor recorded; or, when the monitor died without recording one (killed
 * by hand or by the OOM killer), an exit with Docker's code for a lost process, 255.
 */
export async function readExitOrLostMonitor(
  ctx: ContainerContext,
  stateDir: string,
  monitorPid: number | undefined,
): Promise<Exit | undefined> {
  const exit = await ctx.rt.readExit(stateDir).catch(() => undefined);
  if (exit) return exit;
  if (monitorPid !== undefined && !ctx.rt.monitorAlive(monitorPid)) {
    // It may have written the file just before exiting.
    return (
      (await ctx.rt.readExit(stateDir).catch(() => undefined)) ?? {
        exitCode: 255,
        finishedAt: new Date().toISOString(),
      }
    );
  }
  return undefined;
}

/** Waits (inotify, backed by a short poll) for the monitor to record the exit. */
export async function waitForExitFile(
  ctx: ContainerContext,
  stateDir: string,
  monitorPid: number | undefined,
): Promise<Exit> {
  for (;;) {
    const exit = await readExitOrLostMonitor(ctx, stateDir, monitorPid);
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
