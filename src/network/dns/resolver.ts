// berthd's embedded DNS resolver: one listener (UDP and TCP) per user-defined network, on
// its gateway address, port 53. Docker listens on 127.0.0.11 inside each container's
// namespace; berthd's listener sits on the host side of the bridge instead, so one socket
// pair serves a whole network, from berthd's own event loop, with no per-container setup.
// The names come from the network's endpoints at query time (see DnsBackend), so an
// endpoint added, removed, adopted after a restart or a container renamed is answered
// right away with nothing to keep in step.

import { readFile } from "node:fs/promises";
import dnsPacket, { type DecodedPacket } from "dns-packet";
import { errorMessage, SystemError } from "../../errdefs/errors.ts";
import type { Logger } from "../../util/logger.ts";
import { answer, fitForUdp, type QueryView, RCODE, reply } from "./answer.ts";
import { forward, upstreamsFor } from "./forwarder.ts";
import { DnsListener } from "./server.ts";

/** What the resolver needs from the network side for one query. */
export interface DnsBackend {
  /**
   * The view of the container that sent a query to `networkId`'s resolver from `source`,
   * or undefined to refuse it (a source outside the network).
   */
  viewFor(networkId: string, source: string): ResolverView | undefined;
}

export interface ResolverView extends QueryView {
  /** The container's `--dns` servers (empty: the host's). */
  dns: string[];
  /** False when all its networks are internal: nothing is forwarded, as moby's proxyDNS. */
  forward: boolean;
}

/** The interface NetworkService uses: serve a network's names, stop, close everything. */
export interface NameResolver {
  /** Starts the network's listener on `address` (idempotent); fails if it cannot bind. */
  serve(networkId: string, address: string): Promise<void>;
  /** Stops it (network removal). */
  stop(networkId: string): Promise<void>;
  /** Stops every listener (berthd's shutdown). */
  close(): Promise<void>;
}

export interface EmbeddedDnsOptions {
  /** 53; tests use another. */
  port?: number;
  /** Where the host's resolvers are read, at each forward (a changed file applies at once). */
  hostResolvConf?: string;
  /** Sends a query upstream (tests record what would leave instead of sending it). */
  forwarder?: typeof forward;
}

export class EmbeddedDns implements NameResolver {
  private readonly backend: DnsBackend;
  private readonly log: Logger;
  private readonly opts: EmbeddedDnsOptions;
  private readonly listeners = new Map<string, { address: string; ready: Promise<DnsListener> }>();

  constructor(backend: DnsBackend, log: Logger, opts: EmbeddedDnsOptions = {}) {
    this.backend = backend;
    this.log = log;
    this.opts = opts;
  }

  async serve(networkId: string, address: string): Promise<void> {
    const cur = this.listeners.get(networkId);
    if (cur?.address === address) {
      await cur.ready;
      return;
    }
    if (cur) await this.stop(networkId);
    const ready = DnsListener.listen(address, this.opts.port ?? 53, (q, src, proto) =>
      this.handle(networkId, address, q, src, proto),
    );
    this.listeners.set(networkId, { address, ready });
    try {
      await ready;
    } catch (err) {
      this.listeners.delete(networkId);
      throw new SystemError(
        `Cannot start the DNS resolver of network ${networkId.slice(0, 12)} on ${address}:${this.opts.port ?? 53}: ${errorMessage(err)}`,
        { cause: err },
      );
    }
    this.log.debug("DNS resolver listening", { network: networkId, address });
  }

  /** The port a network's listener is bound to (for tests that bind port 0). */
  async portOf(networkId: string): Promise<number | undefined> {
    return (await this.listeners.get(networkId)?.ready)?.port;
  }

  async stop(networkId: string): Promise<void> {
    const cur = this.listeners.get(networkId);
    if (!cur) return;
    this.listeners.delete(networkId);
    const l = await cur.ready.catch(() => undefined);
    await l?.close();
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners.keys()].map((id) => this.stop(id)));
  }

  private async handle(
    networkId: string,
    own: string,
    raw: Buffer,
    source: string,
    proto: "udp" | "tcp",
  ): Promise<Buffer | undefined> {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(raw);
    } catch {
      return undefined; // not DNS: nothing sensible to answer
    }
    if (query.type !== "query") return undefined;
    const encode = (p: dnsPacket.Packet) => (proto === "udp" ? fitForUdp(p, query) : dnsPacket.encode(p));
    try {
      return await this.resolve(networkId, own, raw, query, source, proto, encode);
    } catch (err) {
      // A client waiting for a timeout learns nothing: say the server failed, and log why.
      this.log.error("DNS query failed", { network: networkId, err: errorMessage(err) });
      return encode(reply(query, RCODE.SERVFAIL));
    }
  }

  private async resolve(
    networkId: string,
    own: string,
    raw: Buffer,
    query: DecodedPacket,
    source: string,
    proto: "udp" | "tcp",
    encode: (p: dnsPacket.Packet) => Buffer,
  ): Promise<Buffer> {
    const view = this.backend.viewFor(networkId, source);
    if (!view) return encode(reply(query, RCODE.REFUSED));
    const local = answer(query, view);
    if (local !== "forward") return encode(local);
    if (!view.forward) return encode(reply(query, RCODE.SERVFAIL));
    const host = view.dns.length
      ? ""
      : await readFile(this.opts.hostResolvConf ?? "/etc/resolv.conf", "utf8").catch(() => "");
    const upstreams = upstreamsFor(view.dns, host, own);
    const out = upstreams.length ? await (this.opts.forwarder ?? forward)(raw, upstreams, proto) : undefined;
    if (!out) {
      this.log.debug("DNS query not answered upstream", {
        network: networkId,
        name: query.questions?.[0]?.name,
        upstreams,
      });
    }
    return out ?? encode(reply(query, RCODE.SERVFAIL));
  }
}
