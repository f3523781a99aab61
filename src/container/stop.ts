import { ConflictError, InvalidParameterError, NotModifiedError } from "../errdefs/errors.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerContext } from "./context.ts";
import { faultPoint } from "./fault-point.ts";
import { clearIntent, writeIntent } from "./intent.ts";
import { signalNumber } from "./signals.ts";
import { startLocked } from "./start.ts";
import { clearRestarting, setUnpaused } from "./state.ts";

export interface StopOptions {
  timeout?: number;
  signal?: string;
}

export async function killContainer(ctx: ContainerContext, ref: string, signal?: string): Promise<void> {
  const rec = ctx.store.get(ref);
  const sig = signal ? signalNumber(signal) : 9;
  if (sig === undefined) throw new InvalidParameterError(`Invalid signal: ${signal}`);
  if (!rec.State.Running)
    throw new ConflictError(`Cannot kill container: ${ref}: Container ${rec.ID} is not running`);
  if (sig === 9 || sig === 15) rec.ManuallyStopped = true;
  await signalContainer(ctx, rec, sig);
  ctx.emit(rec, "kill", { signal: String(sig) });
}

/** Sends `sig` to the container's init. */
export async function signalContainer(
  ctx: ContainerContext,
  rec: ContainerRecord,
  sig: number,
): Promise<void> {
  await ctx.rt.kill(rec, sig);
  // A frozen task takes no signal until thawed: SIGKILL to a paused container must thaw it.
  if (sig === 9 && rec.State.Paused) {
    await ctx.rt.resume(rec).catch(() => {});
    setUnpaused(rec);
  }
}

export async function stopContainer(
  ctx: ContainerContext,
  ref: string,
  opts: StopOptions = {},
): Promise<void> {
  const rec = ctx.store.get(ref);
  if (!rec.State.Running) {
    // Stopping a container that waits out its restart back-off ends the back-off.
    if (ctx.cancelRestart(rec.ID)) {
      rec.ManuallyStopped = true;
      clearRestarting(rec);
      await ctx.store.save(rec);
      return;
    }
    throw new NotModifiedError("container already stopped");
  }
  rec.ManuallyStopped = true;
  const timeout = opts.timeout ?? rec.Config.StopTimeout ?? 10;
  const dir = ctx.store.dir(rec.ID);
  await writeIntent(
    dir,
    "stop",
    { deadline: Date.now() + Math.max(timeout, 0) * 1000 },
    { dataOptional: true },
  );
  await stopRunning(ctx, rec, opts);
  await clearIntent(dir, "stop");
  ctx.emit(rec, "stop");
}

/** The stop signal, then SIGKILL after the timeout (none when negative); resolves at the exit. */
export async function stopRunning(
  ctx: ContainerContext,
  rec: ContainerRecord,
  opts: StopOptions,
): Promise<void> {
  const sig = signalNumber(opts.signal || rec.Config.StopSignal || "SIGTERM");
  if (sig === undefined) throw new InvalidParameterError(`Invalid signal: ${opts.signal}`);
  const timeout = opts.timeout ?? rec.Config.StopTimeout ?? 10;
  const exited = ctx.waiters.wait(rec, "not-running");
  if (timeout !== 0 && sig !== 9) {
    if (rec.State.Paused) {
      await ctx.rt.resume(rec).catch(() => {});
      setUnpaused(rec);
    }
    await signalContainer(ctx, rec, sig).catch(() => {});
    ctx.emit(rec, "kill", { signal: String(sig) });
    faultPoint("stop-after-signal");
    if (timeout < 0) {
      await exited;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const t = await Promise.race([
      exited.then(() => "exited"),
      new Promise((r) => {
        timer = setTimeout(() => r("timeout"), timeout * 1000);
      }),
    ]);
    clearTimeout(timer);
    if (t === "exited") return;
  }
  await signalContainer(ctx, rec, 9).catch(() => {});
  ctx.emit(rec, "kill", { signal: "9" });
  await exited;
}

export async function restartContainer(
  ctx: ContainerContext,
  ref: string,
  opts: StopOptions = {},
): Promise<void> {
  const rec = ctx.store.get(ref);
  if (rec.State.Running) {
    rec.ManuallyStopped = true;
    await stopRunning(ctx, rec, opts);
  }
  await ctx.withLock(rec.ID, () => startLocked(ctx, rec));
  rec.RestartCount = 0;
  ctx.emit(rec, "restart");
}
