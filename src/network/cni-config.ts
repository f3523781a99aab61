import type { NetworkConfList, PluginConf } from "./cni.ts";
import { formatCidr } from "./ipv4.ts";
import { bridgeName, type NetworkRecord, OPT_MASQUERADE, OPT_MTU, subnetOf } from "./network-record.ts";

/** A published port, in CNI portmap's runtimeConfig shape. */
export interface PortMapping {
  hostPort: number;
  containerPort: number;
  protocol: "tcp" | "udp";
  hostIP?: string;
}

/**
 * The plugin chain for one endpoint: bridge with berth's address (static IPAM), and
 * portmap only when ports are published (each plugin costs tens of ms per ADD and DEL).
 * No firewall plugin and no ipMasq: berthd puts one set of FORWARD rules and one masquerade
 * per bridge instead of rules per container (see host-rules.ts).
 */
export function chainFor(
  rec: NetworkRecord,
  address: string,
  ports: PortMapping[],
  mac?: string,
  defaultRoute = true,
): NetworkConfList {
  const subnet = subnetOf(rec);
  const gateway = rec.IPAM.Config[0]?.Gateway;
  if (!subnet || !gateway) throw new Error(`network ${rec.Name} has no IPv4 subnet`);
  const bridge: PluginConf = {
    type: "bridge",
    bridge: bridgeName(rec),
    isGateway: true,
    // berth masquerades per bridge (host-rules.ts, masqueradeOf), not per container.
    ipMasq: false,
    hairpinMode: true,
    ipam: {
      type: "static",
      addresses: [{ address: `${address}/${subnet.prefix}`, gateway }],
      // An internal network has no way out: no default route. Only one endpoint of a
      // container holds it (the first one): the plugin would add a second one as an ECMP
      // path, splitting the container's egress over two networks.
      routes: rec.Internal || !defaultRoute ? [] : [{ dst: "0.0.0.0/0" }],
    },
  };
  if (rec.Options[OPT_MTU]) bridge.mtu = Number(rec.Options[OPT_MTU]);
  // `--mac-address`: the bridge plugin (1.1+) sets it on the container's end of the veth.
  if (mac) bridge.args = { cni: { mac } };
  const plugins: PluginConf[] = [bridge];
  if (ports.length > 0) plugins.push({ type: "portmap", snat: true, capabilities: { portMappings: true } });
  return { cniVersion: "1.0.0", name: `berth-${rec.Id.slice(0, 12)}`, plugins };
}

/**
 * The subnet a bridge network masquerades, if any: not with `--iptables=false` (as dockerd),
 * not on an internal network, not with enable_ip_masquerade=false.
 */
export function masqueradeOf(rec: NetworkRecord, packetFilter: boolean): string | undefined {
  if (!packetFilter || rec.Internal || rec.Options[OPT_MASQUERADE] === "false") return undefined;
  const subnet = subnetOf(rec);
  return subnet ? formatCidr(subnet) : undefined;
}
