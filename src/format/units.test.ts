// Expected values are docker/go-units' own (size_test.go, duration_test.go) unless noted.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidParameterError } from "../errdefs/errors.ts";
import {
  bytesSize,
  humanDuration,
  humanSize,
  humanSizeWithPrecision,
  parseBytes,
  ramInBytes,
  shortId,
  timeAgo,
} from "./units.ts";

const KB = 1000;
const MB = 1000 * KB;
const GB = 1000 * MB;
const TB = 1000 * GB;
const PB = 1000 * TB;
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;
const PiB = 1024 * TiB;

describe("sizes", () => {
  test("humanSize: three significant digits, as docker prints image sizes", () => {
    assert.equal(humanSize(4261376), "4.26MB");
    assert.equal(humanSize(0), "0B");
    assert.equal(humanSize(999), "999B");
    assert.equal(humanSize(1000), "1kB");
    assert.equal(humanSize(7_801_651), "7.8MB");
    // %.3g of 999.999 rounds to 1.00e+03, whose exponent reaches the precision: Go prints 1e+03.
    assert.equal(humanSize(999_999), "1e+03kB");
  });

  test("HumanSize (four digits), TestHumanSize", () => {
    const h = (n: number) => humanSizeWithPrecision(n, 4);
    assert.equal(h(1000), "1kB");
    assert.equal(h(1024), "1.024kB");
    assert.equal(h(1000000), "1MB");
    assert.equal(h(1048576), "1.049MB");
    assert.equal(h(2 * MB), "2MB");
    assert.equal(h(3.42 * GB), "3.42GB");
    assert.equal(h(5.372 * TB), "5.372TB");
    assert.equal(h(2.22 * PB), "2.22PB");
    assert.equal(h(10000000000000 * PB), "1e+04YB");
  });

  test("bytesSize, TestBytesSize", () => {
    assert.equal(bytesSize(1024), "1KiB");
    assert.equal(bytesSize(1024 * 1024), "1MiB");
    assert.equal(bytesSize(2 * MiB), "2MiB");
    assert.equal(bytesSize(3.42 * GiB), "3.42GiB");
    assert.equal(bytesSize(5.372 * TiB), "5.372TiB");
    assert.equal(bytesSize(2.22 * PiB), "2.22PiB");
    assert.equal(bytesSize(KiB * KiB * KiB * KiB * KiB * PiB), "1.049e+06YiB");
  });

  test("parseBytes, TestFromHumanSize", () => {
    for (const s of ["32", "32b", "32B"]) assert.equal(parseBytes(s), 32);
    for (const s of ["32k", "32K", "32kb", "32Kb"]) assert.equal(parseBytes(s), 32 * KB);
    assert.equal(parseBytes("32Mb"), 32 * MB);
    assert.equal(parseBytes("32Gb"), 32 * GB);
    assert.equal(parseBytes("32Tb"), 32 * TB);
    assert.equal(parseBytes("32Pb"), 32 * PB);
    assert.equal(parseBytes("32.5kB"), 32.5 * KB);
    assert.equal(parseBytes("32.5 kB"), 32.5 * KB);
    assert.equal(parseBytes("32.5 B"), 32);
    assert.equal(parseBytes("0.3 K"), 300);
  });

  test("ramInBytes, TestRAMInBytes", () => {
    assert.equal(ramInBytes("512m"), 536870912);
    assert.equal(ramInBytes("1g"), 1073741824);
    assert.equal(ramInBytes("100k"), 102400);
    for (const s of ["32k", "32K", "32kb", "32Kb", "32Kib", "32KIB"]) assert.equal(ramInBytes(s), 32 * KiB);
    assert.equal(ramInBytes("32Mb"), 32 * MiB);
    assert.equal(ramInBytes("32PB"), 32 * PiB);
    assert.equal(ramInBytes("32P"), 32 * PiB);
    assert.equal(ramInBytes("32.3"), 32);
    assert.equal(ramInBytes("32.3 mb"), Math.trunc(32.3 * MiB));
    assert.equal(ramInBytes("0.3MB"), Math.trunc(0.3 * MiB));
  });

  test("unparseable sizes fail with go-units' messages", () => {
    const fails = (s: string, message: string) =>
      assert.throws(
        () => ramInBytes(s),
        (err: unknown) => err instanceof InvalidParameterError && err.message === message,
      );
    fails("", "invalid size: ''");
    fails("hello", "invalid size: 'hello'");
    fails("-32", "invalid size: '-32'");
    fails(" 32 ", 'strconv.ParseFloat: parsing " 32": invalid syntax');
    fails("32m b", 'strconv.ParseFloat: parsing "32m": invalid syntax');
    fails("32bm", "invalid suffix: 'bm'");
    fails("32x", "invalid suffix: 'x'");
    fails("32kilo", "invalid suffix: 'kilo'");
    assert.throws(() => parseBytes("x"), { message: "invalid size: 'x'" });
  });
});

describe("durations", () => {
  const second = 1000;
  const minute = 60 * second;
  const hour = 60 * minute;
  const day = 24 * hour;
  const week = 7 * day;
  const month = 30 * day;
  const year = 365 * day;

  test("humanDuration, TestHumanDuration", () => {
    const cases: [number, string][] = [
      [450, "Less than a second"],
      [1 * second, "1 second"],
      [45 * second, "45 seconds"],
      [59 * second, "59 seconds"],
      [60 * second, "About a minute"],
      [3 * minute, "3 minutes"],
      [35 * minute + 40 * second, "35 minutes"],
      [59 * minute, "59 minutes"],
      [1 * hour, "About an hour"],
      [1 * hour + 29 * minute, "About an hour"],
      [1 * hour + 31 * minute, "2 hours"],
      [3 * hour + 29 * minute, "3 hours"],
      [3 * hour + 31 * minute, "4 hours"],
      [24 * hour, "24 hours"],
      [1 * day + 12 * hour, "36 hours"],
      [2 * day, "2 days"],
      [13 * day + 5 * hour, "13 days"],
      [2 * week, "2 weeks"],
      [4 * week + 3 * day, "4 weeks"],
      [1 * month, "4 weeks"],
      [1 * month + 2 * week, "6 weeks"],
      [2 * month, "2 months"],
      [5 * month + 2 * week, "5 months"],
      [24 * month, "24 months"],
      [24 * month + 2 * week, "2 years"],
      [3 * year + 2 * month, "3 years"],
    ];
    for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
  });

  test("timeAgo, as docker's CreatedSince", () => {
    const now = Date.UTC(2024, 5, 1, 12);
    assert.equal(timeAgo(new Date(now - 3 * hour), now), "3 hours ago");
    assert.equal(timeAgo(now - 2 * week, new Date(now)), "2 weeks ago");
    assert.equal(timeAgo(now + minute, now), "Less than a second ago");
    assert.match(timeAgo(new Date()), /^Less than a second ago$|^1 second ago$/);
  });
});

describe("shortId", () => {
  test("drops the algorithm and keeps 12 characters, as stringid.TruncateID", () => {
    const hex = "a606584aa9aa875552092ec9e1d62cb98d486f51f389609914039aabd9414687";
    assert.equal(shortId(`sha256:${hex}`), "a606584aa9aa");
    assert.equal(shortId(hex), "a606584aa9aa");
    assert.equal(shortId("abc"), "abc");
  });
});
