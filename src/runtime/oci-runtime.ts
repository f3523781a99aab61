import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import {
  ConflictError,
  errno,
  InvalidParameterError,
  NotFoundError,
  SystemError,
} from "../errdefs/errors.ts";
import { runtimeMessage } from "./monitor-client.ts";

export interface RuntimeInfo {
  /** The name users give (`--runtime crun`). */
  name: string;
  path: string;
  /** The runtime's --root state directory. */
  root: string;
}

const knownPaths: Record<string, string[]> = {
  runc: ["/usr/sbin/runc", "/usr/bin/runc", "/usr/local/sbin/runc", "/usr/local/bin/runc"],
  crun: ["/usr/bin/crun", "/usr/local/bin/crun", "/usr/sbin/crun"],
};

export function findRuntimeBinary(name: string, configured?: string): string | undefined {
  if (configured) return existsSync(configured) ? configured : undefined;
  return knownPaths[name]?.find((p) => existsSync(p));
}

/**
 * A hybrid cgroup layout: v1 controllers plus a cgroup2 mount that has controllers of its
 * own (here `hugetlb` on /sys/fs/cgroup/unified). crun 1.8 refuses to run on it.
 */
export function isHybridCgroupLayout(): boolean {
  if (existsSync("/sys/fs/cgroup/cgroup.controllers")) return false;
  try {
    return readFileSync("/sys/fs/cgroup/unified/cgroup.controllers", "utf8").trim().length > 0;
  } catch {
    return false;
  }
}

/** Why a runtime cannot work on this host, or undefined when it can. */
export function runtimeUnsupportedReason(name: string): string | undefined {
  if (name === "crun" && isHybridCgroupLayout()) {
    return `the OCI runtime crun cannot run containers on this host: its cgroups are in hybrid mode (cgroup v1 controllers plus a cgroup2 mount with controllers: ${readFileSync("/sys/fs/cgroup/unified/cgroup.controllers", "utf8").trim()}), which crun refuses ("cgroups in hybrid mode not supported"); use --runtime runc`;
  }
  return undefined;
}

function run(rt: RuntimeInfo, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      rt.path,
      ["--root", rt.root, ...args],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const msg = runtimeMessage(stderr || err.message);
          if (/does not exist|not found|container .* does not exist/i.test(msg))
            reject(new NotFoundError(msg));
          else if (/not running|is paused|container not running/i.test(msg)) reject(new ConflictError(msg));
          else if (/invalid|unknown signal/i.test(msg)) reject(new InvalidParameterError(msg));
          else reject(new SystemError(`${rt.name} ${args[0]} failed: ${msg}`));
        } else resolve(stdout);
      },
    );
  });
}

/**
 * The cgroup directories runc recorded for a container (its state.json's cgroup_paths), or
 * undefined when it has no state; runc wrote them resolved, relative parents included.
 */
export function runtimeCgroupDirs(rt: RuntimeInfo, id: string): string[] | undefined {
  try {
    const st = JSON.parse(readFileSync(path.join(rt.root, id, "state.json"), "utf8")) as {
      cgroup_paths?: Record<string, string>;
    };
    const dirs = [...new Set(Object.values(st.cgroup_paths ?? {}))].filter((d) =>
      d.startsWith("/sys/fs/cgroup/"),
    );
    return dirs.length ? dirs : undefined;
  } catch {
    return undefined;
  }
}

/** The OCI runtime's command-line verbs berthd uses beyond create/exec (which the monitor runs). */
export const ociRuntime = {
  kill: (rt: RuntimeInfo, id: string, signal: string | number, all = false) =>
    run(rt, ["kill", ...(all ? ["--all"] : []), id, String(signal)]),
  pause: (rt: RuntimeInfo, id: string) => run(rt, ["pause", id]),
  resume: (rt: RuntimeInfo, id: string) => run(rt, ["resume", id]),
  delete: (rt: RuntimeInfo, id: string) => run(rt, ["delete", "--force", id]),
  /**
   * Deletes a container whose init has exited: what `runc delete` does then (remove its
   * cgroups and its state directory), without starting a runc process — that costs more
   * than the rest of a short container's exit. Falls back to `runc delete` when a cgroup
   * is still busy (a straggler not yet reaped) or the runtime is not runc.
   */
  async deleteExited(rt: RuntimeInfo, id: string, cgroupsPath: string): Promise<void> {
    if (rt.name !== "runc") return void (await ociRuntime.delete(rt, id));
    // Where runc made them: a relative cgroupsPath lies under the monitor's own cgroups.
    const dirs =
      runtimeCgroupDirs(rt, id) ??
      (existsSync("/sys/fs/cgroup/cgroup.controllers")
        ? ["/sys/fs/cgroup"]
        : readdirSync("/sys/fs/cgroup").map((c) => path.join("/sys/fs/cgroup", c))
      ).map((root) => path.join(root, cgroupsPath));
    try {
      for (const dir of dirs) {
        try {
          rmdirSync(dir);
        } catch (err) {
          if (errno(err) !== "ENOENT" && errno(err) !== "ENOTDIR") throw err;
        }
      }
    } catch {
      return void (await ociRuntime.delete(rt, id));
    }
    rmSync(path.join(rt.root, id), { recursive: true, force: true });
  },
  async state(rt: RuntimeInfo, id: string): Promise<{ status: string; pid: number } | undefined> {
    try {
      return JSON.parse(await run(rt, ["state", id])) as { status: string; pid: number };
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  },
  async ps(rt: RuntimeInfo, id: string): Promise<number[]> {
    return JSON.parse((await run(rt, ["ps", "--format", "json", id])) || "[]") as number[];
  },
  update: (rt: RuntimeInfo, id: string, resourcesFile: string) =>
    run(rt, ["update", "--resources", resourcesFile, id]),
};
