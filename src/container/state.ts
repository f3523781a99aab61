// The container state machine, as moby's container/state.go: every change of `rec.State`
// goes through one of these transitions, so that the fields never disagree (a container
// that is not running is never paused or restarting; a paused one says "paused"), and the
// predicates say, with Docker's messages, which operation a state allows.

import { ConflictError, NotModifiedError } from "../errdefs/errors.ts";
import { type ContainerRecord, type ContainerState, ZERO_TIME } from "./container-record.ts";

type Rec = Pick<ContainerRecord, "ID" | "Name" | "State" | "MonitorPid" | "ManuallyStopped">;

/** A start went through: the process runs under its monitor. */
export function setRunning(
  rec: Rec,
  run: { pid: number; monitorPid: number; startedAt?: string; paused?: boolean },
): void {
  rec.State = {
    ...rec.State,
    Status: run.paused ? "paused" : "running",
    Running: true,
    Paused: Boolean(run.paused),
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: run.pid,
    ExitCode: 0,
    Error: "",
    StartedAt: run.startedAt ?? new Date().toISOString(),
    FinishedAt: ZERO_TIME,
  };
  rec.MonitorPid = run.monitorPid;
  rec.ManuallyStopped = false;
}

/** The process exited (or its monitor was lost). */
export function setExited(
  rec: Rec,
  exit: { exitCode: number; finishedAt?: string; oomKilled?: boolean },
): void {
  rec.State = {
    ...rec.State,
    Status: "exited",
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: Boolean(exit.oomKilled),
    Pid: 0,
    ExitCode: exit.exitCode,
    FinishedAt: exit.finishedAt || new Date().toISOString(),
  };
  rec.MonitorPid = undefined;
}

/** A start failed before the process ran: Docker's exit code for it and the cause. */
export function setStartFailed(rec: Rec, exitCode: number, error: string): void {
  rec.State = {
    ...rec.State,
    Status: rec.State.StartedAt === ZERO_TIME ? "created" : "exited",
    Running: false,
    Paused: false,
    Restarting: false,
    Pid: 0,
    ExitCode: exitCode,
    Error: error,
  };
}

export function setPaused(rec: Rec): void {
  if (!rec.State.Running) return;
  rec.State = { ...rec.State, Paused: true, Status: "paused" };
}

export function setUnpaused(rec: Rec): void {
  rec.State = { ...rec.State, Paused: false, Status: statusOf({ ...rec.State, Paused: false }) };
}

/** Waiting out the restart policy's back-off after an exit. */
export function setRestarting(rec: Rec): void {
  rec.State = { ...rec.State, Restarting: true, Status: "restarting" };
}

/** The back-off was cancelled (stop, or the restart itself begins). */
export function clearRestarting(rec: Rec): void {
  rec.State = { ...rec.State, Restarting: false, Status: statusOf({ ...rec.State, Restarting: false }) };
}

/** The Status word the other fields imply (moby's State.StateString). */
export function statusOf(s: ContainerState): ContainerState["Status"] {
  if (s.Running) return s.Paused ? "paused" : s.Restarting ? "restarting" : "running";
  if (s.Restarting) return "restarting";
  if (s.Status === "removing" || s.Status === "dead" || s.Status === "created") return s.Status;
  return s.StartedAt === ZERO_TIME && s.FinishedAt === ZERO_TIME ? "created" : "exited";
}

// In memory only, as moby's RemovalInProgress: a restarted berthd finishes an interrupted
// removal from its intent (reconcile.ts), not from this flag.
const removing = new WeakSet<Rec>();

/** Marks a removal under way; a second one conflicts (moby's SetRemovalInProgress). */
export function setRemovalInProgress(rec: Rec): void {
  if (removing.has(rec)) throw new ConflictError(`removal of container ${rec.ID} is already in progress`);
  removing.add(rec);
}

export function resetRemovalInProgress(rec: Rec): void {
  removing.delete(rec);
  if (rec.State.Status === "removing") rec.State = { ...rec.State, Status: statusOf(rec.State) };
}

export function isRemovalInProgress(rec: Rec): boolean {
  return removing.has(rec);
}

/** Shown while the removal tears the container down. */
export function setRemoving(rec: Rec): void {
  rec.State = { ...rec.State, Status: "removing" };
}

// ---- predicates: each throws the typed error Docker gives, or returns -------------------

export function assertCanStart(rec: Rec): void {
  if (rec.State.Paused) throw new ConflictError("cannot start a paused container, try unpause instead");
  if (rec.State.Running) throw new NotModifiedError("container already started");
  if (removing.has(rec)) throw new ConflictError(`container is marked for removal and cannot be started`);
}

export function assertCanPause(rec: Rec): void {
  if (!rec.State.Running) throw new ConflictError(`Container ${rec.ID} is not running`);
  if (rec.State.Paused) throw new ConflictError(`Container ${rec.ID} is already paused`);
}

export function assertCanUnpause(rec: Rec): void {
  if (!rec.State.Paused) throw new ConflictError(`Container ${rec.ID} is not paused`);
}

export function assertCanExec(rec: Rec): void {
  if (!rec.State.Running) throw new ConflictError(`container ${rec.ID} is not running`);
  if (rec.State.Paused)
    throw new ConflictError(`Container ${rec.ID} is paused, unpause the container before exec`);
}

export function assertRunning(rec: Rec): void {
  if (!rec.State.Running) throw new ConflictError(`Container ${rec.ID} is not running`);
}

/** moby's daemon.cleanupContainer: a running (or paused) container needs force. */
export function assertCanRemove(rec: Rec, force: boolean): void {
  if (rec.State.Running && !force) {
    const what = rec.State.Paused ? "paused" : "running";
    throw new ConflictError(
      `cannot remove container "${rec.Name}": container is ${what}: stop the container before removing or force remove`,
    );
  }
}
