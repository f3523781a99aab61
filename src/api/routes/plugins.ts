// The plugin routes of a daemon with no plugins, answered as dockerd answers them then:
// an empty list, and `plugin "x" not found` for any plugin named. berth does not run
// managed plugins: installing or creating one is refused (501), never pretended.

import {
  InvalidParameterError,
  NotFoundError,
  NotImplementedError,
  SystemError,
} from "../../errdefs/errors.ts";
import { parseNormalizedNamed } from "../../image/reference.ts";
import { filtersParam, readJson, sendJson } from "../http-util.ts";
import type { RequestContext, Router } from "../router.ts";

// moby plugin.acceptedPluginFilterTags.
const PLUGIN_FILTERS = ["enabled", "capability"] as const;

const notFound = (name: string) => new NotFoundError(`plugin ${JSON.stringify(name)} not found`);

const unsupported = (what: string) =>
  new NotImplementedError(`Cannot ${what}: berth does not support Docker engine plugins`);

/** parseRemoteRef's check of `remote`, made before dockerd would contact the registry. */
function remoteParam(ctx: RequestContext): void {
  parseNormalizedNamed(ctx.query.get("remote") ?? "");
}

export function registerPluginRoutes(router: Router): void {
  router.get("/plugins", (ctx) => {
    const filters = filtersParam(ctx.query, PLUGIN_FILTERS);
    const enabled = filters.get("enabled");
    if (enabled) {
      // filters.GetBoolOrDefault: exactly one of true/1 or false/0.
      const isTrue = enabled.includes("true") || enabled.includes("1");
      const isFalse = enabled.includes("false") || enabled.includes("0");
      if (isTrue === isFalse) {
        throw new InvalidParameterError(
          `invalid filter 'enabled${enabled.length ? `=${enabled.join(",")}` : ""}'`,
        );
      }
    }
    sendJson(ctx.res, 200, []);
  });
  router.get("/plugins/privileges", (ctx) => {
    remoteParam(ctx);
    throw unsupported("read a plugin's privileges");
  });
  router.post("/plugins/pull", (ctx) => {
    remoteParam(ctx);
    throw unsupported("install a plugin");
  });
  router.post("/plugins/create", () => {
    throw unsupported("create a plugin");
  });
  router.get("/plugins/{name*}/json", (ctx) => {
    throw notFound(ctx.params.name);
  });
  router.post("/plugins/{name*}/enable", (ctx) => {
    const timeout = ctx.query.get("timeout") ?? "";
    // strconv.Atoi's failure, which dockerd does not type (a 500).
    if (!/^[+-]?\d+$/.test(timeout))
      throw new SystemError(`strconv.Atoi: parsing ${JSON.stringify(timeout)}: invalid syntax`);
    throw notFound(ctx.params.name);
  });
  for (const action of ["disable", "push"]) {
    router.post(`/plugins/{name*}/${action}`, (ctx) => {
      throw notFound(ctx.params.name);
    });
  }
  router.post("/plugins/{name*}/upgrade", async (ctx) => {
    remoteParam(ctx);
    await readJson(ctx.req);
    throw notFound(ctx.params.name);
  });
  router.post("/plugins/{name*}/set", async (ctx) => {
    await readJson(ctx.req);
    throw notFound(ctx.params.name);
  });
  router.delete("/plugins/{name*}", (ctx) => {
    throw notFound(ctx.params.name);
  });
}
