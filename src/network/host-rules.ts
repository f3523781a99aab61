import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { errorMessage, SystemError } from "../errdefs/errors.ts";
import { withFileLock } from "../sys/flock.ts";

// berth's chains are shared by every berthd on the host (a test run starts many): their
// check-then-add and their removal with the last bridge are done under one host-wide lock.
const RULES_LOCK = "/run/berth-iptables.lock";

const run = promisify(execFile);

/**
 * berth's packet-filter rules, in iptables' own filter table (Docker's layout, renamed):
 *
 *   FORWARD -> BERTH-FORWARD, first rule
 *   BERTH-FORWARD:   -j BERTH-ISOLATION-1, then per bridge: replies and DNAT'd (published)
 *                    traffic in, everything out, anything else in dropped
 *   BERTH-ISOLATION-1: per bridge, leaving it for another interface -> BERTH-ISOLATION-2
 *   BERTH-ISOLATION-2: per bridge, entering it -> DROP (networks do not reach each other)
 *
 * In FORWARD itself so that a coexisting dockerd's FORWARD DROP policy cannot cut berth's
 * traffic; one set per bridge instead of CNI's firewall plugin per container (33–73 ms per
 * ADD and as much per DEL, measured here). The chains go with the last bridge.
 */
export const CHAIN = "BERTH-FORWARD";
export const ISOLATION_1 = "BERTH-ISOLATION-1";
export const ISOLATION_2 = "BERTH-ISOLATION-2";

/** Each bridge's rules, by chain, in the order they must stay in. */
export function bridgeRules(bridge: string, internal: boolean): [string, string[]][] {
  const tag = ["-m", "comment", "--comment", `berth bridge ${bridge}`];
  if (internal) {
    return [
      [CHAIN, ["-i", bridge, "-o", bridge, ...tag, "-j", "ACCEPT"]],
      [CHAIN, ["-i", bridge, ...tag, "-j", "DROP"]],
      [CHAIN, ["-o", bridge, ...tag, "-j", "DROP"]],
    ];
  }
  return [
    [ISOLATION_1, ["-i", bridge, "!", "-o", bridge, ...tag, "-j", ISOLATION_2]],
    [ISOLATION_2, ["-o", bridge, ...tag, "-j", "DROP"]],
    [
      CHAIN,
      ["-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED,DNAT", ...tag, "-j", "ACCEPT"],
    ],
    [CHAIN, ["-i", bridge, ...tag, "-j", "ACCEPT"]],
    [CHAIN, ["-o", bridge, ...tag, "-j", "DROP"]],
  ];
}

/**
 * A bridge's masquerade of its subnet's traffic leaving by another interface, in the nat
 * table's POSTROUTING, as dockerd's `-s <subnet> ! -o docker0 -j MASQUERADE`: one rule per
 * bridge instead of the CNI bridge plugin's ipMasq, which runs 7 iptables commands per
 * container ADD and 5 per DEL (40–110 ms of a `run --rm`, bench/network.ts).
 */
export function masqueradeRule(bridge: string, subnet: string): string[] {
  return [
    "-s",
    subnet,
    "!",
    "-o",
    bridge,
    "-m",
    "comment",
    "--comment",
    `berth bridge ${bridge}`,
    "-j",
    "MASQUERADE",
  ];
}

async function iptables(args: string[], table = "filter"): Promise<void> {
  await run("iptables", ["-w", "-t", table, ...args]);
}

async function succeeds(args: string[], table = "filter"): Promise<boolean> {
  try {
    await iptables(args, table);
    return true;
  } catch {
    return false;
  }
}

async function ensureChains(): Promise<void> {
  for (const c of [CHAIN, ISOLATION_1, ISOLATION_2]) {
    if (!(await succeeds(["-n", "-L", c]))) await iptables(["-N", c]);
  }
  for (const c of [ISOLATION_1, ISOLATION_2]) {
    if (!(await succeeds(["-C", c, "-j", "RETURN"]))) await iptables(["-A", c, "-j", "RETURN"]);
  }
  if (!(await succeeds(["-C", CHAIN, "-j", ISOLATION_1])))
    await iptables(["-I", CHAIN, "1", "-j", ISOLATION_1]);
  if (!(await succeeds(["-C", "FORWARD", "-j", CHAIN]))) await iptables(["-I", "FORWARD", "1", "-j", CHAIN]);
}

/**
 * Adds a bridge's rules (idempotent): isolation rules go before the chains' final RETURN;
 * with `masquerade` (the bridge's subnet), its masquerade rule.
 */
export function ensureBridgeRules(bridge: string, internal: boolean, masquerade?: string): Promise<void> {
  return withFileLock(RULES_LOCK, () => addBridgeRules(bridge, internal, masquerade));
}

/**
 * One `iptables-save` and at most one `iptables-restore --noflush` instead of an iptables exec
 * per check and per rule: a first attach ran ~25 of them (~250 ms of an `up -d`, bench/compose.ts),
 * a later one 11 checks. If the batch fails, rule by rule as before (each add checked first).
 */
async function addBridgeRules(bridge: string, internal: boolean, masquerade?: string): Promise<void> {
  try {
    const { stdout } = await run("iptables-save", [], { maxBuffer: 64 * 1024 * 1024 });
    const batch = bridgeRuleAdditions(stdout, bridge, internal, masquerade);
    if (batch) await restore(batch);
    return;
  } catch {
    // fall through: a table whose COMMIT failed changed nothing, and the checks below skip
    // what one that succeeded added
  }
  try {
    if (masquerade) {
      const rule = masqueradeRule(bridge, masquerade);
      if (!(await succeeds(["-C", "POSTROUTING", ...rule], "nat")))
        await iptables(["-A", "POSTROUTING", ...rule], "nat");
    }
    await ensureChains();
    for (const [chain, rule] of bridgeRules(bridge, internal)) {
      if (await succeeds(["-C", chain, ...rule])) continue;
      // Before the RETURN of the isolation chains; appended (after earlier rules of this bridge) in BERTH-FORWARD.
      if (chain === CHAIN) await iptables(["-A", chain, ...rule]);
      else await iptables(["-I", chain, "1", ...rule]);
    }
  } catch (err) {
    throw new SystemError(`Cannot add the packet-filter rules of bridge ${bridge}: ${errorMessage(err)}`);
  }
}

/** An `iptables-save` dump's tables: the chains each declares, and its rules as words (chain first). */
function parseSaved(saved: string): Map<string, { chains: Set<string>; rules: Set<string> }> {
  const tables = new Map<string, { chains: Set<string>; rules: Set<string> }>();
  let cur: { chains: Set<string>; rules: Set<string> } | undefined;
  for (const line of saved.split("\n")) {
    if (line.startsWith("*"))
      tables.set(line.slice(1).trim(), (cur = { chains: new Set(), rules: new Set() }));
    else if (line.startsWith(":")) cur?.chains.add(line.slice(1).split(" ")[0]);
    else if (line.startsWith("-A ")) cur?.rules.add(ruleKey(splitRule(line.slice(3))));
  }
  return tables;
}

const ruleKey = (words: string[]) => words.join("\0");

/** A rule as iptables-restore reads it: words with a space (comments) double-quoted. */
const restoreLine = (op: string, words: string[]) =>
  [op, ...words.map((w) => (/[\s"]/.test(w) ? `"${w.replace(/["\\]/g, "\\$&")}"` : w))].join(" ");

/**
 * The iptables-restore input that adds what a bridge's rules lack in an `iptables-save` dump,
 * as `addBridgeRules`' rule-by-rule path would (the same commands, in the same order, for each
 * rule its check finds missing): its masquerade rule; berth's chains, their RETURNs and jumps;
 * the bridge's filter rules. Only missing chains are declared (iptables-restore --noflush
 * flushes a declared chain that exists). "" when everything is there.
 */
export function bridgeRuleAdditions(
  saved: string,
  bridge: string,
  internal: boolean,
  masquerade?: string,
): string {
  const tables = parseSaved(saved);
  const has = (table: string, words: string[]) => tables.get(table)?.rules.has(ruleKey(words)) ?? false;
  const out: string[] = [];
  if (masquerade) {
    const rule = ["POSTROUTING", ...masqueradeRule(bridge, masquerade)];
    if (!has("nat", rule)) out.push("*nat", restoreLine("-A", rule), "COMMIT");
  }
  const chains = tables.get("filter")?.chains ?? new Set<string>();
  const lines = [CHAIN, ISOLATION_1, ISOLATION_2].filter((c) => !chains.has(c)).map((c) => `:${c} - [0:0]`);
  const add = (words: string[], op: string) => {
    if (!has("filter", words))
      lines.push(restoreLine(op, op === "-I" ? [words[0], "1", ...words.slice(1)] : words));
  };
  for (const c of [ISOLATION_1, ISOLATION_2]) add([c, "-j", "RETURN"], "-A");
  add([CHAIN, "-j", ISOLATION_1], "-I");
  add(["FORWARD", "-j", CHAIN], "-I");
  // Before the RETURN of the isolation chains; appended (after earlier rules of this bridge) in BERTH-FORWARD.
  for (const [chain, rule] of bridgeRules(bridge, internal))
    add([chain, ...rule], chain === CHAIN ? "-A" : "-I");
  if (lines.length) out.push("*filter", ...lines, "COMMIT");
  return out.length ? `${out.join("\n")}\n` : "";
}

async function ruleCount(chain: string): Promise<number> {
  const { stdout } = await run("iptables", ["-w", "-t", "filter", "-S", chain]);
  return stdout.split("\n").filter((l) => l.startsWith("-A ")).length;
}

/** Removes a bridge's rules, and berth's chains once no bridge has rules left. */
export function removeBridgeRules(bridge: string, internal: boolean): Promise<void> {
  return withFileLock(RULES_LOCK, () => dropBridgeRules(bridge, internal));
}

/**
 * The masquerade rules of a bridge, found by their comment: whatever subnet they name (a
 * network removed by hand, a --bip changed since), they go with the bridge.
 */
async function dropMasquerade(bridge: string): Promise<void> {
  const { stdout } = await run("iptables", ["-w", "-t", "nat", "-S", "POSTROUTING"]);
  const mark = `--comment "berth bridge ${bridge}"`;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("-A POSTROUTING ") || !line.includes(mark)) continue;
    await succeeds(["-D", ...splitRule(line.slice(3))], "nat");
  }
}

/** An `iptables -S` line's words; double-quoted ones (comments) as one. */
export function splitRule(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/**
 * The iptables-restore input that takes a bridge's rules away, from an `iptables-save` dump: its
 * masquerade and filter rules (found by their comment, every copy), and berth's chains too once
 * only their skeleton (jump to isolation, two RETURNs) is left. "" when there is nothing to do.
 */
export function bridgeRuleDeletions(saved: string, bridge: string): string {
  const mark = `--comment "berth bridge ${bridge}"`;
  const ours = [CHAIN, ISOLATION_1, ISOLATION_2];
  const tables = new Map<string, { chains: Set<string>; rules: string[] }>();
  let cur: { chains: Set<string>; rules: string[] } | undefined;
  for (const line of saved.split("\n")) {
    if (line.startsWith("*")) tables.set(line.slice(1).trim(), (cur = { chains: new Set(), rules: [] }));
    else if (line.startsWith(":")) cur?.chains.add(line.slice(1).split(" ")[0]);
    else if (line.startsWith("-A ")) cur?.rules.push(line);
  }
  const chainOf = (rule: string) => rule.split(" ")[1];
  const out: string[] = [];
  const nat = (tables.get("nat")?.rules ?? []).filter(
    (r) => chainOf(r) === "POSTROUTING" && r.includes(mark),
  );
  if (nat.length) out.push("*nat", ...nat.map((r) => `-D ${r.slice(3)}`), "COMMIT");
  const filter = tables.get("filter");
  if (filter?.chains.has(CHAIN)) {
    const mine = filter.rules.filter((r) => ours.includes(chainOf(r)) && r.includes(mark));
    const left = filter.rules.filter((r) => ours.includes(chainOf(r)) && !mine.includes(r)).length;
    const lines = mine.map((r) => `-D ${r.slice(3)}`);
    if (left <= 3) {
      if (filter.rules.includes(`-A FORWARD -j ${CHAIN}`)) lines.push(`-D FORWARD -j ${CHAIN}`);
      const present = ours.filter((c) => filter.chains.has(c));
      lines.push(...present.map((c) => `-F ${c}`), ...present.map((c) => `-X ${c}`));
    }
    if (lines.length) out.push("*filter", ...lines, "COMMIT");
  }
  return out.length ? `${out.join("\n")}\n` : "";
}

/**
 * One `iptables-save` and one `iptables-restore --noflush` (a single transaction) instead of an
 * iptables exec per rule: 13–20 execs took 320–380 ms of a `network rm` (bench/compose.ts).
 * A batch that fails (a chain still referenced by a rule of someone else's) changes nothing;
 * then rule by rule, each failure tolerated, as before.
 */
async function dropBridgeRules(bridge: string, internal: boolean): Promise<void> {
  try {
    const { stdout } = await run("iptables-save", [], { maxBuffer: 64 * 1024 * 1024 });
    const batch = bridgeRuleDeletions(stdout, bridge);
    if (batch) await restore(batch);
    return;
  } catch {
    // fall through: the batch changed nothing
  }
  await dropMasquerade(bridge).catch(() => undefined);
  if (!(await succeeds(["-n", "-L", CHAIN]))) return;
  for (const [chain, rule] of bridgeRules(bridge, internal)) {
    // -D removes one copy; repeat in case a crash between -C and -A left two.
    for (let i = 0; i < 8 && (await succeeds(["-D", chain, ...rule])); i++);
  }
  try {
    const left = (await ruleCount(CHAIN)) + (await ruleCount(ISOLATION_1)) + (await ruleCount(ISOLATION_2));
    // Only the skeleton (jump to isolation, two RETURNs) is left: take it all away.
    if (left > 3) return;
    await succeeds(["-D", "FORWARD", "-j", CHAIN]);
    for (const c of [CHAIN, ISOLATION_1, ISOLATION_2]) await succeeds(["-F", c]);
    for (const c of [CHAIN, ISOLATION_1, ISOLATION_2]) await succeeds(["-X", c]);
  } catch (err) {
    throw new SystemError(`Cannot remove berth's packet-filter chains: ${errorMessage(err)}`);
  }
}

/** Feeds `input` to `iptables-restore --noflush`; rejects with its stderr on failure. */
function restore(input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile("iptables-restore", ["-w", "--noflush"], (err, _out, stderr) =>
      err ? reject(new Error(`iptables-restore failed: ${stderr.trim() || err.message}`)) : resolve(),
    );
    // An iptables-restore that exits before reading its input (refusing its options, say)
    // leaves the write an EPIPE: its exit status is the error to report, not a crash of berthd.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

/**
 * Takes an address berth gave a bridge device off it: the default bridge's old gateway when
 * berthd starts again with another `--bip`, as dockerd re-addresses docker0. Only that one
 * address, never others a device (a host bridge named with `--bridge`) may carry. Absent
 * device or address: nothing to do.
 */
export async function removeBridgeAddress(name: string, cidr: string): Promise<void> {
  let out: string;
  try {
    ({ stdout: out } = await run("ip", ["-4", "-o", "addr", "show", "dev", name]));
  } catch {
    return;
  }
  if (!out.includes(`inet ${cidr} `)) return;
  try {
    await run("ip", ["addr", "del", cidr, "dev", name]);
  } catch (err) {
    throw new SystemError(`Cannot remove the old address ${cidr} of bridge ${name}: ${errorMessage(err)}`);
  }
}

/** Deletes a bridge device berth made; absent is fine. */
export async function removeLink(name: string): Promise<void> {
  try {
    await run("ip", ["link", "del", name]);
  } catch (err) {
    if (!/Cannot find device|does not exist/i.test(errorMessage(err))) {
      throw new SystemError(`Cannot remove bridge ${name}: ${errorMessage(err)}`);
    }
  }
}
