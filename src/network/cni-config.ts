import type { NetworkConfList, PluginConf } from "./cni.ts";
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
 * No firewall plugin: berthd puts one ACCEPT per bridge in FORWARD instead of rules per
 * container (see host-rules.ts).
 */
export function chainFor(
  rec: NetworkRecord,
  address: string,
  ports: PortMapping[],
  packetFilter = true,
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
    // `--iptables=false` means no masquerade either, as dockerd.
    ipMasq: packetFilter && !rec.Internal && rec.Options[OPT_MASQUERADE] !== "false",
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
