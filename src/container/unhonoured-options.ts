// What create stores but nothing honours yet: links outside user-defined networks and IPv6
// addresses are not applied by src/network/ yet. They are refused with a clear error instead of being dropped, so that
// `-v` never silently runs without a volume. Networks and their aliases are checked by the
// network resource.

import { NotImplementedError } from "../errdefs/errors.ts";
import { containerLinks } from "../network/links.ts";
import type { ContainerCreateRequest } from "../types/container-create.ts";
import { mountPointsOf } from "../volume/mount-spec.ts";

function nonEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

function notYet(what: string, field: string, kind: string): NotImplementedError {
  return new NotImplementedError(
    `Cannot create container: ${what} (${field}): ${kind} are not supported yet`,
  );
}

/**
 * Throws for a create request that asks for something berth would ignore, or whose mounts do
 * not parse. `imageVolumes` are the image's own VOLUMEs.
 */
export function refuseUnhonoured(
  req: Pick<ContainerCreateRequest, "Volumes" | "HostConfig" | "NetworkingConfig">,
  imageVolumes: Record<string, unknown> | null | undefined,
): void {
  const hc = req.HostConfig ?? {};
  // -v, --mount and VOLUMEs are src/volume/'s: a bad spec is refused here, before anything is made
  // (--volumes-from by its resource, which can look up containers).
  mountPointsOf(hc, { ...imageVolumes, ...req.Volumes });
  // Links on user-defined networks are the resolver's (src/network/links.ts); others refused.
  containerLinks(hc, req.NetworkingConfig?.EndpointsConfig);
  for (const [name, raw] of Object.entries(req.NetworkingConfig?.EndpointsConfig ?? {})) {
    const es = (raw ?? {}) as { IPAMConfig?: { IPv6Address?: unknown } | null };
    if (nonEmpty(es.IPAMConfig?.IPv6Address))
      throw notYet("--ip6", `EndpointsConfig.${name}.IPAMConfig.IPv6Address`, "IPv6 addresses");
  }
}
