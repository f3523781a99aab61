import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { InvalidParameterError } from "../errdefs/errors.ts";

export interface RequestContext {
  req: IncomingMessage;
  /** Absent for a hijacked (upgrade) request: use `hijack` instead. */
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The API version the client asked for (from the path), or the daemon's own. */
  apiVersion: string;
  /** For `Upgrade: tcp` requests: the raw socket and bytes already read past the headers. */
  upgrade?: { socket: Duplex; head: Buffer };
  /** Set once the connection has been taken over for a raw stream (see hijack()). */
  hijacked?: Duplex;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
  /** What the route does, for messages: "start container". */
  action: string;
}

const resourceNames: Record<string, string> = {
  containers: "container",
  images: "image",
  exec: "exec instance",
  system: "system",
  auth: "registry",
  commit: "container",
};

/**
 * "start container", "list images", "inspect container" from a route's method and path, so
 * an unexpected failure can still say what failed without each route naming itself.
 */
export function routeAction(method: string, path: string): string {
  const parts = path.split("/").filter(Boolean);
  const resource = resourceNames[parts[0]] ?? parts[0] ?? "request";
  const last = parts.at(-1) ?? "";
  const isParam = last.startsWith("{");
  if (parts[0] === "commit") return "commit container";
  if (parts[0] === "auth") return "log in to registry";
  if (method === "DELETE") return `remove ${resource}`;
  if (last === "json" && parts.length === 2) return `list ${parts[0]}`;
  if (last === "json" || (isParam && (method === "GET" || method === "HEAD"))) return `inspect ${resource}`;
  if (isParam || last === parts[0]) return `${method.toLowerCase()} ${resource}`;
  return `${last} ${resource}`;
}

/**
 * A path segment as Go's net/http unescapes it: a malformed escape ("%zz") is the client's
 * error, and escapes that are not UTF-8 ("%ff") still decode (to U+FFFD) so the lookup
 * answers "No such container" instead of the request failing.
 */
export function decodeSegment(raw: string): string {
  const bad = /%(?![0-9A-Fa-f]{2}).{0,2}/.exec(raw);
  if (bad) throw new InvalidParameterError(`invalid URL escape ${JSON.stringify(bad[0])}`);
  try {
    return decodeURIComponent(raw);
  } catch {
    const bytes = raw.replace(/%([0-9A-Fa-f]{2})|[^%]+/g, (m, hex: string | undefined) =>
      hex ? String.fromCharCode(Number.parseInt(hex, 16)) : Buffer.from(m, "utf8").toString("latin1"),
    );
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
}

/**
 * Method + path router. `{name}` matches one segment; a trailing `{name*}` matches the
 * rest, which image names with slashes need (`/images/127.0.0.1:5000/a/b/json`).
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler): void {
    const keys: string[] = [];
    const re = path.replace(/\{(\w+)(\*?)\}/g, (_, key: string, rest: string) => {
      keys.push(key);
      return rest ? "(.+)" : "([^/]+)";
    });
    this.routes.push({
      method,
      pattern: new RegExp(`^${re}$`),
      keys,
      handler,
      action: routeAction(method, path),
    });
  }

  get(p: string, h: Handler): void {
    this.add("GET", p, h);
    this.add("HEAD", p, h);
  }
  post(p: string, h: Handler): void {
    this.add("POST", p, h);
  }
  put(p: string, h: Handler): void {
    this.add("PUT", p, h);
  }
  delete(p: string, h: Handler): void {
    this.add("DELETE", p, h);
  }
  head(p: string, h: Handler): void {
    this.add("HEAD", p, h);
  }

  /** Throws InvalidParameterError for a malformed percent-escape in a matched segment. */
  match(
    method: string,
    path: string,
  ): { handler: Handler; params: Record<string, string>; action: string } | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => {
        params[k] = decodeSegment(m[i + 1]);
      });
      return { handler: r.handler, params, action: r.action };
    }
    return undefined;
  }
}
