import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { composeValidatorModule, generatedName, generatedPath } from "./schema-codegen.ts";

test(`${generatedName} is what schema-codegen.ts makes of compose-spec.json now`, () => {
  // Not assert.equal on the texts: a 380 KB diff says less than the first line that differs.
  const want = composeValidatorModule().split("\n");
  const have = readFileSync(generatedPath, "utf8").split("\n");
  const at = want.findIndex((line, i) => line !== have[i]);
  const line = at === -1 && have.length !== want.length ? want.length : at;
  assert.ok(
    line === -1,
    `${generatedName} is stale from line ${line + 1}: run node scripts/gen-compose-validator.ts ` +
      `(compose-spec.json, ajv or schema-codegen.ts changed without it)`,
  );
});
