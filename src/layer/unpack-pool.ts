import { Worker } from "node:worker_threads";
import type { UnpackResult } from "./unpack.ts";
import type { FromWorker, ToWorker } from "./unpack-worker.ts";

/**
 * Layer unpacks on worker threads, for pulls: the daemon's thread receives the download,
 * hashes it and writes the blob, while a worker decompresses, hashes and unpacks the same
 * bytes on the other core. On one thread, a 100 MB layer's pull is bound by that thread.
 */

/** Bytes posted to a worker and not yet taken by its unpack before `write` waits. */
const WINDOW = 16 * 1024 * 1024;
/** Bytes gathered from the download before they are posted to the worker in one message. */
const BATCH = 1024 * 1024;
/** Idle workers kept for the next pull; more are started when needed and ended after. */
const KEEP_IDLE = 2;

const idle: Worker[] = [];
let jobs = 0;

function takeWorker(): Worker {
  const w = idle.pop() ?? new Worker(new URL("./unpack-worker.ts", import.meta.url));
  w.removeAllListeners();
  w.ref();
  return w;
}

function releaseWorker(w: Worker): void {
  w.removeAllListeners();
  if (idle.length >= KEEP_IDLE) {
    void w.terminate();
    return;
  }
  // Idle workers never keep the daemon alive; one that dies is forgotten.
  w.unref();
  w.on("error", () => {});
  w.once("exit", () => {
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
  });
  idle.push(w);
}

/** One unpack running on a worker; see unpackOnWorker. */
export class WorkerUnpack {
  readonly result: Promise<UnpackResult>;
  private readonly worker: Worker;
  private readonly job = ++jobs;
  private inFlight = 0;
  private batch: Buffer[] = [];
  private batched = 0;
  private settled = false;
  private waiting: (() => void) | undefined;

  constructor(target: string, expectedDiffId: string | undefined) {
    this.worker = takeWorker();
    const w = this.worker;
    this.result = new Promise<UnpackResult>((resolve, reject) => {
      const fail = (err: Error) => {
        this.settle();
        void w.terminate();
        reject(err);
      };
      w.on("message", (m: FromWorker) => {
        if (m.job !== this.job) return;
        if (m.type === "ack") {
          this.inFlight -= m.bytes;
          if (this.inFlight < WINDOW) this.wake();
          return;
        }
        this.settle();
        releaseWorker(w);
        if (m.type === "done") resolve({ diffId: m.diffId, size: m.size });
        else reject(new Error(m.message));
      });
      w.on("error", fail);
      w.on("exit", (code) => fail(new Error(`the unpack worker exited with code ${code}`)));
    });
    // The caller may abandon the unpack without awaiting it.
    this.result.catch(() => {});
    this.post({ type: "start", job: this.job, target, expectedDiffId });
  }

  private post(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  private settle(): void {
    this.settled = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  /** Copies `chunk` to the worker; waits while the worker is more than WINDOW bytes behind. */
  async write(chunk: Buffer): Promise<void> {
    if (this.settled) return;
    this.batch.push(chunk);
    this.batched += chunk.length;
    if (this.batched >= BATCH) this.postBatch();
    while (this.inFlight >= WINDOW && !this.settled) {
      await new Promise<void>((r) => {
        this.waiting = r;
      });
    }
  }

  /**
   * Copies the gathered chunks into one buffer of their own and hands it over: cloning a
   * chunk would clone its whole ArrayBuffer (often a pool far larger than the chunk), and a
   * message per network chunk costs more than the copy.
   */
  private postBatch(): void {
    if (this.batched === 0) return;
    const data = Buffer.concat(this.batch, this.batched);
    this.inFlight += data.length;
    this.batch = [];
    this.batched = 0;
    const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // Buffer.concat gives a buffer of its own at this size (not a slice of the small pool).
    const transfer = data.byteLength === data.buffer.byteLength ? [data.buffer as ArrayBuffer] : [];
    this.worker.postMessage({ type: "chunk", job: this.job, data: view } satisfies ToWorker, transfer);
  }

  end(): void {
    if (this.settled) return;
    this.postBatch();
    this.post({ type: "end", job: this.job });
  }

  /** Stops the unpack where it is (the worker is ended, not reused); what it wrote stays. */
  async abort(): Promise<void> {
    if (this.settled) return;
    this.settle();
    await this.worker.terminate();
  }
}

/** Starts unpacking, on a worker thread, the layer tar whose bytes `write` will feed. */
export function unpackOnWorker(target: string, expectedDiffId?: string): WorkerUnpack {
  return new WorkerUnpack(target, expectedDiffId);
}
