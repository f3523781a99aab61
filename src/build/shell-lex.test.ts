// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Dockerfile syntax, not templates
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseKeyValues, processWord, processWords } from "./shell-lex.ts";

const vars = new Map([
  ["A", "alpha"],
  ["EMPTY", ""],
  ["SP", "a b"],
]);

test("processWord expands as Docker's lexer", () => {
  assert.equal(processWord("$A/${A}", vars), "alpha/alpha");
  assert.equal(processWord("${UNSET:-dflt} ${EMPTY:-e} ${EMPTY-e}", vars), "dflt e ");
  assert.equal(processWord("${A:+set} ${UNSET:+set} ${EMPTY+set}", vars), "set  set");
  assert.equal(processWord("'$A' \"$A\" \\$A", vars), "$A alpha $A");
  assert.equal(processWord("`$A ${A}", vars, "`"), "$A alpha");
  assert.equal(processWord("100$", vars), "100$");
  assert.throws(() => processWord("${UNSET:?must be set}", vars), /UNSET: must be set/);
  assert.throws(() => processWord("${A", vars), /missing '}'/);
});

test("processWords splits on unquoted white space only", () => {
  assert.deepEqual(processWords(`a "b c" 'd e' f\\ g`, vars), ["a", "b c", "d e", "f g"]);
  assert.deepEqual(processWords(`"" x`, vars), ["", "x"]);
});

test("parseKeyValues reads ENV/LABEL pairs and the legacy form", () => {
  assert.deepEqual(parseKeyValues(`X=1 Y="two words" Z=$A`, vars, "\\", "ENV"), [
    ["X", "1"],
    ["Y", "two words"],
    ["Z", "alpha"],
  ]);
  assert.deepEqual(parseKeyValues("KEY some value $A", vars, "\\", "ENV"), [["KEY", "some value alpha"]]);
  assert.throws(() => parseKeyValues("=x", vars, "\\", "ENV"), /names can not be blank/);
});
