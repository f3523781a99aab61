// Links on user-defined networks, as the embedded resolver applies them: `name:alias` makes
// `alias` answer as `name` for the linking container, on that network. docker-compose 1.29's
// one-off containers (`docker-compose run`) send HostConfig.Links to their service's own
// containers; the docker CLI's `--network net --link a:b` sends them in both HostConfig and
// EndpointsConfig[net]. Legacy links on the default bridge (/etc/hosts entries, environment
// variables, the links graph) are a different feature and stay refused.

import { InvalidParameterError, NotImplementedError } from "../errdefs/errors.ts";
import type { ContainerLink } from "./dns/view.ts";

/** moby's opts.ParseLink: `name:alias`, `name` (alias = name), or the stored `/name:/ctr/alias`. */
export function parseLink(val: string): { name: string; alias: string } {
  if (val === "") throw new InvalidParameterError("empty string specified for links");
  const parts = val.split(":");
  if (parts.length > 2) throw new InvalidParameterError(`bad format for links: ${val}`);
  if (parts.length === 1) return { name: val.replace(/^\//, ""), alias: val.replace(/^\//, "") };
  if (parts[0].startsWith("/")) return { name: parts[0].slice(1), alias: parts[1].split("/").pop() ?? "" };
  return { name: parts[0], alias: parts[1] };
}

/** A NetworkMode or EndpointsConfig key that names a user-defined network (moby's IsUserDefined). */
export function isUserDefinedNetwork(mode: string | undefined): boolean {
  const m = mode ?? "";
  return !["", "default", "bridge", "host", "none"].includes(m) && !m.startsWith("container:");
}

function refuse(field: string): NotImplementedError {
  return new NotImplementedError(
    `Cannot create container: --link (${field}): outside user-defined networks, links are not supported yet`,
  );
}

/**
 * The container's links, checked: each parses, and each is on a user-defined network
 * (HostConfig.Links on its NetworkMode's, an endpoint's Links on that endpoint's network).
 */
export function containerLinks(
  hc: { NetworkMode?: string; Links?: string[] | null } | undefined,
  endpoints: Record<string, { Links?: string[] | null } | null | undefined> | null | undefined,
): ContainerLink[] {
  const out: ContainerLink[] = [];
  const hostLinks = hc?.Links ?? [];
  if (hostLinks.length) {
    if (!isUserDefinedNetwork(hc?.NetworkMode)) throw refuse("HostConfig.Links");
    for (const l of hostLinks) out.push({ network: hc?.NetworkMode ?? "", ...parseLink(l) });
  }
  for (const [network, es] of Object.entries(endpoints ?? {})) {
    const links = es?.Links ?? [];
    if (!links.length) continue;
    if (!isUserDefinedNetwork(network)) throw refuse(`EndpointsConfig.${network}.Links`);
    for (const l of links) out.push({ network, ...parseLink(l) });
  }
  return out;
}
