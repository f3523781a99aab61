// `docker cp` on the service side: stat, tar and extract a path of a container's rootfs,
// with the rootfs mounted (and the container locked) for as long as each takes.

import type { Readable } from "node:stream";
import type tar from "tar-stream";
import { resolveUser } from "../runtime/user.ts";
import { archivePath, ContainerRoot, statPath } from "./archive.ts";
import { extractToDir } from "./archive-extract.ts";
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

/** The service's rootfs access is all `docker cp` needs; unit tests fake it with a plain dir. */
export function copyPaths(
  containers: Pick<ContainerService, "withRootfs" | "frozen">,
  tmpDir: string,
): CopyPaths {
  return {
    stat: (ref, path) =>
      containers.withRootfs(ref, async (_rec, rootfs, dir) =>
        statPath(await ContainerRoot.open(rootfs, dir, ref), path),
      ),
    archive: (ref, path, send) =>
      containers.withRootfs(ref, async (_rec, rootfs, dir) => {
        const root = await ContainerRoot.open(rootfs, dir, ref);
        await send(await archivePath(root, path));
      }),
    extract: (ref, path, input, opts) =>
      containers.withRootfs(ref, async (rec, rootfs, dir) => {
        const root = await ContainerRoot.open(rootfs, dir, ref);
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
