import assert from "node:assert/strict";
import { test } from "node:test";
import { extraFilters, type FilterView, portFilterValues } from "./list-filters.ts";

const view: FilterView = {
  networks: () => ({ mynet: { NetworkID: "abc123def" } }),
  ports: () => [
    { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
    { PrivatePort: 53, Type: "udp" },
  ],
  mounts: () => [
    { Type: "volume", Name: "data", Source: "/var/lib/berth/volumes/data/_data", Destination: "/data" },
    { Type: "bind", Source: "/srv", Destination: "/mnt" },
  ],
};
const match = (f: Record<string, string[]>) => extraFilters(new Map(Object.entries(f)))(view);

test("network matches a joined network's name or a prefix of its ID", () => {
  assert.equal(match({ network: ["mynet"] }), true);
  assert.equal(match({ network: ["abc1"] }), true);
  assert.equal(match({ network: ["other", "abc"] }), true);
  assert.equal(match({ network: ["myne"] }), false);
});

test("volume matches a volume's name, a bind's source or any destination", () => {
  for (const v of ["data", "/data", "/srv", "/mnt"]) assert.equal(match({ volume: [v] }), true, v);
  assert.equal(match({ volume: ["/var/lib/berth/volumes/data/_data"] }), false);
});

test("publish matches host ports, expose container ports; ranges and protocols as moby's", () => {
  assert.equal(match({ publish: ["8080"] }), true);
  assert.equal(match({ publish: ["80"] }), false);
  assert.equal(match({ publish: ["8000-8100/tcp"] }), true);
  assert.equal(match({ publish: ["8080/udp"] }), false);
  assert.equal(match({ expose: ["80"] }), true);
  assert.equal(match({ expose: ["53"] }), false);
  assert.equal(match({ expose: ["50-60/UDP"] }), true);
  // Either one is enough when both are given, as moby.
  assert.equal(match({ publish: ["1"], expose: ["80"] }), true);
  assert.deepEqual(portFilterValues("expose", "80-82/udp"), ["80/udp", "81/udp", "82/udp"]);
  assert.throws(
    () => portFilterValues("publish", "1:80"),
    /filter for 'publish' should not contain ':': 1:80/,
  );
  assert.throws(
    () => portFilterValues("publish", "x"),
    /error while looking up for publish x: invalid start port 'x': invalid syntax/,
  );
  assert.throws(() => portFilterValues("expose", "90-80"), /invalid port range: 90-80/);
});

test("is-task: false matches every berth container, true none, anything else is refused", () => {
  assert.equal(match({ "is-task": ["false"] }), true);
  assert.equal(match({ "is-task": ["0"] }), true);
  assert.equal(match({ "is-task": ["true"] }), false);
  assert.throws(() => match({ "is-task": ["maybe"] }), /invalid filter 'is-task=\[maybe\]'/);
  assert.throws(() => match({ "is-task": ["true", "false"] }), /invalid filter 'is-task=\[true false\]'/);
});
