// IPv4 arithmetic, hand-written: Node's net.BlockList answers containment but cannot
// enumerate or split a subnet, and the project vendors no npm IP library (node_modules is
// shared, so a new dependency is the lead's call). IPv6 waits for EnableIPv6 support.

import { InvalidParameterError } from "../errdefs/errors.ts";

export interface Cidr {
  /** The network address, as an unsigned 32-bit integer. */
  base: number;
  prefix: number;
}

export function parseIPv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** "10.1.0.0/16" → Cidr; `strict` refuses host bits (Docker: "invalid subnet"). */
export function parseCidr(text: string): (Cidr & { addr: number }) | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const addr = parseIPv4(m[1]);
  const prefix = Number(m[2]);
  if (addr === undefined || prefix > 32) return undefined;
  return { base: (addr & mask(prefix)) >>> 0, prefix, addr };
}

export function mustParseCidr(text: string): Cidr {
  const c = parseCidr(text);
  if (!c) throw new InvalidParameterError(`invalid CIDR address: ${text}`);
  return { base: c.base, prefix: c.prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIPv4(c.base)}/${c.prefix}`;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function last(c: Cidr): number {
  return c.base + size(c) - 1;
}

export function contains(c: Cidr, addr: number): boolean {
  return (addr & mask(c.prefix)) >>> 0 === c.base;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= last(b) && b.base <= last(a);
}

/** Subnets of `prefix` bits carved out of `pool`, in order. */
export function* split(pool: Cidr, prefix: number): Generator<Cidr> {
  if (prefix < pool.prefix) return;
  const step = 2 ** (32 - prefix);
  for (let b = pool.base; b <= last(pool); b += step) yield { base: b, prefix };
}
