import type { IncomingMessage, ServerResponse } from "node:http";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { parseJsonBody } from "../schema/engine-schema.ts";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) });
  res.end(data);
}

export function sendNoContent(res: ServerResponse, status = 204): void {
  res.writeHead(status);
  res.end();
}

/** Starts a streamed JSON-lines reply (pull, push, load, build progress). */
export function startJsonStream(res: ServerResponse): (msg: unknown) => void {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.flushHeaders();
  return (msg) => {
    if (!res.writableEnded) res.write(`${JSON.stringify(msg)}\n`);
  };
}

export async function readBody(req: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new InvalidParameterError(`request body is larger than ${limit} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson<T>(req: IncomingMessage): Promise<T | undefined> {
  const body = await readBody(req);
  if (body.length === 0) return undefined;
  return parseJsonBody(body.toString("utf8")) as T;
}

/** The `X-Registry-Auth` header (base64url JSON of an AuthConfig); Node joins a repeated one into a string. */
export function registryAuthHeader(req: IncomingMessage): string | undefined {
  const v = req.headers["x-registry-auth"];
  return typeof v === "string" ? v : undefined;
}

/** Go's strconv.ParseBool as the Engine API's boolean query parameters use it ("1", "true", "True"). */
export function boolParam(q: URLSearchParams, name: string, dflt = false): boolean {
  const v = q.get(name);
  if (v === null || v === "") return dflt;
  if (["1", "t", "T", "true", "TRUE", "True"].includes(v)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(v)) return false;
  throw new InvalidParameterError(`invalid value for ${name}: ${JSON.stringify(v)}: must be a boolean`);
}

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d+$/.test(v))
    throw new InvalidParameterError(`invalid value for ${name}: ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}

/**
 * The `filters` parameter: JSON `{"key":["v1","v2"]}`, or the pre-1.22 form
 * `{"key":{"v1":true}}`, as Docker's filters.FromJSON accepts. As in Go, a `null` value is
 * a filter with no values; anything else that is neither form is refused. `"any"` checks the
 * syntax only, for routes whose backend would check the keys later (swarm's lists).
 */
export function filtersParam(q: URLSearchParams, allowed: readonly string[] | "any"): Map<string, string[]> {
  const raw = q.get("filters");
  const out = new Map<string, string[]>();
  if (!raw) return out;
  let parsed: unknown;
  try {
    parsed = parseJsonBody(raw);
  } catch {
    throw new InvalidParameterError(`invalid filter: ${raw}`);
  }
  if (parsed === null) return out;
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InvalidParameterError(`invalid filter: ${raw}`);
  }
  for (const [k, v] of Object.entries(parsed)) {
    if (allowed !== "any" && !allowed.includes(k)) throw new InvalidParameterError(`invalid filter '${k}'`);
    out.set(k, filterValues(k, v));
  }
  return out;
}

function filterValues(key: string, v: unknown): string[] {
  if (v === null) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
  if (typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "boolean")) {
    return Object.keys(v);
  }
  throw new InvalidParameterError(
    `invalid filter '${key}': values must be a list of strings or a map of strings to booleans`,
  );
}

/** An `until` filter as Docker takes it: a Go duration ago ("24h", "10m"), unix seconds or a date; ms since epoch. */
export function untilParam(v: string): number {
  const d = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(v);
  if (d) {
    const mult: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };
    return Date.now() - Number(d[1]) * mult[d[2]];
  }
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new InvalidParameterError(`invalid filter 'until=${v}'`);
  return t;
}

/** An AbortSignal that fires when the client goes away before the reply is complete. */
export function clientGone(res: ServerResponse): AbortSignal {
  const ac = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) ac.abort(new Error("the client closed the connection"));
  });
  return ac.signal;
}
