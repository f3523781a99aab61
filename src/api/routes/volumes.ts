import { InvalidParameterError } from "../../errdefs/errors.ts";
import { validateRequestBody } from "../../schema/engine-schema.ts";
import type { VolumeCreateOptions } from "../../types/volume.ts";
import { LIST_FILTERS, PRUNE_FILTERS } from "../../volume/volume-filters.ts";
import type { VolumeService } from "../../volume/volume-service.ts";
import { boolParam, filtersParam, readJson, sendJson, sendNoContent } from "../http-util.ts";
import type { Router } from "../router.ts";

/** What the volume routes use of berthd. */
export interface VolumesBackend {
  readonly volumes: Pick<VolumeService, "list" | "get" | "create" | "remove" | "prune">;
}

export function registerVolumeRoutes(router: Router, backend: VolumesBackend): void {
  router.get("/volumes", (ctx) => {
    const filters = filtersParam(ctx.query, LIST_FILTERS);
    // dockerd's empty Warnings is an empty list since 1.42, never null.
    sendJson(ctx.res, 200, { Volumes: backend.volumes.list(filters), Warnings: [] });
  });

  router.get("/volumes/{name}", (ctx) => {
    sendJson(ctx.res, 200, backend.volumes.get(ctx.params.name));
  });

  router.post("/volumes/create", async (ctx) => {
    const body = validateRequestBody("VolumeCreate", await readJson<VolumeCreateOptions>(ctx.req)) ?? {};
    if (typeof body !== "object")
      throw new InvalidParameterError("Cannot create volume: the request body is not an object");
    sendJson(ctx.res, 201, await backend.volumes.create(body));
  });

  router.delete("/volumes/{name}", async (ctx) => {
    await backend.volumes.remove(ctx.params.name, boolParam(ctx.query, "force"));
    sendNoContent(ctx.res);
  });

  router.post("/volumes/prune", async (ctx) => {
    const filters = filtersParam(ctx.query, PRUNE_FILTERS);
    // Before API 1.42 prune removed every unused volume: older clients keep that, as dockerd.
    if (Number(ctx.apiVersion.split(".")[1]) < 42) filters.set("all", ["true"]);
    const { deleted, reclaimed } = await backend.volumes.prune(filters);
    sendJson(ctx.res, 200, {
      VolumesDeleted: deleted.length > 0 ? deleted : null,
      SpaceReclaimed: reclaimed,
    });
  });
}
