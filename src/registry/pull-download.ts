/**
 * A layer's download: the blob streamed from the registry with retries and resume, verified,
 * and unpacked while it arrives (on a worker thread for big layers).
 */
import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { BerthError, InvalidParameterError, SystemError } from "../errdefs/errors.ts";
import type { PartialBlob } from "../image/content-store.ts";
import type { ImageService } from "../image/image-service.ts";
import { type UnpackResult, unpackLayer } from "../layer/unpack.ts";
import { unpackOnWorker } from "../layer/unpack-pool.ts";
import type { Descriptor } from "../oci/oci-types.ts";
import { byteProgress, retryCountdown, type SendProgress, shortDigest } from "./progress.ts";
import { type RegistryClient, readAll, registryErrorText } from "./registry-client.ts";

const MAX_ATTEMPTS = 5;

function retryable(err: unknown): boolean {
  if (err instanceof SystemError) return err.cause !== undefined;
  return !(err instanceof BerthError);
}

/**
 * A layer unpacked while it downloads, into a `.tmp-` directory of the layer store (which
 * start-up sweeps and garbage collection ignores), named under the image store's lock.
 */
export interface EarlyLayer extends UnpackResult {
  dir: string;
}

/** Where a download's bytes go to be unpacked as they arrive. */
interface LayerSink {
  write(chunk: Buffer): Promise<void>;
  end(): void;
  abort(): Promise<void>;
  readonly result: Promise<UnpackResult>;
}

/** Layers this large are unpacked on a worker thread; smaller ones are not worth the hop. */
const WORKER_UNPACK_MIN = 4 * 1024 * 1024;

function unpackInThread(dir: string, diffId: string, signal: AbortSignal | undefined): LayerSink {
  // Object mode: a byte-mode stream read by an async iterator concatenates (copies) what
  // it has buffered; chunk by chunk, nothing is copied.
  const feed = new PassThrough({ objectMode: true, highWaterMark: 64 });
  const result = unpackLayer(feed, dir, { expectedDiffId: diffId, signal });
  result.catch(() => {});
  return {
    result,
    async write(chunk) {
      if (feed.write(chunk)) return;
      await Promise.race([new Promise((r) => feed.once("drain", r)), result.catch(() => {})]);
    },
    end: () => feed.end(),
    async abort() {
      feed.destroy();
      await result.catch(() => {});
    },
  };
}

/**
 * Feeds a download's bytes to an unpack into a temporary directory, so that decompressing
 * and unpacking overlap the transfer instead of following it. Anything unusual (a resumed
 * download, a failed unpack) abandons it: the layer is then unpacked from the stored blob.
 */
class EarlyUnpack {
  readonly dir: string;
  private sink: LayerSink | undefined;
  private readonly ready: Promise<void>;
  private failed = false;

  constructor(layerRoot: string, desc: Descriptor, diffId: string, signal: AbortSignal | undefined) {
    this.dir = path.join(layerRoot, `.tmp-pull-${randomBytes(8).toString("hex")}`);
    const diff = path.join(this.dir, "diff");
    this.ready = mkdir(diff, { recursive: true, mode: 0o755 }).then(() => {
      const sink =
        desc.size >= WORKER_UNPACK_MIN ? unpackOnWorker(diff, diffId) : unpackInThread(diff, diffId, signal);
      sink.result.catch(() => {
        this.failed = true;
      });
      // Abandoned while the directory was being made: stop the unpack that just started.
      if (this.failed) void sink.abort();
      else this.sink = sink;
    });
    this.ready.catch(() => {
      this.failed = true;
    });
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failed) return;
    if (!this.sink) await this.ready.catch(() => {});
    await this.sink?.write(chunk);
  }

  abandon(): void {
    this.failed = true;
    void this.sink?.abort();
  }

  /** The unpacked layer once the whole blob went in, or undefined (its directory removed). */
  async finish(): Promise<EarlyLayer | undefined> {
    await this.ready.catch(() => {});
    if (!this.failed && this.sink) {
      this.sink.end();
      const r = await this.sink.result.catch(() => undefined);
      if (r) return { dir: this.dir, ...r };
    }
    await this.discard();
    return undefined;
  }

  async discard(): Promise<void> {
    this.failed = true;
    await this.ready.catch(() => {});
    await this.sink?.abort();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Downloads one blob into its resumable partial file, resuming with Range after a cut. With
 * `diffId`, a download that starts from zero is unpacked as it arrives.
 */
export async function download(
  client: RegistryClient,
  images: ImageService,
  desc: Descriptor,
  send: SendProgress,
  signal: AbortSignal | undefined,
  diffId?: string,
): Promise<{ part: PartialBlob; early?: EarlyLayer }> {
  const id = shortDigest(desc.digest);
  const part = await images.content.openPartial(desc.digest);
  let early: EarlyUnpack | undefined;
  try {
    if (part.offset > desc.size) await part.reset();
    if (diffId && part.offset === 0) early = new EarlyUnpack(images.layers.root, desc, diffId, signal);
    const report = byteProgress(send, id, "Downloading", desc.size);
    for (let attempt = 1; part.offset < desc.size; attempt++) {
      try {
        const res = await client.getBlob(desc.digest, { offset: part.offset, signal });
        if (res.status === 206) {
          const start = /^bytes (\d+)-/.exec(String(res.headers["content-range"] ?? ""))?.[1];
          if (Number(start) !== part.offset) {
            res.body.resume();
            await part.reset();
            throw new Error("the registry answered a different range");
          }
        } else if (res.status === 200) {
          if (part.offset > 0) await part.reset();
        } else if (res.status === 416) {
          res.body.resume();
          await part.reset();
          continue;
        } else {
          const text = registryErrorText(await readAll(res, 1024 * 1024), res.status);
          throw new SystemError(`Cannot download blob ${desc.digest}: ${text}`);
        }
        // Anything but one whole response from the start loses bytes the unpack needs.
        if (part.offset > 0) early?.abandon();
        for await (const chunk of res.body) {
          await Promise.all([part.append(chunk as Buffer), early?.write(chunk as Buffer)]);
          if (part.offset > desc.size) {
            throw new InvalidParameterError(
              `Cannot pull blob ${desc.digest}: the registry sent more than its size of ${desc.size} bytes`,
            );
          }
          report(part.offset);
        }
        if (part.offset < desc.size) throw new Error("the connection closed before the end of the blob");
      } catch (err) {
        early?.abandon();
        if (signal?.aborted) throw err;
        if (!retryable(err) || attempt >= MAX_ATTEMPTS) {
          throw err instanceof BerthError
            ? err
            : new SystemError(`Cannot download blob ${desc.digest}: ${(err as Error).message}`, {
                cause: err,
              });
        }
        // A dropped connection: resume from what is on disk at once, as Docker's resumable
        // reader does; after a second drop, count down as Docker's retry does (1 s steps).
        await retryCountdown(send, id, attempt - 1, signal);
      }
    }
    send({ status: "Verifying Checksum", progressDetail: {}, id });
    // The blob's fsync and the end of the unpack overlap.
    const [, unpacked] = await Promise.all([part.verify(desc.size), early?.finish()]);
    send({ status: "Download complete", progressDetail: {}, id });
    return { part, early: unpacked };
  } catch (err) {
    await early?.discard();
    await part.close();
    throw err;
  }
}

/** Runs a limited number of tasks at once. */
export function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
