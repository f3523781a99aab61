import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ContainerService } from "../container/container-service.ts";
import { ImageService } from "../image/image-service.ts";
import { networkOptions } from "../network/network-options.ts";
import { NetworkService } from "../network/network-service.ts";
import { runtimeUnsupportedReason } from "../runtime/oci-runtime.ts";
import { writeFileAtomic } from "../util/atomic-file.ts";
import { EventBus } from "../util/events.ts";
import type { Logger } from "../util/logger.ts";
import type { DaemonConfig } from "./config.ts";

/** The composition root: every service berthd runs, wired once. */
export class Daemon {
  readonly config: DaemonConfig;
  readonly log: Logger;
  readonly events = new EventBus();
  readonly images: ImageService;
  readonly containers: ContainerService;
  readonly networks: NetworkService;
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
    };
    this.containers = new ContainerService(this.images, this.events, log.child({ module: "container" }), {
      dataRoot: config.dataRoot,
      execRoot: config.execRoot,
      defaultRuntime: extra["default-runtime"] ?? "runc",
      runtimes: extra.runtimes ?? {},
      logOpts: { "max-size": "10m", "max-file": "3", ...extra["log-opts"] },
    });
    this.images.users = this.containers;
    this.networks = new NetworkService(
      { dataRoot: config.dataRoot, options: networkOptions(config.extra) },
      this.events,
      log.child({ module: "network" }),
    );
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
    const idFile = this.dataPath("engine-id");
    try {
      this.id = (await readFile(idFile, "utf8")).trim();
    } catch {
      this.id = randomUUID();
      await writeFileAtomic(idFile, `${this.id}\n`);
    }
  }

  containerCounts(): { total: number; running: number; paused: number; stopped: number } {
    return this.containers.counts();
  }

  async operatingSystem(): Promise<string> {
    try {
      const text = await readFile("/etc/os-release", "utf8");
      return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? "Linux";
    } catch {
      return "Linux";
    }
  }

  async backingFilesystem(): Promise<string> {
    try {
      const mounts = await readFile("/proc/self/mounts", "utf8");
      let best = { dir: "", type: "unknown" };
      for (const line of mounts.split("\n")) {
        const [, dir, type] = line.split(" ");
        if (!dir || !type) continue;
        const d = dir.replace(/\\040/g, " ");
        if (
          (this.config.dataRoot === d || this.config.dataRoot.startsWith(`${d.replace(/\/$/, "")}/`)) &&
          d.length >= best.dir.length
        ) {
          best = { dir: d, type };
        }
      }
      return best.type === "ext4" || best.type === "ext3" || best.type === "ext2" ? "extfs" : best.type;
    } catch {
      return "unknown";
    }
  }

  hostName(): string {
    return os.hostname();
  }

  dataPath(...parts: string[]): string {
    return path.join(this.config.dataRoot, ...parts);
  }
}
