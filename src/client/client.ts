import type { IncomingHttpHeaders } from "node:http";
import type { Duplex, Readable } from "node:stream";
import type { JSONMessage } from "../types/progress.ts";

import {
  exchange,
  exchangeHead,
  type PendingResponse,
  type RawResponse,
  requestHead,
  upgrade,
} from "./raw-http.ts";

// Not `import … from "node:http"`: the ESM facade of a built-in reads every export, and
// node:http's lazy WebSocket/EventSource getters then load all of undici — 45 ms of every
// CLI command's start-up. And loaded on first use only: plain requests and hijacks go
// through raw-http.ts, so most commands never load it (~10 ms of CPU).
let httpModule: typeof import("node:http") | undefined;
const httpLazy = () => {
  httpModule ??= process.getBuiltinModule("node:http");
  return httpModule;
};
/** Passed to http.request (see EngineClient.request); Node's types do not list it for plain HTTP. */
const NO_SERVERNAME: object = { servername: "" };

export const DEFAULT_HOST = "unix:///run/berth/berth.sock";

/** The daemon's socket: `-H`, else BERTH_HOST, else DOCKER_HOST, else berth's default. */
export function resolveHost(flag?: string): string {
  return flag || process.env.BERTH_HOST || process.env.DOCKER_HOST || DEFAULT_HOST;
}

/** An error response from the daemon: its status and `message`. */
export class ApiError extends Error {
  readonly status: number;
  /** An in-band error's `errorDetail.code` (a failed build step's exit status), if it had one. */
  readonly code: number | undefined;
  constructor(status: number, message: string, code?: number) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The daemon could not be reached at all. */
export class ConnectError extends Error {}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** A raw body stream (tar uploads). */
  stream?: Readable;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

function buildQuery(q: RequestOptions["query"]): string {
  if (!q) return "";
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else if (typeof v === "boolean") p.set(k, v ? "1" : "0");
    else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** A typed Docker Engine API client over a unix socket (used by the CLI and by tests). */
export class EngineClient {
  readonly socketPath: string;
  readonly version: string;

  constructor(host: string = resolveHost(), version = "1.44") {
    if (host.startsWith("unix://")) this.socketPath = host.slice(7);
    else if (host.startsWith("/")) this.socketPath = host;
    else
      throw new ConnectError(
        `Cannot connect to ${host}: berth speaks to its daemon over unix:// sockets only`,
      );
    this.version = version;
  }

  // `servername: ""`: http.Agent works out a TLS server name for every request unless one is
  // given, with net.isIPv6, whose regular expression costs V8 ~15 ms to compile — a third of a
  // CLI command's own start-up. Plain HTTP over a unix socket has no use for it.
  request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...opts.headers };
      let payload: Buffer | undefined;
      if (opts.body !== undefined) {
        payload = Buffer.from(JSON.stringify(opts.body));
        headers["Content-Type"] = "application/json";
        headers["Content-Length"] = String(payload.length);
      }
      const req = httpLazy().request({
        socketPath: this.socketPath,
        ...NO_SERVERNAME,
        method,
        path: `/v${this.version}${path}${buildQuery(opts.query)}`,
        headers: { Host: "berth", ...headers },
        signal: opts.signal,
      });
      req.on("response", (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }));
      req.on("error", (err: NodeJS.ErrnoException) => reject(this.connectError(err)));
      if (opts.stream) opts.stream.pipe(req);
      else req.end(payload);
    });
  }

  /** A failure to reach the daemon as the CLI reports it; other errors as they are. */
  private connectError(err: NodeJS.ErrnoException): Error {
    if (err.code === "ENOENT" || err.code === "ECONNREFUSED" || err.code === "EACCES") {
      return new ConnectError(
        `Cannot connect to the berth daemon at unix://${this.socketPath}. Is berthd running?${err.code === "EACCES" ? " (permission denied)" : ""}`,
      );
    }
    return err;
  }

  private head(method: string, path: string, opts: RequestOptions, extra: Record<string, string>): string {
    return requestHead(method, `/v${this.version}${path}${buildQuery(opts.query)}`, {
      Host: "berth",
      ...opts.headers,
      ...extra,
    });
  }

  /** A request whose whole answer is read (raw-http.ts); error statuses become ApiError. */
  private async whole(method: string, path: string, opts: RequestOptions): Promise<Buffer> {
    const payload = opts.body !== undefined ? Buffer.from(JSON.stringify(opts.body)) : undefined;
    const extra: Record<string, string> = payload
      ? { "Content-Type": "application/json", "Content-Length": String(payload.length) }
      : {};
    const res = await exchange(
      this.socketPath,
      this.head(method, path, opts, { ...extra, Connection: "close" }),
      payload,
      opts.signal,
    ).catch((err: NodeJS.ErrnoException) => {
      throw this.connectError(err);
    });
    if (res.status >= 400) throw apiErrorOf(res, res.body);
    return res.body;
  }

  /**
   * A request answered by its head first and its whole body later (a container wait): resolves
   * at the head; an error status becomes ApiError.
   */
  async pending(method: string, path: string, opts: RequestOptions = {}): Promise<PendingResponse> {
    const payload = opts.body !== undefined ? Buffer.from(JSON.stringify(opts.body)) : undefined;
    const extra: Record<string, string> = payload
      ? { "Content-Type": "application/json", "Content-Length": String(payload.length) }
      : {};
    const res = await exchangeHead(
      this.socketPath,
      this.head(method, path, opts, { ...extra, Connection: "close" }),
      payload,
      opts.signal,
    ).catch((err: NodeJS.ErrnoException) => {
      throw this.connectError(err);
    });
    if (res.status >= 400) throw apiErrorOf(res, await res.body);
    return res;
  }

  /** A request whose error statuses become ApiError; returns the response for the caller to read. */
  async call(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const res = await this.request(method, path, opts);
    if (res.status >= 400) throw await toApiError(res);
    return res;
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const text = opts.stream
      ? await readAll((await this.call(method, path, opts)).body)
      : await this.whole(method, path, opts);
    return (text.length ? JSON.parse(text.toString("utf8")) : undefined) as T;
  }

  async ok(method: string, path: string, opts: RequestOptions = {}): Promise<void> {
    if (opts.stream) await readAll((await this.call(method, path, opts)).body);
    else await this.whole(method, path, opts);
  }

  /** Reads a JSON-lines progress stream, calling `onMessage` for each; throws on an in-band error. */
  async jsonStream(
    method: string,
    path: string,
    opts: RequestOptions,
    onMessage: (msg: JsonMessage) => void,
  ): Promise<void> {
    const res = await this.call(method, path, opts);
    let buf = "";
    let failure: string | undefined;
    let failureCode: number | undefined;
    for await (const chunk of res.body) {
      buf += chunk.toString();
      let nl = buf.indexOf("\n");
      while (nl >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) {
          const msg = JSON.parse(line) as JsonMessage;
          if (msg.error || msg.errorDetail) {
            failure = msg.errorDetail?.message ?? msg.error;
            failureCode = msg.errorDetail?.code;
          } else onMessage(msg);
        }
        nl = buf.indexOf("\n");
      }
    }
    if (buf.trim()) {
      const msg = JSON.parse(buf) as JsonMessage;
      if (msg.error || msg.errorDetail) {
        failure = msg.errorDetail?.message ?? msg.error;
        failureCode = msg.errorDetail?.code;
      } else onMessage(msg);
    }
    if (failure !== undefined) throw new ApiError(500, failure, failureCode);
  }

  /**
   * `Connection: Upgrade` request (attach, exec start): resolves with the raw socket once
   * the daemon answers 101, and any bytes that came with the response head.
   */
  async hijack(
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<{ socket: Duplex; head: Buffer }> {
    const payload = opts.body !== undefined ? Buffer.from(JSON.stringify(opts.body)) : undefined;
    const r = await upgrade(
      this.socketPath,
      this.head(method, path, opts, {
        Connection: "Upgrade",
        Upgrade: "tcp",
        ...(payload
          ? { "Content-Type": "application/json", "Content-Length": String(payload.length) }
          : { "Content-Type": "text/plain" }),
      }),
      payload,
    ).catch((err: NodeJS.ErrnoException) => {
      throw this.connectError(err);
    });
    if (r.upgraded) return { socket: r.socket, head: r.head };
    throw r.res.status >= 400
      ? apiErrorOf(r.res, r.body)
      : new ApiError(r.res.status, `unable to upgrade to tcp, received ${r.res.status}`);
  }
}

/** A line of a progress stream (the CLI's name for the Engine API's JSONMessage). */
export type JsonMessage = JSONMessage;

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function toApiError(res: Response): Promise<ApiError> {
  return apiErrorOf({ status: res.status }, await readAll(res.body));
}

/** The daemon's `{"message"}` (or plain text) of an error answer. */
function apiErrorOf(res: Pick<RawResponse, "status">, body: Buffer): ApiError {
  const text = body.toString("utf8");
  let message = text.trim();
  try {
    const parsed = JSON.parse(text) as { message?: string };
    if (parsed.message) message = parsed.message;
  } catch {
    // plain text error body (e.g. version errors)
  }
  if (!message) message = `${res.status} ${httpLazy().STATUS_CODES[res.status] ?? ""}`.trim();
  return new ApiError(res.status, message);
}
