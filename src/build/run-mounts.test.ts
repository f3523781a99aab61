import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { Instruction } from "./dockerfile.ts";
import {
  cacheDirName,
  lockedCacheWaiters,
  parseMountFlag,
  parseRunFlags,
  prepareMounts,
} from "./run-mounts.ts";
import { processWord } from "./shell-lex.ts";

const ins = (flags: [string, string | undefined][]): Instruction => ({
  line: 3,
  keyword: "RUN",
  args: "true",
  flags,
  text: "RUN true",
});

test("parseMountFlag: BuildKit's defaults and fields", () => {
  const i = ins([]);
  assert.deepEqual(parseMountFlag(i, "type=cache,target=/root/.cache"), {
    type: "cache",
    target: "/root/.cache",
    readOnly: false,
    id: "/root/.cache",
  });
  assert.deepEqual(parseMountFlag(i, "type=secret,id=tok"), {
    type: "secret",
    target: "/run/secrets/tok",
    readOnly: true,
    id: "tok",
  });
  assert.deepEqual(parseMountFlag(i, "type=secret,id=tok,env=TOKEN"), {
    type: "secret",
    target: "/run/secrets/tok",
    readOnly: true,
    id: "tok",
    env: "TOKEN",
    noFile: true,
  });
  assert.equal(parseMountFlag(i, "type=secret,id=tok,env=TOKEN,target=/t").noFile, undefined);
  assert.throws(() => parseMountFlag(i, "type=cache,target=/c,env=X"), /unexpected key 'env'/);
  const b = parseMountFlag(i, "target=/src,source=sub,rw");
  assert.equal(b.type, "bind");
  assert.equal(b.readOnly, false);
  assert.equal(parseMountFlag(i, "type=tmpfs,target=/t,size=1m").size, 1024 * 1024);
  assert.equal(parseMountFlag(i, "type=cache,target=/c,mode=0700,uid=5").mode, 0o700);
  const vars = new Map([["CID", "pip"]]);
  const expanded = parseMountFlag(i, "type=cache,target=/c/$CID,id=$CID-1", (v) => processWord(v, vars));
  assert.equal(expanded.id, "pip-1", "values expand with the stage's ARG/ENV, as BuildKit's");
  assert.equal(expanded.target, "/c/pip");
  assert.throws(() => parseMountFlag(i, "type=ssh"), /line 3: RUN: --mount=type=ssh is not supported/);
  assert.throws(() => parseMountFlag(i, "type=cache,target=/c,sharing=odd"), /unsupported sharing value/);
  assert.throws(() => parseMountFlag(i, "type=bind,target=/c,size=1"), /unexpected key 'size'/);
  assert.throws(() => parseMountFlag(i, "type=cache"), /requires a target/);
  assert.throws(() => parseMountFlag(i, "type=cache,target=/c,bogus=1"), /unexpected key 'bogus'/);
});

test("parseRunFlags: relative targets, duplicates, --network", () => {
  const f = parseRunFlags(
    ins([
      ["mount", "type=tmpfs,target=tmp"],
      ["network", "none"],
    ]),
    "/work",
  );
  assert.equal(f.mounts[0].target, "/work/tmp");
  assert.equal(f.network, "none");
  assert.throws(
    () => parseRunFlags(ins([["network", "bridge"]]), "/"),
    /network mode "bridge" not supported/,
  );
  assert.throws(
    () =>
      parseRunFlags(
        ins([
          ["mount", "type=tmpfs,target=/a"],
          ["mount", "type=cache,target=/a"],
        ]),
        "/",
      ),
    /duplicate mount target/,
  );
  assert.match(cacheDirName("/root/.cache"), /^root_.cache-[0-9a-f]{16}$/);
  assert.notEqual(cacheDirName("a/b"), cacheDirName("a_b"));
});

test("prepareMounts: a cache dir per id kept after release; locked waits, private gets its own dir", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "berth-run-mounts-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  let n = 0;
  const host = () => ({
    cacheMountsDir: path.join(root, "cache-mounts"),
    tmpDir: path.join(root, `run-${n++}`),
    contextRoot: root,
    withRoot: () => Promise.reject(new Error("no from= here")),
    secrets: new Map<string, Buffer>(),
  });
  const i = ins([]);
  const locked = parseRunFlags(ins([["mount", "type=cache,target=/c,id=L,sharing=locked"]]), "/");
  const first = await prepareMounts(i, locked, host());
  let second: Awaited<ReturnType<typeof prepareMounts>> | undefined;
  const waiting = prepareMounts(i, locked, host()).then((p) => {
    second = p;
    return p;
  });
  const deadline = Date.now() + 10_000;
  while (lockedCacheWaiters("L") === 0 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  assert.equal(lockedCacheWaiters("L"), 1, "the second RUN waits for the lock");
  assert.equal(second, undefined, "a locked cache waits for the RUN that holds it");
  await first.release();
  const got = await waiting;
  assert.equal(got.mounts[0].Source, first.mounts[0].Source);
  const shared = parseRunFlags(ins([["mount", "type=cache,target=/c,id=P"]]), "/");
  const priv = parseRunFlags(ins([["mount", "type=cache,target=/c,id=P,sharing=private"]]), "/");
  const a = await prepareMounts(i, shared, host());
  const b = await prepareMounts(i, priv, host());
  assert.notEqual(b.mounts[0].Source, a.mounts[0].Source, "private while in use: another dir");
  await Promise.all([a.release(), b.release(), got.release()]);
  const c = await prepareMounts(i, priv, host());
  assert.equal(c.mounts[0].Source, a.mounts[0].Source, "private when free: the id's dir");
  await c.release();
  assert.deepEqual(
    (await readdir(path.join(root, "cache-mounts"))).sort(),
    [cacheDirName("L"), cacheDirName("P")].sort(),
  );
});
