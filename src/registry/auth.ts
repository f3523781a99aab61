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

/** The client id Docker's daemon names itself by to token servers (moby's AuthClientID). */
export const AUTH_CLIENT_ID = "docker";

export interface RegistryAuthOptions {
  /**
   * Ask the token server for a refresh token (`offline_token=true`), as Docker's login does:
   * the identity token the client then stores instead of the password.
   */
  offlineToken?: boolean;
}

/** A token server's reply: the GET form (`token`) or the OAuth2 form (`access_token`). */
interface TokenReply {
  token?: string;
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  issued_at?: string;
}

/** What a refusing token server said: Docker Hub's `details`, or an OAuth2 `error`. */
function refusalText(body: Buffer): string {
  try {
    const j = JSON.parse(body.toString("utf8")) as {
      details?: unknown;
      error?: unknown;
      error_description?: unknown;
    };
    if (typeof j.details === "string" && j.details) return j.details;
    if (typeof j.error === "string" && j.error) {
      return typeof j.error_description === "string" && j.error_description
        ? `${j.error}: ${j.error_description}`
        : j.error;
    }
  } catch {
    // Not JSON: the status says enough.
  }
  return "";
}

/**
 * The registry's challenge answered: Basic with the client's credentials, or a Bearer
 * token from the realm, cached per realm, service and scope until it expires. With an
 * identity token (an OAuth2 refresh token from an earlier login) tokens come from the
 * realm's OAuth2 endpoint (`POST`, `grant_type=refresh_token`), otherwise from `GET` with
 * Basic credentials or anonymously, as distribution's token handler.
 */
export class RegistryAuth {
  private readonly creds: RegistryCredentials | undefined;
  private readonly fetcher: TokenFetcher;
  private readonly offlineToken: boolean;
  private readonly cache = new Map<string, CachedToken>();
  private refreshToken: string | undefined;
  challenge: Challenge | undefined;

  constructor(creds: RegistryCredentials | undefined, fetcher: TokenFetcher, opts: RegistryAuthOptions = {}) {
    this.creds = creds;
    this.fetcher = fetcher;
    this.offlineToken = opts.offlineToken === true;
    this.refreshToken = creds?.identitytoken || undefined;
  }

  /**
   * The refresh token in use: the client's identity token, or the one the token server
   * handed out (to a login asking `offline_token`), renewed when the server rotates it.
   */
  get identityToken(): string | undefined {
    return this.refreshToken;
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
    const refresh = this.refreshToken;
    let res = refresh ? await this.postToken(realm, refresh, service, scopes) : undefined;
    // A token server without the OAuth2 endpoint (GCR's answers 404) still serves GET.
    if (!res || res.status === 404 || res.status === 405) res = await this.getToken(realm, service, scopes);
    if (res.status !== 200) {
      const said = refusalText(res.body);
      let cause: string;
      if (res.status === 401) {
        cause = `unauthorized: ${said || (refresh ? "the identity token was refused" : "incorrect username or password")}`;
      } else if (res.status === 403) cause = `denied${said ? `: ${said}` : ""}`;
      else cause = `HTTP ${res.status}${said ? `: ${said}` : ""}`;
      throw new UnauthorizedError(`Cannot get a token from ${realm}: ${cause}`);
    }
    let body: TokenReply;
    try {
      body = JSON.parse(res.body.toString("utf8")) as TokenReply;
    } catch {
      throw new UnauthorizedError(`Cannot get a token from ${realm}: the reply is not JSON`);
    }
    const token = body.access_token || body.token;
    if (!token) throw new UnauthorizedError(`Cannot get a token from ${realm}: the reply holds no token`);
    if (typeof body.refresh_token === "string" && body.refresh_token) this.refreshToken = body.refresh_token;
    // The spec's default lifetime is 60 s; renew a little early.
    const lifetime = Math.max(10, body.expires_in && body.expires_in > 0 ? body.expires_in : 60);
    const issued = body.issued_at ? Date.parse(body.issued_at) : Number.NaN;
    const start = Number.isNaN(issued) ? Date.now() : Math.min(issued, Date.now());
    return { token, expiresAt: start + (lifetime - 5) * 1000 };
  }

  /** fetchTokenWithOAuth: the refresh token grant, form-encoded. */
  private postToken(
    realm: string,
    refreshToken: string,
    service: string | undefined,
    scopes: string[],
  ): Promise<TokenFetchResult> {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      service: service ?? "",
      scope: scopes.join(" "),
      client_id: AUTH_CLIENT_ID,
    });
    return this.fetcher(new URL(realm), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: Buffer.from(form.toString()),
    });
  }

  /** fetchTokenWithBasicAuth: anonymous, or Basic when both a user name and a password are known. */
  private getToken(realm: string, service: string | undefined, scopes: string[]): Promise<TokenFetchResult> {
    const url = new URL(realm);
    if (service) url.searchParams.append("service", service);
    for (const s of scopes) url.searchParams.append("scope", s);
    if (this.offlineToken) {
      url.searchParams.append("offline_token", "true");
      url.searchParams.append("client_id", AUTH_CLIENT_ID);
    }
    const headers: Record<string, string> = {};
    const user = this.creds?.username;
    const password = this.creds?.password;
    if (user && password) {
      url.searchParams.append("account", user);
      headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    }
    return this.fetcher(url, { method: "GET", headers });
  }
}
