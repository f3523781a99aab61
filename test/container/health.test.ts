// Health checks on real containers, through the docker CLI: probes run through the exec
// path with short intervals, and every check polls inspect with a deadline.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { EngineClient } from "../../src/client/client.ts";
import { docker, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { busyboxEntries, importBusybox, makeTar } from "../helpers/images.ts";
import { monitorsOf } from "../helpers/invariants.ts";

interface HealthView {
  Status: string;
  FailingStreak: number;
  Log: { Start: string; End: string; ExitCode: number; Output: string }[];
}

async function health(d: TestDaemon, name: string): Promise<HealthView | null> {
  const r = await docker(d, ["inspect", "-f", "{{json .State.Health}}", name]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as HealthView | null;
}

function healthIs(d: TestDaemon, name: string, status: string, timeoutMs = 20_000) {
  return waitFor(
    `${name} to be ${status}`,
    async () => {
      const h = await health(d, name);
      return h?.Status === status ? h : undefined;
    },
    timeoutMs,
  );
}

async function runD(d: TestDaemon, args: string[]): Promise<void> {
  const r = await docker(d, ["run", "-d", ...args]);
  assert.equal(r.code, 0, r.stderr);
}

/** busybox with a HEALTHCHECK in its config, as a Dockerfile would give it. */
async function importHealthyImage(d: TestDaemon): Promise<void> {
  const tarball = await makeTar(busyboxEntries());
  await d.client.jsonStream(
    "POST",
    "/images/create",
    {
      query: {
        fromSrc: "-",
        repo: "checked",
        tag: "latest",
        changes: ['CMD ["sleep", "1000"]', "HEALTHCHECK --interval=100ms --retries=1 CMD echo image-check"],
      },
      stream: Readable.from([tarball]),
    },
    () => {},
  );
}

test("health checks: healthy, unhealthy after retries, timeout, start period, ps and events", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const since = Math.floor(Date.now() / 1000) - 1;
  await Promise.all([
    runD(d, [
      "--name",
      "ok",
      "--health-cmd",
      "echo hi; echo err >&2",
      "--health-interval",
      "100ms",
      "busybox",
      "sleep",
      "1000",
    ]),
    runD(d, [
      "--name",
      "bad",
      "--health-cmd",
      "exit 3",
      "--health-interval",
      "100ms",
      "--health-retries",
      "2",
      "busybox",
      "sleep",
      "1000",
    ]),
    runD(d, [
      "--name",
      "slow",
      "--health-cmd",
      "echo started; sleep 30",
      "--health-timeout",
      "1s",
      "--health-interval",
      "100ms",
      "--health-retries",
      "1",
      "busybox",
      "sleep",
      "1000",
    ]),
    runD(d, [
      "--name",
      "warming",
      "--health-cmd",
      "test -e /tmp/ready",
      "--health-interval",
      "30s",
      "--health-start-period",
      "60s",
      "--health-start-interval",
      "100ms",
      "--health-retries",
      "1",
      "busybox",
      "sleep",
      "1000",
    ]),
    runD(d, ["--name", "plain", "busybox", "sleep", "1000"]),
  ]);

  // Right after start, before a probe has run: starting.
  const first = await health(d, "warming");
  assert.equal(first?.Status, "starting");
  assert.equal(await health(d, "plain"), null);

  const ok = await healthIs(d, "ok", "healthy");
  assert.equal(ok.FailingStreak, 0);
  assert.equal(ok.Log[0].ExitCode, 0);
  // stdout and stderr together, as dockerd's probe buffer
  assert.match(ok.Log[0].Output, /hi\n/);
  assert.match(ok.Log[0].Output, /err\n/);
  assert.ok(Date.parse(ok.Log[0].End) >= Date.parse(ok.Log[0].Start));
  // a probe is not an exec of the container's
  const execIds = JSON.parse(
    (await docker(d, ["inspect", "-f", "{{json .ExecIDs}}", "ok"])).stdout,
  ) as unknown;
  assert.ok(execIds === null || (Array.isArray(execIds) && execIds.length === 0), String(execIds));

  const bad = await healthIs(d, "bad", "unhealthy");
  assert.ok(bad.FailingStreak >= 2, `streak ${bad.FailingStreak}`);
  assert.equal(bad.Log.at(-1)?.ExitCode, 3);
  // only the last five results are kept
  const longRun = await waitFor("bad's failing streak to pass 6", async () => {
    const h = await health(d, "bad");
    return h && h.FailingStreak > 6 ? h : undefined;
  });
  assert.equal(longRun.Log.length, 5);

  const slow = await healthIs(d, "slow", "unhealthy");
  assert.equal(slow.Log[0].ExitCode, -1);
  // The timeout counts the exec's own start-up (as dockerd's), so on a loaded host a probe
  // can be killed before its echo ran; what it printed is kept when it did print.
  assert.match(slow.Log[0].Output, /^Health check exceeded timeout \(1s\)(: started\n)?$/);
  await waitFor("a timed-out probe of slow that keeps what it printed", async () => {
    const h = await health(d, "slow");
    return h?.Log.find((l) => l.Output === "Health check exceeded timeout (1s): started\n");
  });
  // the timed-out probe was killed: no probe's sleep outlives its timeout for long
  const top = await waitFor("slow's timed-out probes to be gone", async () => {
    const r = await docker(d, ["top", "slow"]);
    return r.stdout.split("\n").filter((l) => l.includes("sleep 30")).length <= 1 ? r : undefined;
  });
  assert.equal(top.code, 0);

  // Inside the start period, failures do not count...
  const warming = await waitFor("three probes of warming", async () => {
    const h = await health(d, "warming");
    return h && h.Log.length >= 3 ? h : undefined;
  });
  assert.equal(warming.Status, "starting");
  assert.equal(warming.FailingStreak, 0);
  assert.equal(warming.Log[0].ExitCode, 1);
  // ...and a success ends it (probed at the start interval, not the 30s interval).
  assert.equal((await docker(d, ["exec", "warming", "touch", "/tmp/ready"])).code, 0);
  await healthIs(d, "warming", "healthy");

  const ps = await docker(d, ["ps", "--format", "{{.Names}} {{.Status}}"]);
  const statusOf = (n: string) => ps.stdout.split("\n").find((l) => l.startsWith(`${n} `)) ?? "";
  assert.match(statusOf("ok"), /^ok Up .* \(healthy\)$/);
  assert.match(statusOf("bad"), /^bad Up .* \(unhealthy\)$/);
  assert.match(statusOf("plain"), /^plain Up [^(]*$/);
  const filtered = async (h: string) =>
    (await docker(d, ["ps", "--filter", `health=${h}`, "--format", "{{.Names}}"])).stdout
      .trim()
      .split("\n")
      .sort();
  assert.deepEqual(await filtered("healthy"), ["ok", "warming"]);
  assert.deepEqual(await filtered("unhealthy"), ["bad", "slow"]);
  assert.deepEqual(await filtered("none"), ["plain"]);
  const wrong = await docker(d, ["ps", "--filter", "health=sick"]);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /Unrecognised filter value for health: sick/);

  const until = Math.ceil(Date.now() / 1000) + 1;
  const events = await docker(d, [
    "events",
    "--since",
    String(since),
    "--until",
    String(until),
    "--filter",
    "container=ok",
    "--format",
    "{{.Action}}",
  ]);
  const actions = events.stdout.split("\n");
  assert.ok(actions.includes("health_status: healthy"), events.stdout);
  // once: an event only when the status changes
  assert.equal(actions.filter((a) => a === "health_status: healthy").length, 1);
  assert.ok(
    actions.some((a) => a.startsWith("exec_start: /bin/sh -c echo hi")),
    events.stdout,
  );

  // A stopped container keeps its last health in inspect, and ps shows it no more.
  assert.equal((await docker(d, ["stop", "-t", "0", "bad"])).code, 0);
  const stopped = await health(d, "bad");
  assert.equal(stopped?.Status, "unhealthy");
  assert.deepEqual(await filtered("unhealthy"), ["slow"]);

  // Removing the containers ends their probes: no probe monitor or state dir is left.
  const ids = (await docker(d, ["ps", "-aq"])).stdout.trim().split("\n");
  assert.equal((await docker(d, ["rm", "-f", ...ids])).code, 0);
  await waitFor("every probe's monitor to end", () => monitorsOf(d.execRoot).length === 0);
  const execDirs = path.join(d.execRoot, "e");
  await waitFor(
    "every probe's state dir to go",
    () => !existsSync(execDirs) || readdirSync(execDirs).length === 0,
  );
});

test("image HEALTHCHECK, --no-healthcheck, merged flags, dockerd's validation errors", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await importHealthyImage(d);
  await Promise.all([
    runD(d, ["--name", "from-image", "checked"]),
    runD(d, ["--name", "disabled", "--no-healthcheck", "checked"]),
    // --health-retries alone keeps the image's command and interval
    runD(d, ["--name", "merged", "--health-retries", "4", "checked"]),
  ]);
  const h = await healthIs(d, "from-image", "healthy");
  assert.equal(h.Log[0].Output, "image-check\n");
  assert.equal(await health(d, "disabled"), null);
  assert.equal(
    (await docker(d, ["inspect", "-f", "{{json .Config.Healthcheck.Test}}", "disabled"])).stdout.trim(),
    '["NONE"]',
  );
  const merged = await docker(d, ["inspect", "-f", "{{json .Config.Healthcheck}}", "merged"]);
  assert.deepEqual(JSON.parse(merged.stdout), {
    Test: ["CMD-SHELL", "echo image-check"],
    Interval: 100_000_000,
    Retries: 4,
  });
  await healthIs(d, "merged", "healthy");

  const tooShort = await docker(d, [
    "create",
    "--health-cmd",
    "true",
    "--health-interval",
    "500us",
    "busybox",
  ]);
  assert.notEqual(tooShort.code, 0, tooShort.stderr);
  assert.match(tooShort.stderr, /Interval in Healthcheck cannot be less than 1ms/);
  await assert.rejects(
    d.client.call("POST", "/containers/create", {
      body: { Image: "busybox", Healthcheck: { Test: ["CMD-SHELL", "true"], Timeout: 10 } },
    }),
    { status: 400, message: /Timeout in Healthcheck cannot be less than 1ms/ },
  );
  await assert.rejects(
    d.client.call("POST", "/containers/create", {
      body: { Image: "busybox", Healthcheck: { Test: ["HTTP", "/"] } },
    }),
    { status: 400, message: /Unknown healthcheck type 'HTTP'/ },
  );
  // none of the refused creates left a container
  assert.equal((await docker(d, ["ps", "-aq"])).stdout.trim().split("\n").length, 3);
  // A start interval is API 1.44's: an older client's is dropped, as dockerd's router does.
  const startInterval = { Image: "busybox", Healthcheck: { Test: ["CMD", "true"], StartInterval: 10 } };
  await assert.rejects(d.client.call("POST", "/containers/create", { body: startInterval }), {
    status: 400,
    message: /StartInterval in Healthcheck cannot be less than 1ms/,
  });
  const old = new EngineClient(d.host, "1.43");
  const { Id } = await old.json<{ Id: string }>("POST", "/containers/create", { body: startInterval });
  const kept = await old.json<{ Config: { Healthcheck: Record<string, unknown> } }>(
    "GET",
    `/containers/${Id}/json`,
  );
  assert.deepEqual(kept.Config.Healthcheck, { Test: ["CMD", "true"] });
});

test("a restart resets to starting; a berthd killed with -9 re-arms the checks", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await Promise.all([
    runD(d, [
      "--name",
      "fast",
      "--health-cmd",
      "true",
      "--health-interval",
      "100ms",
      "busybox",
      "sleep",
      "1000",
    ]),
    runD(d, [
      "--name",
      "steady",
      "--health-cmd",
      "true",
      "--health-interval",
      "4s",
      "busybox",
      "sleep",
      "1000",
    ]),
    runD(d, [
      "--name",
      "ended",
      "--health-cmd",
      "true",
      "--health-interval",
      "100ms",
      "busybox",
      "sleep",
      "1000",
    ]),
  ]);
  await Promise.all([
    healthIs(d, "fast", "healthy"),
    healthIs(d, "steady", "healthy"),
    healthIs(d, "ended", "healthy"),
  ]);
  assert.equal((await docker(d, ["stop", "-t", "0", "ended"])).code, 0);

  // Paused: no probes. Time passes while another container is probed three times.
  assert.equal((await docker(d, ["pause", "fast"])).code, 0);
  const pausedAt = Date.now();
  const beforePause = await health(d, "fast");
  await runD(d, [
    "--name",
    "ticker",
    "--health-cmd",
    "true",
    "--health-interval",
    "100ms",
    "busybox",
    "sleep",
    "1000",
  ]);
  await waitFor("three probes of ticker", async () => {
    const h = await health(d, "ticker");
    return h && h.Log.filter((l) => Date.parse(l.Start) > pausedAt).length >= 3 ? h : undefined;
  });
  assert.deepEqual(await health(d, "fast"), beforePause);
  assert.equal((await docker(d, ["unpause", "fast"])).code, 0);
  const unpausedAt = Date.now();
  await waitFor("a probe of fast after the unpause", async () => {
    const h = await health(d, "fast");
    return h?.Log.some((l) => Date.parse(l.Start) >= unpausedAt - 5) ? h : undefined;
  });

  // A container restart starts the check again from "starting" (its log kept).
  assert.equal((await docker(d, ["restart", "-t", "0", "steady"])).code, 0);
  const restarted = await health(d, "steady");
  assert.equal(restarted?.Status, "starting");
  assert.ok((restarted?.Log.length ?? 0) >= 1);

  // berthd dies while a probe runs: the probe's monitor ends on its own, and the next
  // berthd sweeps its state dir (probes, like execs, live in berthd's memory only).
  await runD(d, [
    "--name",
    "midprobe",
    "--health-cmd",
    "sleep 1",
    "--health-interval",
    "100ms",
    "busybox",
    "sleep",
    "1000",
  ]);
  const eDir = path.join(d.execRoot, "e");
  const probing = await waitFor("a probe under way", () => {
    const dirs = existsSync(eDir) ? readdirSync(eDir) : [];
    return dirs.length > 0 ? dirs : undefined;
  });
  await d.stop("SIGKILL");
  const orphans = monitorsOf(d.execRoot).filter((m) => m.exec);
  const restartedAt = Date.now();
  await d.restart();
  const ls = (p: string) => {
    try {
      return readdirSync(p).join(",");
    } catch (e) {
      return String((e as Error).message);
    }
  };
  for (const dir of probing)
    assert.equal(
      existsSync(path.join(eDir, dir)),
      false,
      `probe dir ${dir} swept: has [${ls(path.join(eDir, dir))}]; e has [${ls(eDir)}]; probing [${probing.join(",")}]`,
    );
  // A probe berthd died before attaching to holds its output back for an attach: the new
  // berthd attaches to the orphans, so their monitors end with their probes.
  const gone = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8") === ""; // a zombie
    } catch {
      return true;
    }
  };
  await waitFor("the orphaned probes to end", () => orphans.every((m) => gone(m.pid)));
  await healthIs(d, "midprobe", "healthy");
  // The stopped container's last health was persisted with its state.
  assert.equal((await health(d, "ended"))?.Status, "healthy");
  // The running one is probed again by the new berthd.
  const fast = await waitFor("a probe of fast after the restart", async () => {
    const h = await health(d, "fast");
    return h && h.Status === "healthy" && h.Log.some((l) => Date.parse(l.Start) >= restartedAt - 1000)
      ? h
      : undefined;
  });
  assert.equal(fast.FailingStreak, 0);
  assert.match(
    (await docker(d, ["ps", "--filter", "name=fast", "--format", "{{.Status}}"])).stdout,
    /\(healthy\)/,
  );
});
