import { run } from "../helpers/daemon.ts";

let counter = 0;

/**
 * A subnet and bridge name of this test's own: 10.199.N.0/24 (a private range used only
 * inside the namespaces the tests make) and a bridge name under IFNAMSIZ.
 */
export function testNet(): { subnet: string; prefix: string; bridge: string; tag: string } {
  counter++;
  // Spread by pid so two test processes (two engineers' runs) rarely pick the same one.
  const third = 10 + ((process.pid * 7 + counter * 13) % 240);
  const tag = `${process.pid % 100000}x${counter}`;
  return { subnet: `10.199.${third}.0/24`, prefix: `10.199.${third}.`, bridge: `bt${tag}`.slice(0, 15), tag };
}

/** What the host's network looks like: link names, nft rules and iptables rules, counters stripped. */
export async function hostNetworkState(): Promise<{ links: string[]; nft: string[]; iptables: string[] }> {
  const links = (await run("ip", ["-br", "link"])).stdout
    .split("\n")
    .map((l) => l.split(/\s+/)[0])
    .filter(Boolean)
    .sort();
  const nft = (await run("nft", ["list", "ruleset"])).stdout
    .split("\n")
    .map((l) => l.replace(/counter packets \d+ bytes \d+/, "counter").trim())
    .filter(Boolean);
  const iptables = (await run("iptables-save", [])).stdout
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.replace(/\[\d+:\d+\]/, ""));
  return { links, nft, iptables };
}

export async function ipIn(netns: string, args: string[]) {
  return run("ip", ["netns", "exec", netns, ...args]);
}

/** The chains CNI's portmap makes once per host and never removes. */
export async function removePortmapScaffolding(): Promise<void> {
  const ipt = (args: string[]) => run("iptables", ["-w", "-t", "nat", ...args]);
  await ipt(["-D", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"]);
  await ipt(["-D", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"]);
  await ipt([
    "-D",
    "POSTROUTING",
    "-m",
    "comment",
    "--comment",
    "CNI portfwd requiring masquerade",
    "-j",
    "CNI-HOSTPORT-MASQ",
  ]);
  for (const c of ["CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK"]) {
    await ipt(["-F", c]);
    await ipt(["-X", c]);
  }
}

/**
 * The host state without portmap's shared chains (made once per host, kept for every CNI
 * user, and made or removed by other test runs on this host at any time). A container's
 * own DNAT rules (CNI-DN-*) and their jumps stay in the iptables view.
 */
export function withoutPortmapScaffolding(s: Awaited<ReturnType<typeof hostNetworkState>>) {
  const scaffold =
    /^(:CNI-HOSTPORT-(DNAT|MASQ|SETMARK) |-A (PREROUTING|OUTPUT) -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT$|-A POSTROUTING .*-j CNI-HOSTPORT-MASQ$|-A CNI-HOSTPORT-(MASQ|SETMARK) )/;
  const nft: string[] = [];
  let skipping = false;
  for (const l of s.nft) {
    if (/^chain CNI-HOSTPORT-(DNAT|MASQ|SETMARK) \{$/.test(l)) skipping = true;
    else if (skipping && l === "}") skipping = false;
    else if (!skipping && !/jump CNI-HOSTPORT-(DNAT|MASQ)$/.test(l)) nft.push(l);
  }
  return { links: s.links, nft, iptables: s.iptables.filter((l) => !scaffold.test(l)) };
}
