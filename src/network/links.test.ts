import assert from "node:assert/strict";
import { test } from "node:test";
import { containerLinks, isUserDefinedNetwork, parseLink } from "./links.ts";

test("parseLink: moby's forms and errors", () => {
  assert.deepEqual(parseLink("db:database"), { name: "db", alias: "database" });
  assert.deepEqual(parseLink("db"), { name: "db", alias: "db" });
  assert.deepEqual(parseLink("/db:/web/database"), { name: "db", alias: "database" });
  assert.throws(() => parseLink(""), { message: "empty string specified for links" });
  assert.throws(() => parseLink("a:b:c"), { message: "bad format for links: a:b:c" });
});

test("user-defined networks: not the default, bridge, host, none or another container's", () => {
  for (const m of ["", "default", "bridge", "host", "none", "container:x", undefined])
    assert.equal(isUserDefinedNetwork(m), false, String(m));
  assert.equal(isUserDefinedNetwork("proj_default"), true);
});

test("containerLinks: docker-compose run's HostConfig.Links on its project network, endpoint Links on theirs", () => {
  assert.deepEqual(
    containerLinks(
      { NetworkMode: "p_back", Links: ["p_worker_1:worker_1", "p_worker_1"] },
      {
        p_back: { Links: null },
        other: { Links: ["x:y"] },
      },
    ),
    [
      { network: "p_back", name: "p_worker_1", alias: "worker_1" },
      { network: "p_back", name: "p_worker_1", alias: "p_worker_1" },
      { network: "other", name: "x", alias: "y" },
    ],
  );
  assert.deepEqual(containerLinks({ NetworkMode: "bridge", Links: [] }, undefined), []);
});

test("containerLinks: legacy links (the default bridge, host, none) are refused, never dropped", () => {
  for (const mode of [undefined, "default", "bridge", "host", "container:abc"]) {
    assert.throws(
      () => containerLinks({ NetworkMode: mode, Links: ["a:b"] }, {}),
      /--link \(HostConfig.Links\): outside user-defined networks, links are not supported yet$/,
    );
  }
  assert.throws(
    () => containerLinks({ NetworkMode: "net" }, { bridge: { Links: ["a:b"] } }),
    /EndpointsConfig.bridge.Links/,
  );
});
