// `GET /info` on the service side: the engine's figures and the host's, in Docker's shape.

import os from "node:os";
import { cgroupVersion } from "../runtime/cgroups.ts";
import type { SystemInfo } from "../types/system.ts";
import { backingFilesystem, operatingSystem } from "./host-facts.ts";

/** The engine's side of /info. */
export interface InfoSource {
  /** Persistent engine ID, as dockerd's `engine-id` file. */
  readonly id: string;
  readonly dataRoot: string;
  readonly debug: boolean;
  readonly serverVersion: string;
  containerCounts(): { total: number; running: number; paused: number; stopped: number };
  imageCount(): number;
  runtimes(): Record<string, { path: string }>;
  defaultRuntime(): string;
}

/** The host's side of /info; tests replace it. */
export interface HostFacts {
  backingFilesystem(dataRoot: string): Promise<string>;
  operatingSystem(): Promise<string>;
  hostName(): string;
  cgroupVersion(): string;
}

export const realHost: HostFacts = {
  backingFilesystem,
  operatingSystem,
  hostName: () => os.hostname(),
  cgroupVersion,
};

export async function systemInfo(src: InfoSource, host: HostFacts = realHost): Promise<SystemInfo> {
  const images = src.imageCount();
  const containers = src.containerCounts();
  return {
    ID: src.id,
    Containers: containers.total,
    ContainersRunning: containers.running,
    ContainersPaused: containers.paused,
    ContainersStopped: containers.stopped,
    Images: images,
    Driver: "overlay2",
    DriverStatus: [
      ["Backing Filesystem", await host.backingFilesystem(src.dataRoot)],
      ["Supports d_type", "true"],
      ["Using metacopy", "false"],
      ["Native Overlay Diff", "true"],
      ["userxattr", "false"],
    ],
    Plugins: {
      Volume: ["local"],
      Network: ["bridge", "host", "null"],
      Authorization: null,
      Log: ["json-file"],
    },
    MemoryLimit: true,
    SwapLimit: true,
    KernelMemoryTCP: false,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    BridgeNfIptables: false,
    BridgeNfIp6tables: false,
    Debug: src.debug,
    NFd: 0,
    OomKillDisable: true,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: "json-file",
    CgroupDriver: "cgroupfs",
    CgroupVersion: host.cgroupVersion(),
    NEventsListener: 0,
    KernelVersion: os.release(),
    OperatingSystem: await host.operatingSystem(),
    OSVersion: "",
    OSType: "linux",
    Architecture: os.machine(),
    IndexServerAddress: "https://index.docker.io/v1/",
    RegistryConfig: {
      AllowNondistributableArtifactsCIDRs: null,
      AllowNondistributableArtifactsHostnames: null,
      InsecureRegistryCIDRs: ["127.0.0.0/8"],
      IndexConfigs: {
        "docker.io": { Name: "docker.io", Mirrors: [], Secure: true, Official: true },
      },
      Mirrors: null,
    },
    NCPU: os.cpus().length,
    MemTotal: os.totalmem(),
    GenericResources: null,
    DockerRootDir: src.dataRoot,
    HttpProxy: process.env.HTTP_PROXY ?? "",
    HttpsProxy: process.env.HTTPS_PROXY ?? "",
    NoProxy: process.env.NO_PROXY ?? "",
    Name: host.hostName(),
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: src.serverVersion,
    Runtimes: src.runtimes(),
    DefaultRuntime: src.defaultRuntime(),
    Swarm: {
      NodeID: "",
      NodeAddr: "",
      LocalNodeState: "inactive",
      ControlAvailable: false,
      Error: "",
      RemoteManagers: null,
    },
    LiveRestoreEnabled: true,
    Isolation: "",
    InitBinary: "docker-init",
    ContainerdCommit: { ID: "" },
    RuncCommit: { ID: "" },
    InitCommit: { ID: "" },
    SecurityOptions: ["name=seccomp,profile=builtin"],
    DefaultAddressPools: [],
    Warnings: [],
  };
}
