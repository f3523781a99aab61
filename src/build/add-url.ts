// ADD of an http(s) URL, as Docker's: the file is downloaded (never extracted), named after
// the URL's last path segment, given mode 0600 and the server's Last-Modified as its mtime;
// `--checksum=sha256:…` must match. The download goes to the build's scratch directory and
// is then copied like a context file; the cache sees its checksum, so a changed file misses.

import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { chmod, mkdir, mkdtemp, utimes } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { InvalidParameterError } from "../errdefs/errors.ts";
import type { Instruction } from "./dockerfile.ts";

export function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.startsWith("git@");
}

function parseChecksum(ins: Instruction, v: string): string {
  const m = /^sha256:([0-9a-f]{64})$/.exec(v);
  if (!m)
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: ADD --checksum=${v}: expected sha256:<64 hex digits> (the only algorithm berth checks)`,
    );
  return m[1];
}

/** Downloads `url` into a new directory under `scratch`; returns the file as a COPY source. */
export async function downloadUrl(
  ins: Instruction,
  url: string,
  scratch: string,
  checksum: string | undefined,
  signal: AbortSignal,
): Promise<{ rel: string; abs: string }> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidParameterError(`Dockerfile line ${ins.line}: ADD ${url}: not a valid URL`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: ADD ${url}: only http(s) URLs are supported by berth's builder (not git or other remotes)`,
    );
  const want = checksum === undefined ? undefined : parseChecksum(ins, checksum);
  const name = decodeURIComponent(path.posix.basename(u.pathname));
  if (!name || name === "/" || name === "." || name === "..")
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: ADD ${url}: cannot determine filename from url: ${url}`,
    );
  let res: Response;
  try {
    res = await fetch(u, { signal, redirect: "follow" });
  } catch (err) {
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: ADD ${url}: failed to GET ${url}: ${(err as Error).cause ?? (err as Error).message}`,
    );
  }
  if (res.status < 200 || res.status >= 300 || !res.body) {
    await res.body?.cancel();
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: ADD ${url}: failed to GET ${url} with status ${res.status} ${res.statusText}`,
    );
  }
  await mkdir(scratch, { recursive: true, mode: 0o700 });
  const abs = path.join(await mkdtemp(path.join(scratch, "url-")), name);
  const hash = createHash("sha256");
  const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
  body.on("data", (c: Buffer) => hash.update(c));
  await pipeline(body, createWriteStream(abs, { mode: 0o600 }));
  const got = hash.digest("hex");
  if (want && got !== want)
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: ADD ${url}: checksum mismatch: expected sha256:${want}, got sha256:${got}`,
    );
  await chmod(abs, 0o600);
  const lm = res.headers.get("last-modified");
  const mtime = lm ? new Date(lm) : undefined;
  if (mtime && !Number.isNaN(mtime.getTime())) await utimes(abs, mtime, mtime);
  return { rel: name, abs };
}
