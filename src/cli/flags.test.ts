import assert from "node:assert/strict";
import { test } from "node:test";
import { type FlagSpec, parseFlags } from "./flags.ts";

const specs: FlagSpec[] = [
  { name: "interactive", short: "i", type: "bool" },
  { name: "tty", short: "t", type: "bool" },
  { name: "env", short: "e", type: "list" },
  { name: "name", type: "string" },
  { name: "rm", type: "bool" },
  { name: "stop-timeout", type: "int" },
];

test("bundled short booleans and values in every form", () => {
  const { flags, args } = parseFlags(
    ["-it", "-e", "A=1", "-eB=2", "--env=C=3", "--env", "D=4", "--name=x", "--rm=false", "img", "cmd"],
    specs,
  );
  assert.equal(flags.interactive, true);
  assert.equal(flags.tty, true);
  assert.deepEqual(flags.env, ["A=1", "B=2", "C=3", "D=4"]);
  assert.equal(flags.name, "x");
  assert.equal(flags.rm, false);
  assert.deepEqual(args, ["img", "cmd"]);
});

test("non-interspersed parsing stops at the first positional", () => {
  const { flags, args } = parseFlags(["--rm", "img", "ls", "-la", "--rm"], specs, { interspersed: false });
  assert.equal(flags.rm, true);
  assert.deepEqual(args, ["img", "ls", "-la", "--rm"]);
});

test("errors use pflag's words", () => {
  assert.throws(() => parseFlags(["--nope"], specs), /unknown flag: --nope/);
  assert.throws(() => parseFlags(["-x"], specs), /unknown shorthand flag: 'x' in -x/);
  assert.throws(() => parseFlags(["--name"], specs), /flag needs an argument: --name/);
  assert.throws(() => parseFlags(["--stop-timeout", "abc"], specs), /invalid argument "abc"/);
});

test("-- ends flags", () => {
  const { args } = parseFlags(["--", "-it"], specs);
  assert.deepEqual(args, ["-it"]);
});
