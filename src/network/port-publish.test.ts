import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import { allocatePorts, wantedPorts } from "./port-publish.ts";

async function held(t: { after(fn: () => Promise<void>): void }): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  t.after(() => new Promise<void>((r) => s.close(() => r())));
  return (s.address() as net.AddressInfo).port;
}

test("wantedPorts: bindings with host IP, ranges and protocol; -P adds the EXPOSEd ports not bound", () => {
  const w = wantedPorts({
    PortBindings: {
      "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }],
      "53/udp": [{ HostPort: "5300-5301" }],
    },
    PublishAllPorts: true,
    ExposedPorts: { "80/tcp": {}, "443/tcp": {} },
  });
  assert.deepEqual(w, [
    { containerPort: 80, protocol: "tcp", hostIP: "127.0.0.1", range: [8080, 8080] },
    { containerPort: 53, protocol: "udp", hostIP: "0.0.0.0", range: [5300, 5301] },
    { containerPort: 443, protocol: "tcp", hostIP: "0.0.0.0", range: [0, 0] },
  ]);
});

test("wantedPorts: a bad port, protocol or host port is refused before anything is made", () => {
  const bad: Record<string, { HostPort?: string }[]>[] = [
    { "0/tcp": [{}] },
    { "80/sctp": [{}] },
    { "80/tcp": [{ HostPort: "9-1" }] },
  ];
  for (const bindings of bad) {
    assert.throws(() => wantedPorts({ PortBindings: bindings }), { name: "InvalidParameterError" });
  }
});

test("allocatePorts: a port berth has published or a host socket holds is Docker's 'already allocated'", async (t) => {
  const taken = [{ hostPort: 18080, containerPort: 80, protocol: "tcp" as const }];
  await assert.rejects(
    allocatePorts(
      [{ containerPort: 80, protocol: "tcp", hostIP: "127.0.0.1", range: [18080, 18080] }],
      taken,
    ),
    { name: "ConflictError", message: "Bind for 127.0.0.1:18080 failed: port is already allocated" },
  );
  const port = await held(t);
  await assert.rejects(
    allocatePorts([{ containerPort: 80, protocol: "tcp", hostIP: "127.0.0.1", range: [port, port] }], []),
    { message: `Bind for 127.0.0.1:${port} failed: port is already allocated` },
  );
  // udp on the same number is another port.
  const udp = await allocatePorts(
    [{ containerPort: 53, protocol: "udp", hostIP: "127.0.0.1", range: [port, port] }],
    [],
  );
  assert.deepEqual(udp, [{ hostPort: port, containerPort: 53, protocol: "udp", hostIP: "127.0.0.1" }]);
});

test("allocatePorts: a host range skips what is taken; two ephemeral ports differ", async (t) => {
  const port = await held(t);
  const [p] = await allocatePorts(
    [{ containerPort: 80, protocol: "tcp", hostIP: "127.0.0.1", range: [port, port + 1] }],
    [],
  );
  assert.equal(p.hostPort, port + 1);
  const eph = await allocatePorts(
    [
      { containerPort: 80, protocol: "tcp", hostIP: "0.0.0.0", range: [0, 0] },
      { containerPort: 81, protocol: "tcp", hostIP: "0.0.0.0", range: [0, 0] },
    ],
    [],
  );
  assert.notEqual(eph[0].hostPort, eph[1].hostPort);
  assert.equal(eph[0].hostIP, undefined);
});
