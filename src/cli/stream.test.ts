import assert from "node:assert/strict";
import { Duplex, PassThrough, Writable } from "node:stream";
import { test } from "node:test";
import {
  DetachedError,
  EscapeProxy,
  parseDetachKeys,
  StdcopyDemuxer,
  StreamError,
  streamHijacked,
} from "./stream.ts";

function frame(stream: number, payload: string): Buffer {
  const b = Buffer.from(payload);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(b.length, 4);
  return Buffer.concat([h, b]);
}

function collector() {
  const out: { stdout: string[]; stderr: string[] } = { stdout: [], stderr: [] };
  const demux = new StdcopyDemuxer(
    (b) => out.stdout.push(b.toString()),
    (b) => out.stderr.push(b.toString()),
  );
  return { out, demux };
}

test("stdcopy frames are demultiplexed, however the chunks split them", () => {
  const wire = Buffer.concat([frame(1, "hello\n"), frame(2, "oops\n"), frame(0, "echo"), frame(1, "")]);
  for (let size = 1; size <= wire.length; size++) {
    const { out, demux } = collector();
    for (let i = 0; i < wire.length; i += size) demux.write(wire.subarray(i, i + size));
    assert.deepEqual(out.stdout.join(""), "hello\necho", `chunks of ${size}`);
    assert.deepEqual(out.stderr.join(""), "oops\n", `chunks of ${size}`);
    assert.equal(demux.pending, 0);
  }
});

test("a systemerr frame is an error from the daemon; an unknown stream is refused", () => {
  const { demux } = collector();
  assert.throws(
    () => demux.write(frame(3, "exec failed")),
    (err: Error) => {
      assert.ok(err instanceof StreamError);
      assert.equal(err.message, "error from daemon in stream: exec failed");
      return true;
    },
  );
  assert.throws(() => collector().demux.write(frame(7, "x")), { message: "Unrecognized input header: 7" });
});

test("detach keys in docker's notation", () => {
  assert.deepEqual(parseDetachKeys("ctrl-p,ctrl-q"), [16, 17]);
  assert.deepEqual(parseDetachKeys("ctrl-a,x"), [1, 120]);
  assert.deepEqual(parseDetachKeys("ctrl-@,ctrl-\\,ctrl-_"), [0, 28, 31]);
  assert.deepEqual(parseDetachKeys("CTRL-Z"), [26]);
  assert.throws(() => parseDetachKeys("ctrl-p,foo"), { message: "Unknown character: 'foo'" });
});

test("the escape proxy holds back a partial sequence and reports a complete one", () => {
  const p = new EscapeProxy([16, 17]);
  assert.deepEqual(p.feed(Buffer.from("ab")), { data: Buffer.from("ab"), detach: false });
  assert.deepEqual(p.feed(Buffer.from([16])), { data: Buffer.alloc(0), detach: false });
  // Not the second key: the held ctrl-p goes through with it.
  assert.deepEqual(p.feed(Buffer.from("y")), { data: Buffer.from([16, 121]), detach: false });
  assert.deepEqual(p.feed(Buffer.from([16, 16])), { data: Buffer.from([16]), detach: false });
  assert.deepEqual(p.feed(Buffer.from([17])), { data: Buffer.alloc(0), detach: true });
  assert.deepEqual(new EscapeProxy([1, 120]).feed(Buffer.from([104, 1, 120, 105])), {
    data: Buffer.from("h"),
    detach: true,
  });
});

/** The client's end of a hijacked connection; `server` is what the daemon reads and writes. */
function fakeConnection() {
  const toClient = new PassThrough();
  const fromClient: Buffer[] = [];
  let halfClosed = false;
  const socket = new Duplex({
    read() {},
    write(chunk, _enc, cb) {
      fromClient.push(chunk);
      cb();
    },
    final(cb) {
      halfClosed = true;
      cb();
    },
  });
  toClient.on("data", (c) => socket.push(c));
  toClient.on("end", () => socket.push(null));
  return {
    socket,
    server: { write: (b: Buffer | string) => toClient.write(b), end: () => toClient.end() },
    sent: () => Buffer.concat(fromClient).toString(),
    halfClosed: () => halfClosed,
  };
}

function sink() {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(c, _e, cb) {
      chunks.push(c);
      cb();
    },
  });
  return { w, text: () => Buffer.concat(chunks).toString() };
}

test("without stdin the connection is half-closed at once and the output demultiplexed", async () => {
  const conn = fakeConnection();
  const out = sink();
  const err = sink();
  const done = streamHijacked({
    socket: conn.socket,
    head: frame(1, "first\n"),
    stdout: out.w,
    stderr: err.w,
    tty: false,
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(conn.halfClosed(), true);
  conn.server.write(frame(2, "warn\n"));
  conn.server.write(frame(1, "second\n").subarray(0, 3));
  conn.server.write(frame(1, "second\n").subarray(3));
  conn.server.end();
  await done;
  assert.equal(out.text(), "first\nsecond\n");
  assert.equal(err.text(), "warn\n");
});

test("stdin is forwarded raw and half-closed at its end; output keeps flowing after", async () => {
  const conn = fakeConnection();
  const stdin = new PassThrough();
  const out = sink();
  const done = streamHijacked({
    socket: conn.socket,
    head: Buffer.alloc(0),
    stdin,
    stdout: out.w,
    stderr: out.w,
    tty: true,
  });
  stdin.write("line 1\n");
  stdin.end("line 2\n");
  await new Promise((r) => setImmediate(r));
  assert.equal(conn.sent(), "line 1\nline 2\n");
  assert.equal(conn.halfClosed(), true);
  // With a TTY the output is raw bytes, frames or not.
  conn.server.write("\x01raw tty bytes\r\n");
  conn.server.end();
  await done;
  assert.equal(out.text(), "\x01raw tty bytes\r\n");
});

test("an in-band daemon error fails the stream", async () => {
  const conn = fakeConnection();
  const out = sink();
  const done = streamHijacked({
    socket: conn.socket,
    head: Buffer.alloc(0),
    stdout: out.w,
    stderr: out.w,
    tty: false,
  });
  conn.server.write(frame(3, "boom"));
  await assert.rejects(done, { message: "error from daemon in stream: boom" });
});

test("the detach sequence on a raw terminal ends the stream with DetachedError", async () => {
  const conn = fakeConnection();
  const modes: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (m: boolean) => modes.push(m) });
  const out = sink();
  const done = streamHijacked({
    socket: conn.socket,
    head: Buffer.alloc(0),
    stdin,
    stdout: out.w,
    tty: true,
    detachKeys: "ctrl-a,x",
  });
  stdin.write("ls\r");
  stdin.write(Buffer.from([1]));
  stdin.write("x");
  await assert.rejects(done, (err) => err instanceof DetachedError && err.message === "read escape sequence");
  assert.equal(conn.sent(), "ls\r");
  // Raw mode on for the session, restored at the end.
  assert.deepEqual(modes, [true, false]);
});
