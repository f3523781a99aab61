// The invariants a crash must not break, checked against the ground truth of the host: every
// runtime state, cgroup, rootfs mount, monitor and monitor state dir belongs to a container
// berthd lists, every running listed container has them, and no container is frozen unless
// its record says paused. For the fault-injection and crash-safety tests.

import { existsSync, readdirSync, readFileSync, rmdirSync, statSync } from "node:fs";
import path from "node:path";
import type { TestDaemon } from "./daemon.ts";

export interface InvariantScope {
  /** The daemon's data root (if given with --data-root beyond the helper's). */
  dataRoot?: string;
  /** The absolute --cgroup-parent every container of the test was made with. */
  cgroupParent: string;
}

interface Listed {
  Id: string;
  State: string;
}

/** The cgroup hierarchies of this host (v1: one per controller; v2: the unified root). */
export function cgroupHierarchies(): string[] {
  if (existsSync("/sys/fs/cgroup/cgroup.controllers")) return ["/sys/fs/cgroup"];
  // the hybrid layout's cgroup2 mount (unified) included: runc makes a cgroup there too
  return readdirSync("/sys/fs/cgroup")
    .map((h) => path.join("/sys/fs/cgroup", h))
    .filter((d) => statSync(d).isDirectory());
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** The berth-monitor processes of the daemon whose exec root is `execRoot`: pid, container ID, exec or not. */
export function monitorsOf(execRoot: string): { pid: number; id: string; exec: boolean }[] {
  const out: { pid: number; id: string; exec: boolean }[] = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    if (!argv[0]?.endsWith("berth-monitor")) continue;
    const root = argv[argv.indexOf("--runtime-root") + 1] ?? "";
    if (!root.startsWith(`${execRoot}/`)) continue;
    // a zombie (exited, not yet reaped) has an empty cmdline and is skipped above
    out.push({ pid: Number(p), id: argv[argv.indexOf("--id") + 1] ?? "", exec: argv.includes("--exec") });
  }
  return out;
}

export function rootfsMounts(dataRoot: string): { id: string; mountPoint: string }[] {
  const base = path.join(dataRoot, "containers");
  const out: { id: string; mountPoint: string }[] = [];
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    const mp = line.split(" ")[4];
    if (!mp?.startsWith(`${base}/`)) continue;
    out.push({ id: mp.slice(base.length + 1).split("/")[0], mountPoint: mp });
  }
  return out;
}

/** Containers whose freezer cgroup (under the scope's parent) is FROZEN or FREEZING. */
export function frozenContainers(cgroupParent: string): string[] {
  const v2 = existsSync("/sys/fs/cgroup/cgroup.controllers");
  const base = v2
    ? path.join("/sys/fs/cgroup", cgroupParent)
    : path.join("/sys/fs/cgroup/freezer", cgroupParent);
  const out: string[] = [];
  for (const id of subdirs(base)) {
    try {
      const frozen = v2
        ? readFileSync(path.join(base, id, "cgroup.freeze"), "utf8").trim() === "1"
        : readFileSync(path.join(base, id, "freezer.state"), "utf8").trim() !== "THAWED";
      if (frozen) out.push(id);
    } catch {
      // removed while we looked
    }
  }
  return out;
}

/**
 * Checks the invariants; resolves with the violations found (empty when all hold), each a
 * sentence naming what is wrong, so a failing assertion says what leaked.
 */
export async function checkInvariants(d: TestDaemon, scope: InvariantScope): Promise<string[]> {
  const dataRoot = scope.dataRoot ?? d.dataRoot;
  const listed = await d.client.json<Listed[]>("GET", "/containers/json", { query: { all: "1" } });
  const ids = new Set(listed.map((c) => c.Id));
  const running = new Map(
    listed.filter((c) => c.State === "running" || c.State === "paused").map((c) => [c.Id, c.State]),
  );
  const bad: string[] = [];
  const short = (id: string) => id.slice(0, 12);

  const runcRoot = path.join(d.execRoot, "runtime", "runc");
  const runcIds = new Set(subdirs(runcRoot));
  for (const id of runcIds) if (!ids.has(id)) bad.push(`runc state of unlisted container ${short(id)}`);
  for (const id of running.keys())
    if (!runcIds.has(id)) bad.push(`running container ${short(id)} has no runc state`);

  for (const h of cgroupHierarchies()) {
    const dirs = new Set(subdirs(path.join(h, scope.cgroupParent)));
    for (const id of dirs)
      if (!ids.has(id))
        bad.push(`cgroup ${path.join(h, scope.cgroupParent, short(id))}… of unlisted container`);
    for (const id of running.keys()) {
      if (!dirs.has(id)) bad.push(`running container ${short(id)} has no cgroup in ${h}`);
    }
  }

  const mounts = rootfsMounts(dataRoot);
  const mounted = new Set(mounts.map((m) => m.id));
  for (const m of mounts) if (!ids.has(m.id)) bad.push(`mount ${m.mountPoint} of unlisted container`);
  for (const id of running.keys())
    if (!mounted.has(id)) bad.push(`running container ${short(id)} has no rootfs mount`);

  const monitors = monitorsOf(d.execRoot);
  for (const m of monitors)
    if (!ids.has(m.id)) bad.push(`monitor ${m.pid} of unlisted container ${short(m.id)}`);
  for (const id of running.keys()) {
    if (!monitors.some((m) => m.id === id && !m.exec))
      bad.push(`running container ${short(id)} has no monitor`);
  }
  for (const m of monitors) {
    if (!m.exec && ids.has(m.id) && !running.has(m.id))
      bad.push(`monitor ${m.pid} of stopped container ${short(m.id)}`);
  }

  const prefixes = new Set([...ids].map(short));
  for (const p of subdirs(path.join(d.execRoot, "c"))) {
    if (!prefixes.has(p)) bad.push(`monitor state dir c/${p} of unlisted container`);
  }

  for (const id of frozenContainers(scope.cgroupParent)) {
    if (running.get(id) !== "paused")
      bad.push(`container ${short(id)} is frozen but not paused (${running.get(id) ?? "unlisted"})`);
  }
  return bad;
}

/** Removes the test's cgroup parent from every hierarchy (after its containers are gone). */
export function removeCgroupParent(cgroupParent: string): void {
  for (const h of cgroupHierarchies()) {
    const dir = path.join(h, cgroupParent);
    for (const child of subdirs(dir)) {
      try {
        rmdirSync(path.join(dir, child));
      } catch {
        // busy: reported by the invariants, cleaned by the daemon helper's sweep
      }
    }
    try {
      rmdirSync(dir);
    } catch {
      // not made in this hierarchy, or busy
    }
  }
}
