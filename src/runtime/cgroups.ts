import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";

export type CgroupVersion = "1" | "2";

export function cgroupVersion(): CgroupVersion {
  return existsSync("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1";
}

/** What this kernel's cgroups can do, so unsupported settings are dropped with Docker's warnings. */
export function kernelSupport(version: CgroupVersion) {
  if (version === "2") {
    // moby's cgroup v2 sysinfo: every block I/O setting needs the io controller.
    let io = false;
    try {
      io = readFileSync("/sys/fs/cgroup/cgroup.controllers", "utf8").split(/\s+/).includes("io");
    } catch {
      // no controllers file: no io
    }
    return {
      swapLimit: true,
      memorySwappiness: false,
      blkioWeight: io,
      blkioWeightDevice: io,
      blkioReadBps: io,
      blkioWriteBps: io,
      blkioReadIOps: io,
      blkioWriteIOps: io,
      // cgroup v2 has no separate TCP memory limit.
      kernelMemoryTCP: false,
    };
  }
  const blkio = (f: string) => existsSync(`/sys/fs/cgroup/blkio/blkio.${f}`);
  return {
    swapLimit: existsSync("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"),
    memorySwappiness: existsSync("/sys/fs/cgroup/memory/memory.swappiness"),
    blkioWeight: blkio("weight"),
    blkioWeightDevice: blkio("weight_device"),
    blkioReadBps: blkio("throttle.read_bps_device"),
    blkioWriteBps: blkio("throttle.write_bps_device"),
    blkioReadIOps: blkio("throttle.read_iops_device"),
    blkioWriteIOps: blkio("throttle.write_iops_device"),
    kernelMemoryTCP: existsSync("/sys/fs/cgroup/memory/memory.kmem.tcp.limit_in_bytes"),
  };
}

/** Host directory of a controller's cgroup for `cgroupsPath` (cgroupfs driver; relative as runc resolves it). */
export function controllerDir(version: CgroupVersion, controller: string, cgroupsPath: string): string {
  if (version === "2") return cgroupDirs(version, cgroupsPath)[0];
  if (path.isAbsolute(cgroupsPath)) return path.join("/sys/fs/cgroup", controller, cgroupsPath);
  const base = ownCgroups().get(controller) ?? "/";
  return path.join("/sys/fs/cgroup", controller, base, cgroupsPath);
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

/**
 * The host directories of `cgroupsPath`, one per hierarchy, resolved as runc's cgroupfs
 * driver (and so Docker's) resolves them: an absolute path under each hierarchy's root, a
 * relative one under the cgroup of the process that creates the container — the monitor,
 * which is in berthd's own cgroups (`selfCgroups`, default /proc/self/cgroup).
 */
export function cgroupDirs(version: CgroupVersion, cgroupsPath: string, selfCgroups?: string): string[] {
  const own = ownCgroups(selfCgroups);
  if (version === "2") {
    const base = path.isAbsolute(cgroupsPath) ? "/" : (own.get("") ?? "/");
    return [path.join("/sys/fs/cgroup", base, cgroupsPath)];
  }
  const out: string[] = [];
  let hierarchies: string[];
  try {
    hierarchies = readdirSync("/sys/fs/cgroup");
  } catch {
    return out;
  }
  for (const h of hierarchies) {
    // the hybrid layout's cgroup2 mount (unified) is the "0::" line; runc makes a cgroup there too
    const base = path.isAbsolute(cgroupsPath)
      ? "/"
      : (own.get(h === "unified" ? "" : h === "systemd" ? "name=systemd" : h.split(",")[0]) ?? "/");
    out.push(path.join("/sys/fs/cgroup", h, base, cgroupsPath));
  }
  return out;
}

function ownCgroups(text?: string): Map<string, string> {
  const map = new Map<string, string>();
  let t = text;
  if (t === undefined) {
    try {
      t = readFileSync("/proc/self/cgroup", "utf8");
    } catch {
      return map;
    }
  }
  for (const line of t.split("\n")) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    for (const c of m[1] === "" ? [""] : m[1].split(",")) map.set(c, m[2]);
  }
  return map;
}

/**
 * Empties and removes cgroup directories left behind (a runtime killed half-way, a crash
 * between a container's exit and its clean-up): thaws a frozen one (a frozen task takes no
 * SIGKILL), kills what is still in it, then removes it. Missing directories are fine.
 */
export async function removeCgroupDirs(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    if (existsSync(path.join(dir, "freezer.state"))) {
      await writeFile(path.join(dir, "freezer.state"), "THAWED").catch(() => {});
    }
    if (existsSync(path.join(dir, "cgroup.freeze"))) {
      await writeFile(path.join(dir, "cgroup.freeze"), "0").catch(() => {});
    }
    for (let attempt = 0; ; attempt++) {
      const procs = ((await readOpt(path.join(dir, "cgroup.procs"))) ?? "").split("\n").filter(Boolean);
      for (const pid of procs) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // gone already
        }
      }
      try {
        await rmdir(dir);
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") break;
        // EBUSY while the killed tasks are being reaped; give up after ~2 s (a task in D state)
        if (code !== "EBUSY" || attempt >= 100) throw err;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
}
