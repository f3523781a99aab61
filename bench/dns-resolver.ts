// The embedded resolver's cost per query, in process on loopback (no root, no containers):
// one client asking names of a 100-endpoint network one at a time (latency), then 64 queries
// in flight (throughput), and the SERVFAIL path of an unknown name with no upstream.
// Usage: node bench/dns-resolver.ts [queries]
import dgram from "node:dgram";
import dnsPacket from "dns-packet";
import { EmbeddedDns, type ResolverView } from "../src/network/dns/resolver.ts";
import { createLogger } from "../src/util/logger.ts";

const total = Number(process.argv[2] ?? 20000);
const view: ResolverView = {
  networks: [
    {
      id: "n",
      name: "un",
      internal: false,
      entries: Array.from({ length: 100 }, (_, i) => ({
        containerId: String(i).padStart(64, "0"),
        ip: `10.0.0.${i + 2}`,
        names: [`c${i}`, `alias${i % 10}`, String(i).padStart(12, "0")],
      })),
    },
  ],
  ndotsSet: false,
  dns: ["127.0.0.1"], // loopback only: the miss path is a SERVFAIL, nothing leaves
  forward: true,
};
const dns = new EmbeddedDns({ viewFor: () => view }, createLogger("fatal"), { port: 0 });
await dns.serve("n", "127.0.0.1");
const port = (await dns.portOf("n")) as number;

const sock = dgram.createSocket("udp4");
const pending = new Map<number, () => void>();
sock.on("message", (m) => {
  const id = m.readUInt16BE(0);
  pending.get(id)?.();
  pending.delete(id);
});
let nextId = 0;
function ask(name: string): Promise<void> {
  const id = nextId++ & 0xffff;
  const q = dnsPacket.encode({
    type: "query",
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: "A" }],
  });
  return new Promise((resolve) => {
    pending.set(id, resolve);
    sock.send(q, port, "127.0.0.1");
  });
}

async function sequential(n: number, name: (i: number) => string): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await ask(name(i));
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b);
}

async function concurrent(n: number, inFlight: number): Promise<number> {
  const t0 = performance.now();
  let i = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (i < n) await ask(`c${i++ % 100}`);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

const pct = (a: number[], p: number) => a[Math.min(a.length - 1, Math.floor(a.length * p))].toFixed(3);
try {
  await sequential(500, (i) => `c${i % 100}`); // warm-up
  const local = await sequential(Math.min(total, 5000), (i) => `c${i % 100}`);
  const alias = await sequential(Math.min(total, 5000), (i) => `alias${i % 10}`);
  const miss = await sequential(Math.min(total, 5000), (i) => `nope${i}`);
  console.log(`name, one at a time   : median ${pct(local, 0.5)} ms, p99 ${pct(local, 0.99)} ms`);
  console.log(`alias (10 addresses)  : median ${pct(alias, 0.5)} ms, p99 ${pct(alias, 0.99)} ms`);
  console.log(`unknown → SERVFAIL    : median ${pct(miss, 0.5)} ms, p99 ${pct(miss, 0.99)} ms`);
  console.log(`64 in flight          : ${(await concurrent(total, 64)).toFixed(0)} queries/s`);
} finally {
  sock.close();
  await dns.close();
}
