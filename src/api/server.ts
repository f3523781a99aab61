import type { IncomingMessage, Server, ServerResponse } from "node:http";

// See src/client/client.ts: the ESM facade of node:http would load all of undici.
const http = process.getBuiltinModule("node:http");

import type { Duplex } from "node:stream";
import { type ErrorCode, errorCode, errorMessage } from "../errdefs/errors.ts";
import type { Logger } from "../util/logger.ts";
import { isInternalError, publicMessage } from "./public-error.ts";
import { type RequestContext, Router } from "./router.ts";

export const API_VERSION = "1.44";
export const MIN_API_VERSION = "1.24";
export const SERVER_VERSION = "0.1.0";

const statusOf: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_PARAMETER: 400,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  UNAVAILABLE: 503,
  NOT_MODIFIED: 304,
  NOT_IMPLEMENTED: 501,
  SYSTEM: 500,
};

/** Typed errors become HTTP statuses here, and only here. */
export function httpStatus(err: unknown): number {
  return statusOf[errorCode(err)];
}

function compareVersions(a: string, b: string): number {
  const [a1, a2] = a.split(".").map(Number);
  const [b1, b2] = b.split(".").map(Number);
  return a1 - b1 || a2 - b2;
}

export function commonHeaders(): Record<string, string> {
  return {
    "Api-Version": API_VERSION,
    "Docker-Experimental": "false",
    Ostype: "linux",
    Server: `Berth/${SERVER_VERSION} (linux)`,
  };
}

/** The Engine API over HTTP/1.1: version prefixes, common headers, errors as `{"message"}`. */
export function createApiServer(router: Router, log: Logger): Server {
  const server = http.createServer({ requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 60_000 });

  const dispatch = async (
    req: IncomingMessage,
    res: ServerResponse,
    upgrade?: { socket: Duplex; head: Buffer },
  ) => {
    let action = "handle request";
    let ctx: RequestContext | undefined;
    try {
      const url = new URL(req.url ?? "/", "http://berth");
      let path = url.pathname;
      let apiVersion = API_VERSION;
      const m = /^\/v(\d+\.\d+)(\/.*)$/.exec(path);
      if (m) {
        apiVersion = m[1];
        path = m[2];
        if (compareVersions(apiVersion, MIN_API_VERSION) < 0) {
          const body = `client version ${apiVersion} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`;
          res.writeHead(400, {
            "Content-Type": "text/plain; charset=utf-8",
            "Content-Length": Buffer.byteLength(body),
          });
          res.end(body);
          return;
        }
        if (compareVersions(apiVersion, API_VERSION) > 0) {
          const body = JSON.stringify({
            message: `client version ${apiVersion} is too new. Maximum supported API version is ${API_VERSION}`,
          });
          res.writeHead(400, {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
          });
          res.end(body);
          return;
        }
      }
      log.debug("request", { method: req.method, url: req.url, upgrade: Boolean(upgrade) });
      const route = router.match(req.method ?? "GET", path);
      if (!route) {
        const body = JSON.stringify({ message: "page not found" });
        res.writeHead(404, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      ctx = {
        req,
        res,
        params: route.params,
        query: url.searchParams,
        apiVersion,
        upgrade,
      };
      action = route.action;
      await route.handler(ctx);
    } catch (err) {
      reportFailure(req, res, upgrade, ctx, action, err);
    }
  };

  // Whatever a handler or the router throws ends here, so no request can become an unhandled
  // rejection (Node exits on one).
  const reportFailure = (
    req: IncomingMessage,
    res: ServerResponse,
    upgrade: { socket: Duplex; head: Buffer } | undefined,
    ctx: RequestContext | undefined,
    action: string,
    err: unknown,
  ) => {
    const status = httpStatus(err);
    const message = publicMessage(err, action);
    const path = req.url;
    if (isInternalError(err)) {
      log.error("request failed", {
        method: req.method,
        path,
        err: errorMessage(err),
        stack: (err as Error)?.stack,
      });
    } else if (status >= 500) log.error("request failed", { method: req.method, path, err: message });
    else log.debug("request refused", { method: req.method, path, status, err: message });
    try {
      if (ctx?.hijacked) {
        // The connection is a raw stream already: Docker writes the error text into it.
        const stream = ctx.hijacked;
        if (!stream.destroyed) stream.end(`${message}\r\n`);
      } else if (upgrade && !res.headersSent) {
        const body = JSON.stringify({ message });
        upgrade.socket.end(
          `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      } else if (!res.headersSent) {
        const body = JSON.stringify({ message });
        res.writeHead(status, {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
        });
        res.end(req.method === "HEAD" ? undefined : body);
      } else if (!res.writableEnded) {
        // Mid-stream failure: Docker's JSON-stream convention carries the error in-band.
        // A failed build step carries its command's exit status (docker build exits with it).
        const exit = (err as { exitCode?: unknown } | undefined)?.exitCode;
        const detail = typeof exit === "number" ? { code: exit, message } : { message };
        res.end(`${JSON.stringify({ errorDetail: detail, error: message })}\n`);
      }
    } catch (replyErr) {
      log.error("Cannot report a failed request to the client", { err: errorMessage(replyErr) });
      res.destroy();
    }
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(commonHeaders())) res.setHeader(k, v);
    dispatch(req, res).catch((err) => log.error("request failed", { err: errorMessage(err) }));
  });

  // `Connection: Upgrade` requests (attach, exec start) arrive here instead of "request".
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops its own error listener on upgraded sockets: a client hanging up must not crash us.
    socket.on("error", (err) => log.debug("client connection failed", { err: err.message }));
    const res = new http.ServerResponse(req);
    res.assignSocket(socket as never);
    for (const [k, v] of Object.entries(commonHeaders())) res.setHeader(k, v);
    dispatch(req, res, { socket, head }).catch((err) =>
      log.error("request failed", { err: errorMessage(err) }),
    );
  });

  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
  });
  return server;
}

export { Router };
