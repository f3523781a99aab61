import { failPendingAttach } from "./attach.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerContext } from "./context.ts";
import { handleExit, waitForExitFile } from "./exit.ts";
import { faultPoint } from "./fault-point.ts";
import { writeIntent } from "./intent.ts";
import { releaseAll } from "./resources.ts";
import { REMOVING } from "./restart-policy.ts";
import { assertCanRemove, resetRemovalInProgress, setRemovalInProgress, setRemoving } from "./state.ts";
import { signalContainer } from "./stop.ts";

export async function removeContainer(
  ctx: ContainerContext,
  ref: string,
  opts: { force?: boolean; volumes?: boolean } = {},
): Promise<void> {
  const rec = ctx.store.get(ref);
  setRemovalInProgress(rec);
  try {
    assertCanRemove(rec, Boolean(opts.force));
    await ctx.withLock(rec.ID, () => removeLocked(ctx, rec, opts));
  } finally {
    resetRemovalInProgress(rec);
  }
}

/** Removes `rec`, killing it first when forced; the caller holds its lock. */
export async function removeLocked(
  ctx: ContainerContext,
  rec: ContainerRecord,
  opts: { force?: boolean; volumes?: boolean },
): Promise<void> {
  if (!ctx.store.find(rec.ID)) return;
  // Checked again under the lock: the container may have started while we waited for it.
  assertCanRemove(rec, Boolean(opts.force));
  // Journalled before the first kill: a berthd killed during removal finishes it at start-up.
  await writeIntent(ctx.store.dir(rec.ID), "rm", undefined, { dataOptional: true });
  if (rec.State.Running) {
    rec.ManuallyStopped = true;
    const exited = ctx.waiters.wait(rec, "next-exit");
    await signalContainer(ctx, rec, 9).catch(() => {});
    ctx.emit(rec, "kill", { signal: "9" });
    faultPoint("rm-after-kill");
    // The exit handler runs under this container's lock, which we hold: run it here, and
    // tell it that a removal is under way (neither --rm nor the restart policy applies).
    const exit = await waitForExitFile(ctx, ctx.stateDir(rec.ID), rec.MonitorPid);
    ctx.unwatchExit(rec.ID);
    await handleExit(ctx, rec, exit, REMOVING);
    await exited;
    faultPoint("rm-after-exit");
  }
  ctx.cancelRestart(rec.ID);
  failPendingAttach(ctx, rec.ID);
  setRemoving(rec);
  // Whatever the record says: a process it does not know of (a start cut short) goes too.
  await ctx.rt.teardown(rec, { stateDir: ctx.stateDir(rec.ID), containerDir: ctx.store.dir(rec.ID) });
  // Read by src/volume/'s resource: `rm -v` and `--rm` take the anonymous volumes along.
  Object.assign(rec, { RemoveVolumes: Boolean(opts.volumes || rec.HostConfig.AutoRemove) });
  await releaseAll(ctx.resources, rec, "remove");
  faultPoint("rm-before-record");
  await ctx.store.remove(rec);
  ctx.emit(rec, "destroy");
  ctx.waiters.release(rec, "removed");
}

/** Removes the stopped containers `filter` selects. */
export async function pruneContainers(
  ctx: ContainerContext,
  filter: (rec: ContainerRecord) => boolean,
): Promise<{ deleted: string[]; reclaimed: number }> {
  const deleted: string[] = [];
  for (const rec of ctx.store.list()) {
    if (rec.State.Running || rec.State.Restarting || !filter(rec)) continue;
    await removeContainer(ctx, rec.ID, {});
    deleted.push(rec.ID);
  }
  return { deleted, reclaimed: 0 };
}
