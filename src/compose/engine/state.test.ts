import assert from "node:assert/strict";
import { test } from "node:test";
import type { DependsOn, Project, Service } from "../types.ts";
import { selectServices, startOrder } from "./state.ts";

const dep = (condition: DependsOn["condition"] = "service_started", required = true): DependsOn => ({
  condition,
  required,
});

function proj(deps: Record<string, Record<string, DependsOn>>): Project {
  const services: Record<string, Service> = {};
  for (const [name, d] of Object.entries(deps))
    services[name] = {
      name,
      image: "x",
      environment: {},
      labels: {},
      ports: [],
      volumes: [],
      depends_on: d,
      networks: {},
    };
  return {
    name: "p",
    working_dir: "/",
    config_files: [],
    services,
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    environment: {},
    profiles: [],
  };
}

test("start order puts dependencies first; a cycle is an error", () => {
  const p = proj({ web: { api: dep() }, api: { db: dep("service_healthy") }, db: {}, cache: {} });
  const order = startOrder(p, Object.keys(p.services));
  assert.ok(
    order.indexOf("db") < order.indexOf("api") && order.indexOf("api") < order.indexOf("web"),
    order.join(),
  );
  assert.throws(
    () => startOrder(proj({ a: { b: dep() }, b: { a: dep() } }), ["a", "b"]),
    /dependency cycle detected: a -> b -> a/,
  );
});

test("naming services pulls in their dependencies unless --no-deps; an absent optional one is skipped", () => {
  const p = proj({
    web: { api: dep(), metrics: dep("service_started", false) },
    api: { db: dep() },
    db: {},
    other: {},
  });
  assert.deepEqual(selectServices(p, ["web"]).sort(), ["api", "db", "web"]);
  assert.deepEqual(selectServices(p, ["web"], true), ["web"]);
  assert.deepEqual(selectServices(p, []).sort(), ["api", "db", "other", "web"]);
  assert.throws(() => selectServices(p, ["nope"]), /no such service: nope/);
  assert.throws(
    () => selectServices(proj({ web: { gone: dep() } }), ["web"]),
    /depends on undefined service "gone"/,
  );
});

test("network_mode service: and volumes_from are dependencies too", () => {
  const p = proj({ app: {}, side: {}, db: {} });
  p.services.app.network_mode = "service:side";
  p.services.app.volumes_from = ["db:ro", "container:other"];
  assert.deepEqual(selectServices(p, ["app"]).sort(), ["app", "db", "side"]);
  const order = startOrder(p, ["app", "side", "db"]);
  assert.equal(order[2], "app");
});
