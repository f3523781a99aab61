import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { cgroupDirs, controllerDir } from "./cgroups.ts";

const self = ["12:memory:/outer/inner", "5:cpu,cpuacct:/", "1:name=systemd:/sd", "0::/uni"].join("\n");

test("cgroupDirs: an absolute path lies under each hierarchy's root", () => {
  if (existsSync("/sys/fs/cgroup/cgroup.controllers")) {
    assert.deepEqual(cgroupDirs("2", "/berth/x", self), ["/sys/fs/cgroup/berth/x"]);
    return;
  }
  const dirs = cgroupDirs("1", "/berth/x", self);
  assert.ok(dirs.includes("/sys/fs/cgroup/memory/berth/x"), dirs.join(" "));
  assert.ok(dirs.every((d) => d.endsWith("/berth/x")));
});

test("cgroupDirs: a relative path lies under the process's own cgroup of each hierarchy, as runc resolves it", () => {
  assert.deepEqual(cgroupDirs("2", "rel/x", self), ["/sys/fs/cgroup/uni/rel/x"]);
  if (existsSync("/sys/fs/cgroup/cgroup.controllers")) return;
  const dirs = cgroupDirs("1", "rel/x", self);
  if (existsSync("/sys/fs/cgroup/memory"))
    assert.ok(dirs.includes("/sys/fs/cgroup/memory/outer/inner/rel/x"));
  if (existsSync("/sys/fs/cgroup/cpu")) assert.ok(dirs.includes("/sys/fs/cgroup/cpu/rel/x"));
  if (existsSync("/sys/fs/cgroup/systemd")) assert.ok(dirs.includes("/sys/fs/cgroup/systemd/sd/rel/x"));
  if (existsSync("/sys/fs/cgroup/unified")) assert.ok(dirs.includes("/sys/fs/cgroup/unified/uni/rel/x"));
});

test("controllerDir resolves a relative cgroupsPath under this process's own cgroup", () => {
  if (existsSync("/sys/fs/cgroup/cgroup.controllers")) return;
  const own = /^\d+:memory:(.*)$/m.exec(readFileSync("/proc/self/cgroup", "utf8"))?.[1] ?? "/";
  assert.equal(controllerDir("1", "memory", "rel/x"), path.join("/sys/fs/cgroup/memory", own, "rel/x"));
  assert.equal(controllerDir("1", "memory", "/abs/x"), "/sys/fs/cgroup/memory/abs/x");
});
