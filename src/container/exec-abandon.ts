import { readFileSync } from "node:fs";
import type { Duplex } from "node:stream";

/**
 * Kills an attached exec's process once its client is gone, as dockerd does when the
 * request's connection goes away (daemon/exec.go: on ctx.Done(), SignalProcess KILL).
 * Gone: the connection closed or failed; or the client's end-of-input on a tty exec (a pty
 * ignores a stdin close, and dockerd ends a tty stream on it, so nothing could be said to
 * that client again); or, on a non-tty exec, an end-of-input after which an empty stdout
 * frame cannot be written (EPIPE): the client closed instead of half-closing. A half-closed
 * client still reads, so the probe succeeds and its exec runs on, with stdin closed.
 */
export function killExecWhenClientGoes(
  client: Duplex,
  opts: { tty: boolean; running: () => boolean; pid: number; monitorPid: number },
): void {
  const gone = () => {
    if (opts.running()) killAbandonedExec(opts.pid, opts.monitorPid);
  };
  client.once("close", gone);
  client.on("error", gone);
  client.once("end", () => {
    if (opts.tty) gone();
    // stdcopy header of a zero-length stdout frame: a no-op for every demultiplexer
    else if (!client.destroyed) client.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]), (err) => err && gone());
  });
}

/**
 * Kills an attached exec's process whose client went away without a half-close, as dockerd
 * does (daemon/exec.go: on the request context's end, SignalProcess KILL). Without it the
 * process and its monitor live on unattended. The process is a child of its monitor (a
 * subreaper) until reaped, so checking its parent rules out a recycled pid.
 */
export function killAbandonedExec(pid: number, monitorPid: number): boolean {
  if (pid <= 0 || parentOf(pid) !== monitorPid) return false;
  try {
    process.kill(pid, "SIGKILL");
    return true;
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const m = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
