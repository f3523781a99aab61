// `docker cp` on the service side: stat, tar and extract a path of a container's rootfs,
// with the rootfs mounted (and the container locked) for as long as each takes.

import type { Readable } from "node:stream";
import type tar from "tar-stream";
import { resolveUser } from "../runtime/user.ts";
import { archivePath, ContainerRoot, type CopyMount, statPath } from "./archive.ts";
import { extractToDir } from "./archive-extract.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerService } from "./container-service.ts";
import type { PathStat } from "./path-stat.ts";

/** A tar of a container path, ready to send: its stat, the stream, and when it is complete. */
export interface PathArchive {
  stat: PathStat;
  stream: tar.Pack;
  done: Promise<void>;
}

export interface CopyPaths {
  stat(ref: string, path: string): Promise<PathStat>;
  /** Hands the tar to `send`; the rootfs stays mounted until `send` settles. */
  archive(ref: string, path: string, send: (a: PathArchive) => Promise<void>): Promise<void>;
  extract(
    ref: string,
    path: string,
    input: Readable,
    opts: { noOverwriteDirNonDir: boolean; copyUIDGID: boolean },
  ): Promise<void>;
}

/**
 * The container's volumes and binds where `cp` reaches them on the host, for as long as `fn`
 * runs (src/volume/'s ContainerVolumes.withHostMounts: a stopped container's volumes are
 * mounted meanwhile, as dockerd mounts them for cp).
 */
export type HostMounts = <T>(rec: ContainerRecord, fn: (mounts: CopyMount[]) => Promise<T>) => Promise<T>;

const noMounts: HostMounts = (_rec, fn) => fn([]);

/** The service's rootfs access is all `docker cp` needs; unit tests fake it with a plain dir. */
export function copyPaths(
  containers: Pick<ContainerService, "withRootfs" | "frozen">,
  tmpDir: string,
  hostMounts: HostMounts = noMounts,
): CopyPaths {
  const withRoot = <T>(
    ref: string,
    fn: (root: ContainerRoot, rec: ContainerRecord, rootfs: string) => Promise<T>,
  ) =>
    containers.withRootfs(ref, (rec, rootfs, dir) =>
      hostMounts(rec, async (mounts) => fn(await ContainerRoot.open(rootfs, dir, ref, mounts), rec, rootfs)),
    );
  return {
    stat: (ref, path) => withRoot(ref, (root) => statPath(root, path)),
    archive: (ref, path, send) =>
      withRoot(ref, async (root) => {
        await send(await archivePath(root, path));
      }),
    extract: (ref, path, input, opts) =>
      withRoot(ref, async (root, rec, rootfs) => {
        let chown: { uid: number; gid: number } | undefined;
        if (opts.copyUIDGID && rec.Config.User) {
          // As Docker: with copyUIDGID the files belong to the container's user.
          const user = await resolveUser(rootfs, rec.Config.User, []);
          chown = { uid: user.uid, gid: user.gid };
        }
        await extractToDir(root, path, input, {
          noOverwriteDirNonDir: opts.noOverwriteDirNonDir,
          ...(chown ? { chown } : {}),
          readonlyRootfs: Boolean(rec.HostConfig.ReadonlyRootfs),
          frozen: (fn) => containers.frozen(rec, fn),
          tmpDir,
        });
      }),
  };
}
