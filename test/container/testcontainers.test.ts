// testcontainers 12 against berthd, unchanged: its log and health-check wait strategies,
// logs(), exec with the container's ulimits, stop. Never pulls (the image is imported first)
// and runs without Ryuk (its reaper image would be pulled from Docker Hub).
import assert from "node:assert/strict";
import { test } from "node:test";
import { startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

// On a failure the test daemon's own clean-up removes what the test left.
test("testcontainers: wait for a log line and a health check, logs(), exec with ulimits, stop", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  process.env.DOCKER_HOST = d.host;
  process.env.TESTCONTAINERS_RYUK_DISABLED = "true";
  // The test daemon has no default bridge (test/network/ has those), so testcontainers'
  // look at the bridge's gateway for the host address is told the answer instead.
  process.env.TESTCONTAINERS_HOST_OVERRIDE = "localhost";
  const { GenericContainer, Wait } = await import("testcontainers");

  const logged = await new GenericContainer("busybox:latest")
    .withCommand(["sh", "-c", "echo starting; sleep 0.2; echo ready; exec sleep 1000"])
    .withUlimits({ nofile: { soft: 1234, hard: 1234 } })
    .withWaitStrategy(Wait.forLogMessage("ready"))
    .start();
  const ulimit = await logged.exec(["sh", "-c", "ulimit -n"]);
  assert.equal(ulimit.exitCode, 0);
  assert.equal(ulimit.output.trim(), "1234");
  const lines: string[] = [];
  const stream = await logged.logs();
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (l: string | Buffer) => {
      lines.push(String(l).trim());
      if (lines.includes("ready")) resolve();
    });
    stream.on("error", reject);
  });
  stream.destroy();
  assert.deepEqual(lines.slice(0, 2), ["starting", "ready"]);

  const healthy = await new GenericContainer("busybox:latest")
    .withCommand(["sh", "-c", "sleep 0.3; touch /tmp/up; exec sleep 1000"])
    .withHealthCheck({ test: ["CMD-SHELL", "test -e /tmp/up"], interval: 100, timeout: 1000, retries: 50 })
    .withWaitStrategy(Wait.forHealthCheck())
    .start();
  const state = await d.client.json<{ State: { Health: { Status: string } } }>(
    "GET",
    `/containers/${healthy.getId()}/json`,
  );
  assert.equal(state.State.Health.Status, "healthy");

  const stopped = await logged.stop();
  assert.equal(stopped.getId(), logged.getId());
  const after = await d.client.request("GET", `/containers/${logged.getId()}/json`);
  assert.equal(after.status, 404, "testcontainers removes what it stops");
  await healthy.stop();
});
