import { pipeline } from "node:stream/promises";
import { archivePath, ContainerRoot, statPath } from "../../container/archive.ts";
import { extractToDir } from "../../container/archive-extract.ts";
import type { PathStat } from "../../container/path-stat.ts";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import { resolveUser } from "../../runtime/user.ts";
import type { Daemon } from "../backend.ts";
import { boolParam } from "../http-util.ts";
import type { RequestContext, Router } from "../router.ts";

function statHeader(stat: PathStat): string {
  return Buffer.from(JSON.stringify(stat)).toString("base64");
}

function pathParam(ctx: RequestContext): string {
  const p = ctx.query.get("path");
  if (!p) throw new InvalidParameterError("path is required: give the path in the container with ?path=");
  return p;
}

/** `docker cp`: HEAD (stat), GET (tar of a path) and PUT (extract a tar) of /containers/{id}/archive. */
export function registerContainerArchiveRoutes(router: Router, daemon: Daemon): void {
  const containers = daemon.containers;

  router.head("/containers/{id}/archive", async (ctx) => {
    const ref = ctx.params.id;
    const path = pathParam(ctx);
    const stat = await containers.withRootfs(ref, async (_rec, rootfs, dir) =>
      statPath(await ContainerRoot.open(rootfs, dir, ref), path),
    );
    ctx.res.writeHead(200, { "X-Docker-Container-Path-Stat": statHeader(stat), "Content-Length": 0 });
    ctx.res.end();
  });

  router.add("GET", "/containers/{id}/archive", async (ctx) => {
    const ref = ctx.params.id;
    const path = pathParam(ctx);
    await containers.withRootfs(ref, async (_rec, rootfs, dir) => {
      const root = await ContainerRoot.open(rootfs, dir, ref);
      const { stat, stream, done } = await archivePath(root, path);
      ctx.res.writeHead(200, {
        "Content-Type": "application/x-tar",
        "X-Docker-Container-Path-Stat": statHeader(stat),
      });
      // The rootfs stays mounted until the tar is fully sent, or the client goes away (the
      // pipeline then destroys the pack, which closes its files), or a read fails (the
      // response is then cut, as Docker's).
      await Promise.allSettled([done, pipeline(stream, ctx.res)]);
    });
  });

  router.put("/containers/{id}/archive", async (ctx) => {
    const ref = ctx.params.id;
    const path = pathParam(ctx);
    const noOverwriteDirNonDir = boolParam(ctx.query, "noOverwriteDirNonDir");
    const copyUIDGID = boolParam(ctx.query, "copyUIDGID");
    await containers.withRootfs(ref, async (rec, rootfs, dir) => {
      const root = await ContainerRoot.open(rootfs, dir, ref);
      let chown: { uid: number; gid: number } | undefined;
      if (copyUIDGID && rec.Config.User) {
        // As Docker: with copyUIDGID the files belong to the container's user.
        const user = await resolveUser(rootfs, rec.Config.User, []);
        chown = { uid: user.uid, gid: user.gid };
      }
      await extractToDir(root, path, ctx.req, {
        noOverwriteDirNonDir,
        ...(chown ? { chown } : {}),
        readonlyRootfs: Boolean(rec.HostConfig.ReadonlyRootfs),
        frozen: (fn) => containers.frozen(rec, fn),
        tmpDir: daemon.images.tmpDir,
      });
    });
    ctx.res.writeHead(200, { "Content-Length": 0 });
    ctx.res.end();
  });
}
