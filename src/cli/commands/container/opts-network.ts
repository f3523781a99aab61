/**
 * `--network` (opts.NetworkOpt) and the legacy per-container network flags to the
 * NetworkingConfig's EndpointsConfig, as docker/cli's parseNetworkOpts builds it.
 */
import { type EndpointSettings, fail } from "./opts-common.ts";
import { readCsvRecord } from "./opts-mounts.ts";
import { isValidMac } from "./opts-values.ts";

interface NetworkAttachment {
  target: string;
  aliases: string[];
  ipv4: string;
  ipv6: string;
  mac: string;
  linkLocalIPs: string[];
  driverOpts: Record<string, string>;
  gwPriority: number;
}

export function parseNetworkOpt(value: string): NetworkAttachment {
  const n: NetworkAttachment = {
    target: "",
    aliases: [],
    ipv4: "",
    ipv6: "",
    mac: "",
    linkLocalIPs: [],
    driverOpts: {},
    gwPriority: 0,
  };
  if (!/\w+=\w+(,\w+=\w+)*/.test(value)) {
    n.target = value;
    return n;
  }
  for (const field of readCsvRecord(value)) {
    const eq = field.indexOf("=");
    if (eq <= 0) fail(`invalid field ${field}`);
    const key = field.slice(0, eq).trim().toLowerCase();
    const val = field
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    switch (key) {
      case "name":
        n.target = val;
        break;
      case "alias":
        n.aliases.push(val);
        break;
      case "ip":
        n.ipv4 = val;
        break;
      case "ip6":
        n.ipv6 = val;
        break;
      case "mac-address":
        n.mac = val;
        break;
      case "link-local-ip":
        n.linkLocalIPs.push(val);
        break;
      case "driver-opt": {
        const e = val.indexOf("=");
        if (e < 0) fail("invalid key value pair format in driver options");
        n.driverOpts[val.slice(0, e).trim()] = val.slice(e + 1).trim();
        break;
      }
      case "gw-priority":
        if (!/^[+-]?\d+$/.test(val)) fail(`invalid gw-priority: ${val}`);
        n.gwPriority = Number(val);
        break;
      default:
        fail(`invalid field key ${key}`);
    }
    if (n.target.length === 0) fail("network name must be specified");
  }
  return n;
}

/** NetworkMode.IsUserDefined: anything but default, bridge, host, none and container:…. */
function isUserDefined(mode: string): boolean {
  return !["default", "bridge", "host", "none"].includes(mode) && !mode.startsWith("container:");
}

function emptyEndpoint(): EndpointSettings {
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: null,
    MacAddress: "",
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: "",
    EndpointID: "",
    Gateway: "",
    IPAddress: "",
    IPPrefixLen: 0,
    IPv6Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
}

function endpointFor(ep: NetworkAttachment): EndpointSettings {
  if (ep.target.trim() === "") fail("no name set for network");
  if (!isUserDefined(ep.target)) {
    if (ep.aliases.length) fail("network-scoped aliases are only supported for user-defined networks");
  }
  const s = emptyEndpoint();
  if (ep.aliases.length) s.Aliases = [...ep.aliases];
  if (Object.keys(ep.driverOpts).length) s.DriverOpts = ep.driverOpts;
  s.GwPriority = ep.gwPriority;
  if (ep.ipv4 || ep.ipv6 || ep.linkLocalIPs.length) {
    const ipam: NonNullable<EndpointSettings["IPAMConfig"]> = {};
    if (ep.ipv4) ipam.IPv4Address = ep.ipv4;
    if (ep.ipv6) ipam.IPv6Address = ep.ipv6;
    if (ep.linkLocalIPs.length) ipam.LinkLocalIPs = ep.linkLocalIPs;
    s.IPAMConfig = ipam;
  }
  if (ep.mac) {
    if (!isValidMac(ep.mac)) fail(`${ep.mac} is not a valid mac address`);
    s.MacAddress = ep.mac;
  }
  return s;
}

function isEmptyEndpoint(s: EndpointSettings): boolean {
  return JSON.stringify(s) === JSON.stringify(emptyEndpoint());
}

interface LegacyNetworkFlags {
  aliases: string[];
  links: string[];
  ipv4: string;
  ipv6: string;
  mac: string;
  linkLocalIPs: string[];
}

/** parseNetworkOpts: --network entries, with --network-alias/--link/--ip/… on the first. */
export function parseNetworkOpts(
  networks: NetworkAttachment[],
  legacy: LegacyNetworkFlags,
): Record<string, EndpointSettings> {
  const endpoints: Record<string, EndpointSettings> = {};
  let hasUserDefined = false;
  let hasNonUserDefined = false;
  const apply = (n: NetworkAttachment) => {
    if (n.aliases.length && legacy.aliases.length) {
      fail("conflicting options: cannot specify both --network-alias and per-network alias");
    }
    if (n.ipv4 && legacy.ipv4)
      fail("conflicting options: cannot specify both --ip and per-network IPv4 address");
    if (n.ipv6 && legacy.ipv6)
      fail("conflicting options: cannot specify both --ip6 and per-network IPv6 address");
    if (n.mac && legacy.mac)
      fail("conflicting options: cannot specify both --mac-address and per-network MAC address");
    if (n.linkLocalIPs.length && legacy.linkLocalIPs.length) {
      fail(
        "conflicting options: cannot specify both --link-local-ip and per-network link-local IP addresses",
      );
    }
    if (legacy.aliases.length) n.aliases = [...legacy.aliases];
    if (legacy.ipv4) n.ipv4 = legacy.ipv4;
    if (legacy.ipv6) n.ipv6 = legacy.ipv6;
    if (legacy.mac) n.mac = legacy.mac;
    if (legacy.linkLocalIPs.length) n.linkLocalIPs = [...legacy.linkLocalIPs];
  };
  if (networks.length === 0) {
    const n = parseNetworkOpt("default");
    apply(n);
    endpoints.default = endpointFor(n);
    return endpoints;
  }
  networks.forEach((n, i) => {
    if (isUserDefined(n.target)) hasUserDefined = true;
    else hasNonUserDefined = true;
    if (i === 0) apply(n);
    const ep = endpointFor(n);
    if (isUserDefined(n.target) && i === 0 && legacy.links.length) ep.Links = [...legacy.links];
    if (Object.hasOwn(endpoints, n.target)) fail(`network "${n.target}" is specified multiple times`);
    // A single network without options is left to the daemon, as docker does.
    if (i === 0 && networks.length === 1 && isEmptyEndpoint(ep)) return;
    endpoints[n.target] = ep;
  });
  if (hasUserDefined && hasNonUserDefined) {
    fail("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
  }
  return endpoints;
}
