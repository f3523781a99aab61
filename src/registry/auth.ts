import { UnauthorizedError } from "../errdefs/errors.ts";

/** What the client sends in `X-Registry-Auth` (Docker's AuthConfig, base64url JSON). */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
  serveraddress?: string;
}

export function decodeRegistryAuth(header: string | undefined): RegistryCredentials | undefined {
  if (!header) return undefined;
  try {
    const json = Buffer.from(header.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    const c = JSON.parse(json) as RegistryCredentials;
    if (!c || typeof c !== "object") return undefined;
    if (!c.username && !c.password && !c.identitytoken && !c.registrytoken) return undefined;
    return c;
  } catch {
    // Docker ignores an unreadable header and pulls anonymously.
    return undefined;
  }
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (quoted values may hold commas). */
export function parseWwwAuthenticate(header: string): Challenge | undefined {
  const m = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, "$1") : (p[3] ?? "");
  }
  return { scheme: m[1].toLowerCase(), params };
}

export interface TokenFetchResult {
  status: number;
  body: Buffer;
}

/** How auth reaches the network: the registry client's request function, without auth. */
export type TokenFetcher = (
  url: URL,
  init: { method: "GET" | "POST"; headers: Record<string, string>; body?: Buffer },
) => Promise<TokenFetchResult>;

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * The registry's challenge answered: Basic with the client's credentials, or a Bearer
 * token from the realm (anonymous or with credentials), cached per realm, service and
 * scope until it expires.
 */
export class RegistryAuth {
  private readonly creds: RegistryCredentials | undefined;
  private readonly fetcher: TokenFetcher;
  private readonly cache = new Map<string, CachedToken>();
  challenge: Challenge | undefined;

  constructor(creds: RegistryCredentials | undefined, fetcher: TokenFetcher) {
    this.creds = creds;
    this.fetcher = fetcher;
  }

  /** The Authorization header for a request needing `scopes`, or undefined when none is known. */
  async header(scopes: string[]): Promise<string | undefined> {
    if (this.creds?.registrytoken) return `Bearer ${this.creds.registrytoken}`;
    const ch = this.challenge;
    if (!ch) return undefined;
    if (ch.scheme === "basic") {
      if (!this.creds?.username) return undefined;
      return `Basic ${Buffer.from(`${this.creds.username}:${this.creds.password ?? ""}`).toString("base64")}`;
    }
    if (ch.scheme !== "bearer" || !ch.params.realm) return undefined;
    const key = `${ch.params.realm} ${ch.params.service ?? ""} ${scopes.join(" ")}`;
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > Date.now()) return `Bearer ${hit.token}`;
    const token = await this.fetchToken(ch.params.realm, ch.params.service, scopes);
    this.cache.set(key, token);
    return `Bearer ${token.token}`;
  }

  /** Forgets cached tokens (after a 401 with a token: it expired or lacks a scope). */
  invalidate(): void {
    this.cache.clear();
  }

  private async fetchToken(
    realm: string,
    service: string | undefined,
    scopes: string[],
  ): Promise<CachedToken> {
    const url = new URL(realm);
    let res: TokenFetchResult;
    if (this.creds?.identitytoken) {
      // An identity token is an OAuth2 refresh token (Docker's login with a token).
      const form = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: this.creds.identitytoken,
        client_id: "berth",
        ...(service ? { service } : {}),
        scope: scopes.join(" "),
      });
      res = await this.fetcher(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: Buffer.from(form.toString()),
      });
    } else {
      if (service) url.searchParams.set("service", service);
      for (const s of scopes) url.searchParams.append("scope", s);
      const headers: Record<string, string> = {};
      if (this.creds?.username) {
        headers.Authorization = `Basic ${Buffer.from(`${this.creds.username}:${this.creds.password ?? ""}`).toString("base64")}`;
      }
      res = await this.fetcher(url, { method: "GET", headers });
    }
    if (res.status === 401 || res.status === 403) {
      throw new UnauthorizedError(
        `Cannot get a token from ${realm}: ${res.status === 401 ? "unauthorized: incorrect username or password" : "denied"}`,
      );
    }
    if (res.status !== 200) {
      throw new UnauthorizedError(`Cannot get a token from ${realm}: HTTP ${res.status}`);
    }
    const body = JSON.parse(res.body.toString("utf8")) as {
      token?: string;
      access_token?: string;
      expires_in?: number;
      issued_at?: string;
    };
    const token = body.token || body.access_token;
    if (!token) throw new UnauthorizedError(`Cannot get a token from ${realm}: the reply holds no token`);
    // The spec's default lifetime is 60 s; renew a little early.
    const lifetime = Math.max(10, body.expires_in && body.expires_in > 0 ? body.expires_in : 60);
    const issued = body.issued_at ? Date.parse(body.issued_at) : Number.NaN;
    const start = Number.isNaN(issued) ? Date.now() : Math.min(issued, Date.now());
    return { token, expiresAt: start + (lifetime - 5) * 1000 };
  }
}
