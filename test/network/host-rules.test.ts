import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
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

/**
 * Adding, in a netns of the test's own: the batch (one iptables-save, one iptables-restore; no
 * iptables exec at all, which fails here while it runs) leaves the very rules, in the same
 * order, as the rule-by-rule path it falls back to (forced here by an iptables-restore that
 * always fails), and a second add changes nothing.
 */
test("adding a bridge's packet-filter rules: one batch, the same rules as rule by rule, nothing twice", async (t) => {
  const ns = `berth-test-hra-${process.pid % 100000}`;
  assert.equal((await run("ip", ["netns", "add", ns])).code, 0, `ip netns add ${ns}`);
  t.after(() => run("ip", ["netns", "del", ns]));
  const stubs = await mkdtemp(path.join(tmpdir(), "berth-hr-"));
  t.after(() => rm(stubs, { recursive: true, force: true }));
  const refuse = "#!/bin/sh\necho refused >&2\nexit 1\n";
  for (const [dir, tool] of [
    ["batch-only", "iptables"],
    ["no-batch", "iptables-restore"],
  ]) {
    await mkdir(path.join(stubs, dir));
    await writeFile(path.join(stubs, dir, tool), refuse, { mode: 0o755 });
  }

  const out = JSON.parse(
    await inNetns(
      ns,
      `const save = () => execFileSync("iptables-save").toString();
const PATH = process.env.PATH;
const both = async () => {
  await hr.ensureBridgeRules("bra", false, "10.9.1.0/24");
  await hr.ensureBridgeRules("brb", true);
};
process.env.PATH = ${JSON.stringify(path.join(stubs, "batch-only"))} + ":" + PATH;
await both();
const batch = save();
await both();
const again = save();
process.env.PATH = PATH;
await hr.removeBridgeRules("bra", false);
await hr.removeBridgeRules("brb", true);
const removed = save();
process.env.PATH = ${JSON.stringify(path.join(stubs, "no-batch"))} + ":" + PATH;
await both();
const oneByOne = save();
console.log(JSON.stringify({ batch, again, removed, oneByOne }));`,
    ),
  ) as { batch: string; again: string; removed: string; oneByOne: string };

  const tag = (br: string) => `-m comment --comment "berth bridge ${br}"`;
  assert.deepEqual(ours(out.batch), [
    ":BERTH-FORWARD - [0:0]",
    ":BERTH-ISOLATION-1 - [0:0]",
    ":BERTH-ISOLATION-2 - [0:0]",
    "-A FORWARD -j BERTH-FORWARD",
    "-A BERTH-FORWARD -j BERTH-ISOLATION-1",
    `-A BERTH-FORWARD -o bra -m conntrack --ctstate RELATED,ESTABLISHED,DNAT ${tag("bra")} -j ACCEPT`,
    `-A BERTH-FORWARD -i bra ${tag("bra")} -j ACCEPT`,
    `-A BERTH-FORWARD -o bra ${tag("bra")} -j DROP`,
    `-A BERTH-FORWARD -i brb -o brb ${tag("brb")} -j ACCEPT`,
    `-A BERTH-FORWARD -i brb ${tag("brb")} -j DROP`,
    `-A BERTH-FORWARD -o brb ${tag("brb")} -j DROP`,
    `-A BERTH-ISOLATION-1 -i bra ! -o bra ${tag("bra")} -j BERTH-ISOLATION-2`,
    "-A BERTH-ISOLATION-1 -j RETURN",
    `-A BERTH-ISOLATION-2 -o bra ${tag("bra")} -j DROP`,
    "-A BERTH-ISOLATION-2 -j RETURN",
    `-A POSTROUTING -s 10.9.1.0/24 ! -o bra ${tag("bra")} -j MASQUERADE`,
  ]);
  assert.deepEqual(ours(out.again), ours(out.batch), "a second add adds nothing");
  assert.deepEqual(ours(out.removed), []);
  assert.deepEqual(ours(out.oneByOne), ours(out.batch), "the rule-by-rule fallback makes the same rules");
});
