// The freeze that keeps a running container's layer still while commit reads it. Journalled
// (intent "commit") instead of recorded as a pause: nobody paused the container, so a
// berthd killed during the commit thaws it at start-up (reconcile.ts), and a full data root
// cannot leave it frozen (nothing is written between freeze and thaw).

import { NotFoundError } from "../errdefs/errors.ts";
import { ociRuntime, type RuntimeInfo } from "../runtime/oci-runtime.ts";
import type { EventBus } from "../util/events.ts";
import type { ContainerRecord } from "./container-record.ts";
import { faultPoint } from "./fault-point.ts";
import { clearIntent, writeIntent } from "./intent.ts";
import { setPaused, setUnpaused } from "./state.ts";

export interface FreezeTarget {
  rt: RuntimeInfo;
  rec: ContainerRecord;
  /** containers/<id>, where the intent is kept. */
  dir: string;
  events: EventBus;
}

/** Freezes the container; resolves with the function that thaws it. */
export async function freezeForCommit(t: FreezeTarget): Promise<() => Promise<void>> {
  const { rt, rec, dir } = t;
  const emit = (action: string) =>
    t.events.emit("container", action, rec.ID, {
      ...(rec.Config.Labels ?? {}),
      image: rec.Config.Image,
      name: rec.Name.slice(1),
    });
  await writeIntent(dir, "commit", undefined, { dataOptional: true });
  try {
    await ociRuntime.pause(rt, rec.ID);
  } catch (err) {
    await clearIntent(dir, "commit");
    throw err;
  }
  // In memory only, so that exec and inspect see it paused as under Docker meanwhile.
  setPaused(rec);
  emit("pause");
  faultPoint("commit-frozen");
  return async () => {
    try {
      await ociRuntime.resume(rt, rec.ID);
    } catch (err) {
      // It was killed meanwhile (rm -f): nothing left to thaw.
      if (!(err instanceof NotFoundError)) throw err;
    }
    setUnpaused(rec);
    emit("unpause");
    await clearIntent(dir, "commit");
  };
}
