import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { decompress } from "./unpack.ts";

/**
 * The DiffID (digest of the uncompressed tar) of a layer blob, without unpacking it: a
 * blob whose layer is already unpacked must still prove it holds that layer, or a corrupt
 * copy would be recorded as the image's blob and poison later saves and pushes.
 */
export async function layerDiffId(input: Readable, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  const content = await decompress(input);
  const onAbort = () =>
    content.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
  signal?.addEventListener("abort", onAbort, { once: true });
  const hash = createHash("sha256");
  try {
    for await (const chunk of content) hash.update(chunk as Buffer);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new InvalidParameterError(`Cannot read layer: ${(err as Error).message}`, { cause: err });
  } finally {
    signal?.removeEventListener("abort", onAbort);
    content.destroy();
  }
  return `sha256:${hash.digest("hex")}`;
}

/** Fails unless the blob's content is the layer the image config names. */
export async function verifyLayerDiffId(
  input: Readable,
  expected: string,
  signal?: AbortSignal,
): Promise<void> {
  const got = await layerDiffId(input, signal);
  if (got !== expected) {
    throw new InvalidParameterError(
      `Cannot unpack layer: its content digest ${got} does not match the DiffID ${expected} in the image config`,
    );
  }
}
