// How the embedded resolver answers one query, as moby's libnetwork Resolver.serveDNS: names
// of the querying container's networks locally (A, AAAA, MX, PTR), everything else to the
// upstream servers. Pure: packets in, a packet or "forward" out (unit-tested).

import dnsPacket, { type Answer, type DecodedPacket, type Packet } from "dns-packet";
import { lookupAddress, lookupName, type NetworkNames } from "./records.ts";

/** moby's respTTL: containers come and go, so clients should not keep an answer long. */
export const RESPONSE_TTL = 600;

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

/** What the resolver knows about the container a query came from. */
export interface QueryView {
  /** Its networks, the one the query arrived on first. */
  networks: NetworkNames[];
  /** An `ndots` option of its own in resolv.conf: single-label misses are not forwarded (moby). */
  ndotsSet: boolean;
}

/** A response to `query` with the given rcode and answers (RD echoed, RA set, as moby's createRespMsg). */
export function reply(query: Packet, rcode: number, answers: Answer[] = []): Packet {
  const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  return {
    type: "response",
    id: query.id ?? 0,
    flags: rd | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: query.questions ?? [],
    answers,
  };
}

/** The local answer to a query, or "forward" when the name is not the resolver's. */
export function answer(query: DecodedPacket, view: QueryView): Packet | "forward" {
  const q = query.questions?.[0];
  // Only standard queries with one question; moby's server does the same through miekg/dns.
  const opcode = ((query.flags ?? 0) >> 11) & 0xf;
  if (opcode !== 0) return reply(query, RCODE.NOTIMP);
  if (!q || (query.questions?.length ?? 0) !== 1) return reply(query, RCODE.FORMERR);
  switch (q.type) {
    case "A": {
      const ips = lookupName(q.name, view.networks);
      if (ips) {
        return reply(
          query,
          RCODE.NOERROR,
          shuffle(ips).map((ip) => ({ name: q.name, type: "A", class: "IN", ttl: RESPONSE_TTL, data: ip })),
        );
      }
      break;
    }
    // A known name with no address of the type asked: NOERROR and no answer, never forwarded
    // (the upstream could not know better). Endpoints have no IPv6 address yet.
    case "AAAA":
    case "MX":
      if (lookupName(q.name, view.networks)) return reply(query, RCODE.NOERROR);
      break;
    case "PTR": {
      const host = lookupAddress(q.name, view.networks);
      if (host) {
        return reply(query, RCODE.NOERROR, [
          { name: q.name, type: "PTR", class: "IN", ttl: RESPONSE_TTL, data: host },
        ]);
      }
      break;
    }
  }
  // With an ndots of its own, a client tries its search domains after a bare name fails:
  // an empty answer makes it do so at once (moby).
  if ((q.type === "A" || q.type === "AAAA") && view.ndotsSet && !q.name.replace(/\.$/, "").includes(".")) {
    return reply(query, RCODE.NOERROR);
  }
  return "forward";
}

/** Round robin over a name's addresses, as moby shuffles them. */
function shuffle<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A response fit for UDP: over 512 bytes (or the client's EDNS size), the answers are dropped
 * and TC set, so the client asks again over TCP (RFC 1035 4.2.1).
 */
export function fitForUdp(resp: Packet, query: DecodedPacket): Buffer {
  const buf = dnsPacket.encode(resp);
  const opt = query.additionals?.find((a) => a.type === "OPT") as { udpPayloadSize?: number } | undefined;
  const max = Math.max(512, opt?.udpPayloadSize ?? 0);
  if (buf.length <= max) return buf;
  return dnsPacket.encode({ ...resp, answers: [], flags: (resp.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE });
}
