// A container's network as a resource of the container seam (src/container/resources.ts,
// matched structurally: network/ sits below container/ and must not import it). At start
// it makes the netns, attaches it to the container's networks with its published ports,
// and hands the netns path and the /etc/hosts line to the spec; at exit and removal it
// detaches and removes the netns; after a restart it keeps running containers' endpoints.

import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ConflictError, InvalidParameterError } from "../errdefs/errors.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { HostConfig } from "../types/host-config.ts";
import type { EndpointSettings, NetworkingConfig } from "../types/network.ts";
import type { PortMapping } from "./cni-config.ts";
import { validateNetworking } from "./create-checks.ts";
import {
  checkConnectLinks,
  checkEndpointSettings,
  type EndpointSettingsIn,
  HOST_NETWORK,
  hostsLine,
  NONE_NETWORK,
  refuseUnhonouredSettings,
  SHARED_NETNS,
  storedSettings,
} from "./endpoint-settings.ts";
import { networkSettingsView, type PortSummaryView, portSummaries } from "./endpoint-view.ts";
import type { NetnsManager } from "./netns.ts";
import { type EndpointRequest, hasEmbeddedDns, type NetworkService } from "./network-service.ts";
import type { EndpointRecord } from "./network-store.ts";
import { allocatePorts, type PublishRequest, wantedPorts } from "./port-publish.ts";

/** The part of a container record the network reads. */
export interface NetworkedContainer {
  ID: string;
  /** `MacAddress` is deprecated in API 1.44 for EndpointsConfig.<net>.MacAddress, still sent by older clients. */
  Config: Pick<ContainerConfig, "Hostname" | "Domainname" | "ExposedPorts" | "MacAddress">;
  HostConfig: HostConfig;
  NetworkingConfig?: NetworkingConfig | null;
  /** Set by `network disconnect` from the NetworkMode's own network: the container no longer joins it. */
  NetworkModeDisconnected?: boolean;
}

/** A network as connect/disconnect name it (events, errors, the record's key). */
export interface NetworkRef {
  Id: string;
  Name: string;
  Driver: string;
}

/** What `network connect`/`disconnect` found: the network, and whether the container is on it. */
export interface NetworkPlan {
  network: NetworkRef;
  connected: boolean;
}

/** The record's networking fields after a connect or disconnect. */
export interface NetworkingFields {
  NetworkingConfig: NetworkingConfig;
  NetworkModeDisconnected: boolean;
}

/** For `container:<ref>`: the netns of a running container, or an error saying why not. */
export type PeerNetns = (ref: string) => string;

/** The networks a container joins, its NetworkMode first ("default" is the bridge). */
export function networksOf(
  c: Pick<NetworkedContainer, "HostConfig" | "NetworkingConfig" | "NetworkModeDisconnected">,
): string[] {
  const mode = c.HostConfig.NetworkMode || "default";
  const first = mode === "default" ? "bridge" : mode;
  const names = [
    ...(c.NetworkModeDisconnected ? [] : [first]),
    ...Object.keys(c.NetworkingConfig?.EndpointsConfig ?? {}),
  ];
  return [...new Set(names.map((n) => (n === "default" ? "bridge" : n)))];
}

export class ContainerNetwork {
  readonly name = "network";
  private readonly networks: NetworkService;
  private readonly netns: NetnsManager;
  private readonly peerNetns: PeerNetns;
  /** Containers whose network this berthd started or adopted: reclaim leaves them alone. */
  private readonly owned = new Set<string>();
  /** Host ports chosen by starts whose attach is under way: two starts never get the same one. */
  private readonly pendingPorts = new Map<string, PortMapping[]>();
  private portQueue: Promise<void> = Promise.resolve();

  constructor(networks: NetworkService, netns: NetnsManager, peerNetns: PeerNetns) {
    this.networks = networks;
    this.netns = netns;
    this.peerNetns = peerNetns;
  }

  /** At create: dockerd's create-time checks of the networking fields (create-checks.ts). */
  validate(c: Pick<NetworkedContainer, "Config" | "HostConfig" | "NetworkingConfig">): string[] | undefined {
    return validateNetworking(this.networks, c, this.joined(c));
  }

  async prepare(
    c: NetworkedContainer,
  ): Promise<{ netnsPath?: string; hostsEntries?: string[]; hostGateway?: string; nameservers?: string[] }> {
    const hostGateway = this.networks.list().find((n) => n.Name === "bridge")?.IPAM.Config[0]?.Gateway;
    const base = hostGateway ? { hostGateway } : {};
    const mode = c.HostConfig.NetworkMode || "default";
    if (mode === "host" || mode === "none") return base;
    if (mode.startsWith("container:")) {
      const netnsPath = this.peerNetns(mode.slice("container:".length));
      // Its queries come from the peer's address: the peer's resolver answers them as the
      // peer's (Docker gives it the peer's resolv.conf).
      const peer = path.dirname(netnsPath) === this.netns.dir ? path.basename(netnsPath) : undefined;
      const ns = peer ? this.embeddedNameserver(this.networks.endpointsOfContainer(peer)) : undefined;
      return { ...base, netnsPath, ...(ns ? { nameservers: [ns] } : {}) };
    }
    const names = this.joined(c);
    if (!names.length) return base;
    this.owned.add(c.ID);
    // Leftovers of a run whose exit this berthd did not see through (a crash mid-release).
    await this.release(c);
    // Validate and choose every host port before anything is made on the host.
    // One choice at a time, reserved until the attach is done, so that two starts never
    // get the same host port.
    const choosing = this.portQueue.then(async () => {
      const p = await this.ports(c);
      this.pendingPorts.set(c.ID, p);
      return p;
    });
    this.portQueue = choosing.then(
      () => undefined,
      () => undefined,
    );
    const ports = await choosing;
    try {
      return { ...base, ...(await this.join(c, names, ports)) };
    } finally {
      this.pendingPorts.delete(c.ID);
    }
  }

  private async join(
    c: NetworkedContainer,
    names: string[],
    ports: PortMapping[],
  ): Promise<{ netnsPath: string; hostsEntries: string[]; nameservers?: string[] }> {
    // The namespace (two execs, `unshare` and `ip`) is made while the first attach chooses
    // and records the address (two fsynced writes); the attach waits for it before CNI ADD.
    const netnsPath = this.netns.pathOf(c.ID);
    const created = this.netns.create(c.ID);
    created.catch(() => undefined);
    const hostsEntries: string[] = [];
    const eps: EndpointRecord[] = [];
    // The first network with a way out gives the default route (an internal one has none).
    let routed = false;
    try {
      for (const [i, network] of names.entries()) {
        const settings = (c.NetworkingConfig?.EndpointsConfig?.[network] ?? {}) as EndpointSettingsIn;
        const req: EndpointRequest = {
          network,
          ifName: `eth${i}`,
          // Published ports go through the first network, as dockerd's gateway endpoint.
          ...(i === 0 && ports.length ? { ports } : {}),
          ...(settings.IPAMConfig?.IPv4Address ? { ipv4Address: settings.IPAMConfig.IPv4Address } : {}),
          ...(macOf(c, network, i) ? { macAddress: macOf(c, network, i) } : {}),
          ...(settings.Aliases?.length ? { aliases: [...settings.Aliases] } : {}),
          defaultRoute: !routed,
          netnsReady: created,
        };
        const ep = await this.networks.attach(c.ID, netnsPath, req);
        eps.push(ep);
        routed ||= !this.networks.get(ep.NetworkID).Internal;
        hostsEntries.push(hostsLine(c, ep.IPAddress));
      }
    } catch (err) {
      // A namespace still being made is made before the release, which then removes it;
      // one that could not be made is the error, as when it was made first.
      const nsError = await created.then(
        () => undefined,
        (e: unknown) => e,
      );
      await this.release(c).catch(() => undefined);
      throw nsError ?? err;
    }
    const nameserver = this.embeddedNameserver(eps);
    return { netnsPath, hostsEntries, ...(nameserver ? { nameservers: [nameserver] } : {}) };
  }

  /**
   * The resolver a container's resolv.conf names: its first user-defined network's, which
   * answers for all of the container's networks (as Docker's one 127.0.0.11 per container).
   */
  private embeddedNameserver(eps: EndpointRecord[]): string | undefined {
    return eps.find((ep) => hasEmbeddedDns(this.networks.get(ep.NetworkID)))?.Gateway;
  }

  /**
   * The networks to join. Without a default bridge (`--bridge none`), the default mode
   * means loopback only, as dockerd's DisableBridge.
   */
  private joined(c: Pick<NetworkedContainer, "HostConfig" | "NetworkingConfig">): string[] {
    const names = networksOf(c);
    if (this.networks.list().some((n) => n.Name === "bridge")) return names;
    return names.filter((n) => n !== "bridge");
  }

  private async ports(c: NetworkedContainer): Promise<PortMapping[]> {
    const hc = c.HostConfig as PublishRequest;
    const wanted = wantedPorts({
      PortBindings: hc.PortBindings ?? null,
      PublishAllPorts: hc.PublishAllPorts === true,
      ExposedPorts: c.Config.ExposedPorts ?? null,
    });
    if (!wanted.length) return [];
    const taken = [
      ...this.networks.allEndpoints().flatMap((ep) => (ep.ContainerID === c.ID ? [] : ep.Ports)),
      ...[...this.pendingPorts.values()].flat(),
    ];
    return allocatePorts(wanted, taken);
  }

  /** Detaches from every network and removes the netns; idempotent (exit, then removal). */
  async release(c: Pick<NetworkedContainer, "ID">): Promise<void> {
    let first: unknown;
    for (const ep of this.networks.endpointsOfContainer(c.ID)) {
      await this.networks.detach(c.ID, ep.NetworkID).catch((err) => {
        first ??= err;
      });
    }
    if (existsSync(this.netns.pathOf(c.ID))) await this.netns.remove(c.ID);
    if (first) throw first;
  }

  /**
   * The networks a container is on, as dockerd's NetworkSettings.Networks (by network ID):
   * `host` or `none` for those modes, nothing of its own for `container:<x>`.
   */
  private currentNetworkIds(
    c: Pick<NetworkedContainer, "HostConfig" | "NetworkingConfig" | "NetworkModeDisconnected">,
  ): string[] {
    const mode = c.HostConfig.NetworkMode || "default";
    if (mode.startsWith("container:")) return [];
    const names =
      mode === "host" || mode === "none" ? (c.NetworkModeDisconnected ? [] : [mode]) : networksOf(c);
    const ids = names.flatMap((n) => {
      const rec = this.find(n);
      return rec ? [rec.Id] : [];
    });
    return [...new Set(ids)];
  }

  /** A network by name, ID or prefix; "default" (a NetworkMode, or a key the docker CLI sends) is the bridge. */
  private find(ref: string): NetworkRef | undefined {
    try {
      return this.networks.get(ref === "default" ? "bridge" : ref);
    } catch {
      return undefined;
    }
  }

  /**
   * `network connect`'s checks, in dockerd's order, before anything changes: the container's
   * mode, the network, the endpoint settings, then conflicts with the networks it is on.
   */
  checkConnect(c: NetworkedContainer, ref: string, es: EndpointSettings | null | undefined): NetworkPlan {
    const mode = c.HostConfig.NetworkMode || "default";
    if (mode.startsWith("container:")) throw new InvalidParameterError(SHARED_NETNS);
    const rec = this.networks.get(ref);
    const network = { Id: rec.Id, Name: rec.Name, Driver: rec.Driver };
    refuseUnhonouredSettings(es);
    checkConnectLinks(rec.Name, es);
    checkEndpointSettings(rec, es);
    if (rec.Driver === "host" && mode !== "host") throw new InvalidParameterError(HOST_NETWORK);
    if (this.currentNetworkIds(c).includes(rec.Id)) return { network, connected: true };
    if (mode === "host" || rec.Driver === "host") throw new InvalidParameterError(SHARED_NETNS);
    if (mode === "none" || rec.Name === "none") throw new InvalidParameterError(NONE_NETWORK);
    return { network, connected: false };
  }

  /** `network disconnect`'s checks: the network, the host network's rule, and whether the container is on it. */
  checkDisconnect(c: NetworkedContainer, ref: string): NetworkPlan {
    const rec = this.networks.get(ref);
    const network = { Id: rec.Id, Name: rec.Name, Driver: rec.Driver };
    if (c.HostConfig.NetworkMode === "host" && rec.Driver === "host")
      throw new InvalidParameterError(HOST_NETWORK);
    const connected =
      this.currentNetworkIds(c).includes(rec.Id) || this.networks.endpointOf(c.ID, rec.Id) !== undefined;
    return { network, connected };
  }

  /** The record's networking fields with `network` added (keyed by its name, as dockerd). */
  withNetwork(
    c: NetworkedContainer,
    network: NetworkRef,
    es: EndpointSettings | null | undefined,
  ): NetworkingFields {
    const kept = this.endpointsConfigWithout(c, network.Id);
    const mode = c.HostConfig.NetworkMode || "default";
    const modeNet = this.find(mode);
    return {
      NetworkingConfig: { EndpointsConfig: { ...kept, [network.Name]: storedSettings(es) } },
      // Joining the mode's own network again undoes its disconnect.
      NetworkModeDisconnected: Boolean(c.NetworkModeDisconnected) && modeNet?.Id !== network.Id,
    };
  }

  /** The record's networking fields with `network` gone. */
  withoutNetwork(c: NetworkedContainer, network: NetworkRef): NetworkingFields {
    const mode = c.HostConfig.NetworkMode || "default";
    const modeNet = this.find(mode);
    return {
      NetworkingConfig: { EndpointsConfig: this.endpointsConfigWithout(c, network.Id) },
      NetworkModeDisconnected: Boolean(c.NetworkModeDisconnected) || modeNet?.Id === network.Id,
    };
  }

  private endpointsConfigWithout(
    c: NetworkedContainer,
    networkId: string,
  ): Record<string, EndpointSettings | null> {
    return Object.fromEntries(
      Object.entries(c.NetworkingConfig?.EndpointsConfig ?? {}).filter(
        ([k]) => this.find(k)?.Id !== networkId,
      ),
    );
  }

  /**
   * Joins a running container's namespace to one more network: the next free ethN, the
   * default route only if no network gives one yet. A container that started with loopback
   * only gets its namespace kept in a file first (`pid` is its init's).
   */
  async connect(
    c: NetworkedContainer,
    networkId: string,
    es: EndpointSettings | null | undefined,
    pid: number,
  ): Promise<{ hostsLine: string; nameserver?: string }> {
    const nsFile = this.netns.pathOf(c.ID);
    const adopted = !existsSync(nsFile);
    const netnsPath = adopted ? await this.netns.adopt(c.ID, pid) : nsFile;
    this.owned.add(c.ID);
    const mine = this.networks.endpointsOfContainer(c.ID);
    const used = new Set(mine.map((e) => e.IfName));
    let i = 0;
    while (used.has(`eth${i}`)) i++;
    const routed = mine.some((e) => !this.networks.get(e.NetworkID).Internal);
    const ipv4 = es?.IPAMConfig?.IPv4Address;
    try {
      const ep = await this.networks.attach(c.ID, netnsPath, {
        network: networkId,
        ifName: `eth${i}`,
        defaultRoute: !routed,
        ...(ipv4 ? { ipv4Address: ipv4 } : {}),
        ...(es?.MacAddress ? { macAddress: es.MacAddress } : {}),
        ...(es?.Aliases?.length ? { aliases: es.Aliases } : {}),
      });
      // The first network with a resolver, joined while running: resolv.conf must name it now,
      // as libnetwork rewrites the sandbox's file (`nameserver` says so to the caller).
      const before = this.embeddedNameserver(mine);
      const after = this.embeddedNameserver(this.networks.endpointsOfContainer(c.ID));
      return { hostsLine: hostsLine(c, ep.IPAddress), ...(!before && after ? { nameserver: after } : {}) };
    } catch (err) {
      if (adopted && !this.networks.endpointsOfContainer(c.ID).length) {
        await this.netns.remove(c.ID).catch(() => undefined);
      }
      throw err;
    }
  }

  /**
   * Takes a running container's endpoint off a network (CNI DEL with the cached result). If
   * it held the default route, another network with a way out takes it over, as dockerd
   * moves the sandbox's gateway.
   */
  async disconnect(c: NetworkedContainer, networkId: string): Promise<{ hostsLine?: string }> {
    const ep = this.networks.endpointOf(c.ID, networkId);
    if (!ep) return {};
    await this.networks.detach(c.ID, networkId);
    const left = this.networks
      .endpointsOfContainer(c.ID)
      .filter((e) => !this.networks.get(e.NetworkID).Internal);
    if (left.length && existsSync(this.netns.pathOf(c.ID))) {
      const routes = await this.netns.ip(c.ID, ["-4", "route", "show", "default"]);
      if (!routes.trim()) {
        await this.netns.ip(c.ID, [
          "route",
          "replace",
          "default",
          "via",
          left[0].Gateway,
          "dev",
          left[0].IfName,
        ]);
      }
    }
    return { hostsLine: hostsLine(c, ep.IPAddress) };
  }

  /**
   * `disconnect --force` for a container record that is gone: its endpoint (by full
   * container ID) is released. False when there is none.
   */
  async forceDisconnect(containerId: string, ref: string): Promise<boolean> {
    const rec = this.networks.get(ref);
    if (!this.networks.endpointOf(containerId, rec.Id)) return false;
    await this.networks.detach(containerId, rec.Id);
    return true;
  }

  /** inspect's NetworkSettings of a container. */
  settings(c: NetworkedContainer & { Name: string }): ReturnType<typeof networkSettingsView> {
    const find = (ref: string) => this.networks.list().find((n) => n.Name === ref || n.Id === ref);
    return networkSettingsView(c, this.networks.endpointsOfContainer(c.ID), find, this.netns.pathOf(c.ID));
  }

  /** The summary's Ports and Networks. */
  summary(c: NetworkedContainer & { Name: string }): {
    Ports: PortSummaryView[];
    NetworkSettings: { Networks: Record<string, EndpointSettings> | null };
  } {
    const s = this.settings(c);
    return {
      Ports: portSummaries(c, this.networks.endpointsOfContainer(c.ID)),
      NetworkSettings: { Networks: s.Networks },
    };
  }

  async adopt(c: Pick<NetworkedContainer, "ID">): Promise<void> {
    this.owned.add(c.ID);
  }

  /**
   * After restore: releases endpoints whose container is not running and was not adopted
   * or started by this berthd (its record was removed, or it died before its exit was seen).
   */
  async reclaim(
    isRunning: (id: string) => boolean,
    recordOf: (id: string) => NetworkedContainer | undefined = () => undefined,
  ): Promise<EndpointRecord[]> {
    const keep = (id: string) => this.owned.has(id) || isRunning(id);
    const adopted = await this.networks.adoptEndpoints(keep);
    // The container's record is the truth: an endpoint on a network it does not list is a
    // `network connect` killed before its record was written (undone), or a `disconnect`
    // killed after (finished).
    const kept: EndpointRecord[] = [];
    for (const ep of adopted) {
      const c = recordOf(ep.ContainerID);
      if (c && !this.currentNetworkIds(c).includes(ep.NetworkID)) {
        await this.networks.detach(ep.ContainerID, ep.NetworkID).catch(() => undefined);
        continue;
      }
      kept.push(ep);
    }
    // Namespaces with no endpoint left: a crash between their creation and the attach.
    const files = await readdir(this.netns.dir).catch(() => [] as string[]);
    for (const id of files) if (!keep(id)) await this.netns.remove(id).catch(() => undefined);
    return kept;
  }
}

/** The MAC asked for a network: its endpoint settings', or the old Config.MacAddress for the first. */
function macOf(c: NetworkedContainer, network: string, index: number): string | undefined {
  const es = c.NetworkingConfig?.EndpointsConfig?.[network] as EndpointSettingsIn | undefined;
  return es?.MacAddress || (index === 0 ? c.Config.MacAddress : undefined) || undefined;
}

/** The error for `--network container:<x>` when x does not run (dockerd's wording). */
export function peerNotRunning(id: string): ConflictError {
  return new ConflictError(`cannot join network of a non running container: ${id}`);
}
