import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { errorMessage, SystemError } from "../errdefs/errors.ts";

const run = promisify(execFile);

/**
 * berth's per-bridge rules in iptables' own FORWARD chain (the filter table), so a
 * coexisting dockerd's FORWARD DROP policy cannot cut berth's traffic: out of the bridge,
 * replies and DNAT'd (published) traffic into it. One set per bridge instead of CNI's
 * firewall plugin per container (33–73 ms per ADD, as much again per DEL, measured here).
 * An internal network gets DROPs for anything crossing its bridge instead.
 */
export function forwardRules(bridge: string, internal: boolean): string[][] {
  const tag = ["-m", "comment", "--comment", `berth bridge ${bridge}`];
  if (internal) {
    return [
      ["-i", bridge, "!", "-o", bridge, ...tag, "-j", "DROP"],
      ["-o", bridge, "!", "-i", bridge, ...tag, "-j", "DROP"],
    ];
  }
  return [
    ["-i", bridge, ...tag, "-j", "ACCEPT"],
    ["-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED,DNAT", ...tag, "-j", "ACCEPT"],
  ];
}

async function iptables(args: string[]): Promise<void> {
  await run("iptables", ["-w", ...args]);
}

export async function ensureForwardRules(bridge: string, internal: boolean): Promise<void> {
  for (const rule of forwardRules(bridge, internal)) {
    try {
      await iptables(["-t", "filter", "-C", "FORWARD", ...rule]);
    } catch {
      try {
        await iptables(["-t", "filter", "-I", "FORWARD", "1", ...rule]);
      } catch (err) {
        throw new SystemError(`Cannot add the FORWARD rule for bridge ${bridge}: ${errorMessage(err)}`);
      }
    }
  }
}

export async function removeForwardRules(bridge: string, internal: boolean): Promise<void> {
  for (const rule of forwardRules(bridge, internal)) {
    // -D removes one copy; loop in case a crash between -C and -I left two.
    for (let i = 0; i < 8; i++) {
      try {
        await iptables(["-t", "filter", "-D", "FORWARD", ...rule]);
      } catch {
        break;
      }
    }
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
