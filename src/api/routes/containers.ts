import type { ServerResponse } from "node:http";
import type { ContainerFs } from "../../container/container-fs.ts";
import { CONTAINER_LIST_FILTERS, type ContainerListOptions } from "../../container/container-list.ts";
import {
  type AttachSession,
  detailsPrefix,
  type OpenLogs,
  parseLogTime,
  parseTail,
} from "../../container/container-logs.ts";
import type { ContainerService } from "../../container/container-service.ts";
import { validateRestartPolicy } from "../../container/create-validation.ts";
import { fixedNanoTime, type LogEntry } from "../../container/log-reader.ts";
import { CONTAINER_PRUNE_FILTERS } from "../../container/prune-filter.ts";
import { parseDetachKeys, stdcopyFrame } from "../../container/stdio.ts";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import { validateRequestBody } from "../../schema/engine-schema.ts";
import type { ContainerInspect, ContainerPruneResponse, ContainerSummary } from "../../types/container.ts";
import type { ContainerConfig } from "../../types/container-config.ts";
import type { ContainerCreateRequest, ContainerUpdateRequest } from "../../types/container-create.ts";
import type { ExecConfig, ExecInspect, ExecStartConfig } from "../../types/exec.ts";
import type { Filters } from "../../types/filters.ts";
import { hijack, readHijackBody, readUpgradeBody } from "../hijack.ts";
import {
  boolParam,
  filtersParam,
  intParam,
  readJson,
  sendJson,
  sendNoContent,
  untilParam,
} from "../http-util.ts";
import { publicMessage } from "../public-error.ts";
import type { Router } from "../router.ts";
import { acceptWebSocket } from "../websocket.ts";

/**
 * What the container routes need of berthd (moby's container router backend): the service's
 * operations, the read-side views and the container's read-write layer operations.
 * daemon/ wires the concrete services into it.
 */
export interface ContainerBackend
  extends Pick<
      ContainerService,
      | "create"
      | "start"
      | "stop"
      | "restart"
      | "kill"
      | "pause"
      | "unpause"
      | "rename"
      | "update"
      | "resize"
      | "wait"
      | "remove"
      | "top"
      | "stats"
      | "createExec"
      | "getExec"
      | "startExec"
      | "resizeExec"
    >,
    Pick<ContainerFs, "changes" | "export" | "commit"> {
  /** `docker ps`: the containers the options select, as summaries. */
  list(opts: ContainerListOptions): Promise<ContainerSummary[]>;
  inspect(ref: string, withSize: boolean): Promise<ContainerInspect>;
  /** Removes the stopped containers the filters select; `untilMs` already parsed. */
  prune(filters: Filters, untilMs: number | undefined): Promise<{ deleted: string[]; reclaimed: number }>;
  inspectExec(id: string): ExecInspect;
  /** The log of a container for the streams asked; fails before anything is sent. */
  openLogs(ref: string, streams: { stdout: boolean; stderr: boolean }): OpenLogs;
  /** An attach, checked before the connection is taken over. */
  openAttach(ref: string, want: { stream: boolean; logs: boolean }): AttachSession;
}

/** moby checks `detachKeys` first, before the container and before taking the connection over. */
function detachKeysParam(q: URLSearchParams): void {
  const keys = q.get("detachKeys");
  if (keys) parseDetachKeys(keys);
}

/** 204 once `op` is done; 304, without a body, when it had nothing to do (already started or stopped). */
async function noContentOrNotModified(res: ServerResponse, op: () => Promise<unknown>): Promise<void> {
  try {
    await op();
  } catch (err) {
    if ((err as { code?: string }).code === "NOT_MODIFIED") {
      sendNoContent(res, 304);
      return;
    }
    throw err;
  }
  sendNoContent(res);
}

export function registerContainerRoutes(router: Router, containers: ContainerBackend): void {
  router.post("/containers/create", async (ctx) => {
    const body = validateRequestBody("ContainerCreate", await readJson<ContainerCreateRequest>(ctx.req));
    if (!body) throw new InvalidParameterError("Config cannot be empty in order to create a container");
    const name = ctx.query.get("name") || undefined;
    // As dockerd's router: clients older than API 1.44 cannot mean a start interval.
    if (body.Healthcheck && Number(ctx.apiVersion.split(".")[1]) < 44) delete body.Healthcheck.StartInterval;
    const res = await containers.create(body, name, ctx.query.get("platform") || undefined);
    sendJson(ctx.res, 201, res);
  });

  router.get("/containers/json", async (ctx) => {
    const list = await containers.list({
      all: boolParam(ctx.query, "all"),
      limit: intParam(ctx.query, "limit") ?? -1,
      size: boolParam(ctx.query, "size"),
      filters: filtersParam(ctx.query, CONTAINER_LIST_FILTERS),
    });
    sendJson(ctx.res, 200, list);
  });

  router.get("/containers/{id}/json", async (ctx) => {
    const body = JSON.stringify(await containers.inspect(ctx.params.id, boolParam(ctx.query, "size")));
    ctx.res.writeHead(200, { "Content-Type": "application/json" });
    ctx.res.end(body);
  });

  router.post("/containers/{id}/start", async (ctx) => {
    await noContentOrNotModified(ctx.res, () => containers.start(ctx.params.id));
  });

  router.post("/containers/{id}/stop", async (ctx) => {
    await noContentOrNotModified(ctx.res, () =>
      containers.stop(ctx.params.id, {
        timeout: intParam(ctx.query, "t"),
        signal: ctx.query.get("signal") || undefined,
      }),
    );
  });

  router.post("/containers/{id}/restart", async (ctx) => {
    await containers.restart(ctx.params.id, {
      timeout: intParam(ctx.query, "t"),
      signal: ctx.query.get("signal") || undefined,
    });
    sendNoContent(ctx.res);
  });

  router.post("/containers/{id}/kill", async (ctx) => {
    await containers.kill(ctx.params.id, ctx.query.get("signal") || undefined);
    sendNoContent(ctx.res);
  });

  router.post("/containers/{id}/pause", async (ctx) => {
    await containers.pause(ctx.params.id);
    sendNoContent(ctx.res);
  });

  router.post("/containers/{id}/unpause", async (ctx) => {
    await containers.unpause(ctx.params.id);
    sendNoContent(ctx.res);
  });

  router.post("/containers/{id}/rename", async (ctx) => {
    const name = ctx.query.get("name");
    if (!name) throw new InvalidParameterError("Cannot rename container: the name parameter is required");
    await containers.rename(ctx.params.id, name);
    sendNoContent(ctx.res);
  });

  router.post("/containers/{id}/update", async (ctx) => {
    const body =
      validateRequestBody("ContainerUpdate", await readJson<ContainerUpdateRequest>(ctx.req)) ?? {};
    validateRestartPolicy(body.RestartPolicy);
    const warnings = await containers.update(ctx.params.id, body);
    sendJson(ctx.res, 200, { Warnings: warnings });
  });

  router.post("/containers/{id}/resize", async (ctx) => {
    const h = intParam(ctx.query, "h") ?? 0;
    const w = intParam(ctx.query, "w") ?? 0;
    await containers.resize(ctx.params.id, h, w);
    ctx.res.writeHead(200, { "Content-Length": 0 });
    ctx.res.end();
  });

  router.post("/containers/{id}/wait", async (ctx) => {
    const ac = new AbortController();
    const result = containers.wait(ctx.params.id, ctx.query.get("condition") ?? "", ac.signal);
    // Headers go at once: the docker CLI issues the wait before start and blocks on them.
    ctx.res.writeHead(200, { "Content-Type": "application/json" });
    ctx.res.flushHeaders();
    ctx.res.on("close", () => ac.abort());
    const r = await result;
    if (!ctx.res.writableEnded)
      ctx.res.end(`${JSON.stringify({ Error: r.Error, StatusCode: r.StatusCode })}\n`);
  });

  router.delete("/containers/{id}", async (ctx) => {
    await containers.remove(ctx.params.id, {
      force: boolParam(ctx.query, "force"),
      volumes: boolParam(ctx.query, "v"),
    });
    sendNoContent(ctx.res);
  });

  router.post("/containers/prune", async (ctx) => {
    const filters = filtersParam(ctx.query, CONTAINER_PRUNE_FILTERS);
    const until = filters.get("until")?.[0];
    const { deleted, reclaimed } = await containers.prune(filters, until ? untilParam(until) : undefined);
    const body: ContainerPruneResponse = {
      ContainersDeleted: deleted.length ? deleted : null,
      SpaceReclaimed: reclaimed,
    };
    sendJson(ctx.res, 200, body);
  });

  router.get("/containers/{id}/top", async (ctx) => {
    sendJson(ctx.res, 200, await containers.top(ctx.params.id, ctx.query.get("ps_args") ?? ""));
  });

  router.get("/containers/{id}/stats", async (ctx) => {
    // dockerd's default is a stream; `stream=false` gives one sample, after a second one
    // unless `one-shot=true`.
    const stream = ctx.query.has("stream") ? boolParam(ctx.query, "stream") : true;
    const oneShot = boolParam(ctx.query, "one-shot");
    if (oneShot && stream) throw new InvalidParameterError("cannot have stream=true and one-shot=true");
    const closed = new AbortController();
    ctx.res.on("close", () => closed.abort());
    let started = false;
    await containers.stats(
      ctx.params.id,
      { stream, oneShot },
      (s) => {
        if (!started) {
          ctx.res.writeHead(200, { "Content-Type": "application/json" });
          started = true;
        }
        ctx.res.write(`${JSON.stringify(s)}\n`);
      },
      closed.signal,
    );
    ctx.res.end();
  });

  router.post("/containers/{id}/attach", async (ctx) => {
    detachKeysParam(ctx.query);
    const opts = {
      stdin: boolParam(ctx.query, "stdin"),
      stdout: boolParam(ctx.query, "stdout"),
      stderr: boolParam(ctx.query, "stderr"),
      detachKeys: ctx.query.get("detachKeys") || undefined,
    };
    const logs = boolParam(ctx.query, "logs");
    const streaming = boolParam(ctx.query, "stream");
    const session = containers.openAttach(ctx.params.id, { stream: streaming, logs });
    // docker-modem repeats the query as a JSON body; dockerd drops it, so must we: it is not stdin.
    await readHijackBody(ctx);
    const { stream, head } = hijack(ctx);
    if (logs) {
      await session.replay({ stdout: opts.stdout, stderr: opts.stderr }, (e) =>
        stream.write(
          session.tty ? Buffer.from(e.log) : stdcopyFrame(e.stream === "stdout" ? 1 : 2, Buffer.from(e.log)),
        ),
      );
      if (!streaming) {
        stream.end();
        return;
      }
    }
    await session.attach(stream, head, opts);
  });

  // As moby's wsContainersAttach: never multiplexed (a message carries no stream), and before
  // API 1.42 all three streams whatever the query says.
  router.get("/containers/{id}/attach/ws", async (ctx) => {
    detachKeysParam(ctx.query);
    const all = Number(ctx.apiVersion.split(".")[1]) < 42;
    const opts = {
      stdin: all || boolParam(ctx.query, "stdin"),
      stdout: all || boolParam(ctx.query, "stdout"),
      stderr: all || boolParam(ctx.query, "stderr"),
      detachKeys: ctx.query.get("detachKeys") || undefined,
      multiplex: false,
    };
    const logs = boolParam(ctx.query, "logs");
    const streaming = boolParam(ctx.query, "stream");
    const session = containers.openAttach(ctx.params.id, { stream: streaming, logs });
    const stream = await acceptWebSocket(ctx);
    if (logs) {
      await session.replay({ stdout: opts.stdout, stderr: opts.stderr }, (e) => stream.write(e.log));
      if (!streaming) {
        stream.end();
        return;
      }
    }
    await session.attach(stream, Buffer.alloc(0), opts);
  });

  router.get("/containers/{id}/logs", async (ctx) => {
    const log = containers.openLogs(ctx.params.id, {
      stdout: boolParam(ctx.query, "stdout"),
      stderr: boolParam(ctx.query, "stderr"),
    });
    const follow = boolParam(ctx.query, "follow");
    const timestamps = boolParam(ctx.query, "timestamps");
    const details = boolParam(ctx.query, "details");
    const req = {
      follow,
      tail: parseTail(ctx.query.get("tail")),
      sinceNs: parseLogTime(ctx.query.get("since")),
      untilNs: parseLogTime(ctx.query.get("until")),
    };
    ctx.res.writeHead(200);
    ctx.res.flushHeaders();
    const write = (e: LogEntry) => {
      const text = details ? `${detailsPrefix(e)}${e.log}` : e.log;
      const line = timestamps ? `${fixedNanoTime(e.time)} ${text}` : text;
      const buf = Buffer.from(line);
      ctx.res.write(log.tty ? buf : stdcopyFrame(e.stream === "stdout" ? 1 : 2, buf));
    };
    const closed = new AbortController();
    ctx.res.on("close", () => closed.abort());
    await log.pump(req, write, closed.signal);
    ctx.res.end();
  });

  // ---- exec ----

  router.post("/containers/{id}/exec", async (ctx) => {
    const body = validateRequestBody("ContainerExec", await readJson<ExecConfig>(ctx.req)) ?? {};
    const id = containers.createExec(ctx.params.id, body);
    sendJson(ctx.res, 201, { Id: id });
  });

  router.post("/exec/{id}/start", async (ctx) => {
    const ex = containers.getExec(ctx.params.id);
    const { body } = await readUpgradeBody<ExecStartConfig | null>(ctx);
    validateRequestBody("ExecStart", body);
    const { Detach, Tty } = body ?? {};
    if (Detach) {
      await containers.startExec(ex.ID, { detach: true, tty: Tty });
      if (ctx.upgrade) {
        const { stream } = hijack(ctx, { withCommonHeaders: true });
        stream.end();
      } else sendNoContent(ctx.res, 200);
      return;
    }
    const multiplexed = !(Tty ?? ex.Config.Tty) && Number(ctx.apiVersion.split(".")[1]) >= 42;
    // As moby: take the connection first; a process that cannot start is reported in the
    // stream (as stdout) and by its exit code (126/127 from GET /exec/{id}/json).
    const hijacked = hijack(ctx, {
      withCommonHeaders: true,
      contentType: multiplexed
        ? "application/vnd.docker.multiplexed-stream"
        : "application/vnd.docker.raw-stream",
    });
    try {
      await containers.startExec(ex.ID, { detach: false, tty: Tty, hijack: () => hijacked });
    } catch (err) {
      const text = Buffer.from(`${publicMessage(err, "start exec instance")}\r\n`);
      if (!hijacked.stream.destroyed) hijacked.stream.end(multiplexed ? stdcopyFrame(1, text) : text);
    }
  });

  router.post("/exec/{id}/resize", async (ctx) => {
    await containers.resizeExec(ctx.params.id, intParam(ctx.query, "h") ?? 0, intParam(ctx.query, "w") ?? 0);
    ctx.res.writeHead(200, { "Content-Length": 0 });
    ctx.res.end();
  });

  router.get("/exec/{id}/json", (ctx) => {
    sendJson(ctx.res, 200, containers.inspectExec(ctx.params.id));
  });

  router.get("/containers/{id}/changes", async (ctx) => {
    sendJson(ctx.res, 200, await containers.changes(ctx.params.id));
  });

  router.get("/containers/{id}/export", async (ctx) => {
    await containers.export(ctx.params.id, ctx.res, () =>
      ctx.res.writeHead(200, { "Content-Type": "application/x-tar" }),
    );
  });

  router.post("/commit", async (ctx) => {
    const q = ctx.query;
    const ref = q.get("container") ?? "";
    if (!ref) throw new InvalidParameterError("Cannot commit: no container given (container=)");
    const config = validateRequestBody("ImageCommit", await readJson<ContainerConfig>(ctx.req));
    const id = await containers.commit(ref, {
      repo: q.get("repo") || undefined,
      tag: q.get("tag") || undefined,
      comment: q.get("comment") || undefined,
      author: q.get("author") || undefined,
      pause: boolParam(q, "pause", true),
      changes: q.getAll("changes"),
      ...(config ? { config } : {}),
    });
    sendJson(ctx.res, 201, { Id: id });
  });
}
