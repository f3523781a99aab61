import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

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
    this.routes.push({ method, pattern: new RegExp(`^${re}$`), keys, handler });
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

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => {
        params[k] = decodeURIComponent(m[i + 1]);
      });
      return { handler: r.handler, params };
    }
    return undefined;
  }
}
