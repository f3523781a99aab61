import assert from "node:assert/strict";
import { test } from "node:test";
import { loadOptionsFrom, parseScale } from "./common.ts";

test("global flags win over COMPOSE_* variables, which fill in what the flags leave out", () => {
  const env = { COMPOSE_FILE: "a.yaml:b.yaml", COMPOSE_PROJECT_NAME: "envp", COMPOSE_PROFILES: "x, y" };
  assert.deepEqual(loadOptionsFrom({ file: [], profile: [], "env-file": [] }, env, "/w"), {
    files: ["a.yaml", "b.yaml"],
    projectName: "envp",
    profiles: ["x", "y"],
    env,
    cwd: "/w",
  });
  assert.deepEqual(
    loadOptionsFrom(
      {
        file: ["c.yaml"],
        "project-name": "flagp",
        profile: ["z"],
        "env-file": [".e"],
        "project-directory": "/d",
      },
      env,
      "/w",
    ),
    {
      files: ["c.yaml"],
      projectName: "flagp",
      projectDirectory: "/d",
      envFiles: [".e"],
      profiles: ["z"],
      env,
      cwd: "/w",
    },
  );
  assert.deepEqual(loadOptionsFrom({}, {}, "/w"), { files: [], env: {}, cwd: "/w" });
});

test("--scale is SERVICE=NUM", () => {
  assert.deepEqual(parseScale(["web=3", "db=0"]), { web: 3, db: 0 });
  assert.throws(() => parseScale(["web"]), /invalid --scale value "web"/);
  assert.throws(() => parseScale(["web=x"]), /expected SERVICE=NUM/);
});
