// What a container changed: its overlay upper dir read against the image's layers, listed
// as moby's overlay driver lists it (archive.OverlayChanges), plus the walk that commit
// and the size figures share with it.

import type { Stats } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { errno } from "../errdefs/errors.ts";
import { lgetxattr, major, minor } from "../sys/syscalls.ts";

export const CHANGE_MODIFY = 0;
export const CHANGE_ADD = 1;
export const CHANGE_DELETE = 2;

export interface Change {
  Path: string;
  Kind: 0 | 1 | 2;
}

/**
 * What Docker keeps in a container's init layer rather than in its read-write layer: the
 * files bind-mounted over /etc and the mount points of the runtime's own mounts. berth has
 * no init layer (runc creates missing mount points in the upper dir), so these paths are
 * left out of diff, commit and sizes instead.
 */
export const INIT_LAYER_PATHS: readonly string[] = [
  "/.dockerenv",
  "/dev",
  "/etc/hostname",
  "/etc/hosts",
  "/etc/mtab",
  "/etc/resolv.conf",
  "/proc",
  "/sys",
];

export interface UpperEntry {
  /** Absolute path inside the container ("/etc/passwd"). */
  path: string;
  /** Path on the host, inside the upper dir. */
  hostPath: string;
  stat: Stats;
  /** An overlay whiteout: a char device 0/0. */
  whiteout: boolean;
  /** A directory with `trusted.overlay.opaque=y`. */
  opaque: boolean;
}

export function isWhiteout(st: Stats): boolean {
  return st.isCharacterDevice() && major(st.rdev) === 0 && minor(st.rdev) === 0;
}

function isOpaque(hostPath: string): boolean {
  const v = lgetxattr(hostPath, "trusted.overlay.opaque");
  return v !== undefined && v.length === 1 && v[0] === 0x79;
}

/** Byte order, as Go compares strings (filepath.Walk's order). */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Walks an upper dir depth first, names sorted bytewise in each directory (Go's
 * filepath.Walk), leaving out `excluded` paths with everything under them, and directories
 * holding nothing but excluded paths (runc's mount points: not a change of the user's).
 */
export async function walkUpper(
  upperDir: string,
  excluded: Iterable<string> = [],
  opts: { keepInitPaths?: boolean } = {},
): Promise<UpperEntry[]> {
  const skip = new Set([
    ...(opts.keepInitPaths ? [] : INIT_LAYER_PATHS),
    ...[...excluded].map((p) => path.posix.resolve("/", p)),
  ]);
  const out: UpperEntry[] = [];
  // Returns whether anything under `rel` was kept.
  const walk = async (rel: string, hostDir: string): Promise<boolean> => {
    let names: string[];
    try {
      names = await readdir(hostDir);
    } catch (err) {
      if (errno(err) === "ENOENT") return false;
      throw err;
    }
    names.sort(byteOrder);
    let kept = false;
    for (const name of names) {
      const p = rel === "/" ? `/${name}` : `${rel}/${name}`;
      if (skip.has(p)) continue;
      const hostPath = path.join(hostDir, name);
      const st = await lstat(hostPath);
      const entry: UpperEntry = {
        path: p,
        hostPath,
        stat: st,
        whiteout: isWhiteout(st),
        opaque: st.isDirectory() && isOpaque(hostPath),
      };
      if (!st.isDirectory()) {
        out.push(entry);
        kept = true;
        continue;
      }
      const at = out.length;
      out.push(entry);
      const inner = await walk(p, hostPath);
      if (!inner && !entry.opaque && hasExcludedChild(skip, p)) {
        out.splice(at, 1);
        continue;
      }
      kept = true;
    }
    return kept;
  };
  await walk("/", upperDir);
  return out;
}

function hasExcludedChild(skip: Set<string>, dir: string): boolean {
  const prefix = `${dir}/`;
  for (const s of skip) if (s.startsWith(prefix)) return true;
  return false;
}

async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await lstat(p);
  } catch (err) {
    const code = errno(err);
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}

/**
 * The path as the image's layers (`lowerDirs`, top first) show it: its stat, or undefined
 * when no layer has it or a higher layer deleted it (a whiteout of it or of a parent, or an
 * opaque parent).
 */
export async function statInLowers(lowerDirs: string[], p: string): Promise<Stats | undefined> {
  const parts = p.split("/").filter(Boolean);
  for (const layer of lowerDirs) {
    const st = await lstatOrUndefined(path.join(layer, ...parts));
    if (st) return isWhiteout(st) ? undefined : st;
    // Hidden in this layer when a parent is whited out here, or opaque here.
    for (let i = parts.length - 1; i >= 1; i--) {
      const dir = path.join(layer, ...parts.slice(0, i));
      const dst = await lstatOrUndefined(dir);
      if (!dst) continue;
      if (isWhiteout(dst)) return undefined;
      if (dst.isDirectory() && isOpaque(dir)) return undefined;
    }
  }
  return undefined;
}

function sameFsTime(a: Stats, b: Stats): boolean {
  // moby's sameFsTime: equal, or equal seconds when one side has no sub-second part.
  if (a.mtimeMs === b.mtimeMs) return true;
  const as = Math.floor(a.mtimeMs / 1000);
  const bs = Math.floor(b.mtimeMs / 1000);
  return as === bs && (a.mtimeMs % 1000 === 0 || b.mtimeMs % 1000 === 0);
}

/**
 * Docker's `GET /containers/{id}/changes` of an overlay upper dir over `lowerDirs` (top
 * first): whiteouts and opaque directories are deletions, entries the lower layers have are
 * modifications, the rest additions; a directory whose metadata did not change is listed
 * (as modified) only when something right under it is added or deleted.
 */
export async function changes(
  upperDir: string,
  lowerDirs: string[],
  excluded: Iterable<string> = [],
): Promise<Change[]> {
  const out: Change[] = [];
  const changedDirs = new Set<string>();
  for (const e of await walkUpper(upperDir, excluded)) {
    let kind: Change["Kind"];
    if (e.whiteout || e.opaque) kind = CHANGE_DELETE;
    else {
      kind = CHANGE_ADD;
      const lower = await statInLowers(lowerDirs, e.path);
      if (lower) {
        if (
          lower.isDirectory() &&
          e.stat.isDirectory() &&
          lower.size === e.stat.size &&
          lower.mode === e.stat.mode &&
          sameFsTime(lower, e.stat)
        ) {
          continue;
        }
        kind = CHANGE_MODIFY;
      }
    }
    if (e.stat.isDirectory()) changedDirs.add(e.path);
    if (kind !== CHANGE_MODIFY) {
      const parent = path.posix.dirname(e.path);
      if (parent !== "/" && !changedDirs.has(parent)) {
        out.push({ Path: parent, Kind: CHANGE_MODIFY });
        changedDirs.add(parent);
      }
    }
    out.push({ Path: e.path, Kind: kind });
  }
  return out;
}

/**
 * Bytes of the upper dir as Docker counts a layer's size (overlay2's DiffSize): every
 * entry but directories, a hard-linked file once.
 */
export async function upperSize(upperDir: string, excluded: Iterable<string> = []): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  for (const e of await walkUpper(upperDir, excluded)) {
    if (e.stat.isDirectory() || e.stat.size === 0) continue;
    if (e.stat.nlink > 1) {
      const key = `${e.stat.dev}:${e.stat.ino}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    total += e.stat.size;
  }
  return total;
}
