import assert from "node:assert/strict";
import { test } from "node:test";
import dnsPacket, { type DecodedPacket, type RecordType } from "dns-packet";
import { answer, fitForUdp, type QueryView, RCODE, RESPONSE_TTL } from "./answer.ts";

const view: QueryView = {
  networks: [
    {
      id: "n1",
      name: "un",
      internal: false,
      entries: [
        { containerId: "c1", ip: "10.0.0.2", names: ["web", "shared"] },
        { containerId: "c2", ip: "10.0.0.3", names: ["api", "shared"] },
      ],
    },
  ],
  ndotsSet: false,
};

function query(name: string, type: RecordType, extra: Partial<dnsPacket.Packet> = {}): DecodedPacket {
  return dnsPacket.decode(
    dnsPacket.encode({
      type: "query",
      id: 4242,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ name, type, class: "IN" }],
      ...extra,
    }),
  );
}

/** The reply as a client decodes it. */
function decoded(p: ReturnType<typeof answer>): DecodedPacket & { rcode?: string } {
  assert.notEqual(p, "forward");
  return dnsPacket.decode(dnsPacket.encode(p as dnsPacket.Packet)) as DecodedPacket & { rcode?: string };
}

test("A for a known name: its address, TTL 600, the query's ID, RD echoed and RA set", () => {
  const r = decoded(answer(query("web", "A"), view));
  assert.equal(r.id, 4242);
  assert.equal(r.rcode, "NOERROR");
  assert.ok(r.flag_rd && r.flag_ra && r.flag_qr);
  assert.deepEqual(
    r.answers?.map((a) => [a.type, a.name, (a as { data: string }).data, (a as { ttl: number }).ttl]),
    [["A", "web", "10.0.0.2", RESPONSE_TTL]],
  );
});

test("A for a shared alias: every address", () => {
  const r = decoded(answer(query("shared.", "A"), view));
  assert.deepEqual(r.answers?.map((a) => (a as { data: string }).data).sort(), ["10.0.0.2", "10.0.0.3"]);
});

test("AAAA and MX for a known name: NOERROR with no answer, not forwarded", () => {
  for (const t of ["AAAA", "MX"] as const) {
    const r = decoded(answer(query("web", t), view));
    assert.equal(r.rcode, "NOERROR", t);
    assert.equal(r.answers?.length, 0, t);
  }
});

test("PTR for an endpoint's address: name.network", () => {
  const r = decoded(answer(query("3.0.0.10.in-addr.arpa", "PTR"), view));
  assert.deepEqual(
    r.answers?.map((a) => (a as { data: string }).data),
    ["api.un"],
  );
});

test("unknown names and other types are forwarded; with an ndots of its own a bare miss is an empty answer", () => {
  assert.equal(answer(query("example.org", "A"), view), "forward");
  assert.equal(answer(query("web", "TXT"), view), "forward");
  assert.equal(answer(query("9.9.9.10.in-addr.arpa", "PTR"), view), "forward");
  assert.equal(answer(query("nope", "A"), view), "forward");
  const r = decoded(answer(query("nope", "A"), { ...view, ndotsSet: true }));
  assert.equal(r.rcode, "NOERROR");
  assert.equal(r.answers?.length, 0);
  assert.equal(answer(query("nope.example", "A"), { ...view, ndotsSet: true }), "forward");
});

test("a non-QUERY opcode is NOTIMP; several questions FORMERR", () => {
  const notify = query("web", "A", { flags: 4 << 11 });
  assert.equal(decoded(answer(notify, view)).rcode, "NOTIMP");
  const two = query("web", "A", {
    questions: [
      { name: "web", type: "A", class: "IN" },
      { name: "api", type: "A", class: "IN" },
    ],
  });
  assert.equal(decoded(answer(two, view)).rcode, "FORMERR");
  assert.equal(RCODE.SERVFAIL, 2);
});

test("fitForUdp: an answer over 512 bytes is truncated with TC set (the client retries over TCP)", () => {
  const many: QueryView = {
    ndotsSet: false,
    networks: [
      {
        id: "n",
        name: "un",
        internal: false,
        entries: Array.from({ length: 60 }, (_, i) => ({
          containerId: `c${i}`,
          ip: `10.0.1.${i + 1}`,
          names: ["pool-of-many-replicas-with-a-long-name"],
        })),
      },
    ],
  };
  const q = query("pool-of-many-replicas-with-a-long-name", "A");
  const full = answer(q, many) as dnsPacket.Packet;
  assert.equal(full.answers?.length, 60);
  const udp = dnsPacket.decode(fitForUdp(full, q));
  assert.ok(udp.flag_tc);
  assert.equal(udp.answers?.length, 0);
  const small = dnsPacket.decode(fitForUdp(answer(query("web", "A"), view) as dnsPacket.Packet, q));
  assert.ok(!small.flag_tc);
});
