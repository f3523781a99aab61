// The HostConfig of a container inspect as dockerd marshals moby's container.HostConfig: every
// field without `omitempty` present, with Go's zero value where the request left it unset
// (`null` slices and pointers, 0, "", false), the record's own values over them. Clients read
// fields they never set (docker-py's `Container.attrs`, `inspect -f '{{.HostConfig.Privileged}}'`).

import type { HostConfig } from "../types/host-config.ts";

/** moby's HostConfig (API 1.44) in its field order: the fields Go always writes. */
const GO_ZERO = {
  Binds: null,
  ContainerIDFile: "",
  LogConfig: { Type: "", Config: {} },
  NetworkMode: "",
  PortBindings: {},
  RestartPolicy: { Name: "", MaximumRetryCount: 0 },
  AutoRemove: false,
  VolumeDriver: "",
  VolumesFrom: null,
  ConsoleSize: [0, 0],
  CapAdd: null,
  CapDrop: null,
  CgroupnsMode: "",
  Dns: null,
  DnsOptions: null,
  DnsSearch: null,
  ExtraHosts: null,
  GroupAdd: null,
  IpcMode: "",
  Cgroup: "",
  Links: null,
  OomScoreAdj: 0,
  PidMode: "",
  Privileged: false,
  PublishAllPorts: false,
  ReadonlyRootfs: false,
  SecurityOpt: null,
  UTSMode: "",
  UsernsMode: "",
  ShmSize: 0,
  Isolation: "",
  CpuShares: 0,
  Memory: 0,
  NanoCpus: 0,
  CgroupParent: "",
  BlkioWeight: 0,
  BlkioWeightDevice: null,
  BlkioDeviceReadBps: null,
  BlkioDeviceWriteBps: null,
  BlkioDeviceReadIOps: null,
  BlkioDeviceWriteIOps: null,
  CpuPeriod: 0,
  CpuQuota: 0,
  CpuRealtimePeriod: 0,
  CpuRealtimeRuntime: 0,
  CpusetCpus: "",
  CpusetMems: "",
  Devices: null,
  DeviceCgroupRules: null,
  DeviceRequests: null,
  MemoryReservation: 0,
  MemorySwap: 0,
  MemorySwappiness: null,
  OomKillDisable: null,
  PidsLimit: null,
  Ulimits: null,
  CpuCount: 0,
  CpuPercent: 0,
  IOMaximumIOps: 0,
  IOMaximumBandwidth: 0,
  MaskedPaths: null,
  ReadonlyPaths: null,
} as const;

/** `hc` over Go's zero HostConfig, berth's defaults (`defaults`) for what the record leaves unset. */
export function hostConfigView(hc: HostConfig, defaults: Partial<HostConfig>): HostConfig {
  const out: Record<string, unknown> = { ...GO_ZERO, ...defaults };
  for (const [k, v] of Object.entries(hc)) if (v !== undefined) out[k] = v;
  return out as HostConfig;
}
