// /etc/hosts and /etc/resolv.conf as dockerd writes them for a container (moby's
// libnetwork etchosts and resolvconf): pure text functions, so the rules are unit-tested.

import { InvalidParameterError } from "../errdefs/errors.ts";

const DEFAULT_HOSTS = [
  "127.0.0.1\tlocalhost",
  "::1\tlocalhost ip6-localhost ip6-loopback",
  "fe00::0\tip6-localnet",
  "ff00::0\tip6-mcastprefix",
  "ff02::1\tip6-allnodes",
  "ff02::2\tip6-allrouters",
];

/** Docker's fallback when the host has no resolver a private namespace can reach. */
export const DEFAULT_NAMESERVERS = ["8.8.8.8", "8.8.4.4"];

/**
 * The hosts file: the defaults, then `--add-host` entries (`name:ip`, `host-gateway` being
 * the default bridge's gateway), then the container's own addresses last, as moby.
 */
export function hostsFile(extraHosts: string[], own: string[], hostGateway: string | undefined): string {
  const extra = extraHosts.map((h) => {
    const i = h.indexOf(":");
    const name = h.slice(0, i);
    let ip = h.slice(i + 1);
    if (ip === "host-gateway") {
      if (!hostGateway) {
        throw new InvalidParameterError(
          `Cannot add host ${name}: unable to derive the IP value for host-gateway (berthd has no default bridge)`,
        );
      }
      ip = hostGateway;
    }
    return `${ip}\t${name}`;
  });
  return `${[...DEFAULT_HOSTS, ...extra, ...own].join("\n")}\n`;
}

function isLoopback(ip: string): boolean {
  return ip.startsWith("127.") || ip === "::1";
}

export interface DnsSettings {
  dns: string[];
  search: string[];
  options: string[];
}

/**
 * resolv.conf for a container with a network namespace of its own: the host's file with
 * `--dns`, `--dns-search` and `--dns-option` each replacing its kind. The host's loopback
 * resolvers cannot be reached from the namespace: they are dropped, and Docker's public
 * defaults stand in only when no other nameserver is left.
 */
export function resolvConf(
  host: string,
  want: DnsSettings,
  hostNetwork = false,
  embedded: string[] = [],
): string {
  const lines = host.split("\n");
  const hostNs: string[] = [];
  let hostSearch: string[] = [];
  let hostOptions: string[] = [];
  for (const l of lines) {
    const [key, ...rest] = l.trim().split(/\s+/);
    if (key === "nameserver" && rest[0]) hostNs.push(rest[0]);
    else if (key === "search" || key === "domain") hostSearch = rest;
    else if (key === "options") hostOptions = rest;
  }
  // With the host's network namespace its loopback resolvers work as they are.
  let ns = want.dns.length ? want.dns : hostNs.filter((ip) => hostNetwork || !isLoopback(ip));
  if (!ns.length) ns = DEFAULT_NAMESERVERS;
  // On a user network the embedded resolver is the only nameserver (`--dns` become its
  // upstreams), with moby's `ndots:0` unless the container set an ndots of its own.
  if (embedded.length) ns = embedded;
  // `--dns-search .` means no search domains at all.
  const search = want.search.length ? want.search.filter((s) => s !== ".") : hostSearch;
  let options = want.options.length ? want.options : hostOptions;
  if (embedded.length && !options.some((o) => o.startsWith("ndots:"))) options = [...options, "ndots:0"];
  return [
    ...ns.map((n) => `nameserver ${n}`),
    ...(search.length ? [`search ${search.join(" ")}`] : []),
    ...(options.length ? [`options ${options.join(" ")}`] : []),
    "",
  ].join("\n");
}
