// Queries the resolver does not own go to upstream servers, as moby's forwardExtDNS: each
// server in turn (three at most), over the protocol the client used, the raw query relayed
// unchanged and the first well-formed reply with the same ID handed back.

import dgram from "node:dgram";
import net from "node:net";

/** moby's extIOTimeout and maxExtDNS. */
export const UPSTREAM_TIMEOUT_MS = 4000;
export const MAX_UPSTREAMS = 3;

function isLoopback(ip: string): boolean {
  return ip.startsWith("127.") || ip === "::1" || ip === "0.0.0.0";
}

/** The nameservers of a resolv.conf text. */
export function nameserversOf(resolvConf: string): string[] {
  const out: string[] = [];
  for (const l of resolvConf.split("\n")) {
    const [key, value] = l.trim().split(/\s+/);
    if (key === "nameserver" && value) out.push(value);
  }
  return out;
}

/**
 * The servers a container's unknown names go to: its `--dns` servers when it has any, else
 * the host's. Loopback servers are left out: berthd forwards from the host's namespace, and
 * a container given `--dns 127.0.0.1` meant a resolver nobody outside answers (the tests
 * rely on it: nothing they resolve leaves the machine). Nothing left means SERVFAIL at once.
 */
export function upstreamsFor(containerDns: string[], hostResolvConf: string, own: string): string[] {
  const candidates = containerDns.length ? containerDns : nameserversOf(hostResolvConf);
  return candidates.filter((ip) => net.isIPv4(ip) && !isLoopback(ip) && ip !== own).slice(0, MAX_UPSTREAMS);
}

/** Reads a query ID (the first two bytes). */
function idOf(b: Buffer): number {
  return b.length >= 2 ? b.readUInt16BE(0) : -1;
}

function viaUdp(query: Buffer, server: string, port: number, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    // A socket per query: a fresh random source port, and no reply mix-up between clients.
    const sock = dgram.createSocket("udp4");
    let done = false;
    const finish = (v: Buffer | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.close();
      resolve(v);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    sock.on("error", () => finish(undefined));
    sock.on("message", (msg, rinfo) => {
      if (rinfo.address === server && rinfo.port === port && idOf(msg) === idOf(query)) finish(msg);
    });
    sock.send(query, port, server, (err) => {
      if (err) finish(undefined);
    });
  });
}

function viaTcp(query: Buffer, server: string, port: number, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: server, port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (v: Buffer | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    sock.on("error", () => finish(undefined));
    sock.on("close", () => finish(undefined));
    sock.on("connect", () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 2) return;
      const n = buf.readUInt16BE(0);
      if (buf.length < 2 + n) return;
      const msg = buf.subarray(2, 2 + n);
      finish(idOf(msg) === idOf(query) ? msg : undefined);
    });
  });
}

/** The first upstream reply to a raw query, or undefined when none answers in time. */
export async function forward(
  query: Buffer,
  upstreams: string[],
  proto: "udp" | "tcp",
  opts: { port?: number; timeoutMs?: number } = {},
): Promise<Buffer | undefined> {
  const port = opts.port ?? 53;
  const timeoutMs = opts.timeoutMs ?? UPSTREAM_TIMEOUT_MS;
  for (const server of upstreams.slice(0, MAX_UPSTREAMS)) {
    const r =
      proto === "udp"
        ? await viaUdp(query, server, port, timeoutMs)
        : await viaTcp(query, server, port, timeoutMs);
    if (r) return r;
  }
  return undefined;
}
