// Engine API wire types of the image read endpoints (`GET /images/json`,
// `GET /images/{name}/json`, history, remove, prune), as the v1.44 spec defines them.

import type { ContainerConfig } from "./container-config.ts";

/** `ImageSummary`: one row of `GET /images/json` (and of `system df`'s Images). */
export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: number;
  Size: number;
  SharedSize: number;
  /** Gone from v1.44; still sent to older clients. */
  VirtualSize?: number;
  Labels: Record<string, string> | null;
  Containers: number;
}

/** `ImageInspect` (`GET /images/{name}/json`). */
export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  DockerVersion: string;
  Author: string;
  Config: ContainerConfig | null;
  Architecture: string;
  Variant?: string | null;
  Os: string;
  OsVersion?: string | null;
  Size: number;
  /** Gone from v1.44; still sent to older clients. */
  VirtualSize?: number;
  /** Gone from v1.45; still sent to older clients. */
  Container?: string;
  ContainerConfig?: ContainerConfig | null;
  GraphDriver: { Name: string; Data: Record<string, string> };
  RootFS: { Type: string; Layers: string[] };
  Metadata: { LastTagTime: string };
}

/** `HistoryResponseItem`: one row of `GET /images/{name}/history`. */
export interface HistoryResponseItem {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** `ImageDeleteResponseItem`: what `DELETE /images/{name}` and prune report. */
export interface ImageDeleteResponseItem {
  Untagged?: string;
  Deleted?: string;
}

/** `ImagePruneResponse`. */
export interface ImagePruneResponse {
  ImagesDeleted: ImageDeleteResponseItem[] | null;
  SpaceReclaimed: number;
}
