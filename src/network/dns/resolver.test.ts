import assert from "node:assert/strict";
import dgram from "node:dgram";
import net from "node:net";
import { test } from "node:test";
import dnsPacket, { type DecodedPacket, type RecordType } from "dns-packet";
import { createLogger } from "../../util/logger.ts";
import { forward, nameserversOf, upstreamsFor } from "./forwarder.ts";
import { EmbeddedDns, type ResolverView } from "./resolver.ts";

const quiet = createLogger("fatal");

const view: ResolverView = {
  networks: [
    {
      id: "n1",
      name: "un",
      internal: false,
      entries: [{ containerId: "c1", ip: "10.0.0.2", names: ["web"] }],
    },
  ],
  ndotsSet: false,
  dns: ["127.0.0.1"],
  forward: true,
};

let nextId = 1;
function encodeQuery(name: string, type: RecordType = "A"): Buffer {
  return dnsPacket.encode({
    type: "query",
    id: nextId++,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: "IN" }],
  });
}

function udpAsk(port: number, q: Buffer, host = "127.0.0.1"): Promise<DecodedPacket & { rcode?: string }> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket("udp4");
    const timer = setTimeout(() => {
      s.close();
      reject(new Error("no UDP answer"));
    }, 8000);
    s.on("message", (m) => {
      clearTimeout(timer);
      s.close();
      resolve(dnsPacket.decode(m));
    });
    s.send(q, port, host);
  });
}

function tcpAsk(port: number, qs: Buffer[]): Promise<DecodedPacket[]> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: "127.0.0.1", port });
    let buf = Buffer.alloc(0);
    const out: DecodedPacket[] = [];
    sock.on("error", reject);
    sock.on("connect", () => {
      // Both queries in one write: the server must split the stream by the length prefixes.
      sock.write(
        Buffer.concat(
          qs.map((q) => {
            const len = Buffer.alloc(2);
            len.writeUInt16BE(q.length);
            return Buffer.concat([len, q]);
          }),
        ),
      );
    });
    sock.on("data", (c) => {
      buf = Buffer.concat([buf, c]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        out.push(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
      if (out.length === qs.length) {
        sock.destroy();
        resolve(out);
      }
    });
  });
}

async function resolver(
  t: { after(fn: () => Promise<void>): void },
  viewFor = () => view as ResolverView | undefined,
) {
  const r = new EmbeddedDns({ viewFor }, quiet, { port: 0, hostResolvConf: "/nonexistent" });
  await r.serve("n1", "127.0.0.1");
  t.after(() => r.close());
  const port = await r.portOf("n1");
  assert.ok(port);
  return { r, port };
}

test("the resolver answers a known name over UDP and TCP (two queries on one connection)", async (t) => {
  const { port } = await resolver(t);
  const a = await udpAsk(port, encodeQuery("web"));
  assert.equal(a.rcode, "NOERROR");
  assert.deepEqual(
    a.answers?.map((x) => (x as { data: string }).data),
    ["10.0.0.2"],
  );
  const [t1, t2] = await tcpAsk(port, [encodeQuery("web"), encodeQuery("web", "AAAA")]);
  assert.deepEqual(
    t1.answers?.map((x) => (x as { data: string }).data),
    ["10.0.0.2"],
  );
  assert.equal(t2.answers?.length, 0);
  assert.equal((t2 as { rcode?: string }).rcode, "NOERROR");
});

test("an unknown name with only loopback upstreams is SERVFAIL at once; a source outside the network REFUSED", async (t) => {
  const { port } = await resolver(t);
  const started = Date.now();
  const r = await udpAsk(port, encodeQuery("example.org"));
  assert.equal(r.rcode, "SERVFAIL");
  // Well under the 4 s upstream timeout: nothing was tried.
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  const refused = await resolver(t, () => undefined);
  assert.equal((await udpAsk(refused.port, encodeQuery("web"))).rcode, "REFUSED");
});

test("unknown names go to the container's --dns (the host's without); internal-only containers get SERVFAIL", async (t) => {
  const sent: { upstreams: string[]; proto: string }[] = [];
  let forwardOn = true;
  let dns = ["192.0.2.1", "127.0.0.1"];
  const r = new EmbeddedDns({ viewFor: () => ({ ...view, dns, forward: forwardOn }) }, quiet, {
    port: 0,
    hostResolvConf: "/nonexistent",
    // Records what would leave instead of sending it: nothing reaches any address.
    forwarder: async (raw, upstreams, proto) => {
      sent.push({ upstreams, proto });
      const q = dnsPacket.decode(raw);
      return dnsPacket.encode({ type: "response", id: q.id, questions: q.questions, answers: [] });
    },
  });
  t.after(() => r.close());
  await r.serve("n1", "127.0.0.1");
  const port = (await r.portOf("n1")) as number;
  assert.equal((await udpAsk(port, encodeQuery("example.org"))).rcode, "NOERROR");
  assert.deepEqual(sent, [{ upstreams: ["192.0.2.1"], proto: "udp" }]);
  const [viaTcp] = await tcpAsk(port, [encodeQuery("example.org", "TXT")]);
  assert.equal((viaTcp as { rcode?: string }).rcode, "NOERROR");
  assert.deepEqual(sent[1], { upstreams: ["192.0.2.1"], proto: "tcp" });
  forwardOn = false;
  assert.equal((await udpAsk(port, encodeQuery("example.org"))).rcode, "SERVFAIL");
  dns = [];
  forwardOn = true;
  assert.equal(
    (await udpAsk(port, encodeQuery("example.org"))).rcode,
    "SERVFAIL",
    "no host resolv.conf: none",
  );
  assert.equal(sent.length, 2);
});

test("a failure inside the resolver is a SERVFAIL, not a client left waiting", async (t) => {
  const { port } = await resolver(t, () => {
    throw new Error("broken record");
  });
  assert.equal((await udpAsk(port, encodeQuery("web"))).rcode, "SERVFAIL");
});

test("stop closes the sockets: the port can be bound again; serve again works", async (t) => {
  const { r, port } = await resolver(t);
  await r.stop("n1");
  const s = dgram.createSocket("udp4");
  await new Promise<void>((resolve, reject) => {
    s.once("error", reject);
    s.bind(port, "127.0.0.1", () => resolve());
  });
  s.close();
  await r.serve("n1", "127.0.0.1");
  const again = await r.portOf("n1");
  assert.ok(again);
  assert.equal((await udpAsk(again, encodeQuery("web"))).rcode, "NOERROR");
});

test("serve fails with the address and cause when it cannot bind", async (t) => {
  const r = new EmbeddedDns({ viewFor: () => view }, quiet, { port: 0 });
  t.after(() => r.close());
  // 192.0.2.1 (TEST-NET-1) is on no interface of this host.
  await assert.rejects(
    r.serve("n1", "192.0.2.1"),
    /Cannot start the DNS resolver of network n1 on 192\.0\.2\.1:0: .*EADDRNOTAVAIL/,
  );
});

test("forward: relays the query to a fake upstream on loopback and hands its reply back, UDP and TCP; the next server after a silent one", async (t) => {
  // A fake upstream on 127.0.0.2 answering every A query with 192.0.2.7.
  const reply = (m: Buffer) => {
    const q = dnsPacket.decode(m);
    return dnsPacket.encode({
      type: "response",
      id: q.id,
      flags: dnsPacket.RECURSION_AVAILABLE,
      questions: q.questions,
      answers: [{ name: q.questions?.[0].name ?? "", type: "A", class: "IN", ttl: 5, data: "192.0.2.7" }],
    });
  };
  const udp = dgram.createSocket("udp4");
  udp.on("message", (m, rinfo) => udp.send(reply(m), rinfo.port, rinfo.address));
  await new Promise<void>((r) => udp.bind(0, "127.0.0.2", () => r()));
  const port = udp.address().port;
  const tcp = net.createServer((sock) => {
    sock.once("data", (b) => {
      const out = reply(b.subarray(2, 2 + b.readUInt16BE(0)));
      const len = Buffer.alloc(2);
      len.writeUInt16BE(out.length);
      sock.end(Buffer.concat([len, out]));
    });
  });
  await new Promise<void>((r) => tcp.listen(port, "127.0.0.2", () => r()));
  // A silent "server" on 127.0.0.3: bound, never answers.
  const silent = dgram.createSocket("udp4");
  await new Promise<void>((r) => silent.bind(port, "127.0.0.3", () => r()));
  t.after(() => {
    udp.close();
    tcp.close();
    silent.close();
  });
  const q = encodeQuery("example.org");
  const viaUdp = await forward(q, ["127.0.0.3", "127.0.0.2"], "udp", { port, timeoutMs: 300 });
  assert.ok(viaUdp);
  const a = dnsPacket.decode(viaUdp);
  assert.equal(a.id, q.readUInt16BE(0));
  assert.deepEqual(
    a.answers?.map((x) => (x as { data: string }).data),
    ["192.0.2.7"],
  );
  const viaTcp = await forward(q, ["127.0.0.2"], "tcp", { port, timeoutMs: 1000 });
  assert.ok(viaTcp);
  assert.deepEqual(
    dnsPacket.decode(viaTcp).answers?.map((x) => (x as { data: string }).data),
    ["192.0.2.7"],
  );
  assert.equal(await forward(q, ["127.0.0.3"], "udp", { port, timeoutMs: 200 }), undefined);
});

test("upstreamsFor: --dns first, else the host's; loopback and the resolver's own address never; three at most", () => {
  const host = "nameserver 127.0.0.53\nnameserver 10.9.9.9\nsearch example\n";
  assert.deepEqual(nameserversOf(host), ["127.0.0.53", "10.9.9.9"]);
  assert.deepEqual(upstreamsFor([], host, "10.0.0.1"), ["10.9.9.9"]);
  assert.deepEqual(upstreamsFor(["127.0.0.1"], host, "10.0.0.1"), [], "--dns 127.0.0.1 seals the resolver");
  assert.deepEqual(upstreamsFor(["10.0.0.1", "1.1.1.1", "::1"], host, "10.0.0.1"), ["1.1.1.1"]);
  assert.deepEqual(upstreamsFor(["10.1.1.1", "10.1.1.2", "10.1.1.3", "10.1.1.4"], "", "x"), [
    "10.1.1.1",
    "10.1.1.2",
    "10.1.1.3",
  ]);
});
