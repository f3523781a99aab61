import assert from "node:assert/strict";
import { test } from "node:test";
import { filtersParam } from "./http-util.ts";

const q = (filters: string) => new URLSearchParams({ filters });

test("filters: both JSON forms, and null values as Go reads them", () => {
  const allowed = ["label", "status"];
  assert.deepEqual([...filtersParam(q('{"label":["a","b=c"]}'), allowed)], [["label", ["a", "b=c"]]]);
  assert.deepEqual([...filtersParam(q('{"label":{"a":true,"b":false}}'), allowed)], [["label", ["a", "b"]]]);
  assert.deepEqual([...filtersParam(q('{"label":null}'), allowed)], [["label", []]]);
  assert.deepEqual([...filtersParam(q("null"), allowed)], []);
  assert.deepEqual([...filtersParam(new URLSearchParams(), allowed)], []);
});

test("filters of any other shape are a 400 naming the filter", () => {
  const allowed = ["label"];
  for (const [raw, msg] of [
    ['{"label":[1]}', /invalid filter 'label'/],
    ['{"label":"a"}', /invalid filter 'label'/],
    ['{"label":{"a":"yes"}}', /invalid filter 'label'/],
    ['{"nope":["x"]}', /invalid filter 'nope'/],
    ["[1]", /invalid filter/],
    ["{", /invalid filter/],
    [`${"[".repeat(20_000)}${"]".repeat(20_000)}`, /invalid filter/],
  ] as const) {
    assert.throws(
      () => filtersParam(q(raw), allowed),
      { name: "InvalidParameterError", message: msg },
      raw.slice(0, 40),
    );
  }
});
