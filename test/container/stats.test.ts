// Container stats as dockerd sends them, read by the docker CLI itself (it computes CPU %,
// memory without page cache and the rest from berthd's JSON) and by `berth stats`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { berth, docker, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

interface Sample {
  read: string;
  preread: string;
  name: string;
  id: string;
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
  memory_stats: { usage?: number; limit?: number };
  pids_stats: { current?: number; limit?: number };
}

test("stats: one-shot, two-sample and streamed samples of a running container; empty ones of a stopped one", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const run = await docker(d, [
    "run",
    "-d",
    "--name",
    "busy",
    "-m",
    "64m",
    "--pids-limit",
    "50",
    "busybox",
    "sh",
    "-c",
    "while :; do :; done",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();

  const one = await d.client.json<Sample>("GET", "/containers/busy/stats", {
    query: { stream: false, "one-shot": true },
  });
  assert.equal(one.id, id);
  assert.equal(one.name, "/busy");
  assert.equal(one.memory_stats.limit, 64 * 1024 * 1024);
  assert.ok((one.memory_stats.usage ?? 0) > 0, "memory in use");
  assert.equal(one.pids_stats.current, 1);
  assert.equal(one.pids_stats.limit, 50);
  assert.equal(one.precpu_stats.cpu_usage.total_usage, 0, "one-shot has no previous sample");
  assert.ok(one.cpu_stats.cpu_usage.total_usage > 0);
  assert.ok((one.cpu_stats.system_cpu_usage ?? 0) > 0);

  const two = await d.client.json<Sample>("GET", "/containers/busy/stats", { query: { stream: false } });
  assert.ok(two.precpu_stats.cpu_usage.total_usage > 0, "stream=false waits for a second sample");
  assert.ok(
    two.cpu_stats.cpu_usage.total_usage > two.precpu_stats.cpu_usage.total_usage,
    "the busy loop used CPU",
  );
  assert.equal(two.preread < two.read, true);

  // A stream: each sample carries the previous one's CPU figures.
  const abort = new AbortController();
  const res = await d.client.call("GET", "/containers/busy/stats", { signal: abort.signal });
  const samples: Sample[] = [];
  let buf = "";
  try {
    for await (const chunk of res.body) {
      buf += chunk.toString();
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        samples.push(JSON.parse(buf.slice(0, nl)) as Sample);
        buf = buf.slice(nl + 1);
      }
      if (samples.length >= 2) break;
    }
  } finally {
    abort.abort();
  }
  assert.equal(samples[0].preread, "0001-01-01T00:00:00Z");
  assert.equal(samples[1].preread, samples[0].read);
  assert.equal(samples[1].precpu_stats.cpu_usage.total_usage, samples[0].cpu_stats.cpu_usage.total_usage);

  const bad = await d.client.request("GET", "/containers/busy/stats", {
    query: { stream: true, "one-shot": true },
  });
  assert.equal(bad.status, 400);

  // The docker CLI's table, computed by docker from berthd's JSON, and berth's the same way.
  const fields = "{{.Name}}|{{.MemUsage}}|{{.PIDs}}";
  const theirs = await docker(d, ["stats", "--no-stream", "--format", fields]);
  assert.equal(theirs.code, 0, theirs.stderr);
  assert.match(theirs.stdout, /^busy\|[\d.]+[KM]iB \/ 64MiB\|1\n$/);
  const ours = await berth(d, ["stats", "--no-stream", "--format", fields]);
  assert.equal(ours.code, 0, ours.stderr);
  assert.match(ours.stdout, /^busy\|[\d.]+[KM]iB \/ 64MiB\|1\n$/);
  const cpu = await berth(d, ["stats", "--no-stream", "--format", "{{.CPUPerc}}", "busy"]);
  assert.ok(Number.parseFloat(cpu.stdout) > 0, `a busy loop shows CPU use: ${cpu.stdout}`);
  const table = await berth(d, ["stats", "--no-stream"]);
  assert.match(
    table.stdout,
    /^CONTAINER ID +NAME +CPU % +MEM USAGE \/ LIMIT +MEM % +NET I\/O +BLOCK I\/O +PIDS\n/,
  );

  assert.equal((await docker(d, ["stop", "-t", "0", "busy"])).code, 0);
  const stopped = await d.client.json<Sample>("GET", "/containers/busy/stats", { query: { stream: false } });
  assert.equal(stopped.read, "0001-01-01T00:00:00Z");
  assert.equal(stopped.id, id);
  const all = await docker(d, [
    "stats",
    "--no-stream",
    "-a",
    "--format",
    "{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}",
  ]);
  assert.equal(all.stdout, "busy 0.00% 0B / 0B 0\n");
  const oursAll = await berth(d, [
    "stats",
    "--no-stream",
    "-a",
    "--format",
    "{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}",
  ]);
  assert.equal(oursAll.stdout, all.stdout);
  const missing = await berth(d, ["stats", "--no-stream", "nope"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No such container: nope/);
});
