// Expected outputs follow encoding/json's Marshal as docker's `json` template function calls it
// (an Encoder with SetEscapeHTML(false), cli/templates/templates.go).

import assert from "node:assert/strict";
import { test } from "node:test";
import { toGoJSON } from "./go-json.ts";

test("strings escape as encoding/json does, without HTML escaping", () => {
  assert.equal(toGoJSON("tab\tline\u2028\u0001"), '"tab\\tline\\u2028\\u0001"');
  assert.equal(toGoJSON({ Name: "<a&b>" }), '{"Name":"<a&b>"}');
});

test("a Map's keys are sorted; objects keep their property order", () => {
  const v = {
    z: 1,
    a: new Map([
      ["b", 1],
      ["a", 2],
    ]),
  };
  assert.equal(toGoJSON(v), '{"z":1,"a":{"a":2,"b":1}}');
  assert.equal(toGoJSON([null, undefined, 2n ** 63n - 1n]), "[null,null,9223372036854775807]");
});

test("a time.Time is RFC 3339; unencodable values give an empty string", () => {
  assert.equal(toGoJSON(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '"2024-01-02T03:04:05Z"');
  assert.equal(toGoJSON(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120))), '"2024-01-02T03:04:05.12Z"');
  assert.equal(toGoJSON(Number.NaN), "");
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  assert.equal(toGoJSON(cycle), "");
});
