import type { Readable } from "node:stream";

function ignore(): void {}

/**
 * Keeps an 'error' of `stream` from killing the daemon while nobody listens yet: a stream
 * handed over and read only after an `await` (a file opened lazily, a response body, a tar
 * entry) can fail in between, and an 'error' without a listener is an uncaught exception.
 * The error is not lost: the stream stays errored, and whoever reads it later (async
 * iteration, pipeline) gets it.
 */
export function guardStream<T extends Readable>(stream: T): T {
  stream.on("error", ignore);
  return stream;
}
