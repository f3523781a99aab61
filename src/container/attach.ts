import type { Duplex } from "node:stream";
import type { AttachConnection } from "../runtime/monitor-client.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { AttachOptions, ContainerContext } from "./context.ts";
import { assertRunning } from "./state.ts";
import { DEFAULT_DETACH_KEYS, DetachKeyScanner, endClient, parseDetachKeys, stdcopyFrame } from "./stdio.ts";

/**
 * Connects a hijacked client to the container's stdio. Before the container starts, the
 * client waits and is connected as the container starts, so it sees all output.
 */
export async function attachContainer(
  ctx: ContainerContext,
  ref: string,
  client: Duplex,
  head: Buffer,
  opts: AttachOptions,
): Promise<void> {
  const rec = ctx.store.get(ref);
  if (opts.detachKeys) parseDetachKeys(opts.detachKeys);
  if (rec.State.Running) {
    const conn = await ctx.rt.connectAttach(ctx.stateDir(rec.ID));
    bridge(rec, conn, client, head, opts);
    ctx.emit(rec, "attach");
    return;
  }
  const list = ctx.pendingAttach.get(rec.ID) ?? [];
  list.push({ client, opts, head });
  ctx.pendingAttach.set(rec.ID, list);
  client.once("close", () => {
    const l = ctx.pendingAttach.get(rec.ID)?.filter((p) => p.client !== client);
    if (l?.length) ctx.pendingAttach.set(rec.ID, l);
    else ctx.pendingAttach.delete(rec.ID);
  });
  ctx.emit(rec, "attach");
}

/** Connects the clients that attached before the start. */
export async function connectPendingAttach(ctx: ContainerContext, rec: ContainerRecord): Promise<void> {
  const list = ctx.pendingAttach.get(rec.ID) ?? [];
  ctx.pendingAttach.delete(rec.ID);
  for (const p of list) {
    if (p.client.destroyed) continue;
    const conn = await ctx.rt.connectAttach(ctx.stateDir(rec.ID));
    bridge(rec, conn, p.client, p.head, p.opts);
  }
}

/** Ends the clients waiting for a start that will not come (it failed, or the container is removed). */
export function failPendingAttach(ctx: ContainerContext, id: string): void {
  for (const p of ctx.pendingAttach.get(id) ?? []) endClient(p.client);
  ctx.pendingAttach.delete(id);
}

export async function resizeContainer(
  ctx: ContainerContext,
  ref: string,
  h: number,
  w: number,
): Promise<void> {
  const rec = ctx.store.get(ref);
  assertRunning(rec);
  const conn = await ctx.rt.connectAttach(ctx.stateDir(rec.ID));
  conn.resize(h, w);
  conn.close();
}

/** Pipes a monitor attach connection to a client in Docker's stream format. */
export function bridge(
  rec: { Config: { Tty?: boolean; StdinOnce?: boolean } },
  conn: AttachConnection,
  client: Duplex,
  head: Buffer,
  opts: AttachOptions & { onDetach?: () => void },
): void {
  const framed = !rec.Config.Tty && opts.multiplex !== false;
  const out = (stream: 1 | 2, data: Buffer) => {
    if (client.destroyed) return;
    // A slow client slows the monitor (which then stops reading the container), never our heap.
    if (!client.write(framed ? stdcopyFrame(stream, data) : data)) {
      conn.socket.pause();
      client.once("drain", () => conn.socket.resume());
    }
  };
  if (opts.stdout) conn.on("stdout", (d) => out(1, d));
  if (opts.stderr) conn.on("stderr", (d) => out(2, d));
  conn.on("close", () => endClient(client));
  conn.on("error", () => endClient(client));
  client.on("error", () => conn.close());
  client.on("close", () => conn.close());
  if (opts.stdin) {
    const scanner = new DetachKeyScanner(
      opts.detachKeys ? parseDetachKeys(opts.detachKeys) : DEFAULT_DETACH_KEYS,
    );
    const onData = (chunk: Buffer) => {
      const { data, detached } = scanner.push(chunk);
      if (data.length) conn.writeStdin(data);
      if (detached) {
        opts.onDetach?.();
        conn.close();
        endClient(client);
      }
    };
    if (head.length) onData(head);
    client.on("data", onData);
    client.resume();
    client.on("end", () => {
      if (rec.Config.StdinOnce !== false) conn.closeStdin();
    });
  } else {
    client.on("data", () => {});
    client.resume();
  }
}
