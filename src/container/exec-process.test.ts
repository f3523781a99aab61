import assert from "node:assert/strict";
import { test } from "node:test";
import { ALL_CAPABILITIES, type SpecProcess } from "../runtime/oci-spec.ts";
import { execProcess } from "./exec-process.ts";

const container: SpecProcess = {
  terminal: false,
  consoleSize: { height: 10, width: 20 },
  user: { uid: 0, gid: 0, additionalGids: [] },
  args: ["/sbin/docker-init", "--", "sh"],
  env: ["PATH=/bin", "HOSTNAME=c1"],
  cwd: "/",
  capabilities: {
    bounding: ["CAP_CHOWN", "CAP_KILL"],
    effective: ["CAP_CHOWN", "CAP_KILL"],
    permitted: ["CAP_CHOWN", "CAP_KILL"],
  },
  rlimits: [{ type: "RLIMIT_NOFILE", soft: 100, hard: 200 }],
  noNewPrivileges: true,
  oomScoreAdj: 500,
};

const base = {
  container,
  hostConfig: { CapAdd: ["KILL"], CapDrop: ["ALL"] },
  config: { Env: ["A=1", "PATH=/usr/bin"], Hostname: "c1", WorkingDir: "/srv" },
  tty: false,
};

test("an exec's process is the container's, with the exec's command, user, env and directory", () => {
  const p = execProcess({
    ...base,
    exec: { Cmd: ["id"], Env: ["B=2"], WorkingDir: "tmp" },
    user: { uid: 1000, gid: 1000, additionalGids: [5], home: "/home/u" },
  });
  assert.deepEqual(p.args, ["id"]);
  assert.equal(p.cwd, "/tmp");
  assert.deepEqual(p.user, { uid: 1000, gid: 1000, additionalGids: [5] });
  assert.ok(p.env.includes("A=1") && p.env.includes("B=2") && p.env.includes("HOSTNAME=c1"));
  // What the container's spec decided is kept: limits, no-new-privileges, oom score.
  assert.deepEqual(p.rlimits, container.rlimits);
  assert.equal(p.noNewPrivileges, true);
  assert.equal(p.oomScoreAdj, 500);
  assert.equal(p.consoleSize, undefined);
  // The container's bounding set; a non-root user starts with none effective (one rule).
  assert.deepEqual(p.capabilities, { bounding: ["CAP_CHOWN", "CAP_KILL"] });
});

test("root gets the bounding set effective; a privileged exec gets every capability", () => {
  const root = { uid: 0, gid: 0, additionalGids: [], home: "/root" };
  const p = execProcess({
    ...base,
    exec: { Cmd: ["sh"], Tty: true, ConsoleSize: [30, 90] },
    user: root,
    tty: true,
  });
  assert.deepEqual(p.capabilities.effective, ["CAP_CHOWN", "CAP_KILL"]);
  assert.deepEqual(p.consoleSize, { height: 30, width: 90 });
  assert.equal(p.cwd, "/srv");
  const priv = execProcess({ ...base, exec: { Cmd: ["sh"], Privileged: true }, user: root });
  assert.ok(priv.capabilities.bounding.length > 2);
  assert.ok(priv.capabilities.bounding.every((c) => ALL_CAPABILITIES.includes(c)));
  assert.deepEqual(priv.capabilities.permitted, priv.capabilities.bounding);
});
