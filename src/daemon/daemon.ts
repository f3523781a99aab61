import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ContainerService } from "../container/container-service.ts";
import { InitFiles } from "../container/init-files.ts";
import { logSettings } from "../container/log-options.ts";
import { ImageService } from "../image/image-service.ts";
import { ContainerNetwork, peerNotRunning } from "../network/container-network.ts";
import { containerLinks } from "../network/links.ts";
import { NetnsManager } from "../network/netns.ts";
import { networkOptions } from "../network/network-options.ts";
import { NetworkService } from "../network/network-service.ts";
import { runtimeUnsupportedReason } from "../runtime/oci-runtime.ts";
import { writeFileAtomic } from "../util/atomic-file.ts";
import { EventBus } from "../util/events.ts";
import type { Logger } from "../util/logger.ts";
import { ContainerVolumes } from "../volume/container-volumes.ts";
import { MountPins } from "../volume/mount-pins.ts";
import { VolumeService } from "../volume/volume-service.ts";
import type { DaemonConfig } from "./config.ts";

/** The composition root: every service berthd runs, wired once. */
export class Daemon {
  readonly config: DaemonConfig;
  readonly log: Logger;
  readonly events = new EventBus();
  readonly images: ImageService;
  readonly containers: ContainerService;
  readonly networks: NetworkService;
  readonly containerNetwork: ContainerNetwork;
  readonly volumes: VolumeService;
  /** The container seam's volumes, which `cp` also asks where a container's mounts are. */
  readonly containerVolumes: ContainerVolumes;
  /** Persistent engine ID, as dockerd's `engine-id` file. */
  id = "";
  readonly startedAt = new Date();

  constructor(config: DaemonConfig, log: Logger) {
    this.config = config;
    this.log = log;
    this.images = new ImageService(config.dataRoot, this.events, log.child({ module: "image" }));
    const extra = config.extra as {
      "default-runtime"?: string;
      runtimes?: Record<string, { path?: string }>;
      "log-opts"?: Record<string, string>;
      "log-driver"?: string;
    };
    const logDriver = extra["log-driver"] || "json-file";
    // berth's json-file default rotates (10 MB × 3); other drivers keep their own defaults.
    const logOpts =
      logDriver === "json-file"
        ? { "max-size": "10m", "max-file": "3", ...extra["log-opts"] }
        : { ...extra["log-opts"] };
    // A bad daemon.json log setting stops berthd at start, not every later create.
    logSettings(undefined, {}, { driver: logDriver, opts: logOpts });
    const containersDir = path.join(config.dataRoot, "containers");
    this.networks = new NetworkService(
      { dataRoot: config.dataRoot, options: networkOptions(config.extra) },
      this.events,
      log.child({ module: "network" }),
    );
    const netns = new NetnsManager(config.execRoot);
    this.containerNetwork = new ContainerNetwork(this.networks, netns, (ref) => {
      const peer = this.containers.get(ref);
      if (!peer.State.Running) throw peerNotRunning(peer.ID);
      return existsSync(netns.pathOf(peer.ID)) ? netns.pathOf(peer.ID) : `/proc/${peer.State.Pid}/ns/net`;
    });
    this.volumes = new VolumeService(config.dataRoot, this.events, log.child({ module: "volume" }));
    this.containerVolumes = new ContainerVolumes(
      this.volumes,
      (id) => {
        const image = this.images.store.get(id);
        return image ? this.images.layerDirs(image).reverse() : [];
      },
      { get: (ref) => this.containers.get(ref) },
      new MountPins(path.join(config.execRoot, "mounts")),
    );
    this.containers = new ContainerService({
      images: this.images,
      events: this.events,
      log: log.child({ module: "container" }),
      opts: {
        dataRoot: config.dataRoot,
        execRoot: config.execRoot,
        defaultRuntime: extra["default-runtime"] ?? "runc",
        runtimes: extra.runtimes ?? {},
        logOpts,
        logDriver,
      },
      // What a start acquires, in order: src/network/'s endpoint and src/volume/'s mounts
      // go before the init files (whose /etc/hosts lists the endpoint's names).
      resources: [
        this.containerNetwork,
        this.containerVolumes,
        new InitFiles(
          (id) => path.join(containersDir, id),
          (ref) => this.containers.store.find(ref),
        ),
      ],
      network: this.containerNetwork,
    });
    this.images.users = this.containers;
    this.networks.containerName = (id) => this.containers.store.find(id)?.Name.slice(1) ?? "";
    this.networks.containerDns = (id) => {
      const c = this.containers.store.find(id);
      if (!c) return undefined;
      return {
        name: c.Name.slice(1),
        hostname: c.Config.Hostname || undefined,
        dns: c.HostConfig.Dns ?? [],
        dnsOptions: c.HostConfig.DnsOptions ?? [],
        links: containerLinks(c.HostConfig, c.NetworkingConfig?.EndpointsConfig),
      };
    };
  }

  async init(): Promise<void> {
    const reason = runtimeUnsupportedReason(this.containers.defaultRuntimeName);
    if (reason)
      throw new Error(
        `Cannot start berthd with default-runtime ${this.containers.defaultRuntimeName}: ${reason}`,
      );
    if (runtimeUnsupportedReason("crun")) {
      this.log.warn("crun cannot run containers on this host", { reason: runtimeUnsupportedReason("crun") });
    }
    await this.images.init();
    await this.networks.init();
    await this.volumes.init();
    await this.containerVolumes.init();
    const idFile = this.dataPath("engine-id");
    try {
      this.id = (await readFile(idFile, "utf8")).trim();
    } catch {
      this.id = randomUUID();
      await writeFileAtomic(idFile, `${this.id}\n`);
    }
  }

  /** After the containers' restore: frees the network of containers that died while berthd was down. */
  async reclaimNetworks(): Promise<void> {
    await this.containerNetwork.reclaim(
      (id) => this.containers.store.find(id)?.State.Running === true,
      (id) => this.containers.store.find(id),
    );
  }

  dataPath(...parts: string[]): string {
    return path.join(this.config.dataRoot, ...parts);
  }
}
