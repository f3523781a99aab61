import { readFileSync } from "node:fs";

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
