import { formatCidr, formatIPv4, parseCidr } from "./ipv4.ts";
import type { NetworkOptions } from "./network-options.ts";
import { type NetworkRecord, newNetworkId, OPT_BRIDGE_NAME } from "./network-record.ts";
import { type HostRoute, pickSubnet } from "./subnet-pool.ts";

function base(name: string, driver: NetworkRecord["Driver"]): NetworkRecord {
  return {
    Name: name,
    Id: newNetworkId(),
    Created: new Date().toISOString(),
    Scope: "local",
    Driver: driver,
    EnableIPv6: false,
    IPAM: { Driver: "default", Options: null, Config: [] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Options: {},
    Labels: {},
  };
}

/**
 * `bridge`, `host` and `none` as dockerd lists them. A stored one is kept while the flags
 * still describe it (so its ID and subnet survive restarts); `bridge` is remade when
 * `--bridge`/`--bip` change. Its subnet: `--bip`, else the first pool subnet that no other
 * network and no host route uses (routes on its own device do not count: that is itself).
 */
export function predefinedNetworks(
  opts: NetworkOptions,
  stored: NetworkRecord[],
  routes: HostRoute[],
): NetworkRecord[] {
  const out: NetworkRecord[] = [];
  const find = (name: string) => stored.find((n) => n.Name === name);
  if (opts.bridge !== "none") {
    const old = find("bridge");
    const cfg = old?.IPAM.Config[0];
    const same =
      old !== undefined &&
      old.Options[OPT_BRIDGE_NAME] === opts.bridge &&
      (!opts.bip || (cfg?.Subnet === opts.bip.subnet && cfg.Gateway === opts.bip.gateway));
    if (old && same) out.push(old);
    else {
      const rec = base("bridge", "bridge");
      let subnet = opts.bip?.subnet;
      let gateway = opts.bip?.gateway;
      if (!subnet) {
        const used = stored
          .filter((n) => n.Name !== "bridge")
          .flatMap((n) => n.IPAM.Config.map((c) => parseCidr(c.Subnet)))
          .filter((c) => c !== undefined);
        const foreign = routes.filter((r) => r.iface !== opts.bridge);
        const c = pickSubnet(opts.pools, used, foreign);
        subnet = formatCidr(c);
        gateway = formatIPv4(c.base + 1);
      }
      rec.IPAM.Config = [{ Subnet: subnet, Gateway: gateway as string }];
      rec.Options = {
        "com.docker.network.bridge.default_bridge": "true",
        "com.docker.network.bridge.enable_icc": "true",
        "com.docker.network.bridge.enable_ip_masquerade": "true",
        "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
        [OPT_BRIDGE_NAME]: opts.bridge,
        "com.docker.network.driver.mtu": "1500",
      };
      out.push(rec);
    }
  }
  out.push(find("host") ?? base("host", "host"));
  out.push(find("none") ?? base("none", "null"));
  return out;
}
