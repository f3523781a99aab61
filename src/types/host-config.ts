// Engine API wire types of a container's host configuration (`HostConfig`, `Resources` and
// the shapes inside them), as the v1.44 spec defines them. Fields are optional as on the
// wire; `null` is allowed where Docker's clients send it (Go pointers, nil slices and maps).

/** `RestartPolicy`: the one shape of `--restart`, for create, update and the record. */
export interface RestartPolicy {
  /** Empty means `no`. */
  Name?: "" | "no" | "always" | "unless-stopped" | "on-failure" | (string & {});
  MaximumRetryCount?: number;
}

/** `HostConfig.LogConfig`: the log driver and its options. */
export interface LogConfig {
  Type?: string;
  Config?: Record<string, string> | null;
}

/** `PortBinding`: one host address and port a container port is published on. */
export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

/** `PortMap`: container port (`80/tcp`) to its host bindings. */
export type PortMap = Record<string, PortBinding[] | null>;

/** `Mount.BindOptions`. */
export interface MountBindOptions {
  Propagation?: "private" | "rprivate" | "shared" | "rshared" | "slave" | "rslave";
  NonRecursive?: boolean;
  CreateMountpoint?: boolean;
  ReadOnlyNonRecursive?: boolean;
  ReadOnlyForceRecursive?: boolean;
}

/** `Mount.VolumeOptions`. */
export interface MountVolumeOptions {
  NoCopy?: boolean;
  Labels?: Record<string, string> | null;
  DriverConfig?: { Name?: string; Options?: Record<string, string> | null } | null;
}

/** `Mount.TmpfsOptions`. */
export interface MountTmpfsOptions {
  SizeBytes?: number;
  Mode?: number;
}

/** `Mount`: one entry of `HostConfig.Mounts` (`--mount`). */
export interface Mount {
  Target?: string;
  Source?: string;
  Type?: "bind" | "volume" | "tmpfs" | "npipe" | "cluster";
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: MountBindOptions | null;
  VolumeOptions?: MountVolumeOptions | null;
  TmpfsOptions?: MountTmpfsOptions | null;
}

/** `DeviceMapping`: a host device made visible in the container (`--device`). */
export interface DeviceMapping {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
}

/** `DeviceRequest`: a request for devices from a driver (`--gpus`). */
export interface DeviceRequest {
  Driver?: string;
  Count?: number;
  DeviceIDs?: string[] | null;
  Capabilities?: string[][] | null;
  Options?: Record<string, string> | null;
}

/** `ThrottleDevice`: a bandwidth or IOPS limit on a block device. */
export interface ThrottleDevice {
  Path?: string;
  Rate?: number;
}

/** An entry of `Resources.BlkioWeightDevice`. */
export interface WeightDevice {
  Path?: string;
  Weight?: number;
}

/** An entry of `Resources.Ulimits`; -1 means unlimited. */
export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

/** `Resources`: the limits `create` sets and `update` may change. */
export interface Resources {
  CpuShares?: number;
  Memory?: number;
  CgroupParent?: string;
  BlkioWeight?: number;
  BlkioWeightDevice?: WeightDevice[] | null;
  BlkioDeviceReadBps?: ThrottleDevice[] | null;
  BlkioDeviceWriteBps?: ThrottleDevice[] | null;
  BlkioDeviceReadIOps?: ThrottleDevice[] | null;
  BlkioDeviceWriteIOps?: ThrottleDevice[] | null;
  CpuPeriod?: number;
  CpuQuota?: number;
  CpuRealtimePeriod?: number;
  CpuRealtimeRuntime?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  Devices?: DeviceMapping[] | null;
  DeviceCgroupRules?: string[] | null;
  DeviceRequests?: DeviceRequest[] | null;
  KernelMemoryTCP?: number;
  MemoryReservation?: number;
  MemorySwap?: number;
  MemorySwappiness?: number | null;
  NanoCpus?: number;
  OomKillDisable?: boolean | null;
  Init?: boolean | null;
  PidsLimit?: number | null;
  Ulimits?: Ulimit[] | null;
  CpuCount?: number;
  CpuPercent?: number;
  IOMaximumIOps?: number;
  IOMaximumBandwidth?: number;
}

/** `HostConfig`: how the container runs on this host (the `Resources` plus everything else). */
export interface HostConfig extends Resources {
  Binds?: string[] | null;
  ContainerIDFile?: string;
  LogConfig?: LogConfig | null;
  NetworkMode?: string;
  PortBindings?: PortMap | null;
  RestartPolicy?: RestartPolicy | null;
  AutoRemove?: boolean;
  VolumeDriver?: string;
  VolumesFrom?: string[] | null;
  Mounts?: Mount[] | null;
  /** `[height, width]`. */
  ConsoleSize?: [number, number] | null;
  Annotations?: Record<string, string> | null;
  CapAdd?: string[] | null;
  CapDrop?: string[] | null;
  /** `private` or `host`; empty takes the daemon's default. */
  CgroupnsMode?: string;
  Dns?: string[] | null;
  DnsOptions?: string[] | null;
  DnsSearch?: string[] | null;
  ExtraHosts?: string[] | null;
  GroupAdd?: string[] | null;
  IpcMode?: string;
  Cgroup?: string;
  Links?: string[] | null;
  OomScoreAdj?: number;
  PidMode?: string;
  Privileged?: boolean;
  PublishAllPorts?: boolean;
  ReadonlyRootfs?: boolean;
  SecurityOpt?: string[] | null;
  StorageOpt?: Record<string, string> | null;
  Tmpfs?: Record<string, string> | null;
  UTSMode?: string;
  UsernsMode?: string;
  ShmSize?: number;
  Sysctls?: Record<string, string> | null;
  Runtime?: string;
  /** `default`, `process` or `hyperv` (Windows only). */
  Isolation?: string;
  MaskedPaths?: string[] | null;
  ReadonlyPaths?: string[] | null;
}
