import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidParameterError, SystemError } from "../errdefs/errors.ts";
import { monitorArgs, runtimeError, runtimeMessage } from "./monitor-client.ts";

test("runc's logrus line is reduced to its message", () => {
  const text =
    'time="2026-11-23T18:38:52Z" level=error msg="runc create failed: unable to start container process: ' +
    'exec: \\"/nonexist\\": stat /nonexist: no such file or directory"\n';
  assert.equal(
    runtimeMessage(text),
    'runc create failed: unable to start container process: exec: "/nonexist": stat /nonexist: no such file or directory',
  );
});

test("JSON log lines and plain text are understood; warnings yield to errors", () => {
  const text = [
    '{"level":"warning","msg":"deprecated","time":"2026-11-23T18:35:50Z"}',
    '{"level":"error","msg":"runc create failed: chdir /x: no such file or directory","time":"2026-11-23T18:35:50Z"}',
  ].join("\n");
  assert.equal(runtimeMessage(text), "runc create failed: chdir /x: no such file or directory");
  assert.equal(runtimeMessage("crun: something broke\n"), "crun: something broke");
});

test("a command that cannot run is the caller's error, as in Docker", () => {
  const notFound = runtimeError(
    "OCI runtime create failed",
    'exec: "nope": executable file not found in $PATH',
  );
  assert.ok(notFound instanceof InvalidParameterError);
  assert.equal(
    notFound.message,
    'OCI runtime create failed: exec: "nope": executable file not found in $PATH',
  );
  assert.ok(runtimeError("OCI runtime create failed", "cgroup: permission denied") instanceof SystemError);
});

test("options become the monitor's command line", () => {
  assert.deepEqual(
    monitorArgs({
      runtime: "/usr/sbin/runc",
      runtimeRoot: "/run/berth/runc",
      id: "c1",
      bundle: "/b",
      stateDir: "/s",
      tty: true,
      stdin: true,
      log: { path: "/l", maxSize: 10, maxFiles: 3 },
      runtimeArgs: ["--debug"],
    }),
    [
      ...[
        "--runtime",
        "/usr/sbin/runc",
        "--runtime-root",
        "/run/berth/runc",
        "--id",
        "c1",
        "--state-dir",
        "/s",
      ],
      ...["--bundle", "/b", "--tty", "--stdin", "--log-path", "/l", "--log-max-size", "10"],
      ...["--log-max-files", "3", "--runtime-arg", "--debug"],
    ],
  );
});

test("the log driver, compression and attributes become the monitor's flags", () => {
  const args = monitorArgs({
    runtime: "runc",
    runtimeRoot: "/r",
    id: "c1",
    bundle: "/b",
    stateDir: "/s",
    log: {
      path: "/l",
      driver: "local",
      compress: true,
      maxSize: 100,
      maxFiles: 3,
      attrs: [
        ["a", "x=y"],
        ["tag", ""],
      ],
    },
  });
  const at = args.indexOf("--log-path");
  assert.deepEqual(args.slice(at), [
    "--log-path",
    "/l",
    "--log-max-size",
    "100",
    "--log-max-files",
    "3",
    "--log-driver",
    "local",
    "--log-compress",
    "--log-attr",
    "a=x=y",
    "--log-attr",
    "tag=",
  ]);
});
