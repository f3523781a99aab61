/**
 * The distribution spec's blob upload protocol: a session (POST), the blob in one PUT or in
 * chunks (PATCH, honouring the registry's minimum chunk length), the closing PUT with its
 * digest, and a fresh session on a cut connection, a 5xx or a 416.
 */
import { createHash } from "node:crypto";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { SystemError, UnauthorizedError } from "../errdefs/errors.ts";
import { fixedBlocks } from "../layer/gzip-blocks.ts";
import { retryCountdown, type SendProgress } from "./progress.ts";
import { type RegistryClient, readAll, registryErrorText } from "./registry-client.ts";

type Response = Awaited<ReturnType<RegistryClient["request"]>>;

function uploadUrl(res: Response, what: string): URL {
  const loc = res.headers.location;
  if (!loc) throw new SystemError(`Cannot ${what}: the registry gave no upload location`);
  return new URL(loc, res.url);
}

function withDigestParam(url: URL, digest: string): URL {
  const u = new URL(url);
  u.searchParams.set("digest", digest);
  return u;
}

/** A failure a fresh upload session may get past: a cut connection, a 5xx, a 416. */
class UploadInterruptedError extends SystemError {}

/** Network failures of `request` (the client wraps them with their cause) become retryable. */
function interrupted(err: unknown, sourceFailed: boolean): unknown {
  if (sourceFailed || !(err instanceof SystemError) || err instanceof UploadInterruptedError) return err;
  if (err.cause === undefined) return err;
  return new UploadInterruptedError(err.message, { cause: err.cause });
}

/** A request of an upload session, its network failures retryable. */
async function uploadRequest(
  client: RegistryClient,
  method: string,
  target: string | URL,
  opts: Parameters<RegistryClient["request"]>[2],
): Promise<Response> {
  try {
    return await client.request(method, target, opts);
  } catch (err) {
    throw interrupted(err, false);
  }
}

async function startUpload(
  client: RegistryClient,
  scopes: string[],
  signal?: AbortSignal,
): Promise<Response> {
  const post = await uploadRequest(client, "POST", `v2/${client.repo}/blobs/uploads/`, {
    headers: { "Content-Length": "0" },
    scopes,
    signal,
  });
  await expectStatus(post, [202], "start a blob upload");
  return post;
}

/** Throws unless `res` has one of the `ok` statuses; a 5xx or 416 (an upload session that lost its place) is worth a new session. */
export async function expectStatus(res: Response, ok: number[], what: string) {
  if (ok.includes(res.status)) {
    res.body.resume();
    return;
  }
  const text = registryErrorText(await readAll(res, 1024 * 1024), res.status);
  const E = res.status >= 500 || res.status === 416 ? UploadInterruptedError : SystemError;
  throw new E(`Cannot ${what}: ${text}`);
}

async function finishUpload(
  client: RegistryClient,
  last: Response,
  digest: string,
  scopes: string[],
  signal?: AbortSignal,
) {
  const put = await uploadRequest(
    client,
    "PUT",
    withDigestParam(uploadUrl(last, "finish a blob upload"), digest),
    {
      headers: { "Content-Length": "0" },
      scopes,
      signal,
    },
  );
  await expectStatus(put, [201], `finish the upload of ${digest}`);
}

/** Uploads a blob of known digest in one PUT after the POST (configs, small blobs). */
export async function uploadBuffer(
  client: RegistryClient,
  data: Buffer,
  digest: string,
  signal?: AbortSignal,
) {
  const scopes = [client.scope("pull,push")];
  const post = await startUpload(client, scopes, signal);
  const put = await uploadRequest(
    client,
    "PUT",
    withDigestParam(uploadUrl(post, `upload ${digest}`), digest),
    {
      headers: { "Content-Type": "application/octet-stream", "Content-Length": String(data.length) },
      body: data,
      scopes,
      signal,
    },
  );
  await expectStatus(put, [201], `upload ${digest}`);
}

/** The smallest chunk berth sends, so that a registry asking for tiny chunks gets no flood of requests. */
const CHUNK_FLOOR = 1024 * 1024;

/** The registry's `OCI-Chunk-Min-Length`, when it gave a usable one. */
function chunkMinLength(res: Response): number | undefined {
  const v = res.headers["oci-chunk-min-length"];
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The end offset of a `Range: 0-<end>` upload status, if the registry gave one. */
function uploadedEnd(res: Response): number | undefined {
  const m = /^(?:bytes=)?0-(\d+)$/.exec(String(res.headers.range ?? "").trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The distribution spec's chunked upload, for registries that announce a minimum chunk
 * length: `PATCH`es with `Content-Range`, each to the `Location` of the previous answer,
 * checking the `Range` the registry reports and sending again what it did not keep.
 */
async function uploadChunks(
  client: RegistryClient,
  post: Response,
  minLength: number,
  source: Readable,
  report: (n: number) => void,
  scopes: string[],
  signal?: AbortSignal,
): Promise<{ digest: string; size: number; last: Response }> {
  const hash = createHash("sha256");
  let last = post;
  let size = 0;
  let sourceFailed = false;
  source.once("error", () => {
    sourceFailed = true;
  });
  try {
    for await (const chunk of fixedBlocks(source, Math.max(minLength, CHUNK_FLOOR))) {
      hash.update(chunk);
      const start = size;
      const end = start + chunk.length - 1;
      let pos = start;
      while (pos <= end) {
        const res = await client.request("PATCH", uploadUrl(last, "upload a blob chunk"), {
          headers: {
            "Content-Type": "application/octet-stream",
            "Content-Range": `${pos}-${end}`,
            "Content-Length": String(end - pos + 1),
          },
          body: chunk.subarray(pos - start),
          scopes,
          signal,
        });
        await expectStatus(res, [202], `upload bytes ${pos}-${end} of a blob`);
        last = res;
        const kept = uploadedEnd(res) ?? end;
        if (kept < pos || kept > end) {
          throw new UploadInterruptedError(
            `Cannot upload bytes ${pos}-${end} of a blob: the registry reports it holds 0-${kept}`,
          );
        }
        pos = kept + 1;
      }
      size += chunk.length;
      report(size);
    }
  } catch (err) {
    const e = interrupted(err, sourceFailed);
    source.destroy();
    throw e;
  }
  return { digest: `sha256:${hash.digest("hex")}`, size, last };
}

/**
 * Streams a blob in one PATCH (as Docker's client does), or in chunks where the registry
 * asks for them, then closes the upload with the digest, which for a layer compressed on
 * the fly is only known at the end.
 */
export async function uploadStream(
  client: RegistryClient,
  source: Readable,
  total: number | undefined,
  report: (n: number) => void,
  signal?: AbortSignal,
): Promise<{ digest: string; size: number }> {
  const scopes = [client.scope("pull,push")];
  let post: Response;
  try {
    post = await startUpload(client, scopes, signal);
  } catch (err) {
    source.destroy();
    throw err;
  }
  const minLength = chunkMinLength(post);
  if (minLength !== undefined) {
    const r = await uploadChunks(
      client,
      post,
      minLength,
      source,
      (n) => report(total ? Math.min(n, total) : n),
      scopes,
      signal,
    );
    await finishUpload(client, r.last, r.digest, scopes, signal);
    return { digest: r.digest, size: r.size };
  }
  const hash = createHash("sha256");
  let size = 0;
  let sourceFailed = false;
  const tee = new PassThrough();
  source.on("data", (c: Buffer) => {
    hash.update(c);
    size += c.length;
    report(total ? Math.min(size, total) : size);
  });
  source.once("error", () => {
    sourceFailed = true;
  });
  const piping = pipeline(source, tee);
  // Destroying the body with an error also ends the HTTP request it was piped into.
  const abandon = async (err: unknown) => {
    tee.destroy(err instanceof Error ? err : new Error(String(err)));
    await piping.catch(() => {});
  };
  let patch: Response;
  try {
    patch = await client.request("PATCH", uploadUrl(post, "upload a blob"), {
      headers: { "Content-Type": "application/octet-stream" },
      body: tee,
      scopes,
      signal,
    });
  } catch (err) {
    // Judged before abandoning, which itself fails the source.
    const e = interrupted(err, sourceFailed);
    await abandon(err);
    throw e;
  }
  if (patch.status !== 202 && patch.status !== 204) {
    const err = await expectStatus(patch, [], "upload a blob").catch((e: unknown) => e);
    await abandon(err);
    throw err;
  }
  try {
    await piping;
  } catch (err) {
    throw interrupted(err, sourceFailed);
  }
  patch.body.resume();
  const digest = `sha256:${hash.digest("hex")}`;
  await finishUpload(client, patch, digest, scopes, signal);
  return { digest, size };
}

/** Upload attempts per blob when the connection drops or the registry fails (Docker makes 5). */
const UPLOAD_ATTEMPTS = 3;

/**
 * Runs a blob upload from the start again (a new session, the blob read anew) after a cut
 * connection or a registry failure, counting down "Retrying in N seconds" as Docker does
 * (1 s, then 2 s: shorter than Docker's 5 s steps); and once after a 401 on a streamed
 * body, with the credentials asked for again.
 */
export async function withUploadRetries<T>(
  client: RegistryClient,
  send: SendProgress,
  id: string | undefined,
  upload: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let renewed = false;
  for (let attempt = 1; ; ) {
    try {
      return await upload();
    } catch (err) {
      if (signal?.aborted) throw err;
      if (err instanceof UnauthorizedError && !renewed) {
        renewed = true;
        client.renewAuth();
        continue;
      }
      if (!(err instanceof UploadInterruptedError) || attempt >= UPLOAD_ATTEMPTS) throw err;
      await retryCountdown(send, id, attempt, signal);
      attempt++;
    }
  }
}

export async function blobExists(
  client: RegistryClient,
  digest: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const res = await client.request("HEAD", `v2/${client.repo}/blobs/${digest}`, {
    scopes: [client.scope("pull,push")],
    signal,
  });
  res.body.resume();
  return res.status === 200;
}
