import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./dockerfile.ts";

test("parseDockerfile: stages, meta ARGs, continuations, flags, JSON form, escape directive", () => {
  const df = parseDockerfile(
    '# escape=`\nARG V=1\nFROM busybox AS Build\nRUN echo a `\n  b\nCOPY --from=build --chown=1:2 a /b\nCMD ["x", "y"]\nFROM scratch\n',
  );
  assert.equal(df.escape, "`");
  assert.equal(df.metaArgs.length, 1);
  assert.equal(df.stages.length, 2);
  assert.equal(df.stages[0].name, "build");
  assert.equal(df.stages[0].body[0].args, "echo a   b");
  assert.equal(df.stages[0].body[0].line, 4);
  assert.deepEqual(df.stages[0].body[1].flags, [
    ["from", "build"],
    ["chown", "1:2"],
  ]);
  assert.equal(df.stages[0].body[1].args, "a /b");
  assert.deepEqual(df.stages[0].body[2].json, ["x", "y"]);
  assert.equal(df.total, 6);
});

test("parseDockerfile refuses what phase 1 cannot apply, naming the line", () => {
  assert.throws(() => parseDockerfile("FROM a\nRUN --security=insecure true\n"), /line 2: RUN --security/);
  assert.throws(() => parseDockerfile("FROM a\nRUN <<EOF\nx\n"), /line 2: unterminated heredoc/);
  assert.throws(() => parseDockerfile("FROM a\nFOO bar\n"), /line 2: unknown instruction: FOO/);
  assert.deepEqual(parseDockerfile("FROM --platform=$BUILDPLATFORM a\n").stages[0].from.flags, [
    ["platform", "$BUILDPLATFORM"],
  ]);
  assert.throws(() => parseDockerfile("FROM --bogus=1 a\n"), /line 1: unknown flag: --bogus/);
  assert.throws(() => parseDockerfile("FROM a\nCOPY --bogus=1 a b\n"), /line 2: unknown flag: --bogus/);
  assert.throws(() => parseDockerfile("RUN x\n"), /no build stage/);
  assert.throws(() => parseDockerfile("FROM a AS x\nFROM b AS x\n"), /duplicate name x/);
});

test("parseDockerfile: heredocs of RUN and COPY, with flags, several documents, <<- and quoted names", () => {
  const df = parseDockerfile(
    'FROM a\nRUN --mount=type=cache,target=/c \\\n  --network=none <<EOF\n# not a comment\necho a \\\n  b\nEOF\nCOPY <<-A <<"B" /dir/\n\tone $X\n\tA\ntwo $X\nB\nRUN echo after\n',
  );
  const [run, copy, after] = df.stages[0].body;
  assert.equal(run.args, "<<EOF");
  assert.deepEqual(run.flags, [
    ["mount", "type=cache,target=/c"],
    ["network", "none"],
  ]);
  assert.deepEqual(run.heredocs, [
    { name: "EOF", content: "# not a comment\necho a \\\n  b\n", chomp: false, expand: true },
  ]);
  assert.equal(copy.args, '<<-A <<"B" /dir/');
  assert.deepEqual(copy.heredocs, [
    { name: "A", content: "\tone $X\n", chomp: true, expand: true },
    { name: "B", content: "two $X\n", chomp: false, expand: false },
  ]);
  assert.equal(after.args, "echo after");
  assert.equal(after.heredocs, undefined);
});
