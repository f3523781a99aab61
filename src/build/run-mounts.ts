// RUN's flags as BuildKit's Dockerfile frontend defines them (instructions/commands_runmount.go,
// commands_runnetwork.go): `--mount=type=cache|bind|tmpfs|secret` and `--network`, turned
// into the intermediate container's HostConfig mounts and network mode. What each mount needs
// on the host is made here and undone by `release`:
// - cache: `<data-root>/build/cache-mounts/<safe id>/`, one directory per cache id, kept
//   across builds and never in a layer (a mount point is excluded from the upper dir's tar);
//   `sharing=locked` runs one RUN at a time on it, `private` gives a RUN a fresh directory
//   while another uses the id;
// - bind: the context's (or a stage's or an image's) path, read-only, or a throw-away copy for
//   `rw` so that writes are discarded;
// - tmpfs: a tmpfs mount (`size=`);
// - secret: the value in a private 0700 directory, bind-mounted read-only and removed after
//   the RUN, or (`env=`) an environment variable of the RUN's container only (as BuildKit
//   gives it to the process), never of the image; only its id, target and variable name
//   reach the cache key, never its value.
// `type=ssh` is refused: berth has no SSH agent forwarding.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, chown, mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { ramInBytes } from "../format/units.ts";
import { resolveInRoot } from "../runtime/user.ts";
import type { Mount } from "../types/host-config.ts";
import type { Instruction } from "./dockerfile.ts";

export interface RunMountSpec {
  type: "cache" | "bind" | "tmpfs" | "secret";
  target: string;
  source?: string;
  from?: string;
  id?: string;
  sharing?: "shared" | "private" | "locked";
  readOnly: boolean;
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  required?: boolean;
  /** secret: the environment variable the value is given in (BuildKit's `env=`). */
  env?: string;
  /** secret with `env=` and no `target=`: no file is mounted. */
  noFile?: boolean;
}

export interface RunFlags {
  mounts: RunMountSpec[];
  network?: "default" | "none" | "host";
}

function bad(ins: Instruction, msg: string): InvalidParameterError {
  return new InvalidParameterError(`Dockerfile line ${ins.line}: RUN: ${msg}`);
}

/** Fields of a `--mount` value: comma-separated, each field may be double-quoted (Go's csv). */
function csvFields(v: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    if (quoted) {
      if (ch === '"' && v[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === "") quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

// Go's strconv.ParseBool.
function parseBool(ins: Instruction, key: string, v: string | undefined): boolean {
  if (v === undefined || v === "") return true;
  if (["1", "t", "T", "true", "TRUE", "True"].includes(v)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(v)) return false;
  throw bad(ins, `invalid value for ${key}: ${v}`);
}

function parseUint(ins: Instruction, key: string, v: string, base: number): number {
  const re = base === 8 ? /^[0-7]+$/ : /^\d+$/;
  if (!re.test(v)) throw bad(ins, `invalid value for ${key}: ${v}`);
  return Number.parseInt(v, base);
}

/**
 * One `--mount` value. `expand` expands each field's value with the stage's ARG and ENV
 * values, as BuildKit's parseMount does (all but `type`); without it values stay as written.
 */
export function parseMountFlag(
  ins: Instruction,
  value: string,
  expand: (s: string) => string = (s) => s,
): RunMountSpec {
  const fields = csvFields(value);
  let type = "bind";
  for (const f of fields) {
    const [k, v] = f.split("=", 2);
    if (k.trim().toLowerCase() === "type") type = (v ?? "").toLowerCase();
  }
  if (type === "ssh")
    throw bad(ins, "--mount=type=ssh is not supported by berth's builder (no SSH agent forwarding)");
  if (type !== "cache" && type !== "bind" && type !== "tmpfs" && type !== "secret")
    throw bad(ins, `unsupported mount type "${type}"`);
  const m: RunMountSpec = { type, target: "", readOnly: type === "bind" || type === "secret" };
  for (const f of fields) {
    const eq = f.indexOf("=");
    const key = (eq < 0 ? f : f.slice(0, eq)).trim().toLowerCase();
    const v = eq < 0 ? undefined : key === "type" ? f.slice(eq + 1) : expand(f.slice(eq + 1));
    const need = () => {
      if (v === undefined) throw bad(ins, `invalid field '${f}' must be a key=value pair`);
      return v;
    };
    switch (key) {
      case "type":
        break;
      case "from":
        m.from = need();
        break;
      case "source":
      case "src":
        m.source = need();
        break;
      case "target":
      case "dst":
      case "destination":
        m.target = need();
        break;
      case "readonly":
      case "ro":
        m.readOnly = parseBool(ins, key, v);
        break;
      case "readwrite":
      case "rw":
        m.readOnly = !parseBool(ins, key, v);
        break;
      case "required":
        if (type !== "secret") throw bad(ins, `unexpected key '${key}' for mount type '${type}'`);
        m.required = parseBool(ins, key, v);
        break;
      case "size":
        if (type !== "tmpfs") throw bad(ins, `unexpected key '${key}' for mount type '${type}'`);
        try {
          m.size = ramInBytes(need());
        } catch (err) {
          throw bad(ins, `invalid size ${v}: ${(err as Error).message}`);
        }
        break;
      case "id":
        m.id = need();
        break;
      case "sharing": {
        if (type !== "cache") throw bad(ins, `unexpected key '${key}' for mount type '${type}'`);
        const s = need().toLowerCase();
        if (s !== "shared" && s !== "private" && s !== "locked")
          throw bad(ins, `unsupported sharing value "${s}"`);
        m.sharing = s;
        break;
      }
      case "mode":
        m.mode = parseUint(ins, key, need(), 8);
        break;
      case "uid":
        m.uid = parseUint(ins, key, need(), 10);
        break;
      case "gid":
        m.gid = parseUint(ins, key, need(), 10);
        break;
      case "env":
        if (type !== "secret") throw bad(ins, `unexpected key '${key}' for mount type '${type}'`);
        m.env = need();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(m.env))
          throw bad(ins, `invalid environment variable name ${m.env}`);
        break;
      default:
        throw bad(ins, `unexpected key '${key}' in '${f}'`);
    }
  }
  if (type === "secret") {
    if (!m.id && !m.target) throw bad(ins, "secret mount requires an id or a target");
    if (m.env !== undefined && !m.target) m.noFile = true;
    m.id ??= path.posix.basename(m.target);
    if (!m.target) m.target = `/run/secrets/${m.id}`;
  }
  if (!m.target) throw bad(ins, `mount type "${type}" requires a target`);
  if (m.source !== undefined && type === "tmpfs") throw bad(ins, "tmpfs mounts take no source");
  if (m.from !== undefined && type !== "bind" && type !== "cache")
    throw bad(ins, `unexpected key 'from' for mount type '${type}'`);
  if (type === "cache") m.id ||= m.target;
  return m;
}

/** RUN's `--mount` and `--network` flags; `workdir` resolves relative targets, as BuildKit. */
export function parseRunFlags(
  ins: Instruction,
  workdir: string,
  expand: (s: string) => string = (s) => s,
): RunFlags {
  const out: RunFlags = { mounts: [] };
  for (const [name, value] of ins.flags) {
    if (name === "mount") {
      const m = parseMountFlag(ins, value ?? "", expand);
      m.target = path.posix.resolve(workdir || "/", m.target);
      if (!m.noFile && out.mounts.some((o) => !o.noFile && o.target === m.target))
        throw bad(ins, `duplicate mount target ${m.target}`);
      out.mounts.push(m);
    } else if (name === "network") {
      const v = (value ?? "").toLowerCase();
      if (v !== "default" && v !== "none" && v !== "host")
        throw bad(ins, `network mode "${value ?? ""}" not supported by buildkit`);
      out.network = v;
    }
  }
  return out;
}

/** The stages or images a RUN's mounts read (`from=`), for the stages a target needs. */
export function mountFroms(ins: Instruction): string[] {
  if (ins.keyword !== "RUN") return [];
  const out: string[] = [];
  for (const [name, value] of ins.flags)
    if (name === "mount") {
      const from = parseMountFlag(ins, value ?? "").from;
      if (from !== undefined) out.push(from);
    }
  return out;
}

/** What of the flags goes into the RUN's cache key: every mount field, never a secret's value. */
export function runFlagsKey(flags: RunFlags): unknown {
  return { mounts: flags.mounts, network: flags.network ?? "default" };
}

/** A cache id as a directory name: readable, and unique through a hash of the whole id. */
export function cacheDirName(id: string): string {
  const slug = id
    .replace(/[^A-Za-z0-9_.-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(0, 48);
  return `${slug || "cache"}-${createHash("sha256").update(id).digest("hex").slice(0, 16)}`;
}

/** In-use counts and lock queues of cache ids, for the whole berthd (builds run side by side). */
const inUse = new Map<string, number>();
const locks = new Map<string, Promise<void>>();
const waiters = new Map<string, number>();

/** How many RUNs wait for a `sharing=locked` cache id (for tests and diagnostics). */
export function lockedCacheWaiters(id: string): number {
  return waiters.get(cacheDirName(id)) ?? 0;
}

export interface MountHost {
  /** `<data-root>/build/cache-mounts`. */
  cacheMountsDir: string;
  /** A private scratch directory for this RUN (removed by release). */
  tmpDir: string;
  /** The build context's root. */
  contextRoot: string;
  /** Runs `fn` with the rootfs of a stage or an image (`from=`). */
  withRoot<T>(from: string, fn: (root: string) => Promise<T>): Promise<T>;
  secrets: ReadonlyMap<string, Buffer>;
}

export interface PreparedMounts {
  mounts: Mount[];
  /** `NAME=value` of secrets given as environment variables: the RUN's container only. */
  env: string[];
  release(): Promise<void>;
}

async function copyTree(src: string, dst: string): Promise<void> {
  // coreutils' cp -a keeps owners, modes, times, links and xattrs: Node's fs.cp keeps no owners.
  await new Promise<void>((resolve, reject) => {
    const p = spawn("cp", ["-a", "--", src, dst], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(err.trim() || `cp exited ${code}`))));
  });
}

/** Makes the host side of each mount; `release` undoes it (locks, in-use counts, copies, secrets). */
export async function prepareMounts(
  ins: Instruction,
  flags: RunFlags,
  host: MountHost,
): Promise<PreparedMounts> {
  const mounts: Mount[] = [];
  const env: string[] = [];
  const undo: (() => Promise<void> | void)[] = [];
  const release = async () => {
    for (const u of undo.reverse()) await u();
    await rm(host.tmpDir, { recursive: true, force: true });
  };
  await mkdir(host.tmpDir, { recursive: true, mode: 0o700 });
  // Locks this RUN holds: a second mount of the same locked id must not wait for itself.
  const held = new Set<string>();
  try {
    for (const m of flags.mounts) {
      const at = path.posix.resolve("/", m.target);
      if (m.type === "tmpfs") {
        mounts.push({ Type: "tmpfs", Target: at, TmpfsOptions: m.size ? { SizeBytes: m.size } : {} });
      } else if (m.type === "secret") {
        const value = host.secrets.get(m.id!);
        if (!value) {
          if (m.required) throw bad(ins, `secret ${m.id}: not found`);
          continue;
        }
        if (m.env !== undefined) env.push(`${m.env}=${value.toString("utf8")}`);
        if (m.noFile) continue;
        const dir = await mkdtemp(path.join(host.tmpDir, "secret-"));
        const file = path.join(dir, "value");
        await writeFile(file, value, { mode: 0o400 });
        await chown(file, m.uid ?? 0, m.gid ?? 0);
        await chmod(file, m.mode ?? 0o400);
        mounts.push({ Type: "bind", Source: file, Target: at, ReadOnly: true });
      } else if (m.type === "bind") {
        const src = m.source ?? "/";
        const place = async (root: string) => {
          const abs = await resolveInRoot(root, path.posix.resolve("/", src));
          await stat(abs).catch(() => {
            throw bad(ins, `--mount=type=bind: source ${src} not found${m.from ? ` in ${m.from}` : ""}`);
          });
          if (m.readOnly && !m.from) return abs;
          // rw (writes thrown away) or another root that goes away: a private copy.
          const copy = path.join(await mkdtemp(path.join(host.tmpDir, "bind-")), "src");
          await copyTree(abs, copy);
          return copy;
        };
        const source = m.from ? await host.withRoot(m.from, place) : await place(host.contextRoot);
        mounts.push({ Type: "bind", Source: source, Target: at, ReadOnly: m.readOnly });
      } else {
        mounts.push(await cacheMount(ins, m, host, undo, held));
      }
    }
  } catch (err) {
    await release();
    throw err;
  }
  return { mounts, env, release };
}

async function cacheMount(
  ins: Instruction,
  m: RunMountSpec,
  host: MountHost,
  undo: (() => Promise<void> | void)[],
  held: Set<string>,
): Promise<Mount> {
  const id = m.id!;
  const name = cacheDirName(id);
  if (m.sharing === "locked" && !held.has(name)) {
    held.add(name);
    const prev = locks.get(name) ?? Promise.resolve();
    let unlock!: () => void;
    const mine = new Promise<void>((r) => {
      unlock = r;
    });
    const chained = prev.then(() => mine);
    locks.set(name, chained);
    undo.push(() => {
      unlock();
      if (locks.get(name) === chained) locks.delete(name);
    });
    waiters.set(name, (waiters.get(name) ?? 0) + 1);
    try {
      await prev;
    } finally {
      const w = (waiters.get(name) ?? 1) - 1;
      if (w > 0) waiters.set(name, w);
      else waiters.delete(name);
    }
  }
  let dir = path.join(host.cacheMountsDir, name);
  if (m.sharing === "private" && (inUse.get(name) ?? 0) > 0) {
    // BuildKit gives a private mount its own instance while the shared one is in use.
    dir = path.join(await mkdtemp(path.join(host.tmpDir, "cache-")), "dir");
  } else {
    inUse.set(name, (inUse.get(name) ?? 0) + 1);
    undo.push(() => {
      const n = (inUse.get(name) ?? 1) - 1;
      if (n > 0) inUse.set(name, n);
      else inUse.delete(name);
    });
  }
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) {
    await mkdir(path.dirname(dir), { recursive: true, mode: 0o700 });
    const fresh = `${dir}.new-${process.pid}-${Date.now()}`;
    if (m.from) {
      const src = m.source ?? "/";
      await host.withRoot(m.from, async (root) => {
        const abs = await resolveInRoot(root, path.posix.resolve("/", src));
        await stat(abs).catch(() => {
          throw bad(ins, `--mount=type=cache: source ${src} not found in ${m.from}`);
        });
        await copyTree(abs, fresh);
      });
    } else await mkdir(fresh, { mode: 0o755 });
    await chown(fresh, m.uid ?? 0, m.gid ?? 0);
    await chmod(fresh, m.mode ?? 0o755);
    // Renamed into place whole, so a crash never leaves a half-seeded cache.
    // (Another build that made it first wins; this copy goes.)
    await rename(fresh, dir).catch(() => rm(fresh, { recursive: true, force: true }));
  }
  let source = dir;
  if (m.source !== undefined && !m.from) {
    source = await resolveInRoot(dir, path.posix.resolve("/", m.source));
    await mkdir(source, { recursive: true, mode: m.mode ?? 0o755 });
  }
  return { Type: "bind", Source: source, Target: path.posix.resolve("/", m.target), ReadOnly: m.readOnly };
}
