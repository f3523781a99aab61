import assert from "node:assert/strict";
import { test } from "node:test";
import { InterpolationError, interpolate } from "./interpolate.ts";

const env: Record<string, string> = { SET: "v", EMPTY: "", NESTED: "n" };
const lookup = (n: string) => (Object.hasOwn(env, n) ? env[n] : undefined);
const i = (s: string) => interpolate(s, lookup);
const D = "$"; // keeps `${...}` out of template-literal lint

test("plain, braced and unbraced variables; unset is empty; $$ is a literal $", () => {
  assert.equal(i("a $SET b"), "a v b");
  assert.equal(i(`${D}{SET}x`), "vx");
  assert.equal(i("$SET.x"), "v.x");
  assert.equal(i(`${D}{UNSET}|$UNSET`), "|");
  assert.equal(i(`$$SET $${D}{SET}`), `$SET ${D}{SET}`);
  assert.equal(i("no dollar"), "no dollar");
});

test(":- and - defaults: empty counts as unset only with the colon", () => {
  assert.equal(i(`${D}{UNSET:-d}`), "d");
  assert.equal(i(`${D}{EMPTY:-d}`), "d");
  assert.equal(i(`${D}{EMPTY-d}`), "");
  assert.equal(i(`${D}{UNSET-d}`), "d");
  assert.equal(i(`${D}{SET:-d}`), "v");
});

test(":+ and + alternatives", () => {
  assert.equal(i(`${D}{SET:+x}`), "x");
  assert.equal(i(`${D}{EMPTY:+x}`), "");
  assert.equal(i(`${D}{EMPTY+x}`), "x");
  assert.equal(i(`${D}{UNSET+x}`), "");
});

test("nested defaults are interpolated, with braces matched", () => {
  assert.equal(i(`${D}{UNSET:-${D}{NESTED}}`), "n");
  assert.equal(i(`${D}{UNSET:-${D}{ALSO_UNSET:-deep}}-tail`), "deep-tail");
  assert.equal(i(`${D}{UNSET:-a$$b}`), "a$b");
});

test(":? and ? fail with the message, naming the variable", () => {
  assert.throws(() => i(`${D}{UNSET:?need it}`), /required variable UNSET is missing a value: need it/);
  assert.throws(() => i(`${D}{EMPTY:?e}`), InterpolationError);
  assert.equal(i(`${D}{EMPTY?e}`), "");
  assert.throws(() => i(`${D}{UNSET?}`), /required variable UNSET is missing a value$/);
  assert.equal(i(`${D}{SET:?e}`), "v");
});

test("malformed templates are errors", () => {
  assert.throws(() => i(`${D}{UNCLOSED`), /invalid interpolation format/);
  assert.throws(() => i(`${D}{1BAD}`), /invalid interpolation format/);
  assert.throws(() => i("a $ b"), /invalid interpolation format/);
  assert.throws(() => i(`${D}{SET!x}`), /invalid interpolation format/);
});

test("an unset variable without a default is reported (Compose warns), one with a default is not", () => {
  const unset: string[] = [];
  interpolate(`$A ${D}{B} ${D}{C:-x} ${D}{SET} ${D}{D-${D}{E}}`, lookup, (n) => unset.push(n));
  assert.deepEqual(unset, ["A", "B", "E"]);
});
