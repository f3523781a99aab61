import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_HOST, resolveHost } from "./client.ts";

test("the daemon socket comes from -H, then BERTH_HOST, then DOCKER_HOST, then the default", () => {
  const saved = { b: process.env.BERTH_HOST, d: process.env.DOCKER_HOST };
  try {
    delete process.env.BERTH_HOST;
    delete process.env.DOCKER_HOST;
    assert.equal(resolveHost(), DEFAULT_HOST);
    process.env.DOCKER_HOST = "unix:///docker.sock";
    assert.equal(resolveHost(), "unix:///docker.sock");
    process.env.BERTH_HOST = "unix:///berth.sock";
    assert.equal(resolveHost(), "unix:///berth.sock");
    assert.equal(resolveHost("unix:///flag.sock"), "unix:///flag.sock");
  } finally {
    if (saved.b === undefined) delete process.env.BERTH_HOST;
    else process.env.BERTH_HOST = saved.b;
    if (saved.d === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved.d;
  }
});
