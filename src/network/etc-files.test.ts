import assert from "node:assert/strict";
import { test } from "node:test";
import { hostsFile, resolvConf } from "./etc-files.ts";

test("hosts: defaults, then --add-host with host-gateway resolved, then the container's own line", () => {
  const out = hostsFile(
    ["db:10.1.1.1", "host.docker.internal:host-gateway"],
    ["172.17.0.2\tbox"],
    "172.17.0.1",
  );
  assert.match(out, /^127\.0\.0\.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n/);
  assert.match(
    out,
    /\nff02::2\tip6-allrouters\n10\.1\.1\.1\tdb\n172\.17\.0\.1\thost\.docker\.internal\n172\.17\.0\.2\tbox\n$/,
  );
});

test("hosts: host-gateway without a default bridge is refused, naming the host", () => {
  assert.throws(() => hostsFile(["gw:host-gateway"], [], undefined), {
    name: "InvalidParameterError",
    message: /^Cannot add host gw: unable to derive the IP value for host-gateway/,
  });
});

const host =
  "# generated\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch corp.example\noptions edns0 trust-ad\n";

test("resolv.conf: loopback resolvers dropped, the host's search and options kept", () => {
  assert.equal(
    resolvConf(host, { dns: [], search: [], options: [] }),
    "nameserver 10.0.0.2\nsearch corp.example\noptions edns0 trust-ad\n",
  );
});

test("resolv.conf: Docker's defaults only when nothing but loopback resolvers is left", () => {
  assert.equal(
    resolvConf("nameserver 127.0.0.53\n", { dns: [], search: [], options: [] }),
    "nameserver 8.8.8.8\nnameserver 8.8.4.4\n",
  );
});

test("resolv.conf: --dns, --dns-search and --dns-option each replace their kind; --dns-search . clears", () => {
  assert.equal(
    resolvConf(host, { dns: ["9.9.9.9"], search: [], options: ["ndots:2"] }),
    "nameserver 9.9.9.9\nsearch corp.example\noptions ndots:2\n",
  );
  assert.equal(
    resolvConf(host, { dns: ["127.0.0.1"], search: ["."], options: [] }),
    "nameserver 127.0.0.1\noptions edns0 trust-ad\n",
  );
});
