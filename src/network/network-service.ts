import { randomBytes } from "node:crypto";
import {
  ConflictError,
  errorMessage,
  ForbiddenError,
  InvalidParameterError,
  NotFoundError,
  SystemError,
} from "../errdefs/errors.ts";
import type { EventBus } from "../util/events.ts";
import type { Logger } from "../util/logger.ts";
import { CniRunner } from "./cni.ts";
import { chainFor, masqueradeOf, type PortMapping } from "./cni-config.ts";
import { predefinedNetworks } from "./default-networks.ts";
import { EmbeddedDns, type EmbeddedDnsOptions, type NameResolver } from "./dns/resolver.ts";
import { type ContainerDnsInfo, viewFor } from "./dns/view.ts";
import { ensureBridgeRules, removeBridgeAddress, removeBridgeRules, removeLink } from "./host-rules.ts";
import { Ipam } from "./ipam.ts";
import { contains, formatCidr, formatIPv4, overlaps, parseCidr, parseIPv4 } from "./ipv4.ts";
import { matchLabels, matchNetwork } from "./network-filters.ts";
import type { NetworkOptions } from "./network-options.ts";
import {
  bridgeName,
  type NetworkCreateRequest,
  type NetworkRecord,
  PREDEFINED,
  recordFromRequest,
  subnetOf,
} from "./network-record.ts";
import { type EndpointRecord, NetworkStore } from "./network-store.ts";
import { hostRoutes, pickSubnet } from "./subnet-pool.ts";

/** What a container asks of a network when it joins (EndpointSettings, reduced). */
export interface EndpointRequest {
  /** Name, ID or unique ID prefix. */
  network: string;
  ipv4Address?: string;
  aliases?: string[];
  ports?: PortMapping[];
  /** `--mac-address` for the container's interface. */
  macAddress?: string;
  /** Interface name inside the namespace (eth0, eth1, …). */
  ifName?: string;
  /** Whether this endpoint gives the namespace its default route (default: yes). */
  defaultRoute?: boolean;
  /**
   * Settles once the namespace exists (a start makes it while the address is chosen and
   * recorded): awaited before the plugins run, its failure undoing the attach.
   */
  netnsReady?: Promise<unknown>;
}

export interface NetworkServiceConfig {
  dataRoot: string;
  options: NetworkOptions;
  cniPath?: string;
  dns?: EmbeddedDnsOptions;
}

/** Whether a network gets the embedded resolver: user-defined bridges, as Docker (not `bridge`). */
export function hasEmbeddedDns(rec: Pick<NetworkRecord, "Driver" | "Name">): boolean {
  return rec.Driver === "bridge" && !(PREDEFINED as readonly string[]).includes(rec.Name);
}

/**
 * Networks and endpoints: records, IPAM and the CNI data path. The container lifecycle
 * calls attach/detach/adoptEndpoints through its resource seam; nothing here knows
 * containers beyond their ID.
 */
export class NetworkService {
  private readonly store: NetworkStore;
  private readonly ipam: Ipam;
  private readonly cni: CniRunner;
  private readonly events: EventBus;
  private readonly log: Logger;
  private readonly config: NetworkServiceConfig;
  private readonly networks = new Map<string, NetworkRecord>();
  /** By network ID, then container ID. */
  private readonly endpoints = new Map<string, Map<string, EndpointRecord>>();
  /** `<network id>/<container id>` of attaches under way: a second one is a conflict, not a second veth. */
  private readonly attaching = new Set<string>();
  /**
   * By bridge device: its host set-up (a stale address off, berth's packet-filter rules
   * checked and added) once done or under way. Only a bridge's first attach after start pays
   * for it (as dockerd sets its rules up once per network), and attaches at the same moment
   * (`compose up` starts every service at once) share that one rather than each checking
   * again, one after another under the host-wide rules lock.
   */
  private readonly rulesReady = new Map<string, Promise<void>>();
  /** By bridge device: the address an earlier default bridge of another `--bip` gave it. */
  private readonly staleAddresses = new Map<string, string>();

  /** A container's name for `network inspect`'s Containers; set by the composition root. */
  containerName: (containerId: string) => string = () => "";
  /** What the resolver reads of a container (name, hostname, --dns); set by the composition root. */
  containerDns: (containerId: string) => ContainerDnsInfo | undefined = () => undefined;
  /** Names on user-defined networks, served on each network's gateway (src/network/dns/). */
  readonly dns: NameResolver;

  constructor(config: NetworkServiceConfig, events: EventBus, log: Logger) {
    this.config = config;
    this.store = new NetworkStore(config.dataRoot);
    this.ipam = new Ipam(this.store.ipamDir);
    this.cni = new CniRunner(config.cniPath);
    this.events = events;
    this.log = log;
    this.dns = new EmbeddedDns(
      { viewFor: (networkId, source) => viewFor(networkId, source, this.viewSources()) },
      log.child({ part: "dns" }),
      config.dns,
    );
  }

  private viewSources() {
    return {
      network: (id: string) => {
        const rec = this.networks.get(id);
        return rec && { Id: rec.Id, Name: rec.Name, Internal: rec.Internal, hasDns: hasEmbeddedDns(rec) };
      },
      // Only endpoints whose ADD finished have an address a container uses.
      endpointsOf: (id: string) => this.containersOf(id).filter((ep) => ep.Result),
      endpointsOfContainer: (id: string) => this.endpointsOfContainer(id).filter((ep) => ep.Result),
      container: (id: string) => this.containerDns(id),
      inSubnet: (id: string, ip: string) => {
        const rec = this.networks.get(id);
        const subnet = rec && subnetOf(rec);
        const addr = parseIPv4(ip);
        return subnet !== undefined && addr !== undefined && contains(subnet, addr);
      },
    };
  }

  /** Stops the resolvers (berthd's shutdown); containers, endpoints and bridges stay. */
  async close(): Promise<void> {
    await this.dns.close();
  }

  /** Loads the records and makes the predefined networks; touches nothing on the host. */
  async init(): Promise<void> {
    await this.store.init();
    for (const rec of await this.store.loadNetworks()) this.networks.set(rec.Id, rec);
    for (const ep of await this.store.loadEndpoints()) this.endpointsOf(ep.NetworkID).set(ep.ContainerID, ep);
    const stored = [...this.networks.values()];
    const routes = await hostRoutes();
    for (const rec of predefinedNetworks(this.config.options, stored, routes)) {
      const old = stored.find((n) => n.Name === rec.Name);
      if (old && old.Id !== rec.Id) this.networks.delete(old.Id);
      // A default bridge re-made with another subnet: its device's old gateway goes at the first attach.
      const was = old?.IPAM.Config[0];
      const oldSubnet = was && parseCidr(was.Subnet);
      if (old && old.Id !== rec.Id && was?.Gateway && oldSubnet && bridgeName(old) === bridgeName(rec)) {
        this.staleAddresses.set(bridgeName(rec), `${was.Gateway}/${oldSubnet.prefix}`);
      }
      if (old === rec) continue;
      await this.store.saveNetwork(rec);
      if (old && old.Id !== rec.Id) await this.store.removeNetwork(old.Id);
      this.networks.set(rec.Id, rec);
    }
    // `--bridge none` drops the default network, as dockerd.
    if (this.config.options.bridge === "none") {
      const br = stored.find((n) => n.Name === "bridge");
      if (br) {
        this.networks.delete(br.Id);
        await this.store.removeNetwork(br.Id);
      }
    }
  }

  private endpointsOf(networkId: string): Map<string, EndpointRecord> {
    let m = this.endpoints.get(networkId);
    if (!m) {
      m = new Map();
      this.endpoints.set(networkId, m);
    }
    return m;
  }

  list(filters: Map<string, string[]> = new Map()): NetworkRecord[] {
    return [...this.networks.values()].filter((n) => matchNetwork(n, filters, this.endpointsOf(n.Id).size));
  }

  /** By exact name, full ID, or unique ID prefix, as dockerd's FindNetwork. */
  get(ref: string): NetworkRecord {
    const all = [...this.networks.values()];
    const exact = all.find((n) => n.Id === ref) ?? all.find((n) => n.Name === ref);
    if (exact) return exact;
    const byPrefix = ref === "" ? [] : all.filter((n) => n.Id.startsWith(ref));
    if (byPrefix.length === 1) return byPrefix[0];
    if (byPrefix.length > 1) {
      throw new InvalidParameterError(
        `network ${ref} is ambiguous (${byPrefix.length} matches found based on ID prefix)`,
      );
    }
    throw new NotFoundError(`network ${ref} not found`);
  }

  containersOf(networkId: string): EndpointRecord[] {
    return [...this.endpointsOf(networkId).values()];
  }

  async create(req: NetworkCreateRequest): Promise<{ Id: string; Warning: string }> {
    const existing = [...this.networks.values()];
    const rec = recordFromRequest(req, existing);
    const taken = existing.map(subnetOf).filter((c) => c !== undefined);
    const mine = subnetOf(rec);
    if (mine) {
      if (taken.some((c) => overlaps(c, mine))) {
        throw new ForbiddenError("Pool overlaps with other one on this address space");
      }
    } else {
      const c = pickSubnet(this.config.options.pools, taken, await hostRoutes());
      rec.IPAM.Config = [{ Subnet: formatCidr(c), Gateway: formatIPv4(c.base + 1) }];
    }
    await this.store.saveNetwork(rec);
    this.networks.set(rec.Id, rec);
    this.events.emit("network", "create", rec.Id, { name: rec.Name, type: rec.Driver });
    return { Id: rec.Id, Warning: "" };
  }

  async remove(ref: string): Promise<void> {
    const rec = this.get(ref);
    if ((PREDEFINED as readonly string[]).includes(rec.Name)) {
      throw new ForbiddenError(`${rec.Name} is a pre-defined network and cannot be removed`);
    }
    if (this.endpointsOf(rec.Id).size > 0 || [...this.attaching].some((k) => k.startsWith(`${rec.Id}/`))) {
      throw new ForbiddenError(
        `error while removing network: network ${rec.Name} id ${rec.Id} has active endpoints`,
      );
    }
    await this.dns.stop(rec.Id);
    await this.teardownHost(rec);
    await this.ipam.drop(rec.Id);
    await this.store.removeNetwork(rec.Id);
    this.networks.delete(rec.Id);
    this.endpoints.delete(rec.Id);
    this.events.emit("network", "destroy", rec.Id, { name: rec.Name, type: rec.Driver });
  }

  /** Removes unused user networks matching `until` / `label` / `label!`; returns their names. */
  async prune(filters: Map<string, string[]>, untilMs?: number): Promise<string[]> {
    const removed: string[] = [];
    for (const rec of [...this.networks.values()]) {
      if ((PREDEFINED as readonly string[]).includes(rec.Name)) continue;
      if (this.endpointsOf(rec.Id).size > 0) continue;
      if (untilMs !== undefined && Date.parse(rec.Created) >= untilMs) continue;
      if (!matchLabels(rec.Labels, filters.get("label") ?? [])) continue;
      const not = filters.get("label!") ?? [];
      if (not.length > 0 && not.some((l) => matchLabels(rec.Labels, [l]))) continue;
      await this.remove(rec.Id);
      removed.push(rec.Name);
    }
    return removed;
  }

  /**
   * Joins the namespace at `netnsPath` to a network: address (persisted first), then the
   * CNI chain, then the endpoint record with the ADD result that DEL will need.
   */
  async attach(containerId: string, netnsPath: string, req: EndpointRequest): Promise<EndpointRecord> {
    const rec = this.get(req.network);
    if (rec.Driver !== "bridge") {
      throw new InvalidParameterError(
        `Cannot attach container ${containerId} to network ${rec.Name}: the ${rec.Driver} network has no endpoints`,
      );
    }
    const key = `${rec.Id}/${containerId}`;
    if (this.endpointsOf(rec.Id).has(containerId) || this.attaching.has(key)) {
      throw new ConflictError(`endpoint with name ${containerId} already exists in network ${rec.Name}`);
    }
    this.attaching.add(key);
    try {
      return await this.attachNew(rec, containerId, netnsPath, req);
    } finally {
      this.attaching.delete(key);
    }
  }

  private async attachNew(
    rec: NetworkRecord,
    containerId: string,
    netnsPath: string,
    req: EndpointRequest,
  ): Promise<EndpointRecord> {
    const subnet = subnetOf(rec);
    const cfg = rec.IPAM.Config[0];
    if (!subnet || !cfg)
      throw new InvalidParameterError(`Cannot attach to network ${rec.Name}: it has no IPv4 subnet`);
    if (req.ipv4Address && !rec.IPAM.Config.some((c) => c.Subnet)) {
      throw new InvalidParameterError(
        "user specified IP address is supported only when connecting to networks with user configured subnets",
      );
    }
    const range = cfg.IPRange ? parseCidr(cfg.IPRange) : undefined;
    const ip = await this.ipam.allocate(
      rec.Id,
      { subnet, gateway: parseIPv4(cfg.Gateway) ?? subnet.base + 1, range },
      containerId,
      req.ipv4Address,
    );
    const ports = req.ports ?? [];
    const ep: EndpointRecord = {
      EndpointID: randomBytes(32).toString("hex"),
      ContainerID: containerId,
      NetworkID: rec.Id,
      IPAddress: ip,
      IPPrefixLen: subnet.prefix,
      Gateway: cfg.Gateway,
      MacAddress: "",
      Aliases: req.aliases ?? [],
      IfName: req.ifName ?? "eth0",
      Netns: netnsPath,
      Ports: ports,
      Conf: chainFor(rec, ip, ports, req.macAddress, req.defaultRoute ?? true),
    };
    const att = this.attachment(ep);
    try {
      await this.store.saveEndpoint(ep);
      await this.bridgeReady(rec);
      await req.netnsReady;
      ep.Result = await this.cni.add(ep.Conf, att);
      ep.MacAddress = ep.Result.interfaces?.find((i) => i.sandbox && i.name === ep.IfName)?.mac ?? "";
      await this.store.saveEndpoint(ep);
      // The gateway address exists once the bridge plugin made the bridge: the resolver
      // binds it now, before the container runs (and refuses the start if it cannot).
      if (hasEmbeddedDns(rec)) await this.dns.serve(rec.Id, cfg.Gateway);
    } catch (err) {
      // A failed ADD undid itself (CniRunner.add); one that succeeded before a failed
      // record write is undone here, so nothing outlives the refusal.
      if (ep.Result) await this.cni.del(ep.Conf, att, ep.Result).catch(() => undefined);
      await this.store.removeEndpoint(rec.Id, containerId).catch(() => undefined);
      await this.ipam.release(rec.Id, containerId);
      throw new SystemError(
        `Cannot attach container ${containerId} to network ${rec.Name}: ${errorMessage(err)}`,
        {
          cause: err,
        },
      );
    }
    this.endpointsOf(rec.Id).set(containerId, ep);
    // As dockerd's connectToNetwork: at every start, and for `network connect`.
    this.events.emit("network", "connect", rec.Id, {
      container: containerId,
      name: rec.Name,
      type: rec.Driver,
    });
    return ep;
  }

  /** The host set-up of a network's bridge, once per bridge and berthd run (rulesReady). */
  private bridgeReady(rec: NetworkRecord): Promise<void> {
    const br = bridgeName(rec);
    const known = this.rulesReady.get(br);
    if (known) return known;
    const ready = (async () => {
      const stale = this.staleAddresses.get(br);
      if (stale) await removeBridgeAddress(br, stale);
      this.staleAddresses.delete(br);
      if (this.config.options.iptables) await ensureBridgeRules(br, rec.Internal, masqueradeOf(rec, true));
    })();
    this.rulesReady.set(br, ready);
    // A failure fails the attaches waiting on it; the next attach tries again.
    ready.catch(() => {
      if (this.rulesReady.get(br) === ready) this.rulesReady.delete(br);
    });
    return ready;
  }

  private attachment(ep: EndpointRecord) {
    return {
      containerId: ep.ContainerID,
      netns: ep.Netns,
      ifName: ep.IfName,
      runtimeConfig: ep.Ports.length > 0 ? { portMappings: ep.Ports } : undefined,
    };
  }

  /**
   * Leaves a network: CNI DEL with the cached ADD result (in reverse plugin order), then
   * the address and the record go, even if DEL failed (its error is still reported).
   */
  async detach(containerId: string, network: string): Promise<void> {
    const rec = this.get(network);
    const ep = this.endpointsOf(rec.Id).get(containerId);
    if (!ep) throw new NotFoundError(`container ${containerId} is not connected to network ${rec.Name}`);
    await this.release(ep);
  }

  private async release(ep: EndpointRecord): Promise<void> {
    let failure: unknown;
    try {
      await this.cni.del(ep.Conf, this.attachment(ep), ep.Result);
    } catch (err) {
      failure = err;
    }
    await this.ipam.release(ep.NetworkID, ep.ContainerID);
    await this.store.removeEndpoint(ep.NetworkID, ep.ContainerID);
    this.endpointsOf(ep.NetworkID).delete(ep.ContainerID);
    const net = this.networks.get(ep.NetworkID);
    if (net) {
      this.events.emit("network", "disconnect", net.Id, {
        container: ep.ContainerID,
        name: net.Name,
        type: net.Driver,
      });
    }
    if (failure) {
      this.log.warn("CNI DEL failed", {
        container: ep.ContainerID,
        network: ep.NetworkID,
        err: errorMessage(failure),
      });
      throw failure;
    }
  }

  /** Every endpoint on every network (the host ports berth has published). */
  allEndpoints(): EndpointRecord[] {
    return [...this.endpoints.values()].flatMap((m) => [...m.values()]);
  }

  /** All endpoints of a container, for the seam's release(rec). */
  endpointsOfContainer(containerId: string): EndpointRecord[] {
    return [...this.endpoints.values()].flatMap((m) => {
      const ep = m.get(containerId);
      return ep ? [ep] : [];
    });
  }

  /**
   * After a berthd restart: keeps the endpoints of containers that still run, and
   * releases (DEL, address, record) those of containers that died meanwhile or whose
   * ADD never finished.
   */
  async adoptEndpoints(isRunning: (containerId: string) => boolean): Promise<EndpointRecord[]> {
    const kept: EndpointRecord[] = [];
    for (const m of this.endpoints.values()) {
      for (const ep of [...m.values()]) {
        if (ep.Result && isRunning(ep.ContainerID)) {
          kept.push(ep);
          continue;
        }
        await this.release(ep).catch((err) =>
          this.log.warn("Cannot release a dead container's endpoint", {
            container: ep.ContainerID,
            err: errorMessage(err),
          }),
        );
      }
    }
    await this.releaseUnrecordedAddresses();
    // The kept endpoints' names are answered again: their networks' resolvers come back.
    for (const id of new Set(kept.map((ep) => ep.NetworkID))) {
      const rec = this.networks.get(id);
      const gw = rec?.IPAM.Config[0]?.Gateway;
      if (!rec || !gw || !hasEmbeddedDns(rec)) continue;
      await this.dns.serve(rec.Id, gw).catch((err) =>
        this.log.warn("Cannot restart a network's DNS resolver", {
          network: rec.Name,
          err: errorMessage(err),
        }),
      );
    }
    return kept;
  }

  /**
   * Addresses whose owner has no endpoint record: a kill -9 between the allocation and the
   * endpoint record's first write (attachNew's two steps). Never handed out twice, but
   * kept until freed here.
   */
  private async releaseUnrecordedAddresses(): Promise<void> {
    for (const rec of this.networks.values()) {
      const table = await this.ipam.allocations(rec.Id);
      const owners = new Set(Object.values(table));
      for (const owner of owners) {
        if (this.endpointsOf(rec.Id).has(owner) || this.attaching.has(`${rec.Id}/${owner}`)) continue;
        this.log.info("Releasing an address no endpoint holds", { network: rec.Name, owner });
        await this.ipam.release(rec.Id, owner);
      }
    }
  }

  /** The endpoint of a container on a network (by ID), if it has one. */
  endpointOf(containerId: string, networkId: string): EndpointRecord | undefined {
    return this.endpointsOf(networkId).get(containerId);
  }

  /** The bridge device and berth's rules of a network with no endpoints left. */
  private async teardownHost(rec: NetworkRecord): Promise<void> {
    if (rec.Driver !== "bridge") return;
    const br = bridgeName(rec);
    this.rulesReady.delete(br);
    // Independent of each other (the rules name the device, they do not need it): side by side.
    const [rules, link] = await Promise.allSettled([
      this.config.options.iptables ? removeBridgeRules(br, rec.Internal) : undefined,
      removeLink(br),
    ]);
    for (const r of [rules, link]) if (r.status === "rejected") throw r.reason;
  }
}
