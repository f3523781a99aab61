// The names the embedded resolver answers, and how a query name maps to them, as moby's
// libnetwork (Sandbox.ResolveName, Network.ResolveName/ResolveIP): pure functions over the
// endpoints of the querying container's networks, so the rules are unit-tested.

/** One endpoint as the resolver sees it: its address and its DNSNames (the first names its PTR). */
export interface NameEntry {
  containerId: string;
  ip: string;
  names: string[];
}

/** A network the querying container is on, with every endpoint on it. */
export interface NetworkNames {
  id: string;
  name: string;
  internal: boolean;
  entries: NameEntry[];
  /**
   * The querying container's link aliases on this network (lower-cased alias → the linked
   * container's name), as moby's endpoint aliases (libnetwork CreateOptionAlias): a query for
   * the alias is answered as one for the name, on this network only.
   */
  links?: ReadonlyMap<string, string>;
}

/** What identifies a container to the resolver (its record, reduced). */
export interface DnsIdentity {
  /** Without the leading slash. */
  name: string;
  id: string;
  hostname?: string;
  aliases: string[];
}

/**
 * An endpoint's DNSNames, as moby's buildEndpointDNSNames: name, network aliases, short ID,
 * hostname, first occurrence kept. The first one names the endpoint's PTR record.
 */
export function dnsNames(c: DnsIdentity): string[] {
  const all = [c.name, ...c.aliases, c.id.slice(0, 12), c.hostname ?? ""].filter((n) => n !== "");
  return [...new Set(all)];
}

function trimDot(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

/** The addresses of every endpoint of one network that has `name` (DNS names are case-insensitive). */
function inNetwork(net: NetworkNames, name: string): string[] {
  const want = name.toLowerCase();
  const ips = net.entries.filter((e) => e.names.some((n) => n.toLowerCase() === want)).map((e) => e.ip);
  return [...new Set(ips)];
}

/**
 * The IPv4 addresses for a query name, or undefined when no network knows it. `web` and
 * `web.` are looked up on every network in order (the one the query arrived on first);
 * `a.b.c` also as `a.b` on network `c` and `a` on network `b.c` (moby's FQDN rule: a name
 * plus `.<network name>`). Several endpoints with one name (a shared alias) give all their
 * addresses.
 */
export function lookupName(qname: string, networks: NetworkNames[]): string[] | undefined {
  const name = trimDot(qname);
  if (name === "") return undefined;
  const tries: { req: string; network?: string }[] = [{ req: name }];
  for (let i = name.lastIndexOf("."); i > 0; i = name.lastIndexOf(".", i - 1)) {
    tries.push({ req: name.slice(0, i), network: name.slice(i + 1) });
  }
  for (const t of tries) {
    for (const net of networks) {
      if (t.network !== undefined && net.name.toLowerCase() !== t.network.toLowerCase()) continue;
      const ips = inNetwork(net, net.links?.get(t.req.toLowerCase()) ?? t.req);
      if (ips.length) return ips;
    }
  }
  return undefined;
}

/** `4.3.2.1.in-addr.arpa.` → `1.2.3.4`; undefined for anything else (IPv6, partial names). */
export function ptrToIPv4(qname: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/i.exec(trimDot(qname));
  if (!m) return undefined;
  const octets = [m[4], m[3], m[2], m[1]].map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.join(".");
}

/** The PTR target for an address on one of the networks: `<first DNS name>.<network name>`, as moby. */
export function lookupAddress(qname: string, networks: NetworkNames[]): string | undefined {
  const ip = ptrToIPv4(qname);
  if (!ip) return undefined;
  for (const net of networks) {
    const e = net.entries.find((x) => x.ip === ip && x.names.length > 0);
    if (e) return `${e.names[0]}.${net.name}`;
  }
  return undefined;
}
