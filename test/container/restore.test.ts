import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { docker, startDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("berthd killed with -9 and started again re-adopts running and exited containers", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  assert.equal(
    (await docker(d, ["run", "-d", "--name", "keeps", "busybox", "sh", "-c", "echo before; exec sleep 1000"]))
      .code,
    0,
  );
  assert.equal(
    (
      await docker(d, [
        "run",
        "-d",
        "--name",
        "ends",
        "busybox",
        "sh",
        "-c",
        "trap 'exit 42' TERM; while true; do sleep 0.1; done",
      ])
    ).code,
    0,
  );
  const pidBefore = (await docker(d, ["inspect", "-f", "{{.State.Pid}}", "keeps"])).stdout.trim();
  await d.stop("SIGKILL");
  // While berthd is down: the containers live on; one of them exits (42 on SIGTERM).
  assert.ok(existsSync(`/proc/${pidBefore}`));
  const { execFileSync } = await import("node:child_process");
  const runcRoot = path.join(d.execRoot, "runtime", "runc");
  const ids = readdirSync(runcRoot);
  for (const id of ids) {
    const state = JSON.parse(
      execFileSync("runc", ["--root", runcRoot, "state", id], { encoding: "utf8" }),
    ) as { pid: number };
    const cmd = (await import("node:fs")).readFileSync(`/proc/${state.pid}/cmdline`, "utf8");
    if (cmd.startsWith("sh")) process.kill(state.pid, "SIGTERM");
  }
  await d.restart();
  await waitFor("the exited container to be recorded", async () =>
    (await docker(d, ["inspect", "-f", "{{.State.Status}}", "ends"])).stdout.trim() === "exited"
      ? true
      : undefined,
  );
  assert.equal((await docker(d, ["inspect", "-f", "{{.State.ExitCode}}", "ends"])).stdout.trim(), "42");
  const keeps = await docker(d, ["inspect", "-f", "{{.State.Status}} {{.State.Pid}}", "keeps"]);
  assert.equal(keeps.stdout.trim(), `running ${pidBefore}`);
  // Fully manageable: logs, exec, stop.
  assert.equal((await docker(d, ["logs", "keeps"])).stdout, "before\n");
  assert.equal((await docker(d, ["exec", "keeps", "echo", "exec ok"])).stdout, "exec ok\n");
  const stop = await docker(d, ["stop", "-t", "0", "keeps"]);
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal((await docker(d, ["inspect", "-f", "{{.State.Status}}", "keeps"])).stdout.trim(), "exited");
  assert.equal(existsSync(`/proc/${pidBefore}`), false);
  // Nothing duplicated.
  assert.equal((await docker(d, ["ps", "-aq"])).stdout.trim().split("\n").length, 2);
});

test("logs rotate at max-size and keep max-file files", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, [
    "run",
    "--name",
    "chatty",
    "--log-opt",
    "max-size=10k",
    "--log-opt",
    "max-file=3",
    "busybox",
    "sh",
    "-c",
    "i=0; while [ $i -lt 2000 ]; do echo line-$i-padding-padding-padding; i=$((i+1)); done",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const logPath = (await docker(d, ["inspect", "-f", "{{.LogPath}}", "chatty"])).stdout.trim();
  const files = readdirSync(path.dirname(logPath)).filter((f) => f.startsWith(path.basename(logPath)));
  assert.deepEqual(files.sort(), [
    path.basename(logPath),
    `${path.basename(logPath)}.1`,
    `${path.basename(logPath)}.2`,
  ]);
  for (const f of files) assert.ok(statSync(path.join(path.dirname(logPath), f)).size <= 11 * 1024);
  const logs = (await docker(d, ["logs", "chatty"])).stdout.trim().split("\n");
  assert.equal(logs.at(-1), "line-1999-padding-padding-padding");
  // Older lines were rotated away: the cap holds.
  assert.ok(logs.length < 2000 && logs.length > 100);
  const first = Number(/^line-(\d+)-/.exec(logs[0])?.[1]);
  assert.deepEqual(
    logs.slice(0, 3),
    [first, first + 1, first + 2].map((n) => `line-${n}-padding-padding-padding`),
  );
});

test("exec state dirs of a berthd killed with -9 are swept at the next start", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  assert.equal((await docker(d, ["run", "-d", "--name", "host", "busybox", "sleep", "1000"])).code, 0);
  assert.equal((await docker(d, ["exec", "-d", "host", "sleep", "1000"])).code, 0);
  const execDir = path.join(d.execRoot, "e");
  await waitFor("the exec state dir", () => (readdirSync(execDir).length === 1 ? true : undefined));
  await d.stop("SIGKILL");
  await d.restart();
  assert.deepEqual(existsSync(execDir) ? readdirSync(execDir) : [], []);
  assert.equal((await docker(d, ["exec", "host", "echo", "ok"])).stdout, "ok\n");
  assert.equal((await docker(d, ["rm", "-f", "host"])).code, 0);
});
