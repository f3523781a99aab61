import assert from "node:assert/strict";
import { test } from "node:test";
import { type CommandConfig, DEFAULT_PATH_ENV, mergeConfigEnv, mergeEnv, resolveCommand } from "./command.ts";

// Docker's docs, "Understand how CMD and ENTRYPOINT interact", plus the create request's
// overrides (`docker run image args`, `--entrypoint`).
test("CMD and ENTRYPOINT interact as in Docker's table", () => {
  const cases: [string, CommandConfig, CommandConfig, string[] | "error"][] = [
    ["no ENTRYPOINT, no CMD", {}, {}, "error"],
    ["CMD exec form only", { Cmd: ["exec_cmd", "p1_cmd"] }, {}, ["exec_cmd", "p1_cmd"]],
    [
      "CMD shell form only",
      { Cmd: ["/bin/sh", "-c", "exec_cmd p1_cmd"] },
      {},
      ["/bin/sh", "-c", "exec_cmd p1_cmd"],
    ],
    ["ENTRYPOINT exec form only", { Entrypoint: ["exec_entry", "p1_entry"] }, {}, ["exec_entry", "p1_entry"]],
    [
      "ENTRYPOINT exec + CMD exec",
      { Entrypoint: ["exec_entry", "p1_entry"], Cmd: ["exec_cmd", "p1_cmd"] },
      {},
      ["exec_entry", "p1_entry", "exec_cmd", "p1_cmd"],
    ],
    [
      "ENTRYPOINT exec + CMD shell",
      { Entrypoint: ["exec_entry", "p1_entry"], Cmd: ["/bin/sh", "-c", "exec_cmd p1_cmd"] },
      {},
      ["exec_entry", "p1_entry", "/bin/sh", "-c", "exec_cmd p1_cmd"],
    ],
    [
      "ENTRYPOINT shell + CMD exec (CMD ignored by the shell)",
      { Entrypoint: ["/bin/sh", "-c", "exec_entry p1_entry"], Cmd: ["exec_cmd", "p1_cmd"] },
      {},
      ["/bin/sh", "-c", "exec_entry p1_entry", "exec_cmd", "p1_cmd"],
    ],
    ["run args replace CMD", { Entrypoint: ["ep"], Cmd: ["c1"] }, { Cmd: ["a1", "a2"] }, ["ep", "a1", "a2"]],
    ["run args without entrypoint", { Cmd: ["c1"] }, { Cmd: ["ls", "-l"] }, ["ls", "-l"]],
    [
      "--entrypoint drops the image's CMD",
      { Entrypoint: ["ep"], Cmd: ["c1"] },
      { Entrypoint: ["new"] },
      ["new"],
    ],
    [
      "--entrypoint with args",
      { Entrypoint: ["ep"], Cmd: ["c1"] },
      { Entrypoint: ["new"], Cmd: ["x"] },
      ["new", "x"],
    ],
    [
      '--entrypoint "" with args',
      { Entrypoint: ["ep"], Cmd: ["c1"] },
      { Entrypoint: [""], Cmd: ["ls"] },
      ["ls"],
    ],
    ['--entrypoint "" alone', { Entrypoint: ["ep"], Cmd: ["c1"] }, { Entrypoint: [""] }, "error"],
    [
      "Entrypoint [] resets it and keeps the image CMD",
      { Entrypoint: ["ep"], Cmd: ["c1"] },
      { Entrypoint: [] },
      ["c1"],
    ],
    ["a string is a one-element StrSlice", { Cmd: "true" }, { Entrypoint: null }, ["true"]],
  ];
  for (const [name, image, create, want] of cases) {
    if (want === "error") {
      assert.throws(
        () => resolveCommand(image, create),
        { code: "INVALID_PARAMETER", message: "No command specified" },
        name,
      );
    } else {
      assert.deepEqual(resolveCommand(image, create).argv, want, name);
    }
  }
});

test("resolveCommand reports the merged config and inspect's Path and Args", () => {
  assert.deepEqual(resolveCommand({ Entrypoint: ["ep", "x"], Cmd: ["c1"] }, {}), {
    entrypoint: ["ep", "x"],
    cmd: ["c1"],
    path: "ep",
    args: ["x", "c1"],
    argv: ["ep", "x", "c1"],
  });
  assert.deepEqual(resolveCommand({ Entrypoint: ["ep"], Cmd: ["c1"] }, { Entrypoint: [""], Cmd: ["ls"] }), {
    entrypoint: null,
    cmd: ["ls"],
    path: "ls",
    args: [],
    argv: ["ls"],
  });
});

test("mergeConfigEnv: the request's variables, then the image's it does not set", () => {
  assert.deepEqual(mergeConfigEnv(["PATH=/x", "LANG=C"], ["A=1", "LANG=fr"]), ["A=1", "LANG=fr", "PATH=/x"]);
  assert.deepEqual(mergeConfigEnv(["PATH=/x"], []), ["PATH=/x"]);
  assert.deepEqual(mergeConfigEnv(null, undefined), []);
});

test("mergeEnv: PATH default and HOSTNAME first, overrides in place, HOME when missing", () => {
  assert.deepEqual(mergeEnv(undefined, undefined, "h1", "/root"), [
    `PATH=${DEFAULT_PATH_ENV}`,
    "HOSTNAME=h1",
    "HOME=/root",
  ]);
  assert.deepEqual(mergeEnv(["PATH=/img/bin", "LANG=C"], ["A=1", "HOME=/data"], "h1", "/root"), [
    "PATH=/img/bin",
    "HOSTNAME=h1",
    "A=1",
    "HOME=/data",
    "LANG=C",
  ]);
  assert.deepEqual(mergeEnv([], ["A=1", "B=2", "A=3", "HOSTNAME=custom"], "h1"), [
    `PATH=${DEFAULT_PATH_ENV}`,
    "HOSTNAME=custom",
    "A=3",
    "B=2",
  ]);
});

test("mergeEnv: TERM with a TTY, links, and unsetting with a bare key", () => {
  assert.deepEqual(
    mergeEnv([], ["PATH", "X=1"], "h", undefined, { tty: true, linkedEnv: ["DB_PORT=tcp://x"] }),
    ["HOSTNAME=h", "TERM=xterm", "DB_PORT=tcp://x", "X=1"],
  );
  assert.deepEqual(mergeEnv([], ["TERM=vt100"], "h", undefined, { tty: true }), [
    `PATH=${DEFAULT_PATH_ENV}`,
    "HOSTNAME=h",
    "TERM=vt100",
  ]);
  assert.deepEqual(mergeEnv([], ["EMPTY="], "h"), [`PATH=${DEFAULT_PATH_ENV}`, "HOSTNAME=h", "EMPTY="]);
});
