// Engine API wire types of the system endpoints (`GET /system/df`, `GET /info`), as the
// v1.44 spec defines them.

import type { ContainerSummary } from "./container.ts";
import type { ImageSummary } from "./image.ts";
import type { Volume } from "./volume.ts";

/** `GET /system/df`'s reply (the spec's inline SystemDataUsageResponse). */
export interface DiskUsage {
  LayersSize: number;
  Images: ImageSummary[];
  Containers: ContainerSummary[];
  Volumes: Volume[];
  BuildCache: {
    ID?: string;
    Parent?: string;
    Parents?: string[] | null;
    Type?: string;
    Description?: string;
    Size: number;
    InUse: boolean;
    Shared: boolean;
    CreatedAt?: string;
    LastUsedAt?: string | null;
    UsageCount?: number;
  }[];
}

/** `IndexInfo` of a registry in `RegistryServiceConfig`. */
export interface IndexInfo {
  Name: string;
  Mirrors: string[];
  Secure: boolean;
  Official: boolean;
}

/** `Commit`: the version of a bundled component. */
export interface Commit {
  ID: string;
  Expected?: string;
}

/** `SystemInfo` (`GET /info`). */
export interface SystemInfo {
  ID: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver: string;
  DriverStatus: [string, string][];
  Plugins: {
    Volume: string[];
    Network: string[];
    Authorization: string[] | null;
    Log: string[];
  };
  MemoryLimit: boolean;
  SwapLimit: boolean;
  KernelMemoryTCP: boolean;
  CpuCfsPeriod: boolean;
  CpuCfsQuota: boolean;
  CPUShares: boolean;
  CPUSet: boolean;
  PidsLimit: boolean;
  IPv4Forwarding: boolean;
  BridgeNfIptables: boolean;
  BridgeNfIp6tables: boolean;
  Debug: boolean;
  NFd: number;
  OomKillDisable: boolean;
  NGoroutines: number;
  SystemTime: string;
  LoggingDriver: string;
  CgroupDriver: string;
  CgroupVersion: string;
  NEventsListener: number;
  KernelVersion: string;
  OperatingSystem: string;
  OSVersion: string;
  OSType: string;
  Architecture: string;
  IndexServerAddress: string;
  RegistryConfig: {
    AllowNondistributableArtifactsCIDRs: string[] | null;
    AllowNondistributableArtifactsHostnames: string[] | null;
    InsecureRegistryCIDRs: string[];
    IndexConfigs: Record<string, IndexInfo>;
    Mirrors: string[] | null;
  };
  NCPU: number;
  MemTotal: number;
  GenericResources: unknown[] | null;
  DockerRootDir: string;
  HttpProxy: string;
  HttpsProxy: string;
  NoProxy: string;
  Name: string;
  Labels: string[];
  ExperimentalBuild: boolean;
  ServerVersion: string;
  Runtimes: Record<string, { path: string; runtimeArgs?: string[] }>;
  DefaultRuntime: string;
  Swarm: {
    NodeID: string;
    NodeAddr: string;
    LocalNodeState: string;
    ControlAvailable: boolean;
    Error: string;
    RemoteManagers: unknown[] | null;
  };
  LiveRestoreEnabled: boolean;
  Isolation: string;
  InitBinary: string;
  ContainerdCommit: Commit;
  RuncCommit: Commit;
  InitCommit: Commit;
  SecurityOptions: string[];
  DefaultAddressPools: { Base: string; Size: number }[];
  Warnings: string[];
}
