// Resource limits (`--ulimit`, HostConfig.Ulimits) as OCI `process.rlimits`. A container may
// never ask for more than the host's hard limit: on this kind of machine even root cannot
// raise it, and the runtime then fails with an opaque EPERM (Podman does exactly that).

import { InvalidParameterError } from "../errdefs/errors.ts";
import type { Ulimit } from "../types/host-config.ts";

/** RLIM_INFINITY as the runtime reads it (a Go uint64); written out by `serializeSpec`. */
export const RLIM_INFINITY = 18446744073709551615n;

/** One OCI rlimit (`process.rlimits[]`). Unlimited is `RLIM_INFINITY`. */
export interface Rlimit {
  type: string;
  soft: number | bigint;
  hard: number | bigint;
}

/** A limit of the host; `Infinity` when unlimited. */
export interface HostRlimit {
  soft: number;
  hard: number;
}

/** Host limits keyed by OCI type (`RLIMIT_NOFILE`, …). */
export type HostRlimits = Partial<Record<string, HostRlimit>>;

// docker/go-units ulimitNameMapping: the names `--ulimit` accepts.
const ulimitNames = new Set([
  "as",
  "core",
  "cpu",
  "data",
  "fsize",
  "locks",
  "memlock",
  "msgqueue",
  "nice",
  "nofile",
  "nproc",
  "rss",
  "rtprio",
  "rttime",
  "sigpending",
  "stack",
]);

// The rows of /proc/self/limits, by their label.
const procLimitNames: Record<string, string> = {
  "Max cpu time": "RLIMIT_CPU",
  "Max file size": "RLIMIT_FSIZE",
  "Max data size": "RLIMIT_DATA",
  "Max stack size": "RLIMIT_STACK",
  "Max core file size": "RLIMIT_CORE",
  "Max resident set": "RLIMIT_RSS",
  "Max processes": "RLIMIT_NPROC",
  "Max open files": "RLIMIT_NOFILE",
  "Max locked memory": "RLIMIT_MEMLOCK",
  "Max address space": "RLIMIT_AS",
  "Max file locks": "RLIMIT_LOCKS",
  "Max pending signals": "RLIMIT_SIGPENDING",
  "Max msgqueue size": "RLIMIT_MSGQUEUE",
  "Max nice priority": "RLIMIT_NICE",
  "Max realtime priority": "RLIMIT_RTPRIO",
  "Max realtime timeout": "RLIMIT_RTTIME",
};

function parseInt64(text: string, whole: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new InvalidParameterError(`invalid ulimit argument: ${whole}`);
  return Number(text);
}

/**
 * Parses `--ulimit name=soft[:hard]` as docker/go-units does: the hard limit defaults to the
 * soft one, -1 is unlimited.
 */
export function parseUlimit(value: string): Ulimit {
  const eq = value.indexOf("=");
  if (eq < 0) throw new InvalidParameterError(`invalid ulimit argument: ${value}`);
  const name = value.slice(0, eq);
  const limits = value.slice(eq + 1);
  if (!ulimitNames.has(name)) throw new InvalidParameterError(`invalid ulimit type: ${name}`);
  const parts = limits.split(":");
  if (parts.length > 2) {
    throw new InvalidParameterError(
      `too many limit value arguments - ${limits}, can only have up to two, \`soft[:hard]\``,
    );
  }
  const soft = parseInt64(parts[0], value);
  const hard = parts.length === 2 ? parseInt64(parts[1], value) : soft;
  if (hard !== -1 && soft > hard) {
    throw new InvalidParameterError(
      `ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`,
    );
  }
  return { Name: name, Soft: soft, Hard: hard };
}

function ociValue(v: number): number | bigint {
  return v < 0 ? RLIM_INFINITY : v;
}

function isUnlimited(v: number | bigint): boolean {
  return v === RLIM_INFINITY || v === Number.POSITIVE_INFINITY;
}

function describe(v: number | bigint): string {
  return isUnlimited(v) ? "unlimited" : String(v);
}

/**
 * Converts the API's Ulimits into OCI rlimits. These are explicit requests of the user, so a
 * hard limit above the host's is an error (never silently lowered: the user asked for it).
 */
export function ulimitsToRlimits(ulimits: readonly Ulimit[] | null | undefined, host: HostRlimits): Rlimit[] {
  const out: Rlimit[] = [];
  for (const u of ulimits ?? []) {
    const name = String(u.Name ?? "").toLowerCase();
    if (!ulimitNames.has(name)) throw new InvalidParameterError(`invalid ulimit type: ${u.Name}`);
    if (!Number.isInteger(u.Soft) || !Number.isInteger(u.Hard))
      throw new InvalidParameterError(`invalid ulimit argument: ${name}=${u.Soft}:${u.Hard}`);
    if (u.Hard !== -1 && (u.Soft === -1 || u.Soft > u.Hard)) {
      throw new InvalidParameterError(
        `ulimit soft limit must be less than or equal to hard limit: ${u.Soft} > ${u.Hard}`,
      );
    }
    const type = `RLIMIT_${name.toUpperCase()}`;
    const soft = ociValue(u.Soft);
    const hard = ociValue(u.Hard);
    const limit = host[type];
    if (limit && !isUnlimited(limit.hard) && (isUnlimited(hard) || hard > limit.hard)) {
      const asked = u.Soft === u.Hard ? describe(hard) : `${describe(soft)}:${describe(hard)}`;
      throw new InvalidParameterError(
        `Cannot set ulimit ${name}=${asked}: the host's hard limit is ${limit.hard}`,
      );
    }
    const at = out.findIndex((r) => r.type === type);
    if (at >= 0) out[at] = { type, soft, hard };
    else out.push({ type, soft, hard });
  }
  return out;
}

/**
 * Lowers limits that are not the user's explicit request (daemon defaults, a runtime's
 * defaults) to the host's hard limit, so the runtime never fails on them.
 */
export function clampRlimits(rlimits: readonly Rlimit[], host: HostRlimits): Rlimit[] {
  return rlimits.map((r) => {
    const limit = host[r.type];
    if (!limit || isUnlimited(limit.hard)) return { ...r };
    const max = limit.hard;
    const hard = isUnlimited(r.hard) || r.hard > max ? max : r.hard;
    const soft = isUnlimited(r.soft) || r.soft > hard ? hard : r.soft;
    return { type: r.type, soft, hard };
  });
}

/** Merges rlimit lists: a later list's entry replaces an earlier one of the same type. */
export function mergeRlimits(...lists: readonly (readonly Rlimit[])[]): Rlimit[] {
  const out: Rlimit[] = [];
  for (const list of lists) {
    for (const r of list) {
      const at = out.findIndex((o) => o.type === r.type);
      if (at >= 0) out[at] = { ...r };
      else out.push({ ...r });
    }
  }
  return out;
}

/** Parses the text of /proc/<pid>/limits. */
export function parseProcLimits(text: string): HostRlimits {
  const out: HostRlimits = {};
  for (const line of text.split("\n")) {
    for (const [label, type] of Object.entries(procLimitNames)) {
      if (!line.startsWith(label) || line[label.length] !== " ") continue;
      const [soft, hard] = line.slice(label.length).trim().split(/\s+/);
      const value = (s: string) => (s === "unlimited" ? Number.POSITIVE_INFINITY : Number(s));
      if (soft !== undefined && hard !== undefined) out[type] = { soft: value(soft), hard: value(hard) };
    }
  }
  return out;
}

/** Reads this process's limits, which the runtime and so the container inherit. */
export async function readHostRlimits(path = "/proc/self/limits"): Promise<HostRlimits> {
  // node:fs/promises taken here: the CLI imports this module for --ulimit's parsing only, and
  // fs/promises loads ~10 of Node's modules at every `berth run`.
  return parseProcLimits(await process.getBuiltinModule("node:fs/promises").readFile(path, "utf8"));
}
