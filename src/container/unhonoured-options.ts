// What create stores but nothing honours yet: volumes, port publishing, links and user
// networks arrive with src/volume/ and src/network/. Until then they are refused with a
// clear error instead of being dropped, so that `-v` never silently runs without a volume.

import { InvalidParameterError, NotImplementedError } from "../errdefs/errors.ts";
import type { ContainerCreateRequest } from "../types/container-create.ts";

const BUILTIN_NETWORKS = ["", "default", "bridge", "none", "host"];

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
 * Throws for a create request that asks for something berth would ignore. `imageVolumes` are
 * the image's own VOLUMEs, which are kept (the container runs with its layer there, as before).
 */
export function refuseUnhonoured(
  req: Pick<ContainerCreateRequest, "Volumes" | "HostConfig" | "NetworkingConfig">,
  imageVolumes: Record<string, unknown> | null | undefined,
): void {
  const hc = req.HostConfig ?? {};
  if (nonEmpty(hc.Binds)) throw notYet("-v/--volume", "HostConfig.Binds", "volumes");
  if (nonEmpty(hc.Mounts)) throw notYet("--mount", "HostConfig.Mounts", "volumes");
  if (nonEmpty(hc.VolumesFrom)) throw notYet("--volumes-from", "HostConfig.VolumesFrom", "volumes");
  const anonymous = Object.keys(req.Volumes ?? {}).filter((v) => !(v in (imageVolumes ?? {})));
  if (anonymous.length) throw notYet(`-v ${anonymous[0]}`, "Config.Volumes", "volumes");
  if (nonEmpty(hc.PortBindings)) throw notYet("-p/--publish", "HostConfig.PortBindings", "published ports");
  if (hc.PublishAllPorts === true)
    throw notYet("-P/--publish-all", "HostConfig.PublishAllPorts", "published ports");
  if (nonEmpty(hc.Links)) throw notYet("--link", "HostConfig.Links", "links");
  const mode = String(hc.NetworkMode ?? "");
  if (!BUILTIN_NETWORKS.includes(mode)) throw new InvalidParameterError(`network ${mode} not found`);
  for (const name of Object.keys(req.NetworkingConfig?.EndpointsConfig ?? {})) {
    if (!BUILTIN_NETWORKS.includes(name)) throw new InvalidParameterError(`network ${name} not found`);
  }
}
