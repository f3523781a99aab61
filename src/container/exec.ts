import { randomBytes } from "node:crypto";
import { watch } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Duplex } from "node:stream";
import { ConflictError, errorMessage, InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { rootfsPaths } from "../layer/rootfs.ts";
import type { MonitorStarted } from "../runtime/monitor-client.ts";
import { parseSpec, serializeProcess } from "../runtime/oci-spec.ts";
import { resolveUser } from "../runtime/user.ts";
import type { ExecConfig } from "../types/exec.ts";
import { bridge } from "./attach.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerContext, ExecRecord } from "./context.ts";
import { killExecWhenClientGoes } from "./exec-abandon.ts";
import { execProcess } from "./exec-process.ts";
import { exitCodeForStartError } from "./signals.ts";
import { assertCanExec } from "./state.ts";
import { parseDetachKeys } from "./stdio.ts";

export interface ExecStartOptions {
  detach: boolean;
  tty?: boolean;
  hijack?: () => { stream: Duplex; head: Buffer };
}

export function createExec(ctx: ContainerContext, ref: string, cfg: ExecConfig): string {
  const rec = ctx.store.get(ref);
  if (!Array.isArray(cfg.Cmd) || cfg.Cmd.length === 0)
    throw new InvalidParameterError("No exec command specified");
  assertCanExec(rec);
  if (cfg.DetachKeys) parseDetachKeys(cfg.DetachKeys);
  const id = randomBytes(32).toString("hex");
  ctx.execs.set(id, {
    ID: id,
    ContainerID: rec.ID,
    Config: { ...cfg, Cmd: cfg.Cmd },
    Running: false,
    ExitCode: null,
    Pid: 0,
    stateDir: path.join(ctx.opts.execRoot, "e", id.slice(0, 12)),
  });
  ctx.emit(rec, `exec_create: ${cfg.Cmd.join(" ")}`, { execID: id });
  return id;
}

export function getExec(ctx: ContainerContext, id: string): ExecRecord {
  const ex = ctx.execs.get(id);
  if (!ex) throw new NotFoundError(`No such exec instance: ${id}`);
  return ex;
}

/** Starts an exec; with a client, streams it and resolves when the process has exited. */
export async function startExec(ctx: ContainerContext, id: string, opts: ExecStartOptions): Promise<void> {
  const ex = getExec(ctx, id);
  if (ex.Running || ex.ExitCode !== null)
    throw new ConflictError(`Error: Exec command ${id} has already run`);
  const rec = ctx.store.get(ex.ContainerID);
  assertCanExec(rec);
  // Claimed before the first await, so two concurrent starts cannot both run it.
  ex.Running = true;
  try {
    await runExec(ctx, ex, rec, opts);
  } catch (err) {
    if (ex.Pid === 0) ex.Running = false;
    throw err;
  }
}

async function runExec(
  ctx: ContainerContext,
  ex: ExecRecord,
  rec: ContainerRecord,
  opts: ExecStartOptions,
): Promise<void> {
  const cfg = ex.Config;
  const tty = opts.tty ?? Boolean(cfg.Tty);
  const dir = ctx.store.dir(rec.ID);
  const user = await resolveUser(
    rootfsPaths(dir).merged,
    cfg.User || rec.Config.User || "",
    rec.HostConfig.GroupAdd ?? [],
  );
  const spec = parseSpec(await readFile(path.join(dir, "config.json"), "utf8"));
  const processSpec = execProcess({
    container: spec.process,
    hostConfig: rec.HostConfig,
    config: rec.Config,
    exec: cfg,
    user,
    tty,
  });
  await rm(ex.stateDir, { recursive: true, force: true });
  await mkdir(ex.stateDir, { recursive: true, mode: 0o700 });
  const processFile = path.join(ex.stateDir, "process.json");
  await writeFile(processFile, serializeProcess(processSpec));
  const attached = !opts.detach && opts.hijack !== undefined;
  let started: MonitorStarted;
  try {
    started = await ctx.rt.startMonitor(rec, {
      stateDir: ex.stateDir,
      tty,
      stdin: Boolean(cfg.AttachStdin) && attached,
      attachWait: attached,
      exec: { processFile },
    });
  } catch (err) {
    ex.Running = false;
    ex.ExitCode = exitCodeForStartError(errorMessage(err));
    await rm(ex.stateDir, { recursive: true, force: true });
    throw err;
  }
  ex.Pid = started.containerPid;
  ctx.emit(rec, `exec_start: ${cfg.Cmd.join(" ")}`, { execID: ex.ID });
  const finished = waitExecExit(ctx, rec, ex);
  if (!attached) {
    void finished;
    return;
  }
  const conn = await ctx.rt.connectAttach(ex.stateDir);
  ex.attach = conn;
  if (ex.pendingResize) conn.resize(...ex.pendingResize);
  // Record the code before the stream ends: clients read it (GET /exec/{id}/json) right after.
  conn.on("exit", (code) => {
    ex.ExitCode = code;
    ex.Running = false;
  });
  // Only now, with the process running, does the connection become a raw stream: an
  // earlier failure is still a plain HTTP error.
  const { stream: client, head } = opts.hijack!();
  // As dockerd: a client that goes away takes its exec'd process with it (SIGKILL).
  killExecWhenClientGoes(client, {
    tty,
    running: () => ex.Running,
    pid: started.containerPid,
    monitorPid: started.monitorPid,
  });
  bridge({ Config: { Tty: tty, StdinOnce: true } }, conn, client, head, {
    stdin: Boolean(cfg.AttachStdin),
    stdout: cfg.AttachStdout !== false,
    stderr: cfg.AttachStderr !== false,
    detachKeys: cfg.DetachKeys,
  });
  await finished;
}

function waitExecExit(ctx: ContainerContext, rec: ContainerRecord, ex: ExecRecord): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const check = async () => {
      if (done) return;
      const exit = await ctx.rt.readExit(ex.stateDir).catch(() => undefined);
      if (!exit || done) return;
      done = true;
      watcher.close();
      clearInterval(timer);
      ex.Running = false;
      ex.ExitCode = exit.exitCode;
      // Kept for clients that read the exit code, then forgotten (Docker keeps them ~5 min).
      setTimeout(() => ctx.execs.delete(ex.ID), 5 * 60_000).unref();
      ctx.emit(rec, "exec_die", { execID: ex.ID, exitCode: String(exit.exitCode) });
      await rm(ex.stateDir, { recursive: true, force: true }).catch(() => {});
      resolve();
    };
    const watcher = watch(ex.stateDir, () => void check());
    const timer = setInterval(() => void check(), 1000);
    void check();
  });
}

export async function resizeExec(ctx: ContainerContext, id: string, h: number, w: number): Promise<void> {
  const ex = getExec(ctx, id);
  if (!ex.Running) throw new ConflictError(`Exec ${id} is not running`);
  // The client may resize before the stream is connected: apply it then.
  if (ex.attach) ex.attach.resize(h, w);
  else ex.pendingResize = [h, w];
}
