// The endpoint settings of `network connect` (EndpointConfig) as dockerd checks and keeps
// them, and the texts of its refusals: pure functions, so the rules are unit-tested.

import { InvalidParameterError, NotImplementedError } from "../errdefs/errors.ts";
import type { EndpointSettings } from "../types/network.ts";
import { contains, parseCidr, parseIPv4 } from "./ipv4.ts";
import { isUserDefinedNetwork, parseLink } from "./links.ts";

export const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i;

// dockerd's runconfig errors (validation errors: 400).
export const SHARED_NETNS =
  "container sharing network namespace with another container or host cannot be connected to any other network";
export const HOST_NETWORK = "container cannot be disconnected from host network or connected to host network";
export const NONE_NETWORK =
  "container cannot be connected to multiple networks with one of the networks in private (none) mode";

/** The container's line in /etc/hosts for one of its addresses (`ip\thost.domain host`), as moby. */
export function hostsLine(
  c: { ID: string; Config: { Hostname?: string; Domainname?: string } },
  ip: string,
): string {
  const hostname = c.Config.Hostname || c.ID.slice(0, 12);
  const fqdn = c.Config.Domainname ? `${hostname}.${c.Config.Domainname} ${hostname}` : hostname;
  return `${ip}\t${fqdn}`;
}

function notYet(flag: string, field: string, what: string): NotImplementedError {
  return new NotImplementedError(
    `Cannot connect container: ${flag} (EndpointConfig.${field}): ${what} are not supported yet`,
  );
}

/** What connect would store but nothing applies: refused, never dropped. */
export function refuseUnhonouredSettings(es: EndpointSettings | null | undefined): void {
  if (!es) return;
  if (es.IPAMConfig?.IPv6Address) throw notYet("--ip6", "IPAMConfig.IPv6Address", "IPv6 addresses");
  if (es.IPAMConfig?.LinkLocalIPs?.length)
    throw notYet("--link-local-ip", "IPAMConfig.LinkLocalIPs", "link-local addresses");
  if (Object.keys(es.DriverOpts ?? {}).length)
    throw notYet("--driver-opt", "DriverOpts", "endpoint driver options");
}

/**
 * `network connect --link`: on a user-defined network the resolver applies it (links.ts); on
 * the default bridge it would be a legacy link, which berth does not make.
 */
export function checkConnectLinks(networkName: string, es: EndpointSettings | null | undefined): void {
  if (!es?.Links?.length) return;
  if (!isUserDefinedNetwork(networkName))
    throw notYet("--link", "Links", "outside user-defined networks, links");
  for (const l of es.Links) parseLink(l);
}

/** dockerd's validateEndpointSettings: every error at once, as one 400. */
export function checkEndpointSettings(
  rec: { Name: string; IPAM: { Config: { Subnet?: string; IPRange?: string }[] } },
  es: EndpointSettings | null | undefined,
): void {
  if (!es) return;
  const errs: string[] = [];
  const ipv4 = es.IPAMConfig?.IPv4Address;
  if (["bridge", "host", "none", "default"].includes(rec.Name)) {
    if (ipv4) errs.push("user specified IP address is supported on user defined networks only");
    if (es.Aliases?.length)
      errs.push("network-scoped alias is supported only for containers in user defined networks");
  }
  if (ipv4) {
    const ip = parseIPv4(ipv4);
    if (ip === undefined || ip === 0) errs.push(`invalid IPv4 address: ${ipv4}`);
    else if (!errs.length) {
      const pools = rec.IPAM.Config.map((p) => p.IPRange || p.Subnet).filter((p): p is string => Boolean(p));
      if (
        !pools.some((p) => {
          const c = parseCidr(p);
          return c !== undefined && contains(c, ip);
        })
      )
        errs.push(`no configured subnet or ip-range contain the IP address ${ipv4}`);
    }
  }
  if (es.MacAddress && !MAC.test(es.MacAddress)) errs.push(`invalid MAC address ${es.MacAddress}`);
  if (!errs.length) return;
  const text = errs.length === 1 ? errs[0] : errs.map((e) => `* ${e}`).join("\n");
  throw new InvalidParameterError(`invalid endpoint settings:\n${text}`);
}

/** The endpoint settings a record keeps: what was asked, without the empty parts the CLI always sends. */
export function storedSettings(es: EndpointSettings | null | undefined): EndpointSettings {
  const out: EndpointSettings = {};
  const ipv4 = es?.IPAMConfig?.IPv4Address;
  if (ipv4) out.IPAMConfig = { IPv4Address: ipv4 };
  if (es?.Aliases?.length) out.Aliases = [...es.Aliases];
  if (es?.MacAddress) out.MacAddress = es.MacAddress;
  // applied by the resolver (links.ts); checked by checkConnectLinks
  if (es?.Links?.length) out.Links = [...es.Links];
  return out;
}

/** Whether a network mode gives the container a namespace of its own (not host, none or another's). */
export function isPrivateNetworkMode(mode: string | undefined): boolean {
  return mode !== "host" && mode !== "none" && !mode?.startsWith("container:");
}

/** What berth reads of a request's EndpointsConfig entry (untyped JSON until checked). */
export interface EndpointSettingsIn {
  MacAddress?: string;
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string } | null;
  Aliases?: string[] | null;
}
