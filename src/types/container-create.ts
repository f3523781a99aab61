// Engine API wire types of the container write endpoints (`POST /containers/create`,
// `POST /containers/{id}/update`, wait), as the v1.44 spec defines them.

import type { ContainerConfig } from "./container-config.ts";
import type { HostConfig, Resources, RestartPolicy } from "./host-config.ts";
import type { NetworkingConfig } from "./network.ts";

/** `POST /containers/create`'s body: the ContainerConfig with HostConfig and NetworkingConfig beside it. */
export interface ContainerCreateRequest extends ContainerConfig {
  HostConfig?: HostConfig | null;
  NetworkingConfig?: NetworkingConfig | null;
}

/** `ContainerCreateResponse`. */
export interface ContainerCreateResponse {
  Id: string;
  Warnings: string[];
}

/** `POST /containers/{id}/update`'s body: the Resources and the restart policy. */
export interface ContainerUpdateRequest extends Resources {
  RestartPolicy?: RestartPolicy | null;
}

/** `POST /containers/{id}/update`'s reply. */
export interface ContainerUpdateResponse {
  Warnings: string[] | null;
}

/** `ContainerWaitExitError`: why waiting for the exit failed. */
export interface ContainerWaitExitError {
  Message?: string;
}

/** `ContainerWaitResponse`; berthd always sends Error, null when there is none. */
export interface ContainerWaitResponse {
  StatusCode: number;
  Error?: ContainerWaitExitError | null;
}
