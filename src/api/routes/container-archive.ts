import { pipeline } from "node:stream/promises";
import type { CopyPaths } from "../../container/copy-paths.ts";
import type { PathStat } from "../../container/path-stat.ts";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import { boolParam } from "../http-util.ts";
import type { RequestContext, Router } from "../router.ts";

/** What the archive routes need of berthd (moby's ArchiveBackend): `docker cp`'s three operations. */
export type ArchiveBackend = CopyPaths;

function statHeader(stat: PathStat): string {
  return Buffer.from(JSON.stringify(stat)).toString("base64");
}

function pathParam(ctx: RequestContext): string {
  const p = ctx.query.get("path");
  if (!p) throw new InvalidParameterError("path is required: give the path in the container with ?path=");
  return p;
}

/** `docker cp`: HEAD (stat), GET (tar of a path) and PUT (extract a tar) of /containers/{id}/archive. */
export function registerContainerArchiveRoutes(router: Router, archive: ArchiveBackend): void {
  router.head("/containers/{id}/archive", async (ctx) => {
    const stat = await archive.stat(ctx.params.id, pathParam(ctx));
    ctx.res.writeHead(200, { "X-Docker-Container-Path-Stat": statHeader(stat), "Content-Length": 0 });
    ctx.res.end();
  });

  router.add("GET", "/containers/{id}/archive", async (ctx) => {
    const path = pathParam(ctx);
    await archive.archive(ctx.params.id, path, async ({ stat, stream, done }) => {
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
    const path = pathParam(ctx);
    await archive.extract(ctx.params.id, path, ctx.req, {
      noOverwriteDirNonDir: boolParam(ctx.query, "noOverwriteDirNonDir"),
      copyUIDGID: boolParam(ctx.query, "copyUIDGID"),
    });
    ctx.res.writeHead(200, { "Content-Length": 0 });
    ctx.res.end();
  });
}
