import assert from "node:assert/strict";
import { test } from "node:test";
import { parseBlkioV1, parseFlatKeyed, parseIoStatV2, parseNetDev, systemCpuUsage } from "./cgroup-stats.ts";

test("blkio v1 lines become entries, the Total line left out", () => {
  assert.deepEqual(parseBlkioV1("8:0 Read 4096\n8:0 Write 512\n8:0 Total 4608\nTotal 4608\n"), [
    { major: 8, minor: 0, op: "Read", value: 4096 },
    { major: 8, minor: 0, op: "Write", value: 512 },
    { major: 8, minor: 0, op: "Total", value: 4608 },
  ]);
});

test("io.stat v2 maps to moby's read/write entries for bytes and ios", () => {
  const { bytes, ios } = parseIoStatV2("259:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n");
  assert.deepEqual(bytes, [
    { major: 259, minor: 0, op: "read", value: 100 },
    { major: 259, minor: 0, op: "write", value: 200 },
  ]);
  assert.deepEqual(ios, [
    { major: 259, minor: 0, op: "read", value: 1 },
    { major: 259, minor: 0, op: "write", value: 2 },
  ]);
});

test("flat keyed files and /proc/stat", () => {
  assert.deepEqual(parseFlatKeyed("cache 10\nrss 20\nbad x\n"), { cache: 10, rss: 20 });
  // user nice system idle iowait irq softirq (steal and guests are left out, as moby does)
  assert.equal(systemCpuUsage("cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 1 1 1 1 1 1\n"), 28 * 1e7);
});

test("/proc/net/dev without lo", () => {
  const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
  eth0:    2000      20    1    2    0     0          0         0     3000      30    3    4    0     0       0          0
`;
  assert.deepEqual(parseNetDev(text), {
    eth0: {
      rx_bytes: 2000,
      rx_packets: 20,
      rx_errors: 1,
      rx_dropped: 2,
      tx_bytes: 3000,
      tx_packets: 30,
      tx_errors: 3,
      tx_dropped: 4,
    },
  });
});
