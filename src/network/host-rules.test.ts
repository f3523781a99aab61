import assert from "node:assert/strict";
import { test } from "node:test";
import { masqueradeRule, splitRule } from "./host-rules.ts";

test("a masquerade rule read back from iptables -S splits into the words that delete it", () => {
  const rule = masqueradeRule("br1", "10.1.0.0/24");
  const shown = `POSTROUTING ${rule.map((w) => (w.includes(" ") ? `"${w}"` : w)).join(" ")}`;
  assert.deepEqual(splitRule(shown), ["POSTROUTING", ...rule]);
  assert.deepEqual(splitRule('X --comment "a \\"q\\" b" -j Y'), ["X", "--comment", 'a \\"q\\" b', "-j", "Y"]);
});
