import { readdirSync, readFileSync } from "node:fs";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { RequestOptions as HttpsRequestOptions } from "node:https";
import net from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import tls from "node:tls";
import { errno, NotFoundError, SystemError, UnauthorizedError } from "../errdefs/errors.ts";
import { DEFAULT_DOMAIN, registryHost } from "../image/reference.ts";
import { guardStream } from "../layer/stream-guard.ts";
import { type Challenge, parseWwwAuthenticate, RegistryAuth, type RegistryCredentials } from "./auth.ts";

// See src/client/client.ts: the ESM facades of node:http(s) would load all of undici.
const http = process.getBuiltinModule("node:http");
const https = process.getBuiltinModule("node:https");

/** The daemon.json keys about registries (`insecure-registries`, `registry-mirrors`, `registry-certs-dir`). */
export interface RegistryConfig {
  insecure: string[];
  /** Mirrors per registry domain; daemon.json's list form mirrors Docker Hub, as Docker. */
  mirrors: Map<string, string[]>;
  /** Docker's `certs.d` layout: `<certsDir>/<host:port>/ca.crt`, `client.cert`, `client.key`. */
  certsDir: string;
}

export const DEFAULT_CERTS_DIR = "/etc/berth/certs.d";

export function registryConfig(extra: Record<string, unknown>): RegistryConfig {
  const insecure = Array.isArray(extra["insecure-registries"])
    ? (extra["insecure-registries"] as unknown[]).map(String)
    : [];
  const mirrors = new Map<string, string[]>();
  const m = extra["registry-mirrors"];
  if (Array.isArray(m)) mirrors.set(DEFAULT_DOMAIN, m.map(String));
  else if (m && typeof m === "object") {
    for (const [k, v] of Object.entries(m)) if (Array.isArray(v)) mirrors.set(k, v.map(String));
  }
  const dir = extra["registry-certs-dir"];
  return { insecure, mirrors, certsDir: typeof dir === "string" && dir ? dir : DEFAULT_CERTS_DIR };
}

function ipv4InCidr(ip: string, cidr: string): boolean {
  const [base, bitsRaw] = cidr.split("/");
  const bits = Number(bitsRaw);
  if (!net.isIPv4(ip) || !net.isIPv4(base) || !(bits >= 0 && bits <= 32)) return false;
  const toInt = (a: string) => a.split(".").reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) === (toInt(base) & mask);
}

/**
 * Registries reached without verified TLS, as Docker: `localhost`, 127.0.0.0/8 and those
 * daemon.json lists in `insecure-registries` (names, host:port or CIDRs). They get HTTPS
 * with the certificate unchecked first, then plain HTTP. `[::1]` is not insecure: Docker's
 * default insecure range is IPv4 loopback only.
 */
export function isInsecureRegistry(host: string, config: RegistryConfig): boolean {
  const hostname = host.replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/:\d+$/, "");
  if (hostname === "localhost" || ipv4InCidr(hostname, "127.0.0.0/8")) return true;
  return config.insecure.some(
    (e) => e === host || e === hostname || (e.includes("/") && ipv4InCidr(hostname, e)),
  );
}

let systemCas: string[] | undefined;

/**
 * The system's trusted CAs, as Docker (Go reads /etc/ssl/certs), plus NODE_EXTRA_CA_CERTS;
 * Node's bundled list only where the system has none.
 */
function systemCaCertificates(): string[] {
  if (!systemCas) {
    const system = tls.getCACertificates("system");
    // A set: the system store lists a CA once per file that holds it (bundle and hash links).
    systemCas = system.length
      ? [...new Set([...system, ...tls.getCACertificates("extra")])]
      : tls.getCACertificates("default");
  }
  return systemCas;
}

/** TLS options from Docker's `certs.d/<host:port>/` layout: `*.crt` CAs, `client.cert` + `client.key`. */
function tlsOptions(host: string, config: RegistryConfig): HttpsRequestOptions {
  const opts: HttpsRequestOptions = { ca: systemCaCertificates() };
  const dir = path.join(config.certsDir, host);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return opts;
  }
  const cas = names.filter((n) => n.endsWith(".crt")).map((n) => readFileSync(path.join(dir, n), "utf8"));
  if (cas.length) opts.ca = [...systemCaCertificates(), ...cas];
  const cert = names.find((n) => n.endsWith(".cert"));
  if (cert) {
    opts.cert = readFileSync(path.join(dir, cert));
    opts.key = readFileSync(path.join(dir, cert.replace(/\.cert$/, ".key")));
  }
  return opts;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
  url: URL;
}

export interface SendOptions {
  method: string;
  headers?: Record<string, string>;
  body?: Buffer | Readable;
  signal?: AbortSignal;
  tls?: HttpsRequestOptions;
  /** Gives up on a silent peer after this many ms without traffic (the HTTPS probe of an insecure registry). */
  timeout?: number;
}

/** Node's codes for a certificate the TLS client refused (OpenSSL's X509_V_ERR_* names and the name check). */
const CERT_ERRORS = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_UNTRUSTED",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE",
  "INVALID_CA",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

export function isCertificateError(err: unknown): boolean {
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  return CERT_ERRORS.has(errno(err) ?? "") || CERT_ERRORS.has(errno(cause) ?? "");
}

function networkError(method: string, url: URL, err: unknown): Error {
  const e = err as Error & { address?: string; port?: number };
  const verb = method[0] + method.slice(1).toLowerCase();
  let cause = e.message;
  if (errno(err) === "ECONNREFUSED") cause = `dial tcp ${url.host}: connect: connection refused`;
  else if (errno(err) === "ENOTFOUND" || errno(err) === "EAI_AGAIN")
    cause = `dial tcp: lookup ${url.hostname}: no such host`;
  else if (isCertificateError(err)) {
    // Node's advice about its own flags means nothing to berth's users.
    cause = `tls: failed to verify certificate: ${e.message.replace(/; if the root CA is installed locally.*$/, "")}`;
  }
  return new SystemError(`${verb} "${url.href}": ${cause}`, { cause: err });
}

/** One HTTP exchange; GET and HEAD follow redirects (blob storage), dropping credentials across hosts. */
export async function send(url: URL, opts: SendOptions, redirects = 0): Promise<RawResponse> {
  const mod = url.protocol === "https:" ? https : http;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = mod.request(url, {
      method: opts.method,
      headers: { "User-Agent": "berth/0.1 (linux)", ...opts.headers },
      signal: opts.signal,
      ...(url.protocol === "https:" ? opts.tls : {}),
    });
    if (opts.timeout) {
      const ms = opts.timeout;
      req.setTimeout(ms, () => req.destroy(new Error(`no reply within ${ms / 1000} s`)));
    }
    req.on("response", resolve);
    req.on("error", (err) => reject(opts.signal?.aborted ? err : networkError(opts.method, url, err)));
    if (opts.body instanceof Readable) {
      opts.body.on("error", (err) => req.destroy(err));
      opts.body.pipe(req);
    } else req.end(opts.body);
  });
  // Callers often await something (a reset, a countdown) before they read the body.
  guardStream(res);
  const status = res.statusCode ?? 0;
  if ([301, 302, 303, 307, 308].includes(status) && res.headers.location && redirects < 5) {
    if (opts.method === "GET" || opts.method === "HEAD") {
      res.resume();
      const next = new URL(res.headers.location, url);
      const headers = { ...opts.headers };
      if (next.host !== url.host) delete headers.Authorization;
      return send(next, { ...opts, headers }, redirects + 1);
    }
  }
  return { status, headers: res.headers, body: res, url };
}

export async function readAll(res: RawResponse, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res.body) {
    size += (c as Buffer).length;
    if (size > limit)
      throw new SystemError(`Cannot read ${res.url.href}: the reply is larger than ${limit} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The distribution spec's error body as Docker words it: "manifest unknown: manifest unknown". */
export function registryErrorText(body: Buffer, status: number): string {
  try {
    const j = JSON.parse(body.toString("utf8")) as { errors?: { code?: string; message?: string }[] };
    if (j.errors?.length) {
      return j.errors
        .map((e) => `${(e.code ?? "unknown").toLowerCase().replace(/_/g, " ")}: ${e.message ?? ""}`)
        .join(", ");
    }
  } catch {
    // not JSON
  }
  const text = body.toString("utf8").trim().slice(0, 200);
  return text || `HTTP ${status} ${http.STATUS_CODES[status] ?? ""}`.trim();
}

export const MANIFEST_ACCEPT = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Buffer | Readable;
  signal?: AbortSignal;
  /** Token scopes this request needs, e.g. `repository:a/b:pull`. */
  scopes: string[];
}

/** Where requests go: a mirror or the origin, with its TLS options and what its `GET /v2/` taught. */
interface Endpoint {
  url: URL;
  tls: HttpsRequestOptions;
  /** An insecure origin: HTTPS without verification first, plain HTTP when that fails, as Docker. */
  probe: boolean;
  pinged: boolean;
  challenge?: Challenge;
}

/** How long the HTTPS probe of an insecure registry waits for a peer that says nothing. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * A client for one repository of one registry: endpoint choice (mirrors, then the origin;
 * verified HTTPS unless insecure), the auth challenge learnt from `GET /v2/`, and requests
 * that carry the right Authorization and renew it once on a 401.
 */
export class RegistryClient {
  readonly domain: string;
  readonly repo: string;
  readonly host: string;
  private readonly auth: RegistryAuth;
  private readonly eps: Endpoint[];
  private ep: Endpoint;
  private readonly certsDir: string;

  constructor(
    domain: string,
    repo: string,
    creds: RegistryCredentials | undefined,
    config: RegistryConfig,
    opts: { mirrors?: boolean; offlineToken?: boolean } = {},
  ) {
    this.domain = domain;
    this.repo = repo;
    this.host = registryHost({ domain });
    this.certsDir = config.certsDir;
    const insecure = isInsecureRegistry(this.host, config);
    const origin: Endpoint = {
      url: new URL(`https://${this.host}/`),
      tls: { ...tlsOptions(this.host, config), ...(insecure ? { rejectUnauthorized: false } : {}) },
      probe: insecure,
      pinged: false,
    };
    const mirrors = (opts.mirrors ? (config.mirrors.get(domain) ?? []) : []).map((m): Endpoint => {
      // A mirror names its scheme (bare hosts are HTTPS, as Docker); an insecure one is unverified.
      const url = new URL(/^https?:\/\//.test(m) ? m : `https://${m}`);
      if (!url.pathname.endsWith("/")) url.pathname += "/";
      const tlsOpts = tlsOptions(url.host, config);
      if (isInsecureRegistry(url.host, config)) tlsOpts.rejectUnauthorized = false;
      return { url, tls: tlsOpts, probe: false, pinged: false };
    });
    this.eps = [...mirrors, origin];
    this.ep = origin;
    this.auth = new RegistryAuth(
      creds,
      async (url, init) => {
        const res = await send(url, { ...init, tls: this.ep.tls });
        return { status: res.status, body: await readAll(res, 1024 * 1024) };
      },
      { offlineToken: opts.offlineToken },
    );
  }

  /** The refresh token the token server handed a login asking `offlineToken` (Docker's identity token). */
  get identityToken(): string | undefined {
    return this.auth.identityToken;
  }

  /** The endpoint requests go to: the origin, or the mirror that served the last manifest. */
  get base(): URL {
    return this.ep.url;
  }

  private use(ep: Endpoint): void {
    this.ep = ep;
    this.auth.challenge = ep.challenge;
  }

  scope(actions: string, repo = this.repo): string {
    return `repository:${repo}:${actions}`;
  }

  /** `GET /v2/`: picks the scheme of an insecure registry and learns how it wants to be authenticated. */
  async ping(signal?: AbortSignal): Promise<void> {
    const ep = this.ep;
    if (ep.pinged) return;
    let res: RawResponse;
    if (ep.probe) {
      // Probed once per client (one per pull or push), as Docker: a remembered "plain HTTP"
      // could not be trusted later, since a TLS server answers plain HTTP with a 400, not an error.
      try {
        res = await send(new URL("v2/", ep.url), {
          method: "GET",
          signal,
          tls: ep.tls,
          timeout: PROBE_TIMEOUT_MS,
        });
      } catch (err) {
        if (signal?.aborted) throw err;
        // No HTTPS here (a TLS or protocol error, a silent or closed port): plain HTTP.
        ep.url.protocol = "http:";
        res = await send(new URL("v2/", ep.url), { method: "GET", signal, tls: ep.tls });
      }
    } else {
      try {
        res = await send(new URL("v2/", ep.url), { method: "GET", signal, tls: ep.tls });
      } catch (err) {
        if (!isCertificateError(err)) throw err;
        const host = ep.url.host;
        throw new SystemError(
          `${(err as Error).message} (to trust this registry, put its CA certificate in ${path.join(this.certsDir, host, "ca.crt")}, or list ${host} in insecure-registries in daemon.json)`,
          { cause: err },
        );
      }
    }
    res.body.resume();
    if (res.status === 401) this.learn(res);
    ep.pinged = true;
  }

  private learn(res: RawResponse): void {
    const h = res.headers["www-authenticate"];
    const ch = h ? parseWwwAuthenticate(Array.isArray(h) ? h[0] : h) : undefined;
    if (ch) {
      this.auth.challenge = ch;
      this.ep.challenge = ch;
    }
  }

  /**
   * Forgets the cached Authorization after a 401 that `request` could not retry itself
   * (a streamed body cannot be replayed): the caller starts its upload again.
   */
  renewAuth(): void {
    this.auth.invalidate();
  }

  async request(method: string, target: string | URL, opts: RequestOptions): Promise<RawResponse> {
    await this.ping(opts.signal);
    const url = typeof target === "string" ? new URL(target, this.base) : target;
    const go = async () => {
      const authz = await this.auth.header(opts.scopes);
      return send(url, {
        method,
        headers: { ...opts.headers, ...(authz ? { Authorization: authz } : {}) },
        body: opts.body,
        signal: opts.signal,
        tls: this.ep.tls,
      });
    };
    let res = await go();
    if (res.status === 401 && !(opts.body instanceof Readable)) {
      res.body.resume();
      this.learn(res);
      this.auth.invalidate();
      res = await go();
    }
    if (res.status === 401) {
      const body = await readAll(res, 1024 * 1024);
      throw new UnauthorizedError(
        `${method} ${url.href}: ${registryErrorText(body, 401)}`.replace(/: $/, ": unauthorized"),
      );
    }
    return res;
  }

  /** Fetches a manifest by tag or digest; with mirrors, the first endpoint that has it wins. */
  async getManifest(
    reference: string,
    signal?: AbortSignal,
  ): Promise<{ body: Buffer; mediaType: string; digestHeader?: string }> {
    let lastErr: unknown;
    for (const ep of this.eps) {
      this.use(ep);
      const isLast = ep === this.eps[this.eps.length - 1];
      try {
        const res = await this.request("GET", `v2/${this.repo}/manifests/${reference}`, {
          headers: { Accept: MANIFEST_ACCEPT },
          scopes: [this.scope("pull")],
          signal,
        });
        const body = await readAll(res, 16 * 1024 * 1024);
        if (res.status === 404) {
          lastErr = new NotFoundError(registryErrorText(body, 404));
          if (isLast) throw lastErr;
          continue;
        }
        if (res.status !== 200) {
          lastErr = new SystemError(`GET ${res.url.href}: ${registryErrorText(body, res.status)}`);
          if (isLast) throw lastErr;
          continue;
        }
        const ct = String(res.headers["content-type"] ?? "")
          .split(";")[0]
          .trim();
        const dh = res.headers["docker-content-digest"];
        return { body, mediaType: ct, digestHeader: typeof dh === "string" ? dh : undefined };
      } catch (err) {
        lastErr = err;
        // A mirror that fails falls back to the next endpoint, ending with the origin.
        if (isLast || signal?.aborted) throw err;
      }
    }
    throw lastErr;
  }

  async getBlob(digest: string, opts: { offset?: number; signal?: AbortSignal } = {}): Promise<RawResponse> {
    return this.request("GET", `v2/${this.repo}/blobs/${digest}`, {
      headers: opts.offset ? { Range: `bytes=${opts.offset}-` } : {},
      scopes: [this.scope("pull")],
      signal: opts.signal,
    });
  }

  /** `GET /v2/<repo>/tags/list`, following the `Link: <…>; rel="next"` pages. */
  async listTags(signal?: AbortSignal): Promise<string[]> {
    const tags: string[] = [];
    let target: string | URL = `v2/${this.repo}/tags/list`;
    for (let page = 0; page < 1000; page++) {
      const res = await this.request("GET", target, { scopes: [this.scope("pull")], signal });
      const body = await readAll(res, 16 * 1024 * 1024);
      if (res.status === 404) throw new NotFoundError(registryErrorText(body, 404));
      if (res.status !== 200) {
        throw new SystemError(`GET ${res.url.href}: ${registryErrorText(body, res.status)}`);
      }
      let doc: { tags?: string[] | null };
      try {
        doc = JSON.parse(body.toString("utf8"));
      } catch (err) {
        throw new SystemError(`Cannot read the tag list of ${this.repo}: ${(err as Error).message}`);
      }
      tags.push(...(doc.tags ?? []));
      const link = String(res.headers.link ?? "");
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1];
      if (!next) break;
      target = new URL(next, res.url);
    }
    return tags;
  }

  async getBlobBuffer(digest: string, signal?: AbortSignal): Promise<Buffer> {
    const res = await this.getBlob(digest, { signal });
    const body = await readAll(res);
    if (res.status !== 200) {
      throw new SystemError(`Cannot fetch blob ${digest}: ${registryErrorText(body, res.status)}`);
    }
    return body;
  }
}
