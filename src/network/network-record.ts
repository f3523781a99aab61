import { randomBytes } from "node:crypto";
import { ConflictError, ForbiddenError, InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { type Cidr, contains, formatCidr, formatIPv4, last, parseCidr, parseIPv4 } from "./ipv4.ts";

export interface IpamConfig {
  Subnet: string;
  IPRange?: string;
  Gateway: string;
}

/** A network as berthd stores it: Docker's NetworkResource without the live `Containers`. */
export interface NetworkRecord {
  Name: string;
  Id: string;
  Created: string;
  Scope: "local";
  Driver: "bridge" | "host" | "null";
  EnableIPv6: false;
  IPAM: { Driver: "default"; Options: Record<string, string> | null; Config: IpamConfig[] };
  Internal: boolean;
  Attachable: boolean;
  Ingress: false;
  ConfigFrom: { Network: string };
  ConfigOnly: false;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** The body of POST /networks/create, as the swagger's NetworkCreateRequest. */
export interface NetworkCreateRequest {
  Name?: string;
  CheckDuplicate?: boolean;
  Driver?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  EnableIPv6?: boolean;
  IPAM?: {
    Driver?: string;
    Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null;
    Options?: Record<string, string> | null;
  } | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

export const PREDEFINED = ["bridge", "host", "none"] as const;

export const OPT_BRIDGE_NAME = "com.docker.network.bridge.name";
export const OPT_MTU = "com.docker.network.driver.mtu";
export const OPT_MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";
export const OPT_ICC = "com.docker.network.bridge.enable_icc";

/** Docker's network name rule (libnetwork config.ValidateName refuses only a few; the CLI's regexp). */
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** IFNAMSIZ - 1, and no characters the kernel refuses. */
const IFNAME_RE = /^[a-zA-Z0-9_.-]{1,15}$/;

export function newNetworkId(): string {
  return randomBytes(32).toString("hex");
}

/** The host device of a bridge network: its option, or Docker's `br-<short id>`. */
export function bridgeName(rec: NetworkRecord): string {
  return rec.Options[OPT_BRIDGE_NAME] ?? `br-${rec.Id.slice(0, 12)}`;
}

export function subnetOf(rec: NetworkRecord): Cidr | undefined {
  const c = rec.IPAM.Config[0] && parseCidr(rec.IPAM.Config[0].Subnet);
  return c ? { base: c.base, prefix: c.prefix } : undefined;
}

/** A user network's IPAM entry, checked as libnetwork's IPAM does. */
export function validateIpamConfig(cfg: {
  Subnet?: string;
  Gateway?: string;
  IPRange?: string;
  AuxiliaryAddresses?: Record<string, string> | null;
}): IpamConfig | { Subnet?: undefined; Gateway?: string; IPRange?: string } {
  if (Object.keys(cfg.AuxiliaryAddresses ?? {}).length) {
    throw new InvalidParameterError("Cannot create network: --aux-address is not supported by berth yet");
  }
  if (!cfg.Subnet) {
    if (cfg.IPRange || cfg.Gateway) {
      throw new InvalidParameterError(
        "Cannot create network: a gateway or an IP range needs a subnet (--subnet)",
      );
    }
    return {};
  }
  const sub = parseCidr(cfg.Subnet);
  if (!sub) throw new InvalidParameterError(`invalid CIDR address: ${cfg.Subnet}`);
  if (sub.addr !== sub.base) {
    throw new InvalidParameterError(`invalid subnet ${cfg.Subnet}: it should be ${formatCidr(sub)}`);
  }
  if (sub.prefix > 30) {
    throw new InvalidParameterError(
      `Cannot create network: subnet ${cfg.Subnet} has no room for a gateway and a container (the prefix must be at most /30)`,
    );
  }
  let gw = sub.base + 1;
  if (cfg.Gateway) {
    const g = parseIPv4(cfg.Gateway);
    if (g === undefined) throw new InvalidParameterError(`invalid gateway address ${cfg.Gateway}`);
    if (!contains(sub, g) || g === sub.base || g === last(sub)) {
      throw new InvalidParameterError(`no matching subnet for gateway ${cfg.Gateway}`);
    }
    gw = g;
  }
  let range: string | undefined;
  if (cfg.IPRange) {
    const r = parseCidr(cfg.IPRange);
    if (!r) throw new InvalidParameterError(`invalid CIDR address: ${cfg.IPRange}`);
    if (r.prefix < sub.prefix || !contains(sub, r.base)) {
      throw new InvalidParameterError(`no matching subnet for range ${cfg.IPRange}`);
    }
    range = formatCidr(r);
  }
  // Keys in the order of moby's IPAMConfig struct: the docker CLI prints them so.
  return { Subnet: formatCidr(sub), ...(range ? { IPRange: range } : {}), Gateway: formatIPv4(gw) };
}

/**
 * Checks a create request before anything is made and returns the record to store, the
 * subnet left empty when the pool must choose it. Statuses and wording are dockerd's.
 */
export function recordFromRequest(req: NetworkCreateRequest, existing: NetworkRecord[]): NetworkRecord {
  const name = req.Name ?? "";
  if (name === "") throw new InvalidParameterError("Cannot create network: a name is required");
  if (!NAME_RE.test(name)) {
    throw new InvalidParameterError(
      `invalid network name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
    );
  }
  if ((PREDEFINED as readonly string[]).includes(name)) {
    throw new ForbiddenError(`operation is not permitted on predefined ${name} network `);
  }
  if (existing.some((n) => n.Name === name))
    throw new ConflictError(`network with name ${name} already exists`);
  const driver = req.Driver || "bridge";
  if (driver !== "bridge") {
    if (driver === "host" || driver === "null") {
      throw new ForbiddenError(`only one instance of "${driver}" network is allowed`);
    }
    throw new NotFoundError(`could not find plugin ${driver} in v1 plugin registry: plugin not found`);
  }
  if (req.EnableIPv6) {
    throw new InvalidParameterError(
      "Cannot create network with IPv6: berth supports IPv4 networks only for now",
    );
  }
  if (req.Ingress) throw new ForbiddenError("Cannot create an ingress network: berth has no swarm mode");
  const ipamDriver = req.IPAM?.Driver || "default";
  if (ipamDriver !== "default") {
    throw new NotFoundError(`could not find plugin ${ipamDriver} in v1 plugin registry: plugin not found`);
  }
  const configs = req.IPAM?.Config ?? [];
  if (configs.length > 1) {
    throw new InvalidParameterError("Cannot create network: berth supports one IPv4 subnet per network");
  }
  const options = { ...(req.Options ?? {}) };
  const br = options[OPT_BRIDGE_NAME];
  if (br !== undefined && !IFNAME_RE.test(br)) {
    throw new InvalidParameterError(`invalid bridge name "${br}": at most 15 of [a-zA-Z0-9_.-]`);
  }
  if (br !== undefined) {
    const holder = existing.find((n) => n.Driver === "bridge" && bridgeName(n) === br);
    if (holder) throw new ConflictError(`bridge name ${br} is already used by network ${holder.Name}`);
  }
  const mtu = options[OPT_MTU];
  if (mtu !== undefined && (!/^\d+$/.test(mtu) || Number(mtu) < 68 || Number(mtu) > 65535)) {
    throw new InvalidParameterError(`invalid MTU ${JSON.stringify(mtu)}: want an integer from 68 to 65535`);
  }
  for (const k of [OPT_MASQUERADE, OPT_ICC]) {
    if (options[k] !== undefined && !["true", "false"].includes(options[k])) {
      throw new InvalidParameterError(
        `invalid value for ${k}: ${JSON.stringify(options[k])}: must be true or false`,
      );
    }
  }
  // Apply or refuse: a driver option berth would store without applying is refused.
  if (options[OPT_ICC] === "false") {
    throw new InvalidParameterError(
      `Cannot create network: ${OPT_ICC}=false is not supported by berth yet (containers on a network always reach each other)`,
    );
  }
  const applied = new Set([OPT_BRIDGE_NAME, OPT_MTU, OPT_MASQUERADE, OPT_ICC]);
  const ignored = Object.keys(options).filter((k) => k.startsWith("com.docker.network.") && !applied.has(k));
  if (ignored.length) {
    throw new InvalidParameterError(
      `Cannot create network: driver option ${ignored.join(", ")} is not supported by berth (it applies ${[...applied].join(", ")})`,
    );
  }
  const ipamOptions = Object.keys(req.IPAM?.Options ?? {});
  if (ipamOptions.length) {
    throw new InvalidParameterError(
      `Cannot create network: IPAM option ${ipamOptions.join(", ")} is not supported by berth's default IPAM, which takes none`,
    );
  }
  const ipam = configs[0] ? validateIpamConfig(configs[0]) : {};
  return {
    Name: name,
    Id: newNetworkId(),
    Created: new Date().toISOString(),
    Scope: "local",
    Driver: "bridge",
    EnableIPv6: false,
    IPAM: {
      Driver: "default",
      Options: req.IPAM?.Options ?? {},
      Config: ipam.Subnet ? [ipam as IpamConfig] : [],
    },
    Internal: Boolean(req.Internal),
    Attachable: Boolean(req.Attachable),
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Options: options,
    Labels: { ...(req.Labels ?? {}) },
  };
}
