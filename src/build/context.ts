// The build context: the client's tar unpacked into a private directory of the data root's
// tmp/, `.dockerignore` applied (with @balena/dockerignore, a port of moby's matcher), and
// what COPY/ADD read from it: sources by path or wildcard, never outside the context, and
// their checksums for the cache (content, mode, owner-independent, mtimes ignored).

import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { unpackLayer } from "../layer/unpack.ts";
import { resolveInRoot } from "../runtime/user.ts";
import { ignoreFilter, readIgnorePatterns } from "./dockerignore.ts";

const SMALL_FILE = 64 * 1024;

/** One file, dir or link of the context, by its path relative to the context root. */
export interface ContextEntry {
  rel: string;
  abs: string;
}

/** Go's filepath.Match, the wildcards of COPY sources: `*`, `?`, `[...]` never cross `/`. */
export function matchPattern(pattern: string, name: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) throw new InvalidParameterError(`syntax error in pattern: ${pattern}`);
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith("^")) cls = `!${cls.slice(1)}`;
      re += `[${cls.startsWith("!") ? `^${cls.slice(1)}` : cls}]`;
      i = end;
    } else if (c === "\\" && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`${re}$`).test(name);
}

export class BuildContext {
  readonly root: string;
  /** A private directory beside the context for the build's own files (removed with it). */
  readonly scratch: string;
  private readonly tmp: string;
  private closing: Promise<void> | undefined;

  private constructor(root: string, tmp: string) {
    this.root = root;
    this.tmp = tmp;
    this.scratch = path.join(tmp, "scratch");
  }

  /** Unpacks the context tar (plain or compressed) and removes what .dockerignore excludes. */
  static async open(
    input: Readable,
    tmpDir: string,
    dockerfile: string,
    signal?: AbortSignal,
  ): Promise<BuildContext> {
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = await mkdtemp(path.join(tmpDir, "build-"));
    const root = path.join(tmp, "context");
    await mkdir(root, { mode: 0o755 });
    const ctx = new BuildContext(root, tmp);
    try {
      // The body is forwarded by hand so that what follows the tar's end blocks (record
      // padding) can be drained afterwards: a request body left unread stops Node reading
      // the socket, and a client that goes away mid-build would not be noticed.
      const pass = new PassThrough();
      let forwarding = true;
      input.on("data", (c: Buffer) => {
        if (forwarding && !pass.write(c)) {
          input.pause();
          pass.once("drain", () => input.resume());
        }
      });
      input.once("end", () => pass.end());
      input.once("error", (err) => pass.destroy(err));
      await unpackLayer(pass, root, { signal });
      forwarding = false;
      input.resume();
      const ignoreText = await readFile(path.join(root, ".dockerignore"), "utf8").catch(() => "");
      const patterns = readIgnorePatterns(ignoreText);
      if (patterns.length > 0) {
        const keep = ignoreFilter(patterns);
        // The Dockerfile and .dockerignore are read by the builder whatever the patterns say,
        // as Docker's; they stay in the context for that, but COPY of them follows the rules.
        const always = new Set([path.posix.normalize(dockerfile), ".dockerignore"]);
        await ctx.prune("", keep, always);
      }
    } catch (err) {
      await ctx.close();
      if (err instanceof InvalidParameterError) throw err;
      throw new InvalidParameterError(`Cannot read the build context: ${(err as Error).message}`);
    }
    return ctx;
  }

  private async prune(rel: string, keep: (rel: string) => boolean, always: Set<string>): Promise<void> {
    for (const ent of await readdir(path.join(this.root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      const abs = path.join(this.root, r);
      if (ent.isDirectory()) {
        await this.prune(r, keep, always);
        // A dir excluded with nothing re-included (`!`) below it goes too.
        if (!keep(r) && (await readdir(abs)).length === 0) await rm(abs, { recursive: true });
      } else if (!keep(r) && !always.has(r)) await rm(abs, { force: true });
    }
  }

  /** Removes the context and the scratch directory; later calls share the first one's removal. */
  close(): Promise<void> {
    this.closing ??= rm(this.tmp, { recursive: true, force: true });
    return this.closing;
  }

  async readDockerfile(name: string): Promise<string> {
    const abs = this.inside(name, name);
    return readFile(abs, "utf8").catch(() => {
      throw new InvalidParameterError(`Cannot locate specified Dockerfile: ${name}`);
    });
  }

  /** The host path of `rel`, refusing a path that leaves the context. */
  private inside(rel: string, shown: string): string {
    const clean = path.posix.normalize(`/${rel}`);
    if (clean.split("/").includes(".."))
      throw new InvalidParameterError(`forbidden path outside the build context: ${shown}`);
    return path.join(this.root, clean);
  }

  /**
   * Checksum of a source for the cache: names, types, modes, link targets and contents of
   * everything under it, never mtimes or owners (the context's owners are the client's).
   */
  static async checksum(abs: string): Promise<string> {
    const h = createHash("sha256");
    const walk = async (p: string, rel: string): Promise<void> => {
      // Metadata and small files synchronously: fs.promises calls are a thread-pool round
      // trip each (readFile four), most of a warm build's checksums on a busy machine.
      const st = lstatSync(p);
      h.update(`${rel}\0${st.mode.toString(8)}\0`);
      if (st.isSymbolicLink()) h.update(`${readlinkSync(p)}\0`);
      else if (st.isFile()) h.update(st.size <= SMALL_FILE ? readFileSync(p) : await readFile(p));
      else if (st.isDirectory())
        for (const name of readdirSync(p).sort()) await walk(path.join(p, name), `${rel}/${name}`);
      h.update("\0");
    };
    await walk(abs, "");
    return h.digest("hex");
  }
}

/**
 * The entries a COPY source names under `root` (the context, or a stage's rootfs, whose
 * symlinks `resolve` keeps inside it): a path, or a wildcard pattern matched against every
 * path as Docker's copyWithWildcards does. None found is an error; `..` never leaves the root.
 */
export async function findSources(
  root: string,
  src: string,
  resolve?: (p: string) => Promise<string>,
): Promise<ContextEntry[]> {
  const clean = path.posix.normalize(`/${src}`).slice(1);
  const rel = clean === "" || clean === "." ? "" : clean.replace(/\/$/, "");
  if (path.posix.normalize(src).startsWith("../"))
    throw new InvalidParameterError(`forbidden path outside the build context: ${src}`);
  if (/[*?[]/.test(rel)) {
    const out: ContextEntry[] = [];
    const walk = async (dir: string): Promise<void> => {
      const ents = await readdir(path.join(root, dir), { withFileTypes: true });
      for (const ent of ents.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const r = dir ? `${dir}/${ent.name}` : ent.name;
        if (matchPattern(rel, r)) out.push({ rel: r, abs: path.join(root, r) });
        else if (ent.isDirectory()) await walk(r);
      }
    };
    await walk("");
    if (out.length === 0) throw new InvalidParameterError(`COPY failed: no source files were specified`);
    return out;
  }
  const abs = await (resolve ?? ((p: string) => resolveInRoot(root, p)))(`/${rel}`);
  await lstat(abs).catch(() => {
    throw new InvalidParameterError(
      `COPY failed: file not found in build context or excluded by .dockerignore: stat ${rel || "."}: file does not exist`,
    );
  });
  return [{ rel: rel || ".", abs }];
}
