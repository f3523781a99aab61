// The `X-Docker-Container-Path-Stat` header as both sides of `docker cp` read it: the daemon
// encodes a unix stat in Go's terms (os.FileMode, RFC3339Nano, filepath.Base) and the CLI
// decodes the same FileMode bits.

import { constants } from "node:fs";

/** The `X-Docker-Container-Path-Stat` header's JSON (api/types/container.PathStat). */
export interface PathStat {
  name: string;
  size: number;
  /** A Go os.FileMode, not a unix st_mode. */
  mode: number;
  mtime: string;
  linkTarget: string;
}

// Go's os.FileMode type and permission bits.
export const GO_DIR = 0x80000000;
export const GO_SYMLINK = 1 << 27;
export const GO_DEVICE = 1 << 26;
export const GO_NAMED_PIPE = 1 << 25;
export const GO_SOCKET = 1 << 24;
const GO_SETUID = 1 << 23;
const GO_SETGID = 1 << 22;
const GO_CHAR_DEVICE = 1 << 21;
const GO_STICKY = 1 << 20;
export const GO_IRREGULAR = 1 << 19;

/** A unix st_mode as Go's os.FileMode (what `stat.Mode()` returns in Docker). */
export function goFileMode(mode: number): number {
  let m = mode & 0o777;
  switch (mode & constants.S_IFMT) {
    case constants.S_IFDIR:
      m |= GO_DIR;
      break;
    case constants.S_IFLNK:
      m |= GO_SYMLINK;
      break;
    case constants.S_IFIFO:
      m |= GO_NAMED_PIPE;
      break;
    case constants.S_IFSOCK:
      m |= GO_SOCKET;
      break;
    case constants.S_IFBLK:
      m |= GO_DEVICE;
      break;
    case constants.S_IFCHR:
      m |= GO_DEVICE | GO_CHAR_DEVICE;
      break;
  }
  if (mode & 0o4000) m |= GO_SETUID;
  if (mode & 0o2000) m |= GO_SETGID;
  if (mode & 0o1000) m |= GO_STICKY;
  return m >>> 0;
}

/** A time in nanoseconds as Go's RFC3339Nano (trailing zeros of the fraction dropped), in UTC. */
export function goTime(ns: bigint): string {
  const secs = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  const base = new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  return `${base}${frac ? `.${frac}` : ""}Z`;
}

/** Go's filepath.Base: the last element, "/" for the root, "." for "". */
export function goBase(p: string): string {
  if (p === "") return ".";
  const trimmed = p.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}
