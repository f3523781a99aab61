/**
 * The first step of a pull: the reference to one manifest, through an index to this
 * platform's entry, checked before the progress stream starts (so a bad name or a missing
 * platform is an error status, not a stream that fails).
 */
import { InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { checkManifest } from "../image/document-checks.ts";
import { familiarString, type Reference } from "../image/reference.ts";
import { sha256 } from "../oci/digest.ts";
import { type Index, isIndexMediaType, type Manifest } from "../oci/oci-types.ts";
import { hostPlatform, type PlatformSpec, platformString, selectManifest } from "../oci/platform.ts";
import type { RegistryCredentials } from "./auth.ts";
import { RegistryClient as Client, type RegistryClient, type RegistryConfig } from "./registry-client.ts";

export interface PullOptions {
  platform?: PlatformSpec;
  creds?: RegistryCredentials;
  signal?: AbortSignal;
  /** Layers downloaded at once. */
  concurrency?: number;
  /** Set by runPullAllTags, which sends one Status line for the whole repository. */
  skipStatus?: boolean;
}

/** A pull whose manifest is known: what happens before the progress stream starts. */
export interface ResolvedPull {
  ref: Reference;
  client: RegistryClient;
  manifest: Manifest;
  manifestBody: Buffer;
  manifestDigest: string;
}

export function parseJson<T>(body: Buffer, what: string): T {
  try {
    return JSON.parse(body.toString("utf8")) as T;
  } catch (err) {
    throw new InvalidParameterError(`Cannot read ${what}: ${(err as Error).message}`);
  }
}

/**
 * Fetches the manifest (following an index to the platform's manifest). Errors here are
 * plain HTTP errors for the client, as Docker's before its progress stream starts.
 */
export async function resolvePull(
  config: RegistryConfig,
  ref: Reference,
  opts: PullOptions,
): Promise<ResolvedPull> {
  const client = new Client(ref.domain, ref.path, opts.creds, config, { mirrors: true });
  const want = opts.platform ?? hostPlatform();
  const reference = ref.digest ?? ref.tag ?? "latest";
  let got: { body: Buffer; mediaType: string };
  try {
    got = await client.getManifest(reference, opts.signal);
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new NotFoundError(`manifest for ${familiarString(ref)} not found: ${err.message}`);
    }
    throw err;
  }
  let digest = sha256(got.body);
  if (ref.digest && digest !== ref.digest) {
    throw new InvalidParameterError(
      `Cannot pull ${familiarString(ref)}: the registry sent a manifest with digest ${digest}`,
    );
  }
  let doc = parseJson<Manifest & Index>(got.body, `the manifest of ${familiarString(ref)}`);
  let body = got.body;
  if (isIndexMediaType(doc.mediaType ?? got.mediaType) || (Array.isArray(doc.manifests) && !doc.layers)) {
    const pick = selectManifest(doc.manifests ?? [], want);
    if (!pick) {
      throw new NotFoundError(
        `no matching manifest for ${platformString(want)} in the manifest list entries`,
      );
    }
    const m = await client.getManifest(pick.digest, opts.signal);
    digest = sha256(m.body);
    if (digest !== pick.digest) {
      throw new InvalidParameterError(
        `Cannot pull ${familiarString(ref)}: manifest ${pick.digest} arrived with digest ${digest}`,
      );
    }
    body = m.body;
    doc = parseJson<Manifest & Index>(m.body, `manifest ${pick.digest}`);
    // The repo digest Docker records is the one the user asked for: the index's.
    digest = ref.digest ?? sha256(got.body);
  }
  if (!doc.config || !Array.isArray(doc.layers)) {
    throw new InvalidParameterError(
      `Cannot pull ${familiarString(ref)}: unsupported manifest type ${doc.mediaType ?? got.mediaType}`,
    );
  }
  // Descriptors are used as paths and sizes below: checked before anything is fetched.
  checkManifest(doc, `manifest ${digest}`, `Cannot pull ${familiarString(ref)}`);
  return { ref, client, manifest: doc, manifestBody: body, manifestDigest: digest };
}
