// The modes of the data root and the exec root, established at start-up and repaired on
// roots an older berthd made. Layers hold image content as root made it, setuid binaries
// included: a host user who can reach a layer's `diff/` can read every image and run those
// binaries as root (the class of CVE-2021-41091). As Docker since 20.10.9, the data root is
// 0710 root:root and every directory under it is closed, so nothing below the roots can be
// entered by another user; containers do not need the host path (they see their rootfs
// through pivot_root, and runc runs as root).

import { chmod, chown, lstat, mkdir } from "node:fs/promises";
import path from "node:path";

/** The data root's own mode, as Docker's /var/lib/docker. */
export const DATA_ROOT_MODE = 0o710;
/** Top-level directories of the data root, made and repaired here before any service runs. */
export const DATA_ROOT_DIRS = ["containers", "content", "image", "layers", "tmp", "volumes"] as const;
/** Top-level directories of the exec root (container state, exec state, runtime state). */
export const EXEC_ROOT_DIRS = ["c", "e", "runtime"] as const;
const CLOSED = 0o700;

/**
 * The exec root's mode: closed (as Docker's /run/docker), except that an API socket inside
 * it must stay reachable by name for the socket's group, so the directory is then
 * searchable but not listable; the socket itself is 0660 root:berth.
 */
export function execRootMode(execRoot: string, sockets: string[]): number {
  const root = path.resolve(execRoot);
  return sockets.some((s) => path.resolve(s).startsWith(`${root}/`)) ? 0o711 : CLOSED;
}

async function ensureDir(dir: string, mode: number, owned: boolean): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  const st = await lstat(dir);
  if (!st.isDirectory()) throw new Error(`Cannot set up ${dir}: it is not a directory`);
  // A root made by another user could be reopened by them: it belongs to root.
  if (owned && (st.uid !== 0 || st.gid !== 0)) await chown(dir, 0, 0);
  // mkdir leaves an existing directory's mode alone, and the umask may have cut a new one.
  if ((st.mode & 0o7777) !== mode) await chmod(dir, mode);
}

/** Makes the data root and exec root trees, or repairs their modes, before berthd uses them. */
export async function establishRootModes(
  dataRoot: string,
  execRoot: string,
  sockets: string[],
): Promise<void> {
  const owned = process.getuid?.() === 0;
  await ensureDir(dataRoot, DATA_ROOT_MODE, owned);
  for (const d of DATA_ROOT_DIRS) await ensureDir(path.join(dataRoot, d), CLOSED, owned);
  await ensureDir(execRoot, execRootMode(execRoot, sockets), owned);
  for (const d of EXEC_ROOT_DIRS) await ensureDir(path.join(execRoot, d), CLOSED, owned);
}
