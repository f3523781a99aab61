import assert from "node:assert/strict";
import { test } from "node:test";
import { splitShellWords } from "./shell-words.ts";

test("words split on blanks, quotes group, backslashes escape", () => {
  assert.deepEqual(splitShellWords("echo  hello\tworld"), ["echo", "hello", "world"]);
  assert.deepEqual(splitShellWords(`sh -c "echo \\"hi\\" \\$HOME" 'a b'`), [
    "sh",
    "-c",
    'echo "hi" $HOME',
    "a b",
  ]);
  assert.deepEqual(splitShellWords("a\\ b c''d \"\""), ["a b", "cd", ""]);
  assert.deepEqual(splitShellWords(`"a\\nb"`), ["a\\nb"]);
  assert.deepEqual(splitShellWords("echo $HOME"), ["echo", "$HOME"]);
  assert.deepEqual(splitShellWords("   "), []);
});

test("an unterminated quote is an error", () => {
  assert.throws(() => splitShellWords("echo 'open"), /unterminated single quote/);
  assert.throws(() => splitShellWords('echo "open'), /unterminated double quote/);
});
