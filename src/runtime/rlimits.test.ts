import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import {
  clampRlimits,
  type HostRlimits,
  mergeRlimits,
  parseProcLimits,
  parseUlimit,
  RLIM_INFINITY,
  readHostRlimits,
  ulimitsToRlimits,
} from "./rlimits.ts";

const host: HostRlimits = {
  RLIMIT_NOFILE: { soft: 20000, hard: 20000 },
  RLIMIT_CORE: { soft: 0, hard: Number.POSITIVE_INFINITY },
  RLIMIT_NPROC: { soft: 96364, hard: 96364 },
};

test("parseUlimit: name=soft[:hard] as docker/go-units", () => {
  assert.deepEqual(parseUlimit("nofile=1024:2048"), { Name: "nofile", Soft: 1024, Hard: 2048 });
  assert.deepEqual(parseUlimit("nproc=512"), { Name: "nproc", Soft: 512, Hard: 512 });
  assert.deepEqual(parseUlimit("core=-1"), { Name: "core", Soft: -1, Hard: -1 });
  assert.deepEqual(parseUlimit("core=0:-1"), { Name: "core", Soft: 0, Hard: -1 });
  assert.throws(() => parseUlimit("nofile"), {
    code: "INVALID_PARAMETER",
    message: "invalid ulimit argument: nofile",
  });
  assert.throws(() => parseUlimit("files=1"), /invalid ulimit type: files/);
  assert.throws(() => parseUlimit("nofile=1:2:3"), /too many limit value arguments - 1:2:3/);
  assert.throws(() => parseUlimit("nofile=abc"), /invalid ulimit argument: nofile=abc/);
  assert.throws(
    () => parseUlimit("nofile=2048:1024"),
    /ulimit soft limit must be less than or equal to hard limit: 2048 > 1024/,
  );
});

test("ulimitsToRlimits: OCI names, -1 unlimited, the last of a name wins", () => {
  assert.deepEqual(
    ulimitsToRlimits(
      [
        { Name: "nofile", Soft: 1024, Hard: 4096 },
        { Name: "core", Soft: -1, Hard: -1 },
        { Name: "nofile", Soft: 2048, Hard: 4096 },
      ],
      host,
    ),
    [
      { type: "RLIMIT_NOFILE", soft: 2048, hard: 4096 },
      { type: "RLIMIT_CORE", soft: RLIM_INFINITY, hard: RLIM_INFINITY },
    ],
  );
  assert.deepEqual(ulimitsToRlimits(null, host), []);
});

test("ulimitsToRlimits: asking for more than the host's hard limit is an error", () => {
  assert.deepEqual(ulimitsToRlimits([{ Name: "nofile", Soft: 20000, Hard: 20000 }], host), [
    { type: "RLIMIT_NOFILE", soft: 20000, hard: 20000 },
  ]);
  assert.throws(() => ulimitsToRlimits([{ Name: "nofile", Soft: 30000, Hard: 30000 }], host), {
    code: "INVALID_PARAMETER",
    message: "Cannot set ulimit nofile=30000: the host's hard limit is 20000",
  });
  assert.throws(
    () => ulimitsToRlimits([{ Name: "nofile", Soft: 1024, Hard: 40000 }], host),
    /Cannot set ulimit nofile=1024:40000: the host's hard limit is 20000/,
  );
  assert.throws(
    () => ulimitsToRlimits([{ Name: "nofile", Soft: -1, Hard: -1 }], host),
    /Cannot set ulimit nofile=unlimited: the host's hard limit is 20000/,
  );
  assert.throws(
    () => ulimitsToRlimits([{ Name: "bogus", Soft: 1, Hard: 1 }], host),
    /invalid ulimit type: bogus/,
  );
  assert.throws(
    () => ulimitsToRlimits([{ Name: "nproc", Soft: 10, Hard: 5 }], host),
    /soft limit must be less than or equal to hard limit: 10 > 5/,
  );
});

test("clampRlimits lowers defaults to the host's hard limit", () => {
  assert.deepEqual(
    clampRlimits(
      [
        { type: "RLIMIT_NOFILE", soft: 1024, hard: 1048576 },
        { type: "RLIMIT_NPROC", soft: RLIM_INFINITY, hard: RLIM_INFINITY },
        { type: "RLIMIT_CORE", soft: RLIM_INFINITY, hard: RLIM_INFINITY },
        { type: "RLIMIT_STACK", soft: 8388608, hard: 8388608 },
      ],
      host,
    ),
    [
      { type: "RLIMIT_NOFILE", soft: 1024, hard: 20000 },
      { type: "RLIMIT_NPROC", soft: 96364, hard: 96364 },
      { type: "RLIMIT_CORE", soft: RLIM_INFINITY, hard: RLIM_INFINITY },
      { type: "RLIMIT_STACK", soft: 8388608, hard: 8388608 },
    ],
  );
  assert.deepEqual(clampRlimits([{ type: "RLIMIT_NOFILE", soft: 50000, hard: 50000 }], host), [
    { type: "RLIMIT_NOFILE", soft: 20000, hard: 20000 },
  ]);
});

test("mergeRlimits: a later list replaces an earlier one's entry", () => {
  assert.deepEqual(
    mergeRlimits(
      [
        { type: "RLIMIT_NOFILE", soft: 1, hard: 2 },
        { type: "RLIMIT_CORE", soft: 0, hard: 0 },
      ],
      [{ type: "RLIMIT_NOFILE", soft: 3, hard: 4 }],
    ),
    [
      { type: "RLIMIT_NOFILE", soft: 3, hard: 4 },
      { type: "RLIMIT_CORE", soft: 0, hard: 0 },
    ],
  );
});

const procLimits = `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max stack size            8388608              unlimited            bytes     
Max core file size        0                    unlimited            bytes     
Max processes             96364                96364                processes 
Max open files            20000                20000                files     
Max realtime timeout      unlimited            unlimited            us        
`;

test("parseProcLimits reads /proc/self/limits", () => {
  const limits = parseProcLimits(procLimits);
  assert.deepEqual(limits.RLIMIT_NOFILE, { soft: 20000, hard: 20000 });
  assert.deepEqual(limits.RLIMIT_STACK, { soft: 8388608, hard: Number.POSITIVE_INFINITY });
  assert.deepEqual(limits.RLIMIT_CPU, { soft: Number.POSITIVE_INFINITY, hard: Number.POSITIVE_INFINITY });
  assert.deepEqual(limits.RLIMIT_RTTIME, { soft: Number.POSITIVE_INFINITY, hard: Number.POSITIVE_INFINITY });
  assert.deepEqual(limits.RLIMIT_NPROC, { soft: 96364, hard: 96364 });
});

test("readHostRlimits reads a limits file, by default this process's", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-rlimits-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, "limits"), procLimits);
  assert.deepEqual((await readHostRlimits(path.join(dir, "limits"))).RLIMIT_NOFILE, {
    soft: 20000,
    hard: 20000,
  });
  const own = await readHostRlimits();
  assert.ok(own.RLIMIT_NOFILE && own.RLIMIT_NOFILE.hard >= own.RLIMIT_NOFILE.soft);
});
