// `GET /containers/{id}/json` on the service side: the record as Docker's inspect shows it.

import type { ContainerInspect } from "../types/container.ts";
import { mountsView } from "../volume/container-volumes.ts";
import type { ContainerRecord } from "./container-record.ts";
import { hostConfigView } from "./host-config-view.ts";

/** What the view reads beyond the record: paths, running execs and the image's layer dirs. */
export interface InspectSource {
  /** The container's directory (`containers/<id>`). */
  dir(id: string): string;
  logPath(rec: ContainerRecord): string;
  /** IDs of the container's execs that are running. */
  runningExecs(id: string): string[];
  /** The image's layer dirs, lowest first; none when the image is gone. */
  imageLayerDirs(imageId: string): string[];
  sizes(rec: ContainerRecord): Promise<{ SizeRw: number; SizeRootFs: number }>;
  /** What the container's network resource shows (addresses, ports, networks). */
  networkSettings?(rec: ContainerRecord): Partial<ContainerInspect["NetworkSettings"]>;
}

/** The inspect document of `rec`; with `withSize`, SizeRw and SizeRootFs at the end. */
export async function inspectContainer(
  src: InspectSource,
  rec: ContainerRecord,
  withSize: boolean,
): Promise<ContainerInspect> {
  const dir = src.dir(rec.ID);
  const lowers = src.imageLayerDirs(rec.Image).reverse();
  const body: ContainerInspect = {
    Id: rec.ID,
    Created: rec.Created,
    Path: rec.Path,
    Args: rec.Args,
    State: { ...rec.State },
    Image: rec.Image,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    // As dockerd: a driver that keeps no file has no path.
    // dockerd shows no path for none or journald, nor for local: that file's layout is not an API.
    LogPath: ["none", "local", "journald"].includes(rec.HostConfig.LogConfig?.Type ?? "")
      ? ""
      : src.logPath(rec),
    Name: rec.Name,
    RestartCount: rec.RestartCount,
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: src.runningExecs(rec.ID),
    HostConfig: hostConfigView(rec.HostConfig, {
      NetworkMode: "default",
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
      LogConfig: { Type: "json-file", Config: {} },
    }),
    GraphDriver: {
      Name: "overlay2",
      Data: {
        LowerDir: lowers.join(":"),
        MergedDir: `${dir}/rootfs`,
        UpperDir: `${dir}/upper`,
        WorkDir: `${dir}/work`,
      },
    },
    Mounts: mountsView(rec),
    Config: rec.Config,
    NetworkSettings: {
      Bridge: "",
      SandboxID: "",
      SandboxKey: "",
      Ports: {},
      HairpinMode: false,
      LinkLocalIPv6Address: "",
      LinkLocalIPv6PrefixLen: 0,
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: "",
      Gateway: "",
      GlobalIPv6Address: "",
      GlobalIPv6PrefixLen: 0,
      IPAddress: "",
      IPPrefixLen: 0,
      IPv6Gateway: "",
      MacAddress: "",
      Networks: {},
      ...src.networkSettings?.(rec),
    },
  };
  if (withSize) Object.assign(body, await src.sizes(rec));
  return body;
}
