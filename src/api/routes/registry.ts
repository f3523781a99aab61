import type https from "node:https";
import { InvalidParameterError, SystemError, UnauthorizedError } from "../../errdefs/errors.ts";
import { DEFAULT_DOMAIN, LEGACY_DEFAULT_DOMAIN } from "../../image/reference.ts";
import { decodeRegistryAuth, type RegistryCredentials } from "../../registry/auth.ts";
import {
  RegistryClient,
  type RegistryConfig,
  readAll,
  registryErrorText,
  send,
} from "../../registry/registry-client.ts";
import { validateRequestBody } from "../../schema/engine-schema.ts";
import type { SearchResult } from "../../types/registry.ts";
import { filtersParam, intParam, readJson, sendJson } from "../http-util.ts";
import type { Router } from "../router.ts";

/** The registry domain a login's `serveraddress` names: Hub's URL or spellings, else the host. */
export function loginDomain(serveraddress: string | undefined): string {
  const addr = (serveraddress ?? "").trim();
  if (!addr) return DEFAULT_DOMAIN;
  const host = addr.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  if (host === DEFAULT_DOMAIN || host === LEGACY_DEFAULT_DOMAIN || host === "registry-1.docker.io") {
    return DEFAULT_DOMAIN;
  }
  return host;
}

/**
 * Docker's login check: `GET /v2/` with the credentials, through the challenge the registry
 * answers (Basic, or a Bearer token fetched from the realm with the credentials). The token
 * request asks for a refresh token (`offline_token=true`); one the server hands out is the
 * identity token the client stores instead of the password.
 */
async function checkLogin(creds: RegistryCredentials, config: RegistryConfig): Promise<string | undefined> {
  const client = new RegistryClient(loginDomain(creds.serveraddress), "", creds, config, {
    offlineToken: true,
  });
  // The probe first: for an insecure registry it picks the scheme the URL below names.
  await client.ping();
  const url = new URL("v2/", client.base);
  try {
    const res = await client.request("GET", url, { scopes: [] });
    const body = await readAll(res, 1024 * 1024);
    if (res.status !== 200) {
      throw new SystemError(`Get "${url.href}": ${registryErrorText(body, res.status)}`);
    }
    return client.identityToken;
  } catch (err) {
    if (err instanceof UnauthorizedError) {
      // The token server's or the registry's refusal, worded as Docker's.
      const cause = err.message.replace(/^(GET \S+|Cannot get a token from \S+): /, "");
      throw new UnauthorizedError(`Get "${url.href}": ${cause}`, { cause: err });
    }
    throw err;
  }
}

/** splitReposSearchTerm: a host-like first part names the registry, otherwise Docker Hub. */
export function splitSearchTerm(term: string): { domain: string; remainder: string } {
  const slash = term.indexOf("/");
  if (slash >= 0) {
    const first = term.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost") {
      const domain = first === LEGACY_DEFAULT_DOMAIN ? DEFAULT_DOMAIN : first;
      return { domain, remainder: term.slice(slash + 1) };
    }
  }
  return { domain: DEFAULT_DOMAIN, remainder: term };
}

/** The `filters` of a search (`stars`, `is-official`, `is-automated`), checked as Docker's. */
export interface SearchFilter {
  /** `is-automated=true`: Docker Hub no longer reports automated builds, so nothing matches. */
  matchesNothing: boolean;
  keep(r: SearchResult): boolean;
}

/** Docker's Service.Search filtering, from the parsed `filters` parameter. */
export function searchFilter(filters: Map<string, string[]>): SearchFilter {
  // filters.GetBoolOrDefault: one value, true/false/1/0 in any case.
  const bool = (k: string): boolean | undefined => {
    const v = filters.get(k);
    if (!v?.length) return undefined;
    const value = v[0].toLowerCase();
    if (v.length > 1 || !["true", "false", "1", "0"].includes(value)) {
      throw new InvalidParameterError(`invalid filter '${k}=${v.join(",")}'`);
    }
    return value === "true" || value === "1";
  };
  let stars = 0;
  for (const s of filters.get("stars") ?? []) {
    if (!/^[-+]?\d+$/.test(s)) throw new InvalidParameterError(`invalid filter 'stars=${s}'`);
    stars = Math.max(stars, Number(s));
  }
  const official = bool("is-official");
  const automated = bool("is-automated");
  return {
    matchesNothing: automated === true,
    keep: (r) => r.star_count >= stars && (official === undefined || r.is_official === official),
  };
}

/** Docker Hub's search index (registry.IndexServer). */
export const HUB_INDEX = new URL("https://index.docker.io/v1/");

/**
 * The v1 search API of an index (Docker Hub's): `GET <index>search?q=<term>&n=<limit>`, its
 * reply mapped to the Engine API's results. `is_automated` is always false, as Docker's
 * daemon reports it since Hub deprecated automated builds.
 */
export async function searchIndex(
  index: URL,
  term: string,
  limit: number,
  signal?: AbortSignal,
  tls?: https.RequestOptions,
): Promise<SearchResult[]> {
  const url = new URL("search", index);
  url.searchParams.set("q", term);
  url.searchParams.set("n", String(limit));
  const res = await send(url, { method: "GET", headers: { Accept: "application/json" }, signal, tls });
  const body = await readAll(res, 16 * 1024 * 1024);
  const failed = (cause: string) => new SystemError(`Cannot search ${index.host} for ${term}: ${cause}`);
  if (res.status !== 200) {
    const said = registryErrorText(body, res.status);
    throw failed(`the index answered ${said.startsWith("HTTP ") ? said : `HTTP ${res.status}: ${said}`}`);
  }
  let reply: { results?: unknown };
  try {
    reply = JSON.parse(body.toString("utf8")) as { results?: unknown };
  } catch {
    throw failed("the reply is not JSON");
  }
  if (!reply || typeof reply !== "object" || (reply.results != null && !Array.isArray(reply.results))) {
    throw failed("the reply holds no list of results");
  }
  return ((reply.results ?? []) as Partial<Record<keyof SearchResult, unknown>>[]).map((r) => ({
    name: typeof r.name === "string" ? r.name : "",
    description: typeof r.description === "string" ? r.description : "",
    star_count: typeof r.star_count === "number" ? r.star_count : 0,
    is_official: r.is_official === true,
    is_automated: false,
  }));
}

/** Another registry: its `/v2/_catalog`, the repositories whose name holds the term. */
async function searchCatalog(
  domain: string,
  remainder: string,
  creds: RegistryCredentials | undefined,
  config: RegistryConfig,
  signal: AbortSignal,
): Promise<SearchResult[]> {
  const client = new RegistryClient(domain, "", creds, config);
  const names: string[] = [];
  await client.ping(signal);
  let next: URL | undefined = new URL("v2/_catalog?n=1000", client.base);
  for (let pages = 0; next && pages < 100; pages++) {
    const res = await client.request("GET", next, { scopes: ["registry:catalog:*"], signal });
    const body = await readAll(res, 16 * 1024 * 1024);
    if (res.status !== 200) {
      throw new SystemError(
        `Cannot search ${domain}: the registry offers no search API and its catalog answered: ${registryErrorText(body, res.status)}`,
      );
    }
    let repos: unknown;
    try {
      repos = (JSON.parse(body.toString("utf8")) as { repositories?: unknown }).repositories;
    } catch {
      repos = undefined;
    }
    if (!Array.isArray(repos)) {
      throw new SystemError(`Cannot search ${domain}: its catalog reply lists no repositories`);
    }
    names.push(...repos.map(String));
    // Pagination as the distribution spec: `Link: </v2/_catalog?last=…&n=…>; rel="next"`.
    const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ""));
    next = link ? new URL(link[1], client.base) : undefined;
  }
  const needle = remainder.toLowerCase();
  return names
    .filter((n) => n.toLowerCase().includes(needle))
    .map((n) => ({
      name: `${domain}/${n}`,
      description: "",
      star_count: 0,
      is_official: false,
      is_automated: false,
    }));
}

/** What the registry routes need of berthd: the registry settings of its configuration. */
export interface RegistryBackend {
  config(): RegistryConfig;
}

export function registerRegistryRoutes(router: Router, registry: RegistryBackend): void {
  router.post("/auth", async (ctx) => {
    const body = validateRequestBody("SystemAuth", await readJson<RegistryCredentials>(ctx.req)) ?? {};
    const creds: RegistryCredentials = {
      username: body.username,
      password: body.password,
      identitytoken: body.identitytoken,
      serveraddress: body.serveraddress,
    };
    const identityToken = await checkLogin(creds, registry.config());
    sendJson(ctx.res, 200, { Status: "Login Succeeded", IdentityToken: identityToken ?? "" });
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
    const filter = searchFilter(filtersParam(ctx.query, ["stars", "is-official", "is-automated"]));
    if (filter.matchesNothing) return sendJson(ctx.res, 200, []);
    const ac = new AbortController();
    ctx.res.on("close", () => {
      if (!ctx.res.writableFinished) ac.abort(new Error("the client closed the connection"));
    });
    const { domain, remainder } = splitSearchTerm(term);
    const creds = decodeRegistryAuth(ctx.req.headers["x-registry-auth"] as string | undefined);
    const found =
      domain === DEFAULT_DOMAIN
        ? // Official images are stored locally without "library/"; Hub finds them by that name.
          await searchIndex(HUB_INDEX, remainder.replace(/^library\//, ""), limit, ac.signal)
        : await searchCatalog(domain, remainder, creds, registry.config(), ac.signal);
    sendJson(ctx.res, 200, found.filter((r) => filter.keep(r)).slice(0, limit));
  });
}
