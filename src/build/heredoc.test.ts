import assert from "node:assert/strict";
import { test } from "node:test";
import { chompHeredoc, parseHeredocWord, runHeredocCommand } from "./heredoc.ts";

test("parseHeredocWord: BuildKit's ParseHeredoc", () => {
  assert.deepEqual(parseHeredocWord("<<EOF"), { name: "EOF", chomp: false, expand: true });
  assert.deepEqual(parseHeredocWord("<<-EOF"), { name: "EOF", chomp: true, expand: true });
  assert.deepEqual(parseHeredocWord("<<'EOF'"), { name: "EOF", chomp: false, expand: false });
  assert.deepEqual(parseHeredocWord('3<<"E O"'), { name: "E O", chomp: false, expand: false });
  assert.equal(parseHeredocWord("<<"), undefined);
  assert.equal(parseHeredocWord("cat<<EOF"), undefined);
  assert.equal(parseHeredocWord("<<EOF bash"), undefined, "a whole command line is not a lone heredoc");
  assert.equal(chompHeredoc("\t\ta\n\tb\n c\n"), "a\nb\n c\n");
});

test("runHeredocCommand: a lone document runs as the script or, with #!, as a file; else the shell reads it", () => {
  const doc = (content: string, chomp = false) => [{ name: "EOF", content, chomp, expand: true }];
  assert.deepEqual(runHeredocCommand("<<EOF", doc("echo a\necho b\n"), "\\"), { script: "echo a\necho b\n" });
  assert.deepEqual(runHeredocCommand("<<-EOF", doc("\techo a\n", true), "\\"), { script: "echo a\n" });
  assert.deepEqual(runHeredocCommand("<<EOF", doc("#!/bin/sh\necho a\n"), "\\"), {
    file: { name: "EOF", content: "#!/bin/sh\necho a\n" },
  });
  assert.deepEqual(runHeredocCommand("<<EOF sh -e", doc("echo a\n"), "\\"), {
    script: "<<EOF sh -e\necho a\nEOF",
  });
});
