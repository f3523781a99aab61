// Starts the CLI bundle (build/cli/berth.cjs, made by scripts/build-cli.sh) with a V8 code
// cache taken after the bundle has run: bin/berth's way in.
//
// Written by hand because Node's own compile cache (NODE_COMPILE_CACHE) keeps only what V8
// compiles before a script runs, the top level: every function a command then calls is
// compiled again at every start. A cache made by vm.Script#createCachedData() after a
// training run holds those functions too; with a minified bundle that takes `berth version`
// from ~1.6× to ~1.4× `node -e 0` (README, Benchmarks). CommonJS, not TypeScript: it runs
// before anything else, on Node alone.
//
// BERTH_CLI_TRAIN=<command> (scripts/build-cli.sh only) runs that command against canned
// answers of berthd (bundle-training.cjs), which compiles its start-up, flag parsing, client
// and output paths, and writes the command's cache beside the bundle. A stale or foreign cache is
// rejected by V8 (it checks the source and the flags) and the bundle simply compiles.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { createRequire } = require("node:module");

const bundle = path.join(__dirname, "../../build/cli/berth.cjs");

// One cache per common command, trained on that command alone, and one for the rest: V8
// deserialises all of a cache at every start, so `version` should not pay for `run`'s
// functions (a cache of everything made `berth version` ~2 ms slower).
const TRAINING = {
  version: [["version"]],
  ps: [["ps", "-a"]],
  run: [["run", "--rm", "-e", "A=1", "-v", "/tmp:/tmp", "busybox", "true"]],
  exec: [["exec", "x", "true"]],
  inspect: [["inspect", "x"]],
  other: [["images"], ["logs", "x"], ["stop", "x"], ["rm", "-f", "x"], ["create", "busybox"]],
};
const training = process.env.BERTH_CLI_TRAIN;
// The first word that names a trained command picks the cache. Not a parse of the global
// flags (that is main.ts's): a wrong pick (`-H run …`) only costs the time a cache saves.
const command = training ?? process.argv.slice(2).find((a) => Object.hasOwn(TRAINING, a));
const cacheFile = `${bundle}.${command ?? "other"}.v8cache`;

let cachedData;
if (!training) {
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // no cache yet: compile
  }
}
// The wrapper CommonJS gives a module, on the first line so that line numbers stay the bundle's.
// Read as latin1: the bundle is ASCII (test/cli/bundle.test.ts), which latin1 reads as UTF-8
// would, without UTF-8's validation pass over 350 KB (~0.5-1 ms of every start here).
const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(bundle, "latin1")}\n})`,
  {
    filename: bundle,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  },
);
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));

if (training) train(TRAINING[training]);
else if (process.env.BERTH_CLI_CACHE === "report") {
  // For test/cli/bundle.test.ts: a cache V8 rejects would only make every start slower.
  process.stdout.write(`${!cachedData ? "missing" : script.cachedDataRejected ? "rejected" : "accepted"}\n`);
} else mod.exports.cliMain(process.argv.slice(2));

async function train(commands) {
  const sink = { write: () => true, isTTY: false, on() {}, once() {}, columns: 80 };
  const io = { stdin: process.stdin, stdout: sink, stderr: sink };
  await require("./bundle-training.cjs").withTrainingDaemon(async (host) => {
    for (const argv of commands) {
      // A command that fails here trained its error path only: the canned answers no longer
      // fit what the CLI reads, which set-up must say rather than ship a weaker cache.
      const code = await mod.exports.runCli(["-H", host, ...argv], io);
      if (code !== 0)
        throw new Error(
          `CLI training: \`berth ${argv.join(" ")}\` exited ${code} against src/cli/bundle-training.cjs; make its answers fit the CLI again`,
        );
    }
  });
  const tmp = `${cacheFile}.tmp.${process.pid}`;
  fs.writeFileSync(tmp, script.createCachedData());
  fs.renameSync(tmp, cacheFile);
  process.exit(0);
}
