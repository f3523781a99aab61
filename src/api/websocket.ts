// The websocket handshake of `GET /containers/{id}/attach/ws`, by the `ws` package: the
// connection becomes a Duplex whose writes are binary messages (as dockerd's for API >= 1.28)
// and whose reads are the client's messages, for the attach to treat as any hijacked stream.

import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { createWebSocketStream, WebSocketServer } from "ws";
import { InvalidParameterError } from "../errdefs/errors.ts";
import type { RequestContext } from "./router.ts";

// Handshakes only: with noServer it holds no sockets or listeners of its own.
let server: WebSocketServer | undefined;

/** Completes the handshake of an `Upgrade: websocket` request; the stream once it is done. */
export function acceptWebSocket(ctx: RequestContext): Promise<Duplex> {
  const upgrade = ctx.upgrade;
  if (!upgrade || String(ctx.req.headers.upgrade ?? "").toLowerCase() !== "websocket") {
    throw new InvalidParameterError(
      "Cannot attach over a websocket: the request is not a websocket upgrade (Upgrade: websocket)",
    );
  }
  server ??= new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const wss = server;
  return new Promise((resolve, reject) => {
    // A failed handshake is answered (400) and closed by ws itself, without the callback.
    const failed = () => reject(new InvalidParameterError("Cannot attach over a websocket: bad handshake"));
    upgrade.socket.once("close", failed);
    wss.handleUpgrade(ctx.req, upgrade.socket as Socket, upgrade.head, (ws) => {
      upgrade.socket.off("close", failed);
      const stream = createWebSocketStream(ws);
      ctx.hijacked = stream;
      resolve(stream);
    });
  });
}
