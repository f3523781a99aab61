import assert from "node:assert/strict";
import { test } from "node:test";
import type { EngineEvent } from "../util/events.ts";
import { eventMatcher, parseEventTime } from "./events-filter.ts";

const ev = (Type: EngineEvent["Type"], Action: string, ID: string, Attributes: Record<string, string> = {}) =>
  ({ Type, Action, Actor: { ID, Attributes }, scope: "local", time: 0, timeNano: 0 }) as EngineEvent;

test("event filters: type, event (with the exec_start: prefix), container, image, label", () => {
  const start = ev("container", "start", "c1", { name: "web", image: "busybox", tier: "db" });
  const exec = ev("container", "exec_start: sh", "c1", { name: "web", image: "busybox" });
  const pull = ev("image", "pull", "busybox:latest", { name: "busybox" });
  const m = (f: Record<string, string[]>) =>
    [start, exec, pull].filter(eventMatcher(new Map(Object.entries(f)))).map((e) => e.Action);
  assert.deepEqual(m({}), ["start", "exec_start: sh", "pull"]);
  assert.deepEqual(m({ type: ["image"] }), ["pull"]);
  assert.deepEqual(m({ event: ["exec_start"] }), ["exec_start: sh"]);
  assert.deepEqual(m({ container: ["web"] }), ["start", "exec_start: sh"]);
  assert.deepEqual(m({ image: ["busybox"] }), ["start", "exec_start: sh", "pull"]);
  assert.deepEqual(m({ label: ["tier=db"] }), ["start"]);
  assert.deepEqual(m({ label: ["tier"] }), ["start"]);
});

test("event times: unix seconds with fraction, RFC 3339, or a 400", () => {
  assert.equal(parseEventTime("since", null), undefined);
  assert.equal(parseEventTime("since", "12.5"), 12.5e9);
  assert.equal(parseEventTime("until", "2026-01-01T00:00:00Z"), Date.parse("2026-01-01T00:00:00Z") * 1e6);
  assert.throws(() => parseEventTime("until", "soon"), {
    code: "INVALID_PARAMETER",
    message: "invalid value for until: soon",
  });
});

test("event filters: scope, and network/volume/daemon by the actor's ID or name prefix", () => {
  const netCreate = ev("network", "create", "abc123", { name: "mynet", type: "bridge" });
  const volCreate = ev("volume", "create", "data", { driver: "local" });
  const start = ev("container", "start", "c1", { name: "web" });
  const m = (f: Record<string, string[]>) =>
    [netCreate, volCreate, start].filter(eventMatcher(new Map(Object.entries(f)))).map((e) => e.Type);
  assert.deepEqual(m({ network: ["mynet"] }), ["network"]);
  assert.deepEqual(m({ network: ["abc"] }), ["network"]);
  assert.deepEqual(m({ volume: ["data"] }), ["volume"]);
  assert.deepEqual(m({ volume: ["nope"] }), []);
  assert.deepEqual(m({ daemon: ["x"] }), []);
  assert.deepEqual(m({ scope: ["local"] }), ["network", "volume", "container"]);
  assert.deepEqual(m({ scope: ["swarm"] }), []);
});
