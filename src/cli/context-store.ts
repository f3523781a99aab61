// The docker CLI's context store (cli/context/store), read and written the same way so that
// one list of contexts serves both CLIs: `<config dir>/contexts/meta/<sha256(name)>/meta.json`
// for the endpoint, `<config dir>/contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem` for TLS
// material, and `currentContext` in config.json for `context use`. The implicit `default`
// context is never stored: it stands for -H / BERTH_HOST / DOCKER_HOST / berth's own socket.

import { access, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../util/atomic-file.ts";
import { CliError } from "./command.ts";
import { contextDigest, contextMetaDir, DEFAULT_CONTEXT, readContextMeta } from "./context-resolve.ts";

/** docker's description of the implicit context. */
export const DEFAULT_DESCRIPTION = "Current DOCKER_HOST based configuration";
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;
export const TLS_FILES = ["ca.pem", "cert.pem", "key.pem"] as const;

export interface DockerEndpoint {
  Host: string;
  SkipTLSVerify: boolean;
}

/** meta.json: keys berth does not know (other endpoints, Metadata fields) are kept as found. */
export interface ContextMeta {
  Name: string;
  Metadata: { Description?: string; [k: string]: unknown };
  Endpoints: { docker?: DockerEndpoint; [k: string]: unknown };
}

export class ContextStore {
  readonly configDir: string;

  constructor(configDir: string) {
    this.configDir = configDir;
  }

  metaDir(name: string): string {
    return contextMetaDir(this.configDir, name);
  }

  tlsDir(name: string): string {
    return path.join(this.configDir, "contexts", "tls", contextDigest(name));
  }

  /** Stored contexts, unordered; a directory with no readable meta.json is skipped as docker's. */
  async list(): Promise<ContextMeta[]> {
    const root = path.join(this.configDir, "contexts", "meta");
    const out: ContextMeta[] = [];
    for (const d of await readdir(root).catch((): string[] => [])) {
      if (!/^[0-9a-f]{64}$/.test(d)) continue;
      try {
        out.push(JSON.parse(await readFile(path.join(root, d, "meta.json"), "utf8")) as ContextMeta);
      } catch {
        // docker lists what it can read and skips the rest.
      }
    }
    return out;
  }

  /** A stored context, or docker's "context not found" error. */
  async get(name: string): Promise<ContextMeta> {
    return readContextMeta<ContextMeta>(this.configDir, name);
  }

  async exists(name: string): Promise<boolean> {
    return access(path.join(this.metaDir(name), "meta.json")).then(
      () => true,
      () => false,
    );
  }

  /** The TLS files a context has, per endpoint (inspect's TLSMaterial). */
  async tlsMaterial(name: string): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    const dir = this.tlsDir(name);
    for (const ep of await readdir(dir).catch((): string[] => [])) {
      const files = (await readdir(path.join(dir, ep)).catch((): string[] => [])).sort();
      if (files.length) out[ep] = files;
    }
    return out;
  }

  /**
   * Writes meta.json and the TLS files. The metadata goes in last, by rename, so that a
   * context is never listed before its TLS material is complete.
   */
  async write(meta: ContextMeta, tls: Record<string, Buffer> = {}): Promise<void> {
    const tlsDir = path.join(this.tlsDir(meta.Name), "docker");
    if (Object.keys(tls).length) {
      await mkdir(tlsDir, { recursive: true, mode: 0o700 });
      for (const [file, data] of Object.entries(tls))
        await writeFile(path.join(tlsDir, file), data, { mode: 0o600 });
    }
    const dir = this.metaDir(meta.Name);
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await writeFileAtomic(path.join(dir, "meta.json"), JSON.stringify(meta), 0o644);
  }

  async remove(name: string): Promise<void> {
    // Rename first: a removal cut short leaves no half-context that `ls` would show.
    const dir = this.metaDir(name);
    const gone = `${dir}.removing`;
    await rename(dir, gone);
    await rm(gone, { recursive: true, force: true });
    await rm(this.tlsDir(name), { recursive: true, force: true });
  }

  /** Reads the TLS files of a context's docker endpoint (for export and `--from`). */
  async readTls(name: string): Promise<Record<string, Buffer>> {
    const out: Record<string, Buffer> = {};
    const dir = path.join(this.tlsDir(name), "docker");
    for (const f of await readdir(dir).catch((): string[] => [])) out[f] = await readFile(path.join(dir, f));
    return out;
  }
}

/** docker's context name rule; `default` is reserved. */
export function checkContextName(name: string): void {
  if (!name) throw new CliError("context name cannot be empty");
  if (name === DEFAULT_CONTEXT) throw new CliError(`"${DEFAULT_CONTEXT}" is a reserved context name`);
  if (!NAME.test(name)) {
    throw new CliError(
      `context name "${name}" is invalid, names are validated against regexp "${NAME.source}"`,
    );
  }
}
