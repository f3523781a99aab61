// Expected outputs come from Go's strconv/example_test.go and ftoa_test.go where they exist;
// the rest are derived by hand from strconv's sources.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  canBackquote,
  formatFloat,
  isPrint,
  parseGoFloat,
  parseGoInt,
  quote,
  quoteRune,
  unquoteChar,
  unquoteGo,
} from "./go-strconv.ts";

describe("quoting", () => {
  test("Quote and QuoteToASCII", () => {
    // strconv ExampleQuote and ExampleQuoteToASCII.
    assert.equal(quote(`"Fran & Freddie's Diner\t☺"`), `"\\"Fran & Freddie's Diner\\t☺\\""`);
    assert.equal(quote(`"Fran & Freddie's Diner\t☺"`, true), `"\\"Fran & Freddie's Diner\\t\\u263a\\""`);
    assert.equal(quote("\u0007\u007f\u{1f600}"), '"\\a\\x7f😀"');
  });

  test("QuoteRune, IsPrint and CanBackquote", () => {
    // strconv ExampleQuoteRune, ExampleQuoteRuneToASCII, ExampleIsPrint, ExampleCanBackquote.
    assert.equal(quoteRune(0x263a, false), "'☺'");
    assert.equal(quoteRune(0x263a, true), "'\\u263a'");
    assert.equal(isPrint(0x263a), true);
    assert.equal(isPrint(0x0007), false);
    assert.equal(canBackquote("Fran & Freddie's Diner ☺"), true);
    assert.equal(canBackquote("`can't backquote this`"), false);
  });
});

describe("FormatFloat", () => {
  test("shortest and fixed precision in each format", () => {
    // strconv ExampleFormatFloat and ftoa_test.go's ftoatests.
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: the example's own value, not π.
    assert.equal(formatFloat(3.1415926535, "E", -1), "3.1415926535E+00");
    assert.equal(formatFloat(1, "e", 5), "1.00000e+00");
    assert.equal(formatFloat(1, "f", 5), "1.00000");
    assert.equal(formatFloat(1, "g", 5), "1");
    assert.equal(formatFloat(20, "g", -1), "20");
    assert.equal(formatFloat(1234567.8, "g", -1), "1.2345678e+06");
    assert.equal(formatFloat(200000, "g", -1), "200000");
    assert.equal(formatFloat(2000000, "g", -1), "2e+06");
    assert.equal(formatFloat(1e23, "e", 17), "9.99999999999999916e+22");
    assert.equal(formatFloat(1e23, "g", 17), "9.9999999999999992e+22");
    assert.equal(formatFloat(1e23, "g", -1), "1e+23");
    assert.equal(formatFloat(5e-324, "g", -1), "5e-324");
  });

  test("exact ties round half to even; non-finite values", () => {
    assert.deepEqual(
      [0.5, 1.5, 2.5, -2.5].map((v) => formatFloat(v, "f", 0)),
      ["0", "2", "2", "-2"],
    );
    assert.deepEqual(
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0].map((v) =>
        formatFloat(v, "g", -1),
      ),
      ["NaN", "+Inf", "-Inf", "-0"],
    );
  });
});

describe("literals", () => {
  test("ParseInt with base 0: prefixes, underscores and range", () => {
    const ok = ["0x1f", "0X1F", "0o17", "017", "0b101", "1_000", "0x_1f", "-0x10"].map((s) =>
      parseGoInt(s, true),
    );
    assert.deepEqual(ok, [31n, 31n, 15n, 15n, 5n, 1000n, 31n, -16n]);
    assert.equal(parseGoInt("9223372036854775807", true), 2n ** 63n - 1n);
    assert.equal(parseGoInt("9223372036854775808", true), null);
    assert.equal(parseGoInt("9223372036854775808", false), 2n ** 63n);
    assert.deepEqual(
      ["-1", "_1", "1__0", "1_", "08", "0x", "1.5"].map((s) => parseGoInt(s, false)),
      [null, null, null, null, null, null, null],
    );
  });

  test("ParseFloat of decimal literals", () => {
    assert.deepEqual(["1.5", ".5", "1e3", "-2.", "1e400", "0x1p4"].map(parseGoFloat), [
      1.5,
      0.5,
      1000,
      -2,
      null,
      null,
    ]);
  });

  test("Unquote and UnquoteChar", () => {
    // strconv ExampleUnquote.
    assert.equal(
      unquoteGo('"The string must be either double-quoted"'),
      "The string must be either double-quoted",
    );
    assert.equal(unquoteGo("`or backquoted.`"), "or backquoted.");
    assert.throws(() => unquoteGo("You can't unquote a string without quotes"), /invalid syntax/);
    assert.equal(unquoteGo('"\\u263a\\x41\\101\\t"'), "☺AA\t");
    assert.throws(() => unquoteGo('"\\q"'), /invalid syntax/);
    // strconv ExampleUnquoteChar: `\"Fran & Freddie's Diner\"` starts with an escaped quote.
    assert.deepEqual(unquoteChar(`\\"Fran & Freddie's Diner\\"`, 0, '"'), {
      value: 34,
      byte: false,
      next: 2,
    });
    assert.deepEqual(unquoteChar("\\xff", 0, '"'), { value: 0xff, byte: true, next: 4 });
  });
});
