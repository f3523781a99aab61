import assert from "node:assert/strict";
import { test } from "node:test";
import { ConflictError, NotModifiedError } from "../errdefs/errors.ts";
import { type ContainerRecord, initialState } from "./container-record.ts";
import {
  assertCanExec,
  assertCanPause,
  assertCanRemove,
  assertCanStart,
  assertCanUnpause,
  clearRestarting,
  isRemovalInProgress,
  resetRemovalInProgress,
  setExited,
  setPaused,
  setRemovalInProgress,
  setRestarting,
  setRunning,
  setStartFailed,
  setUnpaused,
  statusOf,
} from "./state.ts";

function rec(): Pick<ContainerRecord, "ID" | "Name" | "State" | "MonitorPid" | "ManuallyStopped"> {
  return { ID: "c".repeat(64), Name: "/c1", State: initialState() };
}

/** The invariants every state must keep (moby's State never contradicts itself). */
function consistent(s: ContainerRecord["State"]): void {
  if (!s.Running) assert.equal(s.Paused, false, "a container that is not running is not paused");
  if (s.Paused) assert.equal(s.Status, "paused");
  if (s.Running && !s.Paused && !s.Restarting) assert.equal(s.Status, "running");
  if (!s.Running) assert.equal(s.Pid, 0);
  assert.equal(s.Status, statusOf(s));
}

test("a run through every transition keeps the fields in agreement", () => {
  const r = rec();
  consistent(r.State);
  assert.equal(r.State.Status, "created");
  setRunning(r, { pid: 42, monitorPid: 41 });
  assert.deepEqual(
    [r.State.Status, r.State.Pid, r.MonitorPid, r.ManuallyStopped],
    ["running", 42, 41, false],
  );
  consistent(r.State);
  setPaused(r);
  assert.equal(r.State.Status, "paused");
  consistent(r.State);
  setUnpaused(r);
  assert.equal(r.State.Status, "running");
  consistent(r.State);
  setPaused(r);
  // An exit of a paused container (SIGKILL after a thaw) leaves it neither paused nor running.
  setExited(r, { exitCode: 137, finishedAt: "2026-12-07T00:00:00Z", oomKilled: true });
  assert.deepEqual(
    [r.State.Status, r.State.Running, r.State.Paused, r.State.ExitCode, r.State.OOMKilled, r.MonitorPid],
    ["exited", false, false, 137, true, undefined],
  );
  consistent(r.State);
  setRestarting(r);
  assert.equal(r.State.Status, "restarting");
  clearRestarting(r);
  assert.equal(r.State.Status, "exited");
  consistent(r.State);
  // Pausing a stopped container changes nothing.
  setPaused(r);
  assert.equal(r.State.Paused, false);
});

test("a failed start: created before the first run, exited after one", () => {
  const r = rec();
  setStartFailed(r, 127, "exec: no such file");
  assert.deepEqual([r.State.Status, r.State.ExitCode, r.State.Error], ["created", 127, "exec: no such file"]);
  setRunning(r, { pid: 1, monitorPid: 2 });
  setExited(r, { exitCode: 0 });
  setStartFailed(r, 126, "permission denied");
  assert.equal(r.State.Status, "exited");
  consistent(r.State);
});

test("predicates refuse with Docker's errors", () => {
  const r = rec();
  assert.throws(() => assertCanPause(r), { message: `Container ${r.ID} is not running` });
  assert.throws(() => assertCanUnpause(r), { message: `Container ${r.ID} is not paused` });
  assert.throws(() => assertCanExec(r), ConflictError);
  assertCanStart(r);
  setRunning(r, { pid: 1, monitorPid: 2 });
  assert.throws(() => assertCanStart(r), NotModifiedError);
  assertCanPause(r);
  setPaused(r);
  assert.throws(() => assertCanPause(r), { message: `Container ${r.ID} is already paused` });
  assert.throws(() => assertCanStart(r), { message: "cannot start a paused container, try unpause instead" });
  assert.throws(() => assertCanExec(r), {
    message: `Container ${r.ID} is paused, unpause the container before exec`,
  });
});

test("remove rules: running or paused needs force; one removal at a time", () => {
  const r = rec();
  assertCanRemove(r, false);
  setRunning(r, { pid: 1, monitorPid: 2 });
  assert.throws(() => assertCanRemove(r, false), {
    message:
      'cannot remove container "/c1": container is running: stop the container before removing or force remove',
  });
  setPaused(r);
  assert.throws(() => assertCanRemove(r, false), /container is paused/);
  assertCanRemove(r, true);
  setRemovalInProgress(r);
  assert.ok(isRemovalInProgress(r));
  assert.throws(() => setRemovalInProgress(r), {
    name: "ConflictError",
    message: `removal of container ${r.ID} is already in progress`,
  });
  resetRemovalInProgress(r);
  setRemovalInProgress(r);
  resetRemovalInProgress(r);
  // A stopped container being removed cannot be started meanwhile.
  const stopped = rec();
  setRemovalInProgress(stopped);
  assert.throws(() => assertCanStart(stopped), ConflictError);
});
