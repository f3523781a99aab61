import { readFile } from "node:fs/promises";
import { InvalidParameterError, UnavailableError } from "../errdefs/errors.ts";
import { type Cidr, formatCidr, mustParseCidr, overlaps, split } from "./ipv4.ts";

/** daemon.json's `default-address-pools` entry. */
export interface AddressPool {
  base: string;
  size: number;
}

/**
 * Docker's built-in pools (libnetwork/ipamutils): 172.17–31/16, then 192.168.0.0/20s.
 * 172.17.0.0/16 comes first, so the default bridge gets it when the host leaves it free.
 */
export const DEFAULT_POOLS: AddressPool[] = [
  { base: "172.17.0.0/16", size: 16 },
  { base: "172.18.0.0/16", size: 16 },
  { base: "172.19.0.0/16", size: 16 },
  { base: "172.20.0.0/14", size: 16 },
  { base: "172.24.0.0/14", size: 16 },
  { base: "172.28.0.0/14", size: 16 },
  { base: "192.168.0.0/16", size: 20 },
];

export function validatePools(pools: unknown): AddressPool[] {
  if (!Array.isArray(pools)) throw new InvalidParameterError("default-address-pools must be a list");
  return pools.map((p) => {
    const base = (p as { base?: unknown })?.base;
    const sz = (p as { size?: unknown })?.size;
    if (typeof base !== "string" || typeof sz !== "number" || !Number.isInteger(sz) || sz < 1 || sz > 30) {
      throw new InvalidParameterError(
        `invalid default-address-pools entry ${JSON.stringify(p)}: want {"base":"a.b.c.d/n","size":n}`,
      );
    }
    const cidr = mustParseCidr(base);
    if (sz < cidr.prefix) {
      throw new InvalidParameterError(`invalid pools size ${sz}: smaller than the base prefix of ${base}`);
    }
    return { base, size: sz };
  });
}

export interface HostRoute extends Cidr {
  iface: string;
}

/** IPv4 destinations routed on the host (/proc/net/route: little-endian hex), default route excluded. */
export function parseRouteTable(text: string): HostRoute[] {
  const out: HostRoute[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const dst = Number.parseInt(f[1], 16);
    const msk = Number.parseInt(f[7], 16);
    if (Number.isNaN(dst) || Number.isNaN(msk) || msk === 0) continue;
    const le = (n: number) =>
      (((n & 255) << 24) >>> 0) + (((n >>> 8) & 255) << 16) + (((n >>> 16) & 255) << 8) + (n >>> 24);
    const m = le(msk);
    // Leading ones of a contiguous mask: 0xffffff00 → 24.
    const prefix = Math.clz32(~m);
    out.push({ base: (le(dst) & m) >>> 0, prefix, iface: f[0] });
  }
  return out;
}

export async function hostRoutes(file = "/proc/net/route"): Promise<HostRoute[]> {
  try {
    return parseRouteTable(await readFile(file, "utf8"));
  } catch {
    return [];
  }
}

/**
 * The first subnet of the pools that overlaps neither a network berth has nor a route of
 * the host, as libnetwork's default IPAM does (it checks the host's routes too, so a
 * corporate VPN's 172.17/16 is left alone).
 */
export function pickSubnet(pools: AddressPool[], used: Cidr[], routes: Cidr[]): Cidr {
  for (const p of pools) {
    for (const c of split(mustParseCidr(p.base), p.size)) {
      if (!used.some((u) => overlaps(u, c)) && !routes.some((r) => overlaps(r, c))) return c;
    }
  }
  throw new UnavailableError(
    `could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network (pools: ${pools.map((p) => p.base).join(", ")}; in use: ${used.map(formatCidr).join(", ") || "none"})`,
  );
}
