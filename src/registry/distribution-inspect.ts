// `GET /distribution/{name}/json`: what the registry holds under a name, as moby's
// distribution router answers it: the manifest's descriptor, and the platforms of an
// index's entries or of a single manifest's config. Nothing is stored.

import { InvalidParameterError, NotFoundError, SystemError } from "../errdefs/errors.ts";
import { familiarString, parseNormalizedNamed, tagNameOnly } from "../image/reference.ts";
import { sha256 } from "../oci/digest.ts";
import { type Index, isIndexMediaType, type Manifest } from "../oci/oci-types.ts";
import type { DistributionInspect, DistributionPlatform } from "../types/registry.ts";
import type { RegistryCredentials } from "./auth.ts";
import { RegistryClient, type RegistryConfig } from "./registry-client.ts";

/** The platform fields Go's ocispec.Platform reads, in its JSON names, set ones only. */
function platformOf(p: Partial<DistributionPlatform> | undefined): DistributionPlatform {
  const out: DistributionPlatform = { architecture: p?.architecture ?? "", os: p?.os ?? "" };
  if (p?.["os.version"]) out["os.version"] = p["os.version"];
  if (p?.["os.features"]?.length) out["os.features"] = p["os.features"];
  if (p?.variant) out.variant = p.variant;
  return out;
}

function parse<T>(body: Buffer, what: string): T {
  try {
    return JSON.parse(body.toString("utf8")) as T;
  } catch (err) {
    throw new SystemError(`Cannot read ${what}: ${(err as Error).message}`);
  }
}

/**
 * Asks the registry (mirrors first, as a pull) for the manifest `name` names. A tag is
 * resolved to its digest; a digest is checked against what arrives.
 */
export async function inspectDistribution(
  name: string,
  config: RegistryConfig,
  opts: { creds?: RegistryCredentials; signal?: AbortSignal } = {},
): Promise<DistributionInspect> {
  // ParseAnyReference: a bare image ID names no repository.
  if (/^(sha256:)?[a-f0-9]{64}$/.test(name)) throw new SystemError("no manifest found for full image ID");
  const ref = tagNameOnly(parseNormalizedNamed(name));
  const client = new RegistryClient(ref.domain, ref.path, opts.creds, config, { mirrors: true });
  const got = await client.getManifest(ref.digest ?? ref.tag ?? "latest", opts.signal).catch((err) => {
    if (err instanceof NotFoundError)
      throw new NotFoundError(`manifest for ${familiarString(ref)} not found: ${err.message}`);
    throw err;
  });
  const digest = sha256(got.body);
  if (ref.digest && digest !== ref.digest) {
    throw new InvalidParameterError(
      `Cannot inspect ${familiarString(ref)}: the registry sent a manifest with digest ${digest}`,
    );
  }
  const doc = parse<Partial<Manifest & Index>>(got.body, `the manifest of ${familiarString(ref)}`);
  // As moby: the manifest's own mediaType wins over what the registry's header says.
  const mediaType = doc.mediaType || got.mediaType;
  const platforms: DistributionPlatform[] = [];
  if (isIndexMediaType(mediaType) || (Array.isArray(doc.manifests) && !doc.layers)) {
    for (const m of doc.manifests ?? []) platforms.push(platformOf(m.platform));
  } else if (doc.config?.digest) {
    // moby reads the config for Docker's schema2 and skips OCI manifests; berth answers for
    // both. A config it cannot fetch or read leaves the list empty, as moby's.
    try {
      const cfg = parse<Partial<DistributionPlatform>>(
        await client.getBlobBuffer(doc.config.digest, opts.signal),
        "the image config",
      );
      if (cfg.os || cfg.architecture) platforms.push(platformOf(cfg));
    } catch (err) {
      if (opts.signal?.aborted) throw err;
    }
  }
  return {
    Descriptor: { mediaType, digest, size: got.body.length },
    Platforms: platforms.length ? platforms : null,
  };
}
