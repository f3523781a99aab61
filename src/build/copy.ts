// COPY/ADD from the context as a tar of the files at their destination paths (names relative
// to `/`), with Docker's destination rules: a trailing `/`, several sources or an existing
// directory make the destination a directory; a source directory's contents (not the
// directory itself) are copied; missing parent directories are made 0755 with the owner.

import { createReadStream, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { InvalidParameterError } from "../errdefs/errors.ts";
import type { ContextEntry } from "./context.ts";
import type { Instruction } from "./dockerfile.ts";

export interface CopyOwner {
  uid: number;
  gid: number;
}

export interface PlannedEntry {
  name: string;
  abs?: string;
  dir?: boolean;
}

/**
 * Where each source goes. `destKind` says what the destination is in the image (a dir, some
 * other file, or nothing); `existingDirs` which ancestors exist, so only missing ones are made.
 */
export async function planCopy(
  sources: ContextEntry[],
  rawDest: string,
  workdir: string,
  destKind: (p: string) => Promise<"dir" | "other" | undefined>,
): Promise<PlannedEntry[]> {
  const dest = path.posix.resolve(workdir || "/", rawDest);
  const slash = rawDest.endsWith("/") || rawDest === "." || rawDest.endsWith("/.");
  if (sources.length > 1 && !slash && (await destKind(dest)) !== "dir")
    throw new InvalidParameterError(
      "When using COPY with more than one source file, the destination must be a directory and end with a /",
    );
  const out: PlannedEntry[] = [];
  const ensureDirs = async (dir: string) => {
    const missing: string[] = [];
    for (let d = dir; d !== "/"; d = path.posix.dirname(d)) {
      if ((await destKind(d)) === "dir") break;
      missing.unshift(d);
    }
    for (const d of missing)
      if (!out.some((e) => e.name === d.slice(1))) out.push({ name: d.slice(1), dir: true });
  };
  for (const src of sources) {
    const st = lstatSync(src.abs);
    if (st.isDirectory()) {
      await ensureDirs(dest);
      walk(src.abs, dest, out);
      continue;
    }
    const toDir = slash || sources.length > 1 || (await destKind(dest)) === "dir";
    const target = toDir ? path.posix.join(dest, path.posix.basename(src.rel)) : dest;
    await ensureDirs(path.posix.dirname(target));
    out.push({ name: target.slice(1), abs: src.abs });
  }
  return out;
}

/** Adds entries for `dir` and its ancestors that the image lacks (made 0755 with the owner). */
export async function addMissingDirs(
  out: PlannedEntry[],
  dir: string,
  destKind: (p: string) => Promise<"dir" | "other" | undefined>,
): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; d !== "/"; d = path.posix.dirname(d)) {
    if ((await destKind(d)) === "dir") break;
    missing.unshift(d);
  }
  for (const d of missing)
    if (!out.some((e) => e.name === d.slice(1))) out.push({ name: d.slice(1), dir: true });
}

// The walk, the tar's stats and the small files' reads are synchronous: each call is
// microseconds, an awaited one a thread-pool round trip (behind other steps' fsyncs).
function walk(absDir: string, destDir: string, out: PlannedEntry[]): void {
  for (const name of readdirSync(absDir).sort()) {
    const abs = path.join(absDir, name);
    const target = path.posix.join(destDir, name);
    out.push({ name: target.slice(1), abs });
    if (lstatSync(abs).isDirectory()) walk(abs, target, out);
  }
}

/** Files up to this size go into the tar from one synchronous read. */
const SMALL_FILE = 64 * 1024;

/** The planned entries as a tar stream, owned by `owner`, with `chmod` on every entry when given. */
export function copyTar(entries: PlannedEntry[], owner: CopyOwner, chmod: number | undefined): Readable {
  const pack = tar.pack();
  (async () => {
    for (const e of entries) {
      const base = { name: e.name, uid: owner.uid, gid: owner.gid };
      if (!e.abs) {
        pack.entry({ ...base, type: "directory", mode: chmod ?? 0o755, mtime: new Date(0) });
        continue;
      }
      const st = lstatSync(e.abs);
      const mode = chmod ?? st.mode & 0o7777;
      if (st.isDirectory()) pack.entry({ ...base, type: "directory", mode, mtime: st.mtime });
      else if (st.isSymbolicLink())
        pack.entry({
          ...base,
          type: "symlink",
          linkname: readlinkSync(e.abs),
          mode: 0o777,
          mtime: st.mtime,
        });
      else if (st.isFile()) {
        if (st.size <= SMALL_FILE) {
          // Read whole, synchronously: a stream per small file is most of a COPY's time.
          // Awaited: the entry's callback comes once the reader has taken it (backpressure).
          const data = readFileSync(e.abs);
          await new Promise<void>((resolve, reject) =>
            pack.entry({ ...base, type: "file", mode, mtime: st.mtime }, data, (err) =>
              err ? reject(err) : resolve(),
            ),
          );
        } else {
          const entry = pack.entry({ ...base, type: "file", mode, size: st.size, mtime: st.mtime });
          await pipeline(createReadStream(e.abs), entry);
        }
      }
      // Devices, fifos and sockets of a context are not copied, as Docker's tar of the context has none.
    }
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  return pack as unknown as Readable;
}

/** `--chmod=0755`: octal, as Docker accepts it. */
export function parseChmod(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[0-7]{3,4}$/.test(v)) throw new InvalidParameterError(`invalid chmod parameter: ${v}`);
  return Number.parseInt(v, 8);
}

export function numericOwner(chown: string | undefined, ins: Instruction): CopyOwner {
  if (!chown) return { uid: 0, gid: 0 };
  const m = /^(\d+)(?::(\d+))?$/.exec(chown);
  if (!m)
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: --chown=${chown}: a stage FROM scratch has no /etc/passwd; give numeric ids`,
    );
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}
