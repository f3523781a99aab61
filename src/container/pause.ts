import type { ContainerContext } from "./context.ts";
import { assertCanPause, assertCanUnpause, setPaused, setUnpaused } from "./state.ts";

export async function pauseContainer(ctx: ContainerContext, ref: string): Promise<void> {
  const rec = ctx.store.get(ref);
  assertCanPause(rec);
  await ctx.rt.pause(rec);
  setPaused(rec);
  await ctx.store.save(rec);
  ctx.emit(rec, "pause");
}

export async function unpauseContainer(ctx: ContainerContext, ref: string): Promise<void> {
  const rec = ctx.store.get(ref);
  assertCanUnpause(rec);
  await ctx.rt.resume(rec);
  setUnpaused(rec);
  await ctx.store.save(rec);
  ctx.emit(rec, "unpause");
}
