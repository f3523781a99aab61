import assert from "node:assert/strict";
import { test } from "node:test";
import { inspectExec } from "./exec-inspect-view.ts";

test("exec inspect: the command split as entrypoint and arguments, stdout/stderr open unless refused", () => {
  const base = { ID: "e1", ContainerID: "c1", Running: true, ExitCode: null, Pid: 42 };
  assert.deepEqual(inspectExec({ ...base, Config: { Cmd: ["ls", "-l", "/"], Tty: true, User: "1000" } }), {
    ID: "e1",
    Running: true,
    ExitCode: null,
    ProcessConfig: { tty: true, entrypoint: "ls", arguments: ["-l", "/"], privileged: false, user: "1000" },
    OpenStdin: false,
    OpenStderr: true,
    OpenStdout: true,
    CanRemove: false,
    ContainerID: "c1",
    DetachKeys: "",
    Pid: 42,
  });
  const quiet = inspectExec({
    ...base,
    Config: {
      Cmd: ["true"],
      AttachStdin: true,
      AttachStdout: false,
      AttachStderr: false,
      DetachKeys: "ctrl-x",
    },
  });
  assert.deepEqual(
    [quiet.OpenStdin, quiet.OpenStdout, quiet.OpenStderr, quiet.DetachKeys],
    [true, false, false, "ctrl-x"],
  );
  // no user: no `user` key, as dockerd's omitempty
  assert.equal("user" in quiet.ProcessConfig, false);
});
