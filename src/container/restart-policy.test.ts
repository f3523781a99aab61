import assert from "node:assert/strict";
import { test } from "node:test";
import type { RestartPolicy } from "../types/host-config.ts";
import { type ContainerRecord, initialState, ZERO_TIME } from "./container-record.ts";
import {
  decideAfterExit,
  restartDelay,
  shouldRestartAfterExit,
  shouldRestartOnDaemonStart,
} from "./restart-policy.ts";

type Rec = Pick<ContainerRecord, "HostConfig" | "State" | "RestartCount" | "ManuallyStopped">;

function exited(policy: RestartPolicy | undefined, exitCode: number, more: Partial<Rec> = {}): Rec {
  return {
    HostConfig: policy ? { RestartPolicy: policy } : {},
    State: {
      ...initialState(),
      Status: "exited",
      ExitCode: exitCode,
      StartedAt: "2026-12-07T00:00:00.000Z",
      FinishedAt: "2026-12-07T00:00:01.000Z",
    },
    RestartCount: 0,
    ...more,
  };
}

test("back-off: 100 ms doubling, at most a minute, back to 100 ms after 10 s of running", () => {
  assert.deepEqual(
    [0, 1, 2, 3, 9, 10, 20].map((n) => restartDelay(n, 500)),
    [100, 200, 400, 800, 51_200, 60_000, 60_000],
  );
  assert.equal(restartDelay(7, 10_001), 100);
  assert.equal(restartDelay(7, 10_000), 12_800);
});

test("after an exit: no, always, unless-stopped, on-failure[:N], and a manual stop", () => {
  assert.equal(shouldRestartAfterExit(exited(undefined, 1)), false);
  assert.equal(shouldRestartAfterExit(exited({ Name: "no" }, 1)), false);
  assert.equal(shouldRestartAfterExit(exited({ Name: "always" }, 0)), true);
  assert.equal(shouldRestartAfterExit(exited({ Name: "unless-stopped" }, 0)), true);
  assert.equal(shouldRestartAfterExit(exited({ Name: "on-failure" }, 0)), false);
  assert.equal(shouldRestartAfterExit(exited({ Name: "on-failure" }, 3)), true);
  assert.equal(
    shouldRestartAfterExit(exited({ Name: "on-failure", MaximumRetryCount: 2 }, 3, { RestartCount: 1 })),
    true,
  );
  assert.equal(
    shouldRestartAfterExit(exited({ Name: "on-failure", MaximumRetryCount: 2 }, 3, { RestartCount: 2 })),
    false,
  );
  for (const Name of ["always", "unless-stopped", "on-failure"]) {
    assert.equal(shouldRestartAfterExit(exited({ Name }, 1, { ManuallyStopped: true })), false, Name);
  }
});

test("the decision: --rm removes and never restarts; a restart carries its back-off", () => {
  assert.deepEqual(decideAfterExit({ ...exited(undefined, 0), HostConfig: { AutoRemove: true } }), {
    autoRemove: true,
  });
  assert.deepEqual(decideAfterExit(exited({ Name: "always" }, 0, { RestartCount: 3 })), {
    autoRemove: false,
    restartAfterMs: 800,
  });
  assert.deepEqual(decideAfterExit(exited({ Name: "on-failure" }, 0)), { autoRemove: false });
});

test("at daemon start: always even after a manual stop, unless-stopped not then, on-failure within its count", () => {
  assert.equal(shouldRestartOnDaemonStart(exited({ Name: "always" }, 0, { ManuallyStopped: true })), true);
  assert.equal(shouldRestartOnDaemonStart(exited({ Name: "unless-stopped" }, 0)), true);
  assert.equal(
    shouldRestartOnDaemonStart(exited({ Name: "unless-stopped" }, 0, { ManuallyStopped: true })),
    false,
  );
  assert.equal(shouldRestartOnDaemonStart(exited({ Name: "on-failure", MaximumRetryCount: 1 }, 1)), true);
  assert.equal(
    shouldRestartOnDaemonStart(exited({ Name: "on-failure", MaximumRetryCount: 1 }, 1, { RestartCount: 1 })),
    false,
  );
  assert.equal(shouldRestartOnDaemonStart(exited({ Name: "on-failure" }, 0)), false);
  assert.equal(shouldRestartOnDaemonStart(exited({ Name: "no" }, 1)), false);
  // A container that never ran is not started by a daemon restart.
  const never = exited({ Name: "always" }, 0);
  never.State.StartedAt = ZERO_TIME;
  assert.equal(shouldRestartOnDaemonStart(never), false);
});
