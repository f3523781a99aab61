// Facts about the host that `/info` reports: the OS's name and the data root's filesystem.

import { readFile } from "node:fs/promises";

/** PRETTY_NAME of an os-release file's text; "Linux" without one. */
export function prettyName(osRelease: string): string {
  return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? "Linux";
}

export async function operatingSystem(): Promise<string> {
  try {
    return prettyName(await readFile("/etc/os-release", "utf8"));
  } catch {
    return "Linux";
  }
}

/**
 * The type of the filesystem holding `dir`, from a mounts table (/proc/self/mounts): the
 * longest mount point above it wins; ext2/3/4 are "extfs", as Docker's overlay2 says.
 */
export function filesystemOf(dir: string, mounts: string): string {
  let best = { dir: "", type: "unknown" };
  for (const line of mounts.split("\n")) {
    const [, mountPoint, type] = line.split(" ");
    if (!mountPoint || !type) continue;
    const d = mountPoint.replace(/\\040/g, " ");
    if ((dir === d || dir.startsWith(`${d.replace(/\/$/, "")}/`)) && d.length >= best.dir.length) {
      best = { dir: d, type };
    }
  }
  return best.type === "ext4" || best.type === "ext3" || best.type === "ext2" ? "extfs" : best.type;
}

export async function backingFilesystem(dir: string): Promise<string> {
  try {
    return filesystemOf(dir, await readFile("/proc/self/mounts", "utf8"));
  } catch {
    return "unknown";
  }
}
