// What real clients send, as they send it: dockerode (docker-modem) for attach and logs, the
// docker CLI for exec. Each case failed before its fix (issue 13).

import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import Docker from "dockerode";
import WebSocket from "ws";
import { docker, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

function dockerode(d: TestDaemon): Docker {
  return new Docker({ socketPath: d.socket });
}

/** Collects a stream until it ends. */
function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** The frames of a whole multiplexed (stdcopy) body, in order: stream 1 stdout, 2 stderr. */
function frames(buf: Buffer): { stream: number; text: string }[] {
  const out: { stream: number; text: string }[] = [];
  for (let at = 0; at + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(at + 4);
    out.push({ stream: buf[at], text: buf.subarray(at + 8, at + 8 + size).toString() });
    at += 8 + size;
  }
  return out;
}

test("dockerode attach with stdin: the options body docker-modem sends never reaches the container", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const api = dockerode(d);
  const c = await api.createContainer({
    Image: "busybox",
    Cmd: ["cat"],
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = (await c.attach({
    stream: true,
    stdin: true,
    stdout: true,
    stderr: true,
    hijack: true,
  })) as NodeJS.ReadWriteStream;
  // Without hijack (testcontainers' log streams): the body is the options too, the reply the stream.
  const watcher = (await c.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
  const watched = collect(watcher);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  api.modem.demuxStream(stream, stdout, stderr);
  const out = collect(stdout);
  stream.on("end", () => {
    stdout.end();
    stderr.end();
  });
  await c.start();
  stream.end("hello\n");
  assert.equal((await out).toString(), "hello\n");
  assert.deepEqual(frames(await watched), [{ stream: 1, text: "hello\n" }]);
  const exit = (await c.wait()) as { StatusCode: number };
  assert.equal(exit.StatusCode, 0);
});

test("logs: tail=-1 (testcontainers, dockerode) is all; tail counts the whole log before the stream filter", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const api = dockerode(d);
  const c = await api.createContainer({
    Image: "busybox",
    Cmd: ["sh", "-c", "echo o1; echo e1 >&2; echo o2; echo e2 >&2; echo o3; echo e3 >&2"],
  });
  await c.start();
  await c.wait();
  const logs = async (opts: { stdout?: boolean; stderr?: boolean; tail?: number | string }) => {
    const buf = (await c.logs({ stdout: true, stderr: true, ...opts, follow: false } as {
      follow: false;
    })) as Buffer;
    return frames(buf);
  };
  // The monitor reads stdout and stderr from two pipes: their order in the log is its own.
  const whole = await logs({});
  assert.deepEqual(whole.map((f) => f.text).sort(), ["e1\n", "e2\n", "e3\n", "o1\n", "o2\n", "o3\n"]);
  assert.deepEqual(await logs({ tail: -1 }), whole);
  assert.deepEqual(await logs({ tail: "bogus" }), whole);
  assert.deepEqual(await logs({ tail: 0 }), []);
  for (const n of [1, 2, 3, 4]) {
    const last = whole.slice(-n);
    assert.deepEqual(await logs({ tail: n }), last, `tail ${n}`);
    assert.deepEqual(
      await logs({ tail: n, stderr: false }),
      last.filter((f) => f.stream === 1),
      `tail ${n}, stdout only`,
    );
    assert.deepEqual(
      await logs({ tail: n, stdout: false }),
      last.filter((f) => f.stream === 2),
      `tail ${n}, stderr only`,
    );
  }
});

test("exec'd processes get the container's ulimits", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const run = await docker(d, [
    "run",
    "-d",
    "--name",
    "ul",
    "--ulimit",
    "nofile=1234:1234",
    "--ulimit",
    "nproc=777:888",
    "--ulimit",
    "core=-1",
    "busybox",
    "sleep",
    "1000",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const init = await docker(d, ["exec", "ul", "sh", "-c", "ulimit -n; ulimit -Hu; ulimit -Su; ulimit -c"]);
  assert.equal(init.stdout, "1234\n888\n777\nunlimited\n", init.stderr);
});

test("image inspect's Config and ContainerConfig carry every key of dockerd's (Labels: null, …)", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const img = (await dockerode(d).getImage("busybox").inspect()) as unknown as {
    Config: Record<string, unknown>;
    ContainerConfig: Record<string, unknown>;
  };
  assert.equal(img.Config.Labels, null);
  assert.equal(img.Config.Entrypoint, null);
  assert.equal(img.Config.WorkingDir, "");
  assert.deepEqual(img.Config.Cmd, ["sh"]);
  assert.equal(img.ContainerConfig.Labels, null);
  assert.equal(img.ContainerConfig.Image, "");
  const tmpl = await docker(d, [
    "image",
    "inspect",
    "-f",
    "{{.Config.Labels}} {{.Config.OnBuild}}",
    "busybox",
  ]);
  assert.equal(tmpl.stdout, "map[] []\n", tmpl.stderr);
});

/**
 * Opens `GET /containers/{id}/attach/ws` on the test daemon's socket; resolves once open, with
 * every message until the server closes it (listened to from the start: a replay can arrive
 * in the same read as the handshake).
 */
async function attachWs(
  d: TestDaemon,
  id: string,
  query: string,
): Promise<{ ws: WebSocket; done: Promise<{ text: string; binary: boolean[] }> }> {
  const ws = new WebSocket(`ws+unix://${d.socket}:/v1.44/containers/${id}/attach/ws?${query}`);
  const done = new Promise<{ text: string; binary: boolean[] }>((resolve, reject) => {
    let text = "";
    const binary: boolean[] = [];
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      text += data.toString();
      binary.push(isBinary);
    });
    ws.once("close", () => resolve({ text, binary }));
    ws.once("error", reject);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return { ws, done };
}

test("websocket attach: stdin in, stdout and stderr out unframed, logs replayed", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const c = await dockerode(d).createContainer({
    Image: "busybox",
    Cmd: ["sh", "-c", "read x; echo got $x; echo oops >&2"],
    OpenStdin: true,
  });
  const { ws, done } = await attachWs(d, c.id, "stream=1&stdin=1&stdout=1&stderr=1");
  await c.start();
  ws.send(Buffer.from("hello\n"));
  const live = await done;
  assert.deepEqual(live.text.split("\n").sort(), ["", "got hello", "oops"]);
  assert.ok(live.binary.every(Boolean), "binary messages, as dockerd's for API >= 1.28");
  await c.wait();
  const replay = await (await attachWs(d, c.id, "logs=1&stdout=1")).done;
  assert.equal(replay.text, "got hello\n");
  const refused = (query: string) => {
    const ws = new WebSocket(`ws+unix://${d.socket}:/containers/${query}`);
    return new Promise<number | undefined>((resolve) =>
      ws.once("unexpected-response", (req, res) => {
        // With this listener, ending the refused request is the caller's job.
        req.destroy();
        resolve(res.statusCode);
      }),
    );
  };
  assert.equal(await refused("nosuch/attach/ws?stream=1"), 404);
  // As moby: bad detach keys are a 400 before the handshake, checked before the container.
  assert.equal(await refused(`${c.id}/attach/ws?stream=1&detachKeys=ctrl-`), 400);
  const raw = await d.client.request("POST", "/containers/nosuch/attach", {
    query: { stream: "1", detachKeys: "bogus-key" },
  });
  raw.body.resume();
  assert.equal(raw.status, 400);
});
