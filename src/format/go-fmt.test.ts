// Expected outputs come from Go's fmt documentation and fmt/example_test.go where they exist; the
// rest are derived by hand from fmt/print.go and fmt/format.go.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sprint, sprintf, sprintln } from "./go-fmt.ts";

describe("Sprintf", () => {
  test("verbs by type", () => {
    assert.equal(
      sprintf("%v %d %s %q %t %c %U %T %T", 1, 2, "s", "q\n", true, 65, 0x1f600, 1.5, "x"),
      '1 2 s "q\\n" true A U+1F600 float64 string',
    );
    assert.equal(
      sprintf("%.2f %e %g %g %g %v", 2.675, 1234.5678, 3.5, 1e21, 1e-5, 0.1),
      "2.67 1.234568e+03 3.5 1e+21 1e-05 0.1",
    );
    // Exact decimal rounding, half to even: 2.25 is exact, 2.675 is just below 2.675.
    assert.equal(sprintf("%.1f %.0f %.0f", 2.25, 0.5, 1.5), "2.2 0 2");
    assert.equal(sprintf("%x % x %q", "hi", "hi", "a".charCodeAt(0)), "6869 68 69 'a'");
  });

  test("argument errors as fmt reports them", () => {
    assert.equal(sprintf("%d %s", "a", 1), "%!d(string=a) %!s(int=1)");
    assert.equal(sprintf("%d"), "%!d(MISSING)");
    assert.equal(sprintf("%d", 1, 2), "1%!(EXTRA int=2)");
    assert.equal(sprintf("%[2]d %[1]d", 1, 2), "2 1");
    assert.equal(sprintf("50%"), "50%!(NOVERB)");
    assert.equal(sprintf("%!"), "%!!(MISSING)");
    assert.equal(sprintf("%*d|%.*f", 4, 7, 1, 2.25), "   7|2.2");
  });

  test("width, padding and precision", () => {
    // fmt/example_test.go Example_formats: widths, zero padding and left alignment.
    assert.equal(sprintf("|%6d|%6d|", 12, 345), "|    12|   345|");
    assert.equal(sprintf("|%06d|%06d|", 12, 345), "|000012|000345|");
    assert.equal(sprintf("|%-6d|%-6d|", 12, 345), "|12    |345   |");
    assert.equal(sprintf("|%6.2f|%6.2f|", 1.2, 3.45), "|  1.20|  3.45|");
    assert.equal(sprintf("|%6s|%-6s|", "foo", "b"), "|   foo|b     |");
    assert.equal(sprintf("%+d|% d|%#U|%+q", 5, 5, 0x263a, "☺"), "+5| 5|U+263A '☺'|\"\\u263a\"");
  });

  test("composite values apply the verb to their elements", () => {
    class Point {
      X = 1;
      Name = "p";
    }
    assert.equal(
      sprintf("%v|%+v|%d", new Point(), new Point(), new Point()),
      "{1 p}|{X:1 Name:p}|{1 %!d(string=p)}",
    );
    assert.equal(sprintf("%v", [1, "a", null, [2]]), "[1 a <nil> [2]]");
    assert.equal(
      sprintf(
        "%v %x",
        new Map([
          ["b", 1],
          ["a", 2],
        ]),
        [10, 255],
      ),
      "map[a:2 b:1] [a ff]",
    );
  });

  test("a String method formats the value for the string verbs only", () => {
    class Named {
      n = 7;
      String() {
        return "seven";
      }
    }
    assert.equal(
      sprintf("%v %s %q %d", new Named(), new Named(), new Named(), new Named()),
      'seven seven "seven" {7}',
    );
  });
});

describe("Sprint and Sprintln", () => {
  test("Sprint puts spaces only between operands that are not strings", () => {
    assert.equal(sprint("a", 1, 2, "b", 3.5), "a1 2b3.5");
    assert.equal(sprint(null, undefined), "<nil> <nil>");
  });

  test("Sprintln puts spaces between all operands and ends the line", () => {
    assert.equal(sprintln("a", 1, true), "a 1 true\n");
  });
});
