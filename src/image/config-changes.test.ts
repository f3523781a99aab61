import assert from "node:assert/strict";
import { test } from "node:test";
import { applyChanges } from "./config-changes.ts";

test("CMD and ENTRYPOINT in exec and shell form", () => {
  const c = applyChanges({}, ['CMD ["sh","-c","x"]', "ENTRYPOINT echo hi"]);
  assert.deepEqual(c.Cmd, ["sh", "-c", "x"]);
  assert.deepEqual(c.Entrypoint, ["/bin/sh", "-c", "echo hi"]);
});

test("ENV replaces an existing key and keeps order", () => {
  const c = applyChanges({ Env: ["PATH=/bin", "A=1"] }, ['ENV A=2 B="two words"', "ENV C 3 4"]);
  assert.deepEqual(c.Env, ["PATH=/bin", "A=2", "B=two words", "C=3 4"]);
});

test("EXPOSE, LABEL, USER, WORKDIR, VOLUME, STOPSIGNAL", () => {
  const c = applyChanges({}, [
    "EXPOSE 80 53/udp",
    "LABEL a=b",
    "USER nobody",
    "WORKDIR srv",
    "VOLUME /data /logs",
    "STOPSIGNAL SIGINT",
  ]);
  assert.deepEqual(c.ExposedPorts, { "80/tcp": {}, "53/udp": {} });
  assert.deepEqual(c.Labels, { a: "b" });
  assert.equal(c.User, "nobody");
  assert.equal(c.WorkingDir, "/srv");
  assert.deepEqual(c.Volumes, { "/data": {}, "/logs": {} });
  assert.equal(c.StopSignal, "SIGINT");
});

test("HEALTHCHECK with flags", () => {
  const c = applyChanges({}, ["HEALTHCHECK --interval=5s --retries=2 CMD true"]);
  assert.deepEqual(c.Healthcheck, { Interval: 5e9, Retries: 2, Test: ["CMD-SHELL", "true"] });
});

test("unknown instructions are refused as Docker does", () => {
  assert.throws(() => applyChanges({}, ["RUN true"]), /run is not a valid change command/);
  assert.throws(() => applyChanges({}, ["CMD [oops"]), /expected a JSON array/);
});

test("the base config is not modified", () => {
  const base = { Env: ["A=1"] };
  applyChanges(base, ["ENV A=2"]);
  assert.deepEqual(base.Env, ["A=1"]);
});
