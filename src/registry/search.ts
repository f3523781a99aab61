// `GET /images/search` on the service side: Docker Hub's v1 search API, or another
// registry's catalog filtered by the term, and Docker's search filters.

import type https from "node:https";
import { InvalidParameterError, SystemError } from "../errdefs/errors.ts";
import { DEFAULT_DOMAIN, LEGACY_DEFAULT_DOMAIN } from "../image/reference.ts";
import type { Filters } from "../types/filters.ts";
import type { SearchResult } from "../types/registry.ts";
import type { RegistryCredentials } from "./auth.ts";
import { RegistryClient, type RegistryConfig, readAll, registryErrorText, send } from "./registry-client.ts";

/** The filters `GET /images/search` accepts. */
export const SEARCH_FILTERS = ["stars", "is-official", "is-automated"] as const;

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
export function searchFilter(filters: Filters): SearchFilter {
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

export interface SearchOptions {
  limit: number;
  filters: Filters;
  creds?: RegistryCredentials;
  signal: AbortSignal;
}

/** Searches the registry the term names; the filters are checked before anything is asked. */
export async function searchRegistry(
  term: string,
  config: RegistryConfig,
  opts: SearchOptions,
): Promise<SearchResult[]> {
  const filter = searchFilter(opts.filters);
  if (filter.matchesNothing) return [];
  const { domain, remainder } = splitSearchTerm(term);
  const found =
    domain === DEFAULT_DOMAIN
      ? // Official images are stored locally without "library/"; Hub finds them by that name.
        await searchIndex(HUB_INDEX, remainder.replace(/^library\//, ""), opts.limit, opts.signal)
      : await searchCatalog(domain, remainder, opts.creds, config, opts.signal);
  return found.filter((r) => filter.keep(r)).slice(0, opts.limit);
}
