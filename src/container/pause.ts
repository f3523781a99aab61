import type { ContainerContext } from "./context.ts";
import { assertCanPause, assertCanUnpause, setPaused, setUnpaused } from "./state.ts";

export async function pauseContainer(ctx: ContainerContext, ref: string): Promise<void> {
  const rec = ctx.store.get(ref);
  assertCanPause(rec);
  // No probes while frozen (one under way is killed; it dies at the thaw).
  ctx.health.disarm(rec.ID);
  try {
    await ctx.rt.pause(rec);
  } catch (err) {
    ctx.health.arm(rec, { reset: false });
    throw err;
  }
  setPaused(rec);
  await ctx.store.save(rec);
  ctx.emit(rec, "pause");
}

export async function unpauseContainer(ctx: ContainerContext, ref: string): Promise<void> {
  const rec = ctx.store.get(ref);
  assertCanUnpause(rec);
  await ctx.rt.resume(rec);
  setUnpaused(rec);
  ctx.health.arm(rec, { reset: false });
  await ctx.store.save(rec);
  ctx.emit(rec, "unpause");
}
