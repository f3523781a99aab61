import { Duplex } from "node:stream";
import { InvalidParameterError } from "../errdefs/errors.ts";
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
  // A body read before (readHijackBody) has ended the request: stdin is empty.
  if (req.readableEnded) stream.push(null);
  else req.on("end", () => stream.push(null));
  res.on("close", () => stream.destroy());
  ctx.hijacked = stream;
  return { stream, head: Buffer.alloc(0) };
}

// Options bodies are a few hundred bytes; this only keeps a bogus Content-Length from
// making berthd buffer without end.
const MAX_HIJACK_BODY = 1024 * 1024;

/**
 * The body a hijacking request carries with `Content-Length`, read before the connection is
 * taken over: exec start's options, or attach's options that docker-modem (dockerode,
 * testcontainers) sends a second time and dockerd drops. Only those bytes are taken: what
 * follows them on an upgraded connection is the start of stdin, kept in `ctx.upgrade.head`.
 * Without Upgrade and without `Content-Length` (a chunked body), the body is attach's stdin
 * but exec start's options (`chunkedIsBody`), as moby reads exec start's body whatever its framing.
 */
export async function readHijackBody(
  ctx: RequestContext,
  opts: { chunkedIsBody?: boolean } = {},
): Promise<Buffer> {
  const header = ctx.req.headers["content-length"];
  const length = Number(header ?? 0);
  if (length > MAX_HIJACK_BODY)
    throw new InvalidParameterError(`request body is larger than ${MAX_HIJACK_BODY} bytes`);
  if (!ctx.upgrade) {
    if (header === undefined && !opts.chunkedIsBody) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    for await (const c of ctx.req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  let buf = ctx.upgrade.head;
  const socket = ctx.upgrade.socket;
  while (buf.length < length && !socket.readableEnded) {
    const chunk = await new Promise<Buffer>((resolve, reject) => {
      const settle = () => {
        socket.off("data", onData);
        socket.off("end", onEnd);
        socket.off("error", onError);
      };
      const onData = (c: Buffer) => {
        settle();
        // Hold the rest of the stream until its consumer attaches (and resumes it).
        socket.pause();
        resolve(c);
      };
      const onEnd = () => {
        settle();
        resolve(Buffer.alloc(0));
      };
      const onError = (err: Error) => {
        settle();
        reject(err);
      };
      socket.on("data", onData);
      socket.on("end", onEnd);
      socket.on("error", onError);
      // Paused by the previous read: a new listener alone would not start it again.
      socket.resume();
    });
    if (chunk.length === 0) break;
    buf = Buffer.concat([buf, chunk]);
  }
  ctx.upgrade.head = buf.subarray(length);
  return buf.subarray(0, length);
}

/**
 * Reads the JSON body of a hijacking request (exec start), as readHijackBody takes it.
 * `T` is the wire type the caller checks the body against (as readJson's).
 */
export async function readUpgradeBody<T>(ctx: RequestContext): Promise<{ body: T }> {
  const text = (await readHijackBody(ctx, { chunkedIsBody: true })).toString();
  // An empty body is `{}`: every field of the hijacking requests' bodies is optional.
  return { body: (text ? parseJsonBody(text) : {}) as T };
}
