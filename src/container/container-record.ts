import type { ContainerState, ContainerStatus } from "../types/container.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { HostConfig } from "../types/host-config.ts";
import type { NetworkingConfig } from "../types/network.ts";

export type { ContainerState, ContainerStatus };

export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** A container as berthd persists it (`containers/<id>/container.json`), in Docker's field names. */
export interface ContainerRecord {
  ID: string;
  Created: string;
  Path: string;
  Args: string[];
  Config: ContainerConfig & { Image: string };
  HostConfig: HostConfig;
  NetworkingConfig?: NetworkingConfig;
  /**
   * Set by `network disconnect` from the network of HostConfig.NetworkMode: the container
   * no longer joins it (dockerd drops it from NetworkSettings.Networks; NetworkMode stays).
   */
  NetworkModeDisconnected?: boolean;
  /** Image ID (config digest). */
  Image: string;
  /** With the leading slash, as Docker. */
  Name: string;
  RestartCount: number;
  State: ContainerState;
  /** The OCI runtime that runs it (runc, crun). */
  Runtime: string;
  /** cgroupsPath handed to the runtime. */
  CgroupsPath: string;
  /** The monitor of the current run, for live restore. */
  MonitorPid?: number;
  /** Set by stop/kill from a user, so restart policies do not bring it back. */
  ManuallyStopped?: boolean;
  /**
   * A builder's intermediate container: its upper dir is committed as a layer or thrown
   * away, never kept across a crash, so its overlay is mounted `volatile` (see rootfs.ts).
   */
  Ephemeral?: boolean;
}

export function initialState(): ContainerState {
  return {
    Status: "created",
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    Error: "",
    StartedAt: ZERO_TIME,
    FinishedAt: ZERO_TIME,
  };
}
