// Engine API wire types of the container read endpoints (`GET /containers/json`,
// `GET /containers/{id}/json`, prune), as the v1.44 spec defines them. The write side is in
// container-create.ts, the configurations in container-config.ts and host-config.ts.

import type { ContainerConfig } from "./container-config.ts";
import type { HostConfig, PortMap } from "./host-config.ts";
import type { EndpointSettings } from "./network.ts";

// Kept for the CLI's import until it moves to exec.ts (its files are being split apart).
export type { ExecInspect } from "./exec.ts";

/** `Port` in the spec: one published or exposed port of a container summary. */
export interface PortSummary {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

/** `MountPoint` in the spec, as summaries and inspect list them. */
export interface MountPoint {
  Type?: string;
  Name?: string;
  Source: string;
  Destination?: string;
  Driver?: string;
  Mode?: string;
  RW?: boolean;
  Propagation?: string;
}

/** `ContainerSummary`: one row of `GET /containers/json` (and of `system df`'s Containers). */
export interface ContainerSummary {
  Id: string;
  Names: string[] | null;
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  Ports?: PortSummary[] | null;
  SizeRw?: number;
  SizeRootFs?: number;
  Labels: Record<string, string> | null;
  State: string;
  Status: string;
  HostConfig?: { NetworkMode?: string };
  NetworkSettings?: { Networks: Record<string, EndpointSettings> | null } | null;
  Mounts: MountPoint[] | null;
}

/** `ContainerState.Status`. */
export type ContainerStatus =
  | "created"
  | "running"
  | "paused"
  | "restarting"
  | "removing"
  | "exited"
  | "dead";

/** `HealthcheckResult`: one run of the health check. */
export interface HealthcheckResult {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

/** `Health`: the health check's state. */
export interface Health {
  Status: "none" | "starting" | "healthy" | "unhealthy";
  FailingStreak: number;
  Log: HealthcheckResult[] | null;
}

/** `ContainerState`. */
export interface ContainerState {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  Health?: Health;
}

/** `GraphDriverData`: the storage driver's name and its paths. */
export interface GraphDriverData {
  Name: string;
  Data: Record<string, string>;
}

/** `NetworkSettings` of a container inspect (berth has no networks of its own yet). */
export interface NetworkSettings {
  Bridge: string;
  SandboxID: string;
  SandboxKey: string;
  Ports: PortMap | null;
  HairpinMode: boolean;
  LinkLocalIPv6Address: string;
  LinkLocalIPv6PrefixLen: number;
  SecondaryIPAddresses: unknown[] | null;
  SecondaryIPv6Addresses: unknown[] | null;
  EndpointID: string;
  Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  MacAddress: string;
  Networks: Record<string, EndpointSettings> | null;
}

/** `ContainerInspectResponse` (`GET /containers/{id}/json`). */
export interface ContainerInspect {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerState;
  Image: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  LogPath: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  Platform: string;
  MountLabel: string;
  ProcessLabel: string;
  AppArmorProfile: string;
  ExecIDs: string[] | null;
  HostConfig: HostConfig;
  GraphDriver: GraphDriverData;
  SizeRw?: number;
  SizeRootFs?: number;
  Mounts: MountPoint[];
  Config: ContainerConfig;
  NetworkSettings: NetworkSettings;
}

/** `ContainerPruneResponse`. */
export interface ContainerPruneResponse {
  ContainersDeleted: string[] | null;
  SpaceReclaimed: number;
}
