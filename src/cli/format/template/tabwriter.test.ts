// Expected outputs come from Go's text/tabwriter documentation and examples.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { stringWidth, TabWriter } from "./tabwriter.ts";

describe("tabwriter", () => {
  test("aligns contiguous tab-terminated columns", () => {
    // The column example in text/tabwriter's package doc: b and c are in distinct columns.
    const tw = new TabWriter(0, 8, 1, " ");
    tw.write("aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n");
    assert.equal(tw.flush(), "aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n");
  });

  test("pads with tabs when the pad character is a tab", () => {
    // text/tabwriter ExampleWriter_Init, tab stop 8.
    const tw = new TabWriter(0, 8, 0, "\t");
    tw.write("a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n");
    assert.equal(tw.flush(), "a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n");
  });
});

test("display width counts wide runes twice and combining marks not at all", () => {
  assert.equal(stringWidth("abc"), 3);
  assert.equal(stringWidth("日本"), 4);
  assert.equal(stringWidth("e\u0301"), 1);
  const tw = new TabWriter(0, 8, 1, " ");
  tw.write("日本\tx\nab\ty\n");
  assert.equal(tw.flush(), "日本 x\nab   y\n");
});
