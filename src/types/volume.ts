// Engine API wire types of volumes (`/volumes/*`), as the v1.44 spec defines them (the
// swarm-only ClusterVolume parts left out: berth has no swarm).

/** `Volume.UsageData`: filled by `system df` only; -1 when not computed. */
export interface VolumeUsageData {
  Size: number;
  RefCount: number;
}

/** `Volume` (`GET /volumes`, `GET /volumes/{name}`). */
export interface Volume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Status?: Record<string, unknown>;
  Labels: Record<string, string> | null;
  Scope: "local" | "global";
  Options: Record<string, string> | null;
  UsageData?: VolumeUsageData | null;
}

/** `VolumeCreateOptions`: `POST /volumes/create`'s body. */
export interface VolumeCreateOptions {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/** `VolumeListResponse`. */
export interface VolumeListResponse {
  Volumes: Volume[] | null;
  Warnings: string[] | null;
}

/** `POST /volumes/prune`'s reply. */
export interface VolumePruneResponse {
  VolumesDeleted: string[] | null;
  SpaceReclaimed: number;
}
