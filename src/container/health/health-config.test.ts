import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeHealthcheck, probeCommand, probeTiming, validateHealthcheck } from "./health-config.ts";

test("the request's health check is merged over the image's field by field, as dockerd's", () => {
  const image = { Test: ["CMD", "check"], Interval: 5e9, Timeout: 2e9, Retries: 7, StartPeriod: 1e9 };
  assert.deepEqual(mergeHealthcheck(undefined, image), image);
  assert.equal(mergeHealthcheck(undefined, undefined), undefined);
  assert.deepEqual(mergeHealthcheck({ Interval: 1e8 }, image), { ...image, Interval: 1e8 });
  assert.deepEqual(mergeHealthcheck({ Test: ["CMD-SHELL", "true"], Retries: 1 }, image), {
    ...image,
    Test: ["CMD-SHELL", "true"],
    Retries: 1,
  });
  // --no-healthcheck overrides the image's
  assert.deepEqual(mergeHealthcheck({ Test: ["NONE"] }, image)?.Test, ["NONE"]);
});

test("validation refuses what dockerd refuses, with its messages", () => {
  const ok = { Test: ["CMD-SHELL", "true"] };
  assert.doesNotThrow(() => validateHealthcheck(undefined));
  assert.doesNotThrow(() => validateHealthcheck({ ...ok, Interval: 1e6, Timeout: 1e6, StartPeriod: 1e6 }));
  assert.throws(() => validateHealthcheck({ ...ok, Interval: 999_999 }), {
    message: "Interval in Healthcheck cannot be less than 1ms",
  });
  assert.throws(() => validateHealthcheck({ ...ok, Timeout: -5 }), {
    message: "Timeout in Healthcheck cannot be less than 1ms",
  });
  assert.throws(() => validateHealthcheck({ ...ok, StartPeriod: 10 }), {
    message: "StartPeriod in Healthcheck cannot be less than 1ms",
  });
  assert.throws(() => validateHealthcheck({ ...ok, StartInterval: 10 }), {
    message: "StartInterval in Healthcheck cannot be less than 1ms",
  });
  assert.throws(() => validateHealthcheck({ ...ok, Retries: -1 }), {
    message: "Retries in Healthcheck cannot be negative",
  });
});

test("null durations are Go's zero value, as docker-py sends an unset StartPeriod", () => {
  const nulls = { StartPeriod: null, StartInterval: null, Interval: null, Timeout: null, Retries: null };
  assert.doesNotThrow(() =>
    validateHealthcheck({ Test: ["CMD", "true"], ...nulls } as unknown as Parameters<
      typeof validateHealthcheck
    >[0]),
  );
});

test("a test berth could not run is refused rather than stored", () => {
  assert.throws(() => validateHealthcheck({ Interval: 1e9 }), /Healthcheck has no test/);
  assert.throws(() => validateHealthcheck({ Test: ["CMD"] }), /has no command/);
  assert.throws(() => validateHealthcheck({ Test: ["CMD-SHELL"] }), /exactly one command/);
  assert.throws(() => validateHealthcheck({ Test: ["FOO", "x"] }), /Unknown healthcheck type 'FOO'/);
  assert.doesNotThrow(() => validateHealthcheck({ Test: ["NONE"] }));
});

test("the probe's command: CMD as given, CMD-SHELL through the container's shell", () => {
  assert.deepEqual(probeCommand({ Test: ["CMD", "a", "b"] }, undefined), ["a", "b"]);
  assert.deepEqual(probeCommand({ Test: ["CMD-SHELL", "x && y"] }, undefined), ["/bin/sh", "-c", "x && y"]);
  assert.deepEqual(probeCommand({ Test: ["CMD-SHELL", "x"] }, ["/bin/ash", "-ec"]), ["/bin/ash", "-ec", "x"]);
  assert.equal(probeCommand({ Test: ["NONE"] }, undefined), undefined);
  assert.equal(probeCommand(undefined, undefined), undefined);
});

test("timing: Docker's defaults for zero fields, nanoseconds to milliseconds", () => {
  assert.deepEqual(probeTiming({ Test: ["NONE"] }), {
    intervalMs: 30_000,
    timeoutMs: 30_000,
    startPeriodMs: 0,
    startIntervalMs: 5_000,
    retries: 3,
  });
  assert.deepEqual(
    probeTiming({ Interval: 1e8, Timeout: 2e9, StartPeriod: 3e9, StartInterval: 5e7, Retries: 1 }),
    { intervalMs: 100, timeoutMs: 2000, startPeriodMs: 3000, startIntervalMs: 50, retries: 1 },
  );
});
