// Log drivers and options through the docker CLI: none keeps nothing and `logs` says so, local
// writes Docker's framed protobuf records with rotation and gzip, json-file's options are
// checked and its attributes (env, labels, tag) appear in the file and in `logs --details`.

import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { decodeLocalRecords } from "../../src/container/log-format.ts";
import { docker, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

async function containerDir(d: TestDaemon, name: string): Promise<string> {
  const id = (await docker(d, ["inspect", "-f", "{{.Id}}", name])).stdout.trim();
  return path.join(d.dataRoot, "containers", id);
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line-${i + 1}\n`).join("");

test("--log-driver none: output still reaches an attached client, nothing is kept, logs refuses", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, ["run", "--name", "quiet", "--log-driver", "none", "busybox", "echo", "hi"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "hi\n");
  const logs = await docker(d, ["logs", "quiet"]);
  assert.notEqual(logs.code, 0);
  assert.match(logs.stderr, /configured logging driver does not support reading/);
  assert.equal(
    (await docker(d, ["inspect", "-f", "{{.HostConfig.LogConfig.Type}}|{{.LogPath}}", "quiet"])).stdout,
    "none|\n",
  );
  const files = await readdir(await containerDir(d, "quiet"));
  assert.equal(files.filter((f) => f.includes(".log")).length, 0, files.join(" "));
  assert.equal((await docker(d, ["rm", "quiet"])).code, 0);
});

test("--log-driver local writes framed records, rotates and gzips them, and logs reads them all", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, [
    "run",
    "--name",
    "loc",
    "--log-driver",
    "local",
    "--log-opt",
    "max-size=2k",
    "--log-opt",
    "max-file=3",
    "busybox",
    "sh",
    "-c",
    "for i in $(seq 1 150); do echo line-$i; done; echo oops >&2",
  ]);
  assert.equal(r.code, 0, r.stderr);
  // dockerd's layout: <container dir>/local-logs/container.log, rotated beside it, and no
  // LogPath in inspect (the file is not an API).
  const dir = path.join(await containerDir(d, "loc"), "local-logs");
  assert.equal((await docker(d, ["inspect", "-f", "{{.LogPath}}", "loc"])).stdout, "\n");
  // Compression runs beside the container: wait for it, not for a time.
  const files = await waitFor("the rotated files to be gzipped", async () => {
    const f = (await readdir(dir)).sort();
    return f.includes("container.log.1.gz") &&
      f.includes("container.log.2.gz") &&
      !f.includes("container.log.1")
      ? f
      : undefined;
  });
  assert.deepEqual(files, ["container.log", "container.log.1.gz", "container.log.2.gz"]);
  // The live file: size, record, size again; the record's source field is "stdout"/"stderr".
  const live = await readFile(path.join(dir, "container.log"));
  const size = live.readUInt32BE(0);
  assert.equal(live.readUInt32BE(4 + size), size);
  assert.equal(live.subarray(4, 6).toString("hex"), "0a06"); // field 1, length 6
  assert.match(live.subarray(6, 12).toString(), /^std(out|err)$/);
  const gz = await readFile(path.join(dir, "container.log.2.gz"));
  const older = gunzipSync(gz);
  assert.equal(older.readUInt32BE(older.readUInt32BE(0) + 4), older.readUInt32BE(0));
  // The gzip header's extra field: {"lastTime":…}, the file's last entry, as dockerd writes it.
  assert.equal(gz[3] & 4, 4, "FEXTRA set");
  const extra = JSON.parse(gz.subarray(12, 12 + gz.readUInt16LE(10)).toString());
  assert.equal(extra.lastTime, decodeLocalRecords(older).entries.at(-1)?.time);
  // logs reads the three files in order: the newest lines, contiguous, then stderr's.
  const logs = await docker(d, ["logs", "loc"]);
  assert.equal(logs.code, 0, logs.stderr);
  const kept = logs.stdout.split("\n").filter(Boolean);
  assert.ok(kept.length > 60, `only ${kept.length} lines kept`);
  const first = Number(kept[0].slice(5));
  assert.equal(
    logs.stdout,
    lines(150)
      .split("\n")
      .slice(first - 1)
      .join("\n"),
  );
  assert.equal(logs.stderr, "oops\n");
  const tail = await docker(d, ["logs", "--tail", "2", "-t", "loc"]);
  assert.match(tail.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line-150\n$/);
  const refused = await docker(d, [
    "run",
    "--rm",
    "--log-driver",
    "local",
    "--log-opt",
    "foo=1",
    "busybox",
    "true",
  ]);
  assert.equal(refused.code, 125);
  assert.match(refused.stderr, /unknown log opt 'foo' for log driver local/);
  assert.equal((await docker(d, ["rm", "loc"])).code, 0);
});

test("local: a line over 16 KiB is logged in pieces with Docker's partial metadata, and logs joins them", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, [
    "run",
    "--name",
    "long",
    "--log-driver",
    "local",
    "busybox",
    "sh",
    "-c",
    "head -c 40000 /dev/zero | tr '\\0' a; echo; echo next",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await docker(d, ["logs", "long"])).stdout, `${"a".repeat(40000)}\nnext\n`);
  // Records: three pieces of one line (16 KiB, 16 KiB, the rest), then "next" alone.
  const file = await readFile(path.join(await containerDir(d, "long"), "local-logs", "container.log"));
  const records: Buffer[] = [];
  for (let at = 0; at < file.length; at += file.readUInt32BE(at) + 8) {
    records.push(file.subarray(at + 4, at + 4 + file.readUInt32BE(at)));
  }
  assert.equal(records.length, 4);
  // Field 5 (tag 0x2a), PartialLogEntryMetadata: [last=1 (08 01)], id (12 40 <64 hex>), ordinal (18 n).
  const meta = (rec: Buffer) => {
    const at = rec.indexOf(Buffer.from([0x20, 0x01, 0x2a]));
    return at < 0 ? undefined : rec.subarray(at + 4, at + 4 + rec[at + 3]);
  };
  const m = records.slice(0, 3).map((rec) => meta(rec));
  assert.ok(m.every(Boolean), "every piece carries partial metadata");
  const id = m[0]?.subarray(2, 66).toString();
  assert.match(id ?? "", /^[0-9a-f]{64}$/);
  assert.deepEqual(
    m.map((x) => x?.toString("hex")),
    [
      `1240${Buffer.from(id ?? "").toString("hex")}1801`,
      `1240${Buffer.from(id ?? "").toString("hex")}1802`,
      `08011240${Buffer.from(id ?? "").toString("hex")}1803`,
    ],
  );
  assert.equal(meta(records[3]), undefined);
  assert.equal((await docker(d, ["rm", "long"])).code, 0);
});

test("json-file: unknown options refused; env, labels and tag written as attrs and shown by logs --details", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  for (const [flags, message] of [
    [["--log-opt", "foo=bar"], /unknown log opt 'foo' for json-file log driver/],
    [["--log-opt", "mode=non-blocking"], /non-blocking/],
    [
      ["--log-opt", "compress=true", "--log-opt", "max-file=1"],
      /compress cannot be true when max-file is less than 2 or max-size is not set/,
    ],
    [["--log-opt", "tag={{.Nope}}"], /invalid log option tag: \{\{\.Nope\}\} is not supported/],
    [["--log-driver", "syslog"], /logger: no log driver named 'syslog' is registered/],
  ] as const) {
    const r = await docker(d, ["run", "--rm", ...flags, "busybox", "true"]);
    assert.equal(r.code, 125, `${flags.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
  const r = await docker(d, [
    "run",
    "--name",
    "attrs",
    "-e",
    "FOO=1",
    "-e",
    "BAR=x",
    "-l",
    "team=a b",
    "--log-opt",
    "env=FOO,MISSING",
    "--log-opt",
    "labels=team",
    "--log-opt",
    "tag={{.Name}}/{{.ID}}",
    "busybox",
    "echo",
    "hi",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const dir = await containerDir(d, "attrs");
  const id = path.basename(dir);
  const line = JSON.parse((await readFile(path.join(dir, `${id}-json.log`), "utf8")).trim());
  assert.deepEqual(Object.keys(line), ["log", "stream", "attrs", "time"]);
  assert.deepEqual(line.attrs, { FOO: "1", tag: `attrs/${id.slice(0, 12)}`, team: "a b" });
  const details = await docker(d, ["logs", "--details", "attrs"]);
  assert.equal(details.stdout, `FOO=1,tag=attrs%2F${id.slice(0, 12)},team=a+b hi\n`);
  // Without attributes, --details puts a lone space before the line, as dockerd.
  await docker(d, ["run", "--name", "plain", "busybox", "echo", "hi"]);
  assert.equal((await docker(d, ["logs", "--details", "plain"])).stdout, " hi\n");
  // json-file's compress, with rotation.
  const c = await docker(d, [
    "run",
    "--name",
    "gz",
    "--log-opt",
    "max-size=1k",
    "--log-opt",
    "max-file=2",
    "--log-opt",
    "compress=true",
    "busybox",
    "sh",
    "-c",
    "for i in $(seq 1 60); do echo line-$i; done",
  ]);
  assert.equal(c.code, 0, c.stderr);
  const gzDir = await containerDir(d, "gz");
  const gzId = path.basename(gzDir);
  await waitFor("json-file's rotated file to be gzipped", async () =>
    (await readdir(gzDir)).includes(`${gzId}-json.log.1.gz`),
  );
  const logs = (await docker(d, ["logs", "gz"])).stdout;
  assert.ok(logs.endsWith("line-60\n"));
  const first = Number(logs.split("\n")[0].slice(5));
  assert.ok(first > 1 && first < 60, `first kept line ${first}`);
  // Some of them came from the gzipped file.
  const liveLines = (await readFile(path.join(gzDir, `${gzId}-json.log`), "utf8"))
    .split("\n")
    .filter(Boolean);
  assert.ok(logs.split("\n").filter(Boolean).length > liveLines.length);
  assert.equal(
    logs,
    lines(60)
      .split("\n")
      .slice(first - 1)
      .join("\n"),
  );
  assert.equal((await docker(d, ["rm", "attrs", "plain", "gz"])).code, 0);
});

test("daemon.json's log-driver and log-opts are every container's default; a bad one stops berthd", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await d.stop();
  await writeFile(
    path.join(d.dir, "daemon.json"),
    JSON.stringify({ "log-driver": "local", "log-opts": { "max-file": "2" } }),
  );
  await d.restart();
  const r = await docker(d, ["run", "--name", "dflt", "busybox", "echo", "hi"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    (await docker(d, ["inspect", "-f", "{{.HostConfig.LogConfig.Type}}", "dflt"])).stdout,
    "local\n",
  );
  const live = await readFile(path.join(await containerDir(d, "dflt"), "local-logs", "container.log"));
  assert.equal(live.readUInt32BE(0) + 8, live.length); // one framed record
  assert.equal((await docker(d, ["logs", "dflt"])).stdout, "hi\n");
  assert.equal((await docker(d, ["rm", "dflt"])).code, 0);
  await d.stop();
  await writeFile(path.join(d.dir, "daemon.json"), JSON.stringify({ "log-opts": { bogus: "1" } }));
  await assert.rejects(d.restart(), /unknown log opt 'bogus' for json-file log driver/);
});

test("logs -f follows a local log while the container writes, until it exits", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, [
    "run",
    "-d",
    "--name",
    "locf",
    "--log-driver",
    "local",
    "busybox",
    "sh",
    "-c",
    // Polls for a file rather than reading a FIFO: with a FIFO the container could exit as
    // soon as the exec's write reached it, and its end killed the exec before it exited (137).
    "echo first; while [ ! -f /tmp/go ]; do sleep 0.05; done; echo second-$(cat /tmp/go)",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = await d.client.request("GET", "/containers/locf/logs", {
    query: { follow: "1", stdout: "1", stderr: "1" },
  });
  assert.equal(res.status, 200);
  let got = "";
  const done = (async () => {
    for await (const chunk of res.body) got += Buffer.from(chunk).toString("latin1");
  })();
  await waitFor("the first line through the follow", () => got.includes("first\n"));
  const exec = await docker(d, [
    "exec",
    "locf",
    "sh",
    "-c",
    "echo go > /tmp/go.tmp && mv /tmp/go.tmp /tmp/go",
  ]);
  assert.equal(exec.code, 0, exec.stderr);
  await done;
  assert.ok(got.includes("second-go\n"), JSON.stringify(got));
  assert.equal((await docker(d, ["rm", "-f", "locf"])).code, 0);
});
