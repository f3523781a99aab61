import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { run } from "../helpers/daemon.ts";

const hostRules = path.resolve(import.meta.dirname, "../../src/network/host-rules.ts");

/** Runs `code` (an ES module importing host-rules as `hr`) inside `ns`; returns its stdout. */
async function inNetns(ns: string, code: string): Promise<string> {
  const src = `import * as hr from ${JSON.stringify(hostRules)};\nimport { execFileSync } from "node:child_process";\n${code}`;
  const r = await run("ip", ["netns", "exec", ns, process.execPath, "--input-type=module", "-e", src]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

const ours = (saved: string) => saved.split("\n").filter((l) => l.includes("BERTH") || l.includes("berth"));

/**
 * In a netns of the test's own (berth's chains are shared by every berthd on the host): a
 * bridge's rules go and the others' stay; the last bridge takes the chains; and when the
 * single batch cannot apply (a rule of someone else's jumps to one of berth's chains, so it
 * cannot be deleted), the rule-by-rule path still takes every rule of the bridge away.
 */
test("removing a bridge's packet-filter rules: in one batch, and rule by rule when the batch cannot apply", async (t) => {
  const ns = `berth-test-hr-${process.pid % 100000}`;
  assert.equal((await run("ip", ["netns", "add", ns])).code, 0, `ip netns add ${ns}`);
  t.after(() => run("ip", ["netns", "del", ns]));
  const save = 'const save = () => execFileSync("iptables-save").toString();';

  const out = JSON.parse(
    await inNetns(
      ns,
      `${save}
await hr.ensureBridgeRules("bra", false, "10.9.1.0/24");
await hr.ensureBridgeRules("brb", true);
await hr.removeBridgeRules("bra", false);
const afterA = save();
await hr.removeBridgeRules("brb", true);
const afterB = save();
await hr.ensureBridgeRules("brc", false, "10.9.3.0/24");
execFileSync("iptables", ["-A", "INPUT", "-j", "BERTH-ISOLATION-2"]);
await hr.removeBridgeRules("brc", false);
const afterC = save();
console.log(JSON.stringify({ afterA, afterB, afterC }));`,
    ),
  ) as { afterA: string; afterB: string; afterC: string };

  const a = ours(out.afterA);
  assert.ok(!a.some((l) => l.includes("bra")), `no rule of bra left:\n${a.join("\n")}`);
  assert.equal(a.filter((l) => l.includes('"berth bridge brb"')).length, 3, "brb's three rules stay");
  assert.ok(a.includes(":BERTH-FORWARD - [0:0]"), "the chains stay while brb uses them");

  assert.deepEqual(ours(out.afterB), [], "the last bridge takes the chains and their jump with it");

  const c = ours(out.afterC);
  assert.ok(!c.some((l) => l.includes("brc")), `no rule of brc left after the fallback:\n${c.join("\n")}`);
  // What the rule-by-rule path cannot take away: the chain the foreign rule still jumps to.
  assert.deepEqual(c, [":BERTH-ISOLATION-2 - [0:0]", "-A INPUT -j BERTH-ISOLATION-2"]);
});
