import { errorMessage } from "../errdefs/errors.ts";
import { readHostRlimits } from "../runtime/rlimits.ts";
import type { ContainerContext } from "./context.ts";
import { handleExit, watchExit } from "./exit.ts";
import { reconcile } from "./reconcile.ts";
import { removeContainer } from "./remove.ts";
import { shouldRestartOnDaemonStart } from "./restart-policy.ts";
import { startContainer } from "./start.ts";
import { clearRestarting, setPaused } from "./state.ts";
import { stopContainer } from "./stop.ts";

/**
 * Re-adopts containers after berthd (re)starts: running ones whose monitor lives are
 * watched again; those that exited meanwhile get their exit recorded; restart policies
 * bring back what should run.
 */
export async function restoreContainers(ctx: ContainerContext): Promise<void> {
  ctx.host.rlimits = await readHostRlimits();
  const records = await ctx.store.init();
  // Intents of operations a crash cut short, and records squared with the runtime's truth.
  const followUps = await reconcile(
    {
      store: ctx.store,
      runtime: (name) => ctx.rt.info(name),
      stateDir: (id) => ctx.stateDir(id),
      cgroupVersion: ctx.host.cgroups,
      execRoot: ctx.opts.execRoot,
      log: ctx.log,
    },
    records,
  );
  for (const rec of records) {
    if (followUps.remove.includes(rec.ID)) continue;
    // What every container holds for its whole life (its volumes), before any start below.
    for (const r of ctx.resources) {
      const changed = await r.restored?.(rec).catch((err) => {
        ctx.log.warn("restoring a container's resource failed", {
          id: rec.ID,
          resource: r.name,
          err: errorMessage(err),
        });
        return false;
      });
      if (changed) await ctx.store.save(rec);
    }
  }
  for (const rec of records) {
    if (followUps.remove.includes(rec.ID)) continue;
    if (!rec.State.Running) {
      if (rec.State.Restarting) {
        // Its back-off timer died with the old berthd; the policy decides afresh below.
        clearRestarting(rec);
        await ctx.store.save(rec);
      }
      if (shouldRestartOnDaemonStart(rec)) {
        void startContainer(ctx, rec.ID).catch((err) =>
          ctx.log.error("restart on restore failed", { id: rec.ID, err: errorMessage(err) }),
        );
      }
      continue;
    }
    const stateDir = ctx.stateDir(rec.ID);
    const exit = await ctx.rt.readExit(stateDir).catch(() => undefined);
    const monitorAlive = rec.MonitorPid !== undefined && ctx.rt.monitorAlive(rec.MonitorPid);
    if (exit || !monitorAlive) {
      await ctx.withLock(rec.ID, () =>
        handleExit(ctx, rec, {
          exitCode: exit?.exitCode ?? 255,
          finishedAt: exit?.finishedAt ?? new Date().toISOString(),
        }),
      );
      continue;
    }
    const st = await ctx.rt.state(rec).catch(() => undefined);
    if (st?.status === "paused") setPaused(rec);
    for (const r of ctx.resources) {
      await r.adopt(rec).catch((err) =>
        ctx.log.warn("re-adopting a container's resource failed", {
          id: rec.ID,
          resource: r.name,
          err: errorMessage(err),
        }),
      );
    }
    watchExit(ctx, rec);
    // As dockerd's restore (initHealthMonitor): the check starts again from "starting"; a
    // paused container's waits for its unpause, its last status kept.
    if (!rec.State.Paused) {
      ctx.health.arm(rec, { reset: true });
      await ctx.store.save(rec);
    }
    ctx.log.info("re-adopted running container", { id: rec.ID, pid: rec.State.Pid });
  }
  // A builder's intermediate container outlived its build, which died with the old berthd;
  // its volatile upper dir may not even mount again after a host crash.
  for (const rec of records) {
    if (!rec.Ephemeral || followUps.remove.includes(rec.ID)) continue;
    await removeContainer(ctx, rec.ID, { force: true, volumes: true }).catch((err) =>
      ctx.log.error("removing a dead build's intermediate container failed", {
        id: rec.ID,
        err: errorMessage(err),
      }),
    );
  }
  for (const id of followUps.remove) {
    await removeContainer(ctx, id, { force: true }).catch((err) =>
      ctx.log.error("finishing an interrupted removal failed", { id, err: errorMessage(err) }),
    );
  }
  for (const { id, timeout } of followUps.stop) {
    void stopContainer(ctx, id, { timeout }).catch(() => {});
  }
}
