// Named fault points for the crash-safety tests: with BERTH_FAULT_POINT=<name> in berthd's
// environment, berthd kills itself with SIGKILL when it reaches that point. Random delays
// alone rarely land in the narrow windows (between a runtime call and the record write), so
// the tests name the windows they must cover. Unset in production: one set lookup.

const armed = new Set((process.env.BERTH_FAULT_POINT ?? "").split(",").filter(Boolean));

export type FaultPoint =
  | "start-after-monitor"
  | "stop-after-signal"
  | "rm-after-kill"
  | "rm-after-exit"
  | "rm-before-record"
  | "commit-frozen"
  | "update-before-record"
  | "connect-before-record"
  | "disconnect-before-detach";

export function faultPoint(name: FaultPoint): void {
  if (armed.has(name)) process.kill(process.pid, "SIGKILL");
}
