import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

export type CgroupVersion = "1" | "2";

export function cgroupVersion(): CgroupVersion {
  return existsSync("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1";
}

/** What this kernel's cgroups can do, so unsupported settings are dropped with Docker's warnings. */
export function kernelSupport(version: CgroupVersion) {
  if (version === "2") return { swapLimit: true, memorySwappiness: false, blkioWeight: true };
  return {
    swapLimit: existsSync("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"),
    memorySwappiness: existsSync("/sys/fs/cgroup/memory/memory.swappiness"),
    blkioWeight: existsSync("/sys/fs/cgroup/blkio/blkio.weight"),
  };
}

/** Host directory of a controller's cgroup for `cgroupsPath` (cgroupfs driver). */
export function controllerDir(version: CgroupVersion, controller: string, cgroupsPath: string): string {
  return version === "2"
    ? path.join("/sys/fs/cgroup", cgroupsPath)
    : path.join("/sys/fs/cgroup", controller, cgroupsPath);
}

async function readOpt(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Whether the memory cgroup has OOM-killed a task of the container (read before the runtime deletes it). */
export async function wasOomKilled(version: CgroupVersion, cgroupsPath: string): Promise<boolean> {
  const file =
    version === "2"
      ? path.join(controllerDir(version, "", cgroupsPath), "memory.events")
      : path.join(controllerDir(version, "memory", cgroupsPath), "memory.oom_control");
  const text = await readOpt(file);
  const m = text && /^oom_kill (\d+)$/m.exec(text);
  return Boolean(m && Number(m[1]) > 0);
}
