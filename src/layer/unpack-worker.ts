// The worker thread side of unpack-pool.ts: unpacks one layer at a time from the chunks the
// daemon's thread posts, acknowledging each chunk once the unpack has taken it.
import { Readable } from "node:stream";
import { parentPort } from "node:worker_threads";
import { unpackLayer } from "./unpack.ts";

export type ToWorker =
  | { type: "start"; job: number; target: string; expectedDiffId?: string }
  | { type: "chunk"; job: number; data: Uint8Array }
  | { type: "end"; job: number };

export type FromWorker =
  | { type: "ack"; job: number; bytes: number }
  | { type: "done"; job: number; diffId: string; size: number }
  | { type: "error"; job: number; message: string };

interface Job {
  id: number;
  queue: Buffer[];
  ended: boolean;
  wake: (() => void) | undefined;
}

const port = parentPort;
if (!port) throw new Error("unpack-worker.ts runs only as a worker thread");

let current: Job | undefined;

async function* chunks(job: Job): AsyncGenerator<Buffer> {
  for (;;) {
    const next = job.queue.shift();
    if (next) {
      yield next;
      port!.postMessage({ type: "ack", job: job.id, bytes: next.length } satisfies FromWorker);
      continue;
    }
    if (job.ended) return;
    await new Promise<void>((r) => {
      job.wake = r;
    });
    job.wake = undefined;
  }
}

async function run(job: Job, target: string, expectedDiffId: string | undefined): Promise<void> {
  let reply: FromWorker;
  try {
    const r = await unpackLayer(Readable.from(chunks(job)), target, { expectedDiffId });
    reply = { type: "done", job: job.id, diffId: r.diffId, size: r.size };
  } catch (err) {
    reply = { type: "error", job: job.id, message: (err as Error).message };
  }
  if (current === job) current = undefined;
  port!.postMessage(reply);
}

port.on("message", (m: ToWorker) => {
  if (m.type === "start") {
    current = { id: m.job, queue: [], ended: false, wake: undefined };
    void run(current, m.target, m.expectedDiffId);
    return;
  }
  // Chunks of a job that already failed are dropped: the daemon stops sending on the error.
  if (current?.id !== m.job) return;
  if (m.type === "chunk")
    current.queue.push(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  else current.ended = true;
  current.wake?.();
});
