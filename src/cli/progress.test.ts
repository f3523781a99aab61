import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { CliError } from "./command.ts";
import {
  displayJsonMessagesStream,
  JsonMessageError,
  type ProgressMessage,
  progressString,
} from "./progress.ts";

function sink(isTTY: boolean, columns?: number) {
  const s = {
    out: "",
    isTTY,
    columns,
    write(chunk: string) {
      s.out += chunk;
      return true;
    },
  };
  return s;
}

function lines(msgs: ProgressMessage[]): Readable {
  return Readable.from(msgs.map((m) => `${JSON.stringify(m)}\r\n`));
}

const pullMessages: ProgressMessage[] = [
  { status: "Pulling from library/busybox", id: "latest" },
  { status: "Pulling fs layer", progressDetail: {}, id: "aaa" },
  { status: "Pulling fs layer", progressDetail: {}, id: "bbb" },
  {
    status: "Downloading",
    progressDetail: { current: 12_300_000, total: 45_600_000 },
    progress: "[=============>   ]  12.3MB/45.6MB",
    id: "aaa",
  },
  { status: "Pull complete", progressDetail: {}, id: "bbb" },
  { status: "Digest: sha256:abc" },
  { status: "Status: Downloaded newer image for busybox:latest" },
];

test("JSONProgress.String: bar only on wide terminals, docker's sizes", () => {
  assert.equal(
    progressString({ current: 557056, total: 100030718 }),
    "[>                                                  ]  557.1kB/100MB",
  );
  assert.equal(progressString({ current: 12_345_678, total: 45_678_901 }, 80), " 12.35MB/45.68MB");
  assert.equal(progressString({}), "");
  assert.equal(progressString({ current: 2048 }), " 2.048kB");
  assert.equal(progressString({ current: 3, total: 2 }, 80), "      3B");
  assert.equal(progressString({ current: 1, total: 4, units: "layers" }, 80), "1/4 layers");
  assert.equal(progressString({ current: 50, total: 100, start: 100 }, 80, 110_000), "     50B/100B 10s");
  assert.equal(progressString({ current: 100, total: 100 }), `[${"=".repeat(50)}>]     100B/100B`);
});

test("on a terminal, each layer id keeps one line, redrawn in place", async () => {
  const out = sink(true, 200);
  await displayJsonMessagesStream(lines(pullMessages), out);
  const bar = `[${"=".repeat(13)}>${" ".repeat(37)}]   12.3MB/45.6MB`;
  assert.equal(
    out.out,
    "latest: Pulling from library/busybox\n" +
      // aaa: a new line, up one, draw, back down
      "\n\x1b[1A\x1b[2K\raaa: Pulling fs layer \r\x1b[1B" +
      "\n\x1b[1A\x1b[2K\rbbb: Pulling fs layer \r\x1b[1B" +
      // aaa is two lines up from the cursor
      `\x1b[2A\x1b[2K\raaa: Downloading ${bar}\r\x1b[2B` +
      "\x1b[1A\x1b[2K\rbbb: Pull complete \r\x1b[1B" +
      "Digest: sha256:abc\n" +
      "Status: Downloaded newer image for busybox:latest\n",
  );
});

test("a status line without id starts a new group of progress lines", async () => {
  const out = sink(true, 80);
  await displayJsonMessagesStream(
    lines([
      { status: "Preparing", progressDetail: {}, id: "aaa" },
      { status: "latest: digest: sha256:1 size: 5" },
      { status: "Preparing", progressDetail: {}, id: "aaa" },
    ]),
    out,
  );
  assert.equal(
    out.out,
    "\n\x1b[1A\x1b[2K\raaa: Preparing \r\x1b[1B" +
      "latest: digest: sha256:1 size: 5\n" +
      "\n\x1b[1A\x1b[2K\raaa: Preparing \r\x1b[1B",
  );
});

test("off a terminal: plain `id: status` lines and no progress bars", async () => {
  const out = sink(false);
  await displayJsonMessagesStream(lines(pullMessages), out);
  assert.equal(
    out.out,
    "latest: Pulling from library/busybox\n" +
      "aaa: Pulling fs layer\n" +
      "bbb: Pulling fs layer\n" +
      "bbb: Pull complete\n" +
      "Digest: sha256:abc\n" +
      "Status: Downloaded newer image for busybox:latest\n",
  );
});

test("aux messages go to the callback, never to the output", async () => {
  const out = sink(false);
  const aux: unknown[] = [];
  await displayJsonMessagesStream(
    lines([
      { status: "latest: digest: sha256:1 size: 736" },
      { progressDetail: {}, aux: { Tag: "latest", Digest: "sha256:1", Size: 736 } },
    ]),
    out,
    { onAux: (m) => aux.push(m.aux) },
  );
  assert.equal(out.out, "latest: digest: sha256:1 size: 736\n");
  assert.deepEqual(aux, [{ Tag: "latest", Digest: "sha256:1", Size: 736 }]);
});

test("an errorDetail fails the display with the daemon's text, after what came before", async () => {
  const out = sink(false);
  const body = Readable.from([
    `${JSON.stringify({ status: "Pulling from x", id: "latest" })}\r\n{"errorDetail":{"message":"unauthorized: authentication required"},`,
    `"error":"unauthorized: authentication required"}\r\n${JSON.stringify({ status: "never shown" })}\r\n`,
  ]);
  await assert.rejects(displayJsonMessagesStream(body, out), (err: unknown) => {
    assert.ok(err instanceof JsonMessageError);
    assert.ok(err instanceof CliError);
    assert.equal(err.message, "unauthorized: authentication required");
    assert.equal(err.status, 1);
    return true;
  });
  assert.equal(out.out, "latest: Pulling from x\n");
});
