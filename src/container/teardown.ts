// Removes everything a start made for a container, whatever berthd's record says: the
// runtime's state, the processes (adopted or not), the cgroups, the rootfs mount and the
// monitor's state dir. Every step is idempotent, so an interrupted removal can run it again.

import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { unmountRootfs } from "../layer/rootfs.ts";
import { type CgroupVersion, cgroupDirs, removeCgroupDirs } from "../runtime/cgroups.ts";
import { findMonitors } from "../runtime/monitor-client.ts";
import { ociRuntime, type RuntimeInfo, runtimeCgroupDirs } from "../runtime/oci-runtime.ts";

export interface TeardownTarget {
  rt: RuntimeInfo;
  id: string;
  cgroupsPath: string;
  cgroupVersion: CgroupVersion;
  /** The monitor's state dir (<exec-root>/c/<id>). */
  stateDir: string;
  /** containers/<id>: its rootfs mount is undone. */
  containerDir: string;
}

/** True when the runtime still holds state for the container (it was created and not deleted). */
export function hasRuntimeState(rt: RuntimeInfo, id: string): boolean {
  return existsSync(path.join(rt.root, id));
}

export async function teardownRuntime(t: TeardownTarget): Promise<void> {
  // Read before `delete` forgets them: where runc really made the cgroups.
  const dirs = runtimeCgroupDirs(t.rt, t.id) ?? cgroupDirs(t.cgroupVersion, t.cgroupsPath);
  if (hasRuntimeState(t.rt, t.id)) {
    // A frozen task takes no SIGKILL until thawed (a commit or pause cut short).
    await ociRuntime.resume(t.rt, t.id).catch(() => {});
    await ociRuntime.delete(t.rt, t.id).catch(() => {});
    // A runtime killed during its own create leaves a dir it no longer recognises.
    await rm(path.join(t.rt.root, t.id), { recursive: true, force: true });
  }
  await removeCgroupDirs(dirs);
  for (const m of await findMonitors(t.id)) {
    try {
      process.kill(m.pid, "SIGKILL");
    } catch {
      // exited meanwhile
    }
  }
  await unmountRootfs(t.containerDir);
  await rm(t.stateDir, { recursive: true, force: true });
}
