// The Go type names are reflect's; which JS value stands for which Go value is go-values.ts's own rule.

import assert from "node:assert/strict";
import { test } from "node:test";
import { goTypeName, sortedEntries, utf8Length } from "./go-values.ts";

test("each JS value names the Go type it stands for", () => {
  class Ctx {}
  const values = [undefined, null, 1, 1.5, 2n, "s", true, ["a"], [1], {}, new Map(), new Date(0), new Ctx()];
  assert.deepEqual(values.map(goTypeName), [
    "<nil>",
    "interface {}",
    "int",
    "float64",
    "int64",
    "string",
    "bool",
    "[]string",
    "[]interface {}",
    "map[string]interface {}",
    "map[string]interface {}",
    "time.Time",
    "*Ctx",
  ]);
});

test("map keys sort as Go sorts them: strings byte-wise, numbers by value", () => {
  assert.deepEqual(
    sortedEntries({ b: 1, a: 2, B: 3, é: 4 }).map(([k]) => k),
    ["B", "a", "b", "é"],
  );
  assert.deepEqual(
    sortedEntries(
      new Map([
        [10, "x"],
        [9, "y"],
        [1, "z"],
      ]),
    ).map(([k]) => k),
    [1, 9, 10],
  );
  assert.equal(utf8Length("héllo"), 6);
});
