import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDotenv } from "./dotenv.ts";

const D = "$"; // keeps `${...}` out of template-literal lint

const none = () => undefined;

test("comments, blank lines, export, quotes and inline comments", () => {
  const text = [
    "# a comment",
    "",
    "A=1",
    "export B=two words # comment",
    "C='single $A #kept'",
    'D="double $A \\"q\\" \\n"',
    "E=x#not-a-comment",
    "F:colon",
    "  G = spaced  ",
    "H=",
  ].join("\n");
  assert.deepEqual(parseDotenv(text, ".env", none), {
    A: "1",
    B: "two words",
    C: "single $A #kept",
    D: 'double 1 "q" \n',
    E: "x#not-a-comment",
    F: "colon",
    G: "spaced",
    H: "",
  });
});

test("double-quoted and single-quoted values may span lines", () => {
  assert.deepEqual(parseDotenv("K=\"a\nb\"\nS='c\nd'\nL=1\n", ".env", none), {
    K: "a\nb",
    S: "c\nd",
    L: "1",
  });
});

test("interpolation: the lookup (process env) first, then earlier variables of the file", () => {
  const lookup = (n: string) => ({ HOST: "h" })[n];
  const env = parseDotenv(`A=a\nHOST=file\nB=$A-$HOST-${D}{MISSING:-dflt}\n`, ".env", lookup);
  assert.equal(env.B, "a-h-dflt");
});

test("a bare KEY takes its value from the lookup, else is left out", () => {
  assert.deepEqual(
    parseDotenv("PRESENT\nABSENT\n", ".env", (n) => (n === "PRESENT" ? "p" : undefined)),
    {
      PRESENT: "p",
    },
  );
});

test("errors name the file and line", () => {
  assert.throws(
    () => parseDotenv("A=1\n-B=2\n", "/x/.env", none),
    /^Error: \/x\/\.env:2: unexpected character "-"/,
  );
  assert.throws(() => parseDotenv('A="open\n', "f", none), /f:2: unterminated quoted value for A/);
  assert.throws(
    () => parseDotenv('A="x" y\n', "f", none),
    /f:1: unexpected text after the quoted value of A/,
  );
  assert.throws(
    () => parseDotenv(`A=${D}{B:?needed}\n`, "f", none),
    /f:1: required variable B is missing a value: needed/,
  );
});

test("a UTF-8 byte order mark is skipped; in single quotes only \\' is an escape", () => {
  assert.deepEqual(parseDotenv("\uFEFFA=1\nB='it\\'s \\n'\n", ".env", none), { A: "1", B: "it's \\n" });
});
