// Which names a query may see: those of the networks of the container that sent it (found by
// its source address on the network the query arrived on), as Docker's per-sandbox
// resolver answers for every network of its container and for no other.

import { dnsNames, type NameEntry, type NetworkNames } from "./records.ts";
import type { ResolverView } from "./resolver.ts";

/** What the resolver reads of a container record. */
export interface ContainerDnsInfo {
  /** Without the leading slash. */
  name: string;
  hostname?: string;
  /** `--dns`: the upstream servers of its unknown names. */
  dns: string[];
  /** `--dns-option`. */
  dnsOptions: string[];
  /** Its links on user-defined networks: `network` (a name or ID) as its record names it. */
  links?: ContainerLink[];
}

/** A link `name:alias` (HostConfig.Links on a user-defined NetworkMode, or an endpoint's Links). */
export interface ContainerLink {
  network: string;
  name: string;
  alias: string;
}

/** An endpoint, reduced to what naming needs (EndpointRecord matches it). */
export interface NamedEndpoint {
  ContainerID: string;
  NetworkID: string;
  IPAddress: string;
  Aliases: string[];
}

export interface ViewSources {
  network(id: string): { Id: string; Name: string; Internal: boolean; hasDns: boolean } | undefined;
  endpointsOf(networkId: string): NamedEndpoint[];
  endpointsOfContainer(containerId: string): NamedEndpoint[];
  container(id: string): ContainerDnsInfo | undefined;
  /** Whether an address belongs to the network's subnet. */
  inSubnet(networkId: string, ip: string): boolean;
}

function entryOf(ep: NamedEndpoint, s: ViewSources): NameEntry {
  const c = s.container(ep.ContainerID);
  return {
    containerId: ep.ContainerID,
    ip: ep.IPAddress,
    names: dnsNames({
      name: c?.name ?? "",
      id: ep.ContainerID,
      hostname: c?.hostname,
      aliases: ep.Aliases ?? [],
    }),
  };
}

function namesOf(networkId: string, s: ViewSources): NetworkNames | undefined {
  const rec = s.network(networkId);
  if (!rec?.hasDns) return undefined;
  return {
    id: rec.Id,
    name: rec.Name,
    internal: rec.Internal,
    entries: s.endpointsOf(networkId).map((ep) => entryOf(ep, s)),
  };
}

/** The network's names plus the querying container's link aliases on it. */
function withLinks(n: NetworkNames, links: ContainerLink[]): NetworkNames {
  const mine = links.filter((l) => l.network === n.id || l.network === n.name);
  if (!mine.length) return n;
  return { ...n, links: new Map(mine.map((l) => [l.alias.toLowerCase(), l.name])) };
}

/**
 * The view of a query from `source` on network `arrival`: a container's own networks with
 * DNS (the arrival one first), its `--dns` and `ndots`; for an address of the subnet that is
 * no container (a namespace joined by hand) the arrival network alone with the host's
 * upstreams; undefined (refused) for a source outside the subnet.
 */
export function viewFor(arrival: string, source: string, s: ViewSources): ResolverView | undefined {
  const own = namesOf(arrival, s);
  if (!own || !s.inSubnet(arrival, source)) return undefined;
  const me = s.endpointsOf(arrival).find((ep) => ep.IPAddress === source);
  if (!me) return { networks: [own], ndotsSet: false, dns: [], forward: !own.internal };
  const others = s
    .endpointsOfContainer(me.ContainerID)
    .filter((ep) => ep.NetworkID !== arrival)
    .map((ep) => namesOf(ep.NetworkID, s))
    .filter((n): n is NetworkNames => n !== undefined);
  const c = s.container(me.ContainerID);
  const networks = [own, ...others].map((n) => withLinks(n, c?.links ?? []));
  // moby: a container with any non-internal network may have its queries forwarded.
  const external = [arrival, ...s.endpointsOfContainer(me.ContainerID).map((ep) => ep.NetworkID)].some(
    (id) => {
      const n = s.network(id);
      return n !== undefined && !n.Internal;
    },
  );
  return {
    networks,
    ndotsSet: (c?.dnsOptions ?? []).some((o) => o.startsWith("ndots:")),
    dns: c?.dns ?? [],
    forward: external,
  };
}
