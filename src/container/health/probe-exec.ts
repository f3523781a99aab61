// A health probe run through the exec path, as moby's cmdProbe: the container's own process
// settings (user, working dir, env, rlimits, capabilities) with the check's command, no
// tty, no stdin, stdout and stderr into one 4 KiB buffer. It gets exec_create/exec_start/
// exec_die events as dockerd's probes do, but no exec record: it is never listed in
// ExecIDs or reachable through /exec/{id}.

import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { goDurationString } from "../../format/go-duration.ts";
import { rootfsPaths } from "../../layer/rootfs.ts";
import type { AttachConnection, MonitorStarted } from "../../runtime/monitor-client.ts";
import type { RuntimeSpec } from "../../runtime/oci-spec.ts";
import { resolveUser } from "../../runtime/user.ts";
import type { ContainerRecord } from "../container-record.ts";
import type { ContainerContext } from "../context.ts";
import { killAbandonedExec } from "../exec-abandon.ts";
import { execProcess } from "../exec-process.ts";
import type { ProbeOutcome, Prober } from "./health-checks.ts";
import { LimitedOutput } from "./health-state.ts";

export class ExecProber implements Prober {
  private readonly ctx: ContainerContext;

  constructor(ctx: ContainerContext) {
    this.ctx = ctx;
  }

  async run(
    rec: ContainerRecord,
    cmd: string[],
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<ProbeOutcome> {
    const ctx = this.ctx;
    const execId = randomBytes(32).toString("hex");
    const stateDir = path.join(ctx.opts.execRoot, "e", execId.slice(0, 12));
    const shown = cmd.join(" ");
    let started: MonitorStarted | undefined;
    let timedOut = false;
    const kill = () => {
      if (started) killAbandonedExec(started.containerPid, started.monitorPid);
    };
    // The timeout counts from the start of the probe, the exec's own start-up included, as
    // dockerd's does.
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    signal.addEventListener("abort", kill, { once: true });
    const output = new LimitedOutput();
    let conn: AttachConnection | undefined;
    try {
      const dir = ctx.store.dir(rec.ID);
      const user = await resolveUser(
        rootfsPaths(dir).merged,
        rec.Config.User ?? "",
        rec.HostConfig.GroupAdd ?? [],
      );
      const spec = JSON.parse(await readFile(path.join(dir, "config.json"), "utf8")) as RuntimeSpec;
      const processSpec = execProcess({
        container: spec.process,
        hostConfig: rec.HostConfig,
        config: rec.Config,
        exec: { Cmd: cmd, User: rec.Config.User ?? "", WorkingDir: rec.Config.WorkingDir ?? "", Tty: false },
        user,
        tty: false,
      });
      await mkdir(stateDir, { recursive: true, mode: 0o700 });
      const processFile = path.join(stateDir, "process.json");
      await writeFile(processFile, JSON.stringify(processSpec));
      ctx.emit(rec, `exec_create: ${shown}`, { execID: execId });
      started = await ctx.rt.startMonitor(rec, {
        stateDir,
        tty: false,
        stdin: false,
        // The output waits for us: a probe that prints and exits at once loses nothing.
        attachWait: true,
        exec: { processFile },
      });
      if (timedOut || signal.aborted) kill();
      ctx.emit(rec, `exec_start: ${shown}`, { execID: execId });
      conn = await ctx.rt.connectAttach(stateDir);
      conn.on("stdout", (b) => output.write(b));
      conn.on("stderr", (b) => output.write(b));
      const closed = new Promise<void>((resolve) => conn?.once("close", resolve));
      let exitCode: number;
      try {
        exitCode = await conn.wait();
      } catch {
        exitCode = (await ctx.rt.readExit(stateDir).catch(() => undefined))?.exitCode ?? -1;
      }
      // The monitor is done with its state dir once it has closed the socket.
      await closed;
      ctx.emit(rec, "exec_die", { execID: execId, exitCode: String(exitCode) });
      if (timedOut) {
        const out = output.toString();
        const limit = goDurationString(Math.round(timeoutMs * 1e6));
        return {
          exitCode: -1,
          output: `Health check exceeded timeout (${limit})${out ? `: ${out}` : ""}`,
        };
      }
      return { exitCode, output: output.toString() };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", kill);
      conn?.close();
      await rm(stateDir, { recursive: true, force: true }).catch(() => {});
    }
  }
}
