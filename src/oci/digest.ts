import { createHash } from "node:crypto";
import { InvalidParameterError } from "../errdefs/errors.ts";

const digestRe = /^sha256:[a-f0-9]{64}$/;

export function sha256(data: string | Uint8Array): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

export function isSha256Digest(s: string): boolean {
  return digestRe.test(s);
}

export function assertDigest(s: string, what = "digest"): string {
  if (!digestRe.test(s)) throw new InvalidParameterError(`invalid ${what} "${s}": expected sha256:<64 hex>`);
  return s;
}

export function digestHex(digest: string): string {
  return assertDigest(digest).slice("sha256:".length);
}

/**
 * ChainID as the OCI image spec defines it: ChainID(L0) = DiffID(L0),
 * ChainID(L0|…|Ln) = sha256(ChainID(L0|…|Ln-1) + " " + DiffID(Ln)).
 */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) out.push(chainIdOf(out.at(-1), d));
  return out;
}

/** The chain ID of a layer with diff ID `diffId` stacked on the layer whose chain ID is `parent`. */
export function chainIdOf(parent: string | undefined, diffId: string): string {
  return parent ? sha256(`${parent} ${diffId}`) : diffId;
}
