// Engine API wire types of the container read endpoints (`GET /containers/json`,
// `GET /containers/{id}/json`, prune), as the v1.44 spec defines them. The create-side
// types (HostConfig, ContainerConfig, CreateRequest) get their home here later (issue 10,
// item 2): until then the inspect shape leaves them open.

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
  NetworkSettings?: { Networks: Record<string, unknown> | null } | null;
  Mounts: MountPoint[] | null;
}

/** `ContainerState`. */
export interface ContainerState {
  Status: string;
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
  Health?: unknown;
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
  Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
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
  Networks: Record<string, unknown> | null;
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
  /** The spec's HostConfig; typed when create's types move here (issue 10, item 2). */
  HostConfig: Record<string, unknown>;
  GraphDriver: GraphDriverData;
  SizeRw?: number;
  SizeRootFs?: number;
  Mounts: MountPoint[];
  /** The spec's ContainerConfig; typed when create's types move here (issue 10, item 2). */
  Config: Record<string, unknown>;
  NetworkSettings: NetworkSettings;
}

/** `ContainerPruneResponse`. */
export interface ContainerPruneResponse {
  ContainersDeleted: string[] | null;
  SpaceReclaimed: number;
}

/** `ExecInspectResponse` (`GET /exec/{id}/json`). */
export interface ExecInspect {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  ProcessConfig: {
    tty: boolean;
    entrypoint: string;
    arguments: string[];
    privileged: boolean;
    user: string;
  };
  OpenStdin: boolean;
  OpenStderr: boolean;
  OpenStdout: boolean;
  CanRemove: boolean;
  ContainerID: string;
  DetachKeys: string;
  Pid: number;
}
