// A container's endpoints as the Engine API shows them: inspect's NetworkSettings and the
// summary's Ports (`docker ps` PORTS, `docker port`), in dockerd's shapes.

import type { NetworkSettings } from "../types/container.ts";
import type { EndpointSettings } from "../types/network.ts";
import type { NetworkedContainer } from "./container-network.ts";
import { networksOf } from "./container-network.ts";
import { dnsNames } from "./dns/records.ts";
import type { EndpointRecord } from "./network-store.ts";

export interface PortSummaryView {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

type PortMap = Record<string, { HostIp: string; HostPort: string }[] | null>;

function portMap(c: Pick<NetworkedContainer, "Config">, eps: EndpointRecord[]): PortMap {
  const out: PortMap = {};
  for (const key of Object.keys(c.Config.ExposedPorts ?? {})) out[key] = null;
  for (const p of eps.flatMap((e) => e.Ports)) {
    const key = `${p.containerPort}/${p.protocol}`;
    out[key] = [...(out[key] ?? []), { HostIp: p.hostIP ?? "0.0.0.0", HostPort: String(p.hostPort) }];
  }
  return out;
}

/**
 * inspect's NetworkSettings: the top-level fields are the default bridge's endpoint (as
 * dockerd fills them only for `bridge`); Networks lists every network the container joins,
 * with empty addresses while it does not run.
 */
export function networkSettingsView(
  c: Pick<NetworkedContainer, "ID" | "Config" | "HostConfig" | "NetworkingConfig"> & { Name: string },
  eps: EndpointRecord[],
  net: (ref: string) => { Id: string; Name: string } | undefined,
  sandboxKey: string,
): Pick<
  NetworkSettings,
  "SandboxKey" | "Ports" | "EndpointID" | "Gateway" | "IPAddress" | "IPPrefixLen" | "MacAddress" | "Networks"
> {
  const mode = c.HostConfig.NetworkMode || "default";
  const names = mode.startsWith("container:")
    ? []
    : mode === "host" || mode === "none"
      ? [mode]
      : networksOf(c);
  const Networks: Record<string, EndpointSettings> = {};
  let top: EndpointRecord | undefined;
  for (const name of names) {
    const rec = net(name);
    const ep = rec ? eps.find((e) => e.NetworkID === rec.Id) : undefined;
    if (name === "bridge") top = ep;
    const userDefined = !["bridge", "host", "none"].includes(rec?.Name ?? name);
    const asked = ep?.Aliases ?? aliasesAsked(c, name);
    const names = dnsNames({
      name: c.Name.replace(/^\//, ""),
      id: c.ID,
      hostname: c.Config.Hostname,
      aliases: asked,
    });
    Networks[rec?.Name ?? name] = {
      IPAMConfig: ipamAsked(c, name),
      // the endpoint's own links (network connect --link, the CLI's --link on a user network)
      Links: linksAsked(c, name),
      // API < 1.45 (berth serves up to 1.44) shows the short ID and hostname among a user
      // network's aliases, as dockerd's inspect does for those versions.
      Aliases: userDefined
        ? [...new Set([...asked, c.ID.slice(0, 12), ...(c.Config.Hostname ? [c.Config.Hostname] : [])])]
        : asked.length
          ? asked
          : null,
      MacAddress: ep?.MacAddress ?? "",
      DriverOpts: null,
      NetworkID: rec?.Id ?? "",
      EndpointID: ep?.EndpointID ?? "",
      Gateway: ep?.Gateway ?? "",
      IPAddress: ep?.IPAddress ?? "",
      IPPrefixLen: ep?.IPPrefixLen ?? 0,
      IPv6Gateway: "",
      GlobalIPv6Address: "",
      GlobalIPv6PrefixLen: 0,
      // The names the network's resolver answers for this endpoint (src/network/dns/).
      DNSNames: userDefined && ep ? names : null,
    };
  }
  return {
    SandboxKey: eps.length ? sandboxKey : "",
    Ports: eps.length ? portMap(c, eps) : {},
    EndpointID: top?.EndpointID ?? "",
    Gateway: top?.Gateway ?? "",
    IPAddress: top?.IPAddress ?? "",
    IPPrefixLen: top?.IPPrefixLen ?? 0,
    MacAddress: top?.MacAddress ?? "",
    Networks,
  };
}

/** The addresses a container asked for on a network (`--ip`, `network connect --ip`), as dockerd shows them; null without. */
function ipamAsked(
  c: Pick<NetworkedContainer, "HostConfig" | "NetworkingConfig">,
  name: string,
): EndpointSettings["IPAMConfig"] {
  const cfg = c.NetworkingConfig?.EndpointsConfig ?? {};
  const es = (cfg[name] ?? (name === "bridge" ? cfg.default : undefined)) as
    | { IPAMConfig?: EndpointSettings["IPAMConfig"] }
    | undefined;
  const ipam = es?.IPAMConfig;
  return ipam && (ipam.IPv4Address || ipam.IPv6Address || ipam.LinkLocalIPs?.length) ? ipam : null;
}

/** The aliases a container asked for on a network (`--network-alias`, EndpointsConfig.<net>.Aliases). */
function linksAsked(c: Pick<NetworkedContainer, "NetworkingConfig">, name: string): string[] | null {
  const es = c.NetworkingConfig?.EndpointsConfig?.[name] as { Links?: string[] | null } | null | undefined;
  return es?.Links?.length ? [...es.Links] : null;
}

function aliasesAsked(
  c: Pick<NetworkedContainer, "HostConfig" | "NetworkingConfig">,
  name: string,
): string[] {
  const cfg = c.NetworkingConfig?.EndpointsConfig ?? {};
  const es = (cfg[name] ?? (name === "bridge" ? cfg.default : undefined)) as
    | { Aliases?: string[] | null }
    | undefined;
  return es?.Aliases ?? [];
}

/** The summary's Ports: published ones with their host side, exposed ones without. */
export function portSummaries(
  c: Pick<NetworkedContainer, "Config">,
  eps: EndpointRecord[],
): PortSummaryView[] {
  const out: PortSummaryView[] = [];
  const published = new Set<string>();
  for (const p of eps.flatMap((e) => e.Ports)) {
    published.add(`${p.containerPort}/${p.protocol}`);
    out.push({
      IP: p.hostIP ?? "0.0.0.0",
      PrivatePort: p.containerPort,
      PublicPort: p.hostPort,
      Type: p.protocol,
    });
  }
  for (const key of Object.keys(c.Config.ExposedPorts ?? {})) {
    if (published.has(key)) continue;
    const [port, proto = "tcp"] = key.split("/");
    out.push({ PrivatePort: Number(port), Type: proto });
  }
  return out;
}
