// One listening address of the embedded resolver: UDP and TCP on the same IP and port (a
// network's gateway, port 53), each query handed to a handler that returns the reply bytes.

import dgram from "node:dgram";
import net from "node:net";

export type QueryHandler = (
  query: Buffer,
  source: string,
  proto: "udp" | "tcp",
) => Promise<Buffer | undefined>;

/** Big enough for any client that keeps a TCP connection open to ask several names; idle ones are closed. */
const TCP_IDLE_MS = 10_000;

export class DnsListener {
  private readonly udp: dgram.Socket;
  private readonly tcp: net.Server;
  private readonly conns = new Set<net.Socket>();

  private constructor(udp: dgram.Socket, tcp: net.Server) {
    this.udp = udp;
    this.tcp = tcp;
  }

  /** Binds both sockets (port 0: one ephemeral port for both, for tests); fails if either cannot bind. */
  static async listen(address: string, port: number, handler: QueryHandler): Promise<DnsListener> {
    const udp = dgram.createSocket({ type: "udp4" });
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind({ address, port, exclusive: true }, () => {
        udp.off("error", reject);
        resolve();
      });
    });
    const bound = udp.address().port;
    const tcp = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen({ host: address, port: bound, exclusive: true }, () => {
          tcp.off("error", reject);
          resolve();
        });
      });
    } catch (err) {
      udp.close();
      throw err;
    }
    // The resolver never keeps a process alive by itself (berthd lives by its API server;
    // a program or test driving NetworkService directly may end without closing it).
    udp.unref();
    tcp.unref();
    const l = new DnsListener(udp, tcp);
    l.serve(handler);
    return l;
  }

  get port(): number {
    return this.udp.address().port;
  }

  private serve(handler: QueryHandler): void {
    this.udp.on("message", (msg, rinfo) => {
      handler(msg, rinfo.address, "udp").then(
        (out) => {
          if (out) this.udp.send(out, rinfo.port, rinfo.address, () => undefined);
        },
        () => undefined,
      );
    });
    // A socket error (an ICMP unreachable from a client gone away) must not end the resolver.
    this.udp.on("error", () => undefined);
    this.tcp.on("connection", (sock) => this.serveTcp(sock, handler));
  }

  /** RFC 1035 4.2.2: each message behind a two-byte length; answered in the order asked. */
  private serveTcp(sock: net.Socket, handler: QueryHandler): void {
    sock.unref();
    this.conns.add(sock);
    sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
    sock.on("close", () => this.conns.delete(sock));
    sock.on("error", () => undefined);
    let buf = Buffer.alloc(0);
    let chain: Promise<void> = Promise.resolve();
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        const source = sock.remoteAddress?.replace(/^::ffff:/, "") ?? "";
        chain = chain.then(async () => {
          const out = await handler(msg, source, "tcp").catch(() => undefined);
          if (!out || sock.destroyed) return;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(out.length);
          sock.write(Buffer.concat([len, out]));
        });
      }
    });
  }

  /** Closes both sockets and every open TCP connection. */
  async close(): Promise<void> {
    for (const c of this.conns) c.destroy();
    await Promise.all([
      new Promise<void>((r) => this.udp.close(() => r())),
      new Promise<void>((r) => this.tcp.close(() => r())),
    ]);
  }
}
