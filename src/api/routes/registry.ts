import { InvalidParameterError } from "../../errdefs/errors.ts";
import { decodeRegistryAuth, type RegistryCredentials } from "../../registry/auth.ts";
import { SEARCH_FILTERS, type SearchOptions } from "../../registry/search.ts";
import { validateRequestBody } from "../../schema/engine-schema.ts";
import type {
  AuthConfig,
  DistributionInspect,
  SearchResult,
  SystemAuthResponse,
} from "../../types/registry.ts";
import { clientGone, filtersParam, intParam, readJson, registryAuthHeader, sendJson } from "../http-util.ts";
import type { Router } from "../router.ts";

/** What the registry routes need of berthd: the login check and the search. */
export interface RegistryBackend {
  /** Checks the credentials against the registry; the identity token it hands out, if any. */
  login(creds: RegistryCredentials): Promise<string | undefined>;
  search(term: string, opts: SearchOptions): Promise<SearchResult[]>;
  /** What the registry holds under `name`: its manifest's descriptor and platforms. */
  distribution(
    name: string,
    opts: { creds?: RegistryCredentials; signal?: AbortSignal },
  ): Promise<DistributionInspect>;
}

export function registerRegistryRoutes(router: Router, registry: RegistryBackend): void {
  router.post("/auth", async (ctx) => {
    const body = validateRequestBody("SystemAuth", await readJson<AuthConfig>(ctx.req)) ?? {};
    const creds: RegistryCredentials = {
      username: body.username,
      password: body.password,
      identitytoken: body.identitytoken,
      serveraddress: body.serveraddress,
    };
    const identityToken = await registry.login(creds);
    const reply: SystemAuthResponse = { Status: "Login Succeeded", IdentityToken: identityToken ?? "" };
    sendJson(ctx.res, 200, reply);
  });

  router.get("/images/search", async (ctx) => {
    const term = ctx.query.get("term") ?? "";
    if (!term) throw new InvalidParameterError("Cannot search: give a search term (term=)");
    if (/^https?:\/\//.test(term)) {
      throw new InvalidParameterError(
        `invalid repository name: repository name (${term}) should not have a scheme`,
      );
    }
    // Docker's default when the client sends none (or 0).
    const limit = intParam(ctx.query, "limit") || 25;
    if (limit < 1 || limit > 100) {
      throw new InvalidParameterError(`limit ${limit} is outside the range of [1, 100]`);
    }
    const filters = filtersParam(ctx.query, SEARCH_FILTERS);
    const creds = decodeRegistryAuth(registryAuthHeader(ctx.req));
    sendJson(
      ctx.res,
      200,
      await registry.search(term, { limit, filters, creds, signal: clientGone(ctx.res) }),
    );
  });

  router.get("/distribution/{name*}/json", async (ctx) => {
    const creds = decodeRegistryAuth(registryAuthHeader(ctx.req));
    const signal = clientGone(ctx.res);
    sendJson(ctx.res, 200, await registry.distribution(ctx.params.name, { creds, signal }));
  });
}
