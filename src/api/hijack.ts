import { Duplex } from "node:stream";
import { parseJsonBody } from "../schema/engine-schema.ts";
import type { RequestContext } from "./router.ts";
import { commonHeaders } from "./server.ts";

/**
 * Takes over the connection for a raw stream (attach, exec start). With `Upgrade: tcp`
 * the reply is `101 UPGRADED` and the socket is ours; without it (old clients) the reply
 * is a 200 whose body is the stream and whose request body is the stdin.
 */
export function hijack(
  ctx: RequestContext,
  opts: { contentType?: string; withCommonHeaders?: boolean } = {},
): { stream: Duplex; head: Buffer } {
  const contentType = opts.contentType ?? "application/vnd.docker.raw-stream";
  if (ctx.upgrade) {
    const extra = opts.withCommonHeaders
      ? Object.entries(commonHeaders())
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join("")
      : "";
    ctx.upgrade.socket.write(
      `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n${extra}\r\n`,
    );
    ctx.hijacked = ctx.upgrade.socket;
    return { stream: ctx.upgrade.socket, head: ctx.upgrade.head };
  }
  const { req, res } = ctx;
  res.writeHead(200, { "Content-Type": contentType });
  res.flushHeaders();
  const stream = new Duplex({
    read() {
      req.resume();
    },
    write(chunk, _enc, cb) {
      res.write(chunk, cb);
    },
    final(cb) {
      res.end(cb);
    },
  });
  req.on("data", (c) => {
    if (!stream.push(c)) req.pause();
  });
  req.on("end", () => stream.push(null));
  res.on("close", () => stream.destroy());
  ctx.hijacked = stream;
  return { stream, head: Buffer.alloc(0) };
}

/**
 * Reads a JSON body that arrived on a hijacked connection (exec start): `head` then the socket.
 * `T` is the wire type the caller checks the body against (as readJson's).
 */
export async function readUpgradeBody<T>(ctx: RequestContext): Promise<{ body: T; rest: Buffer }> {
  const length = Number(ctx.req.headers["content-length"] ?? 0);
  if (!ctx.upgrade) {
    const chunks: Buffer[] = [];
    for await (const c of ctx.req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    return { body: parseBody<T>(text), rest: Buffer.alloc(0) };
  }
  let buf = ctx.upgrade.head;
  const socket = ctx.upgrade.socket;
  while (buf.length < length) {
    const chunk: Buffer = await new Promise((resolve, reject) => {
      socket.once("data", (c: Buffer) => {
        // Hold the rest of the stream until its consumer attaches.
        socket.pause();
        resolve(c);
      });
      socket.once("error", reject);
      socket.once("end", () => resolve(Buffer.alloc(0)));
    });
    if (chunk.length === 0) break;
    buf = Buffer.concat([buf, chunk]);
  }
  const text = buf.subarray(0, length).toString();
  // The bytes read past the body are the start of the stdin stream.
  ctx.upgrade.head = buf.subarray(length);
  return { body: parseBody<T>(text), rest: buf.subarray(length) };
}

// An empty body is `{}`: every field of the hijacking requests' bodies is optional.
function parseBody<T>(text: string): T {
  return (text ? parseJsonBody(text) : {}) as T;
}
