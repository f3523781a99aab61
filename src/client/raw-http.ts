// HTTP/1.1 over a unix socket without node:http, for the CLI's plain requests (a JSON body in,
// a whole body out) and its hijacks (attach, exec start). Hand-written on purpose: node:http
// and the ~20 modules it loads cost ~10 ms of CPU at every CLI start, a third of Node's own
// start-up (README, Benchmarks), and these two exchanges need only a request line, a response
// head and a Content-Length or chunked body. Streaming responses (logs, events, pulls) still
// go through node:http (client.ts), loaded only by the commands that make them.

import type { Socket } from "node:net";

export interface RawResponse {
  status: number;
  /** Header names in lower case; a repeated header's values joined with ", " as node:http does. */
  headers: Record<string, string>;
}

/** Connects and sends one request; resolves with the socket once connected and written. */
function send(socketPath: string, head: string, body: Buffer | undefined, signal?: AbortSignal): Socket {
  // Loaded here, not at the top: `berth --version` and the commands that need no daemon skip it.
  const socket = process.getBuiltinModule("node:net").connect({ path: socketPath, signal });
  socket.write(body ? Buffer.concat([Buffer.from(head, "latin1"), body]) : head, "latin1");
  return socket;
}

export function requestHead(method: string, path: string, headers: Record<string, string>): string {
  let h = `${method} ${path} HTTP/1.1\r\n`;
  for (const [k, v] of Object.entries(headers)) h += `${k}: ${v}\r\n`;
  return `${h}\r\n`;
}

/** The status line and headers at the start of `buf`, or undefined while incomplete. */
export function parseHead(buf: Buffer): { res: RawResponse; rest: Buffer } | undefined {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!m) throw new Error(`bad HTTP response: ${JSON.stringify(lines[0].slice(0, 80))}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  }
  return { res: { status: Number(m[1]), headers }, rest: buf.subarray(end + 4) };
}

/**
 * A chunked body's data, once `buf` holds all of it (through the last, empty chunk); undefined
 * while incomplete.
 */
export function dechunk(buf: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf("\r\n", at);
    if (eol < 0) return undefined;
    const size = Number.parseInt(buf.subarray(at, eol).toString("latin1"), 16);
    if (Number.isNaN(size)) throw new Error("bad chunked encoding in the daemon's response");
    if (size === 0) return Buffer.concat(parts);
    if (buf.length < eol + 2 + size + 2) return undefined;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** An answer whose head has come: its status, headers and, later, its whole body. */
export interface PendingResponse extends RawResponse {
  body: Promise<Buffer>;
  /** Closes the connection; `body` then rejects. */
  abort(): void;
}

/**
 * One request: resolves once the response head has come, with the body still arriving (read
 * whole: Content-Length, chunked, or until close) — the shape of a long wait.
 */
export function exchangeHead(
  socketPath: string,
  head: string,
  body: Buffer | undefined,
  signal?: AbortSignal,
): Promise<PendingResponse> {
  return new Promise((resolveHead, rejectHead) => {
    const socket = send(socketPath, head, body, signal);
    let buf: Buffer = Buffer.alloc(0);
    let res: RawResponse | undefined;
    let settled = false;
    let resolveBody!: (b: Buffer) => void;
    let rejectBody!: (e: Error) => void;
    const bodyDone = new Promise<Buffer>((resolve, reject) => {
      resolveBody = resolve;
      rejectBody = reject;
    });
    bodyDone.catch(() => {}); // a caller that never reads the body must not crash the process
    const finish = (data: Buffer) => {
      settled = true;
      socket.destroy();
      resolveBody(data);
    };
    // Resolves the body once `buf` holds all of it.
    const check = (closed: boolean) => {
      if (!res || settled) return;
      const { headers, status } = res;
      if (headers["transfer-encoding"]?.toLowerCase().includes("chunked")) {
        const data = dechunk(buf);
        if (data) finish(data);
      } else if (headers["content-length"] !== undefined) {
        const n = Number(headers["content-length"]);
        if (buf.length >= n) finish(buf.subarray(0, n));
      } else if (status === 204 || status === 304) finish(Buffer.alloc(0));
      else if (closed) finish(buf);
    };
    socket.on("data", (c: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, c]) : c;
      if (res) return check(false);
      let parsed: ReturnType<typeof parseHead>;
      try {
        parsed = parseHead(buf);
      } catch (err) {
        socket.destroy();
        rejectHead(err);
        return;
      }
      if (!parsed) return;
      res = parsed.res;
      buf = parsed.rest;
      resolveHead({
        ...res,
        body: bodyDone,
        abort: () => {
          if (!settled) rejectBody(new Error("aborted"));
          settled = true;
          socket.destroy();
        },
      });
      check(false);
    });
    socket.on("end", () => {
      if (!res) rejectHead(new Error("the daemon closed the connection before it answered"));
      check(true);
      if (!settled) rejectBody(new Error("the daemon closed the connection in the middle of its answer"));
    });
    socket.on("error", (err) => {
      if (!res) rejectHead(err);
      else if (!settled) rejectBody(err);
      settled = true;
    });
  });
}

/** One request whose response body is read whole. */
export async function exchange(
  socketPath: string,
  head: string,
  body?: Buffer,
  signal?: AbortSignal,
): Promise<RawResponse & { body: Buffer }> {
  const res = await exchangeHead(socketPath, head, body, signal);
  return { status: res.status, headers: res.headers, body: await res.body };
}

/**
 * A `Connection: Upgrade` request: resolves with the socket and the bytes after the head once
 * the daemon answers 101, or with the response and its whole body otherwise.
 */
export function upgrade(
  socketPath: string,
  head: string,
  body: Buffer | undefined,
): Promise<
  { upgraded: true; socket: Socket; head: Buffer } | { upgraded: false; res: RawResponse; body: Buffer }
> {
  return new Promise((resolve, reject) => {
    const socket = send(socketPath, head, body);
    let buf: Buffer = Buffer.alloc(0);
    const onData = (c: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, c]) : c;
      let parsed: ReturnType<typeof parseHead>;
      try {
        parsed = parseHead(buf);
      } catch (err) {
        socket.destroy();
        reject(err);
        return;
      }
      if (!parsed) return;
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("error", reject);
      if (parsed.res.status === 101) {
        // Held until the caller listens, as node:http hands an upgraded socket over: an
        // explicit pause() would otherwise keep a later 'data' listener from starting the flow.
        socket.pause();
        const onListener = (event: string | symbol) => {
          if (event !== "data") return;
          socket.off("newListener", onListener);
          process.nextTick(() => socket.resume());
        };
        socket.on("newListener", onListener);
        resolve({ upgraded: true, socket, head: parsed.rest });
        return;
      }
      // An error answer: the rest of its body, then the connection closes.
      const { res } = parsed;
      const rest: Buffer[] = [parsed.rest];
      socket.on("data", (d: Buffer) => rest.push(d));
      const settle = () => {
        const all = Buffer.concat(rest);
        const chunked = res.headers["transfer-encoding"]?.toLowerCase().includes("chunked");
        resolve({ upgraded: false, res, body: (chunked ? dechunk(all) : undefined) ?? all });
      };
      socket.on("end", settle);
      socket.on("error", settle);
      if (
        res.headers["content-length"] !== undefined &&
        parsed.rest.length >= Number(res.headers["content-length"])
      ) {
        socket.destroy();
        settle();
      }
    };
    const onEnd = () => reject(new Error("the daemon closed the connection before it answered"));
    socket.on("data", onData);
    socket.on("end", onEnd);
    socket.on("error", reject);
  });
}
