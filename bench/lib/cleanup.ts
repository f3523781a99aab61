// Leaving the machine as the benchmark found it: a stack of undo steps run on success, failure
// and Ctrl-C; a sweep of mounts and processes under the benchmark's temporary directory; and
// the host paths and cgroups that the engines create outside their roots whatever flags they get.
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { pidsWhere, run } from "./proc.ts";

type Step = { what: string; fn: () => Promise<void> | void };

/** Undo steps, run last-added first; each runs once, and one failing does not stop the rest. */
export class Cleanup {
  private steps: Step[] = [];
  private running: Promise<void> | undefined;

  add(what: string, fn: () => Promise<void> | void): void {
    this.steps.push({ what, fn });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length) {
        const step = this.steps.pop()!;
        try {
          await step.fn();
        } catch (err) {
          console.error(`cleanup: ${step.what} failed: ${(err as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}

/** On SIGINT/SIGTERM/SIGHUP: set `aborted`, run the cleanup, exit 130. */
export function cleanupOnSignals(cleanup: Cleanup, onAbort: () => void): void {
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping and removing everything the benchmark started…`);
      onAbort();
      cleanup.run().finally(() => {
        console.error("cleaned up");
        process.exit(130);
      });
    });
  }
}

function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

/** Lazily unmounts every mount point at or under `dir`, deepest first. */
export async function unmountUnder(dir: string): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const mounts = readFileSync("/proc/self/mountinfo", "utf8")
      .split("\n")
      .map((l) => l.split(" ")[4])
      .filter((m): m is string => !!m)
      .map(unescapeMountPath)
      .filter((m) => m === dir || m.startsWith(`${dir}/`))
      .sort((a, b) => b.length - a.length);
    if (!mounts.length) return;
    for (const m of mounts) await run("umount", ["-l", m]);
  }
}

/** SIGKILLs every process whose command line names `dir` (daemons, monitors, shims, conmons). */
export function killProcessesNaming(dir: string): number[] {
  const pids = pidsWhere((argv) => argv.some((a) => a.includes(dir)));
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return pids;
}

// Written by the engines outside the roots they are given: dockerd's /run/docker/plugins and
// /etc/docker (trust key), the containerd shims' sockets in /run/containerd/s, containerd's
// /opt/containerd, podman's /run/containers/networks, runc's default root /run/runc, …
const watchedHostPaths = [
  "/etc/docker",
  "/etc/docker/key.json",
  "/run/docker",
  "/run/containerd",
  "/run/containerd/s",
  "/run/containers",
  "/run/libpod",
  "/run/runc",
  "/run/crun",
  "/run/netns",
  "/opt/containerd",
  "/var/lib/docker",
  "/var/lib/containerd",
  "/var/lib/containers",
  "/var/lib/containers/cache",
];

function cgroupDirs(root = "/sys/fs/cgroup"): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const p = path.join(dir, e.name);
      out.add(p);
      walk(p);
    }
  };
  walk(root);
  return out;
}

export interface HostSnapshot {
  paths: Set<string>;
  cgroups: Set<string>;
}

export function snapshotHost(): HostSnapshot {
  return { paths: new Set(watchedHostPaths.filter((p) => existsSync(p))), cgroups: cgroupDirs() };
}

/**
 * Removes the watched host paths (unless `removePaths` is false: another engine on the host
 * may have made them meanwhile and be using them) and the cgroups that appeared since
 * `before` (only those `ours` accepts, when given: other people's containers may come and go
 * meanwhile), and
 * returns what it found: an engine that leaves a cgroup behind after removing its container
 * shows here.
 */
export function restoreHost(
  before: HostSnapshot,
  ours: (cgroupDir: string) => boolean = () => true,
  removePaths = true,
): { paths: string[]; cgroups: string[]; stuck: string[] } {
  const paths: string[] = [];
  for (const p of watchedHostPaths) {
    if (before.paths.has(p) || !existsSync(p)) continue;
    paths.push(p);
    if (removePaths) rmSync(p, { recursive: true, force: true });
  }
  const fresh = [...cgroupDirs()]
    .filter((d) => !before.cgroups.has(d) && ours(d))
    .sort((a, b) => b.length - a.length);
  const stuck: string[] = [];
  for (const d of fresh) {
    try {
      rmdirSync(d);
    } catch {
      if (existsSync(d) && statSync(d).isDirectory()) stuck.push(d);
    }
  }
  return { paths, cgroups: fresh, stuck };
}

/**
 * The undo steps of a run's work directory: kill what still runs from it and unmount what is
 * mounted under it (run first: the steps run last-added first), then remove it.
 */
export function cleanWorkDir(cleanup: Cleanup, base: string, report: (msg: string) => void): void {
  cleanup.add("remove the temporary directory", () => rmSync(base, { recursive: true, force: true }));
  cleanup.add("sweep processes and mounts", async () => {
    const killed = killProcessesNaming(base);
    if (killed.length) report(`processes still running at the end, killed: ${killed.join(" ")}`);
    await unmountUnder(base);
  });
}
