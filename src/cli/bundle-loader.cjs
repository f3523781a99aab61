// Starts a CLI bundle (build/cli/, made by scripts/build-cli.ts) with a V8 code cache taken
// after the bundle has run: bin/berth's way in. It runs as build/cli/launcher.cjs, the copy
// build-cli.ts writes with Node's path in a #! line (bin/berth links there), so paths here are
// from build/cli/. BERTH_CLI=source starts src/cli/main.ts instead, for whoever edits it.
//
// Written by hand because Node's own compile cache (NODE_COMPILE_CACHE) keeps only what V8
// compiles before a script runs, the top level: every function a command then calls is
// compiled again at every start. A cache made by vm.Script#createCachedData() after a
// training run holds those functions too; with a minified bundle that takes `berth version`
// from ~1.6× to ~1.4× `node -e 0` (README, Benchmarks). CommonJS, not TypeScript: it runs
// before anything else, on Node alone.
//
// BERTH_CLI_TRAIN=<bundle> (scripts/build-cli.ts only) runs that bundle's training commands
// (bundle-training.cjs) against canned answers of berthd, which compiles their start-up, flag
// parsing, client and output paths, and writes the bundle's cache beside it. A stale or
// foreign cache is rejected by V8 (it checks the source and the flags) and the bundle simply
// compiles.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const dir = __dirname;
const sources = path.join(dir, "../../src/cli");
// main.ts's global flags that may come before a command.
const VALUE_FLAGS = new Set(["-H", "--host", "-l", "--log-level", "--config", "-c", "--context"]);
const BOOL_FLAGS = new Set(["-D", "--debug"]);
const training = process.env.BERTH_CLI_TRAIN;

if (process.env.BERTH_CLI === "source" && !training) startSources();
else startBundle();

/** The sources as they are (BERTH_CLI=source, while editing them): Node strips their types. */
function startSources() {
  compileCache();
  import(path.join(sources, "main.ts")).then((main) => main.cliMain(process.argv.slice(2)));
}

function startBundle() {
  // A command that has a bundle of its own (`berth run …`, `berth -H … run …`) runs from it: V8
  // reads and deserialises only that command's code and cache. Anything else runs from the
  // bundle of every command.
  const name = training ?? ownBundle(process.argv.slice(2)) ?? "berth";
  const bundle = path.join(dir, `${name}.cjs`);
  const cacheFile = `${bundle}.v8cache`;
  // Only the bundle of every command requires npm packages (compose's yaml and ajv, tar-stream).
  if (name === "berth" && !training) compileCache();

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
  // would, without UTF-8's validation pass over the whole file (~0.5-1 ms of every start here).
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(bundle, "latin1")}\n})`,
    {
      filename: bundle,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    },
  );
  const mod = { exports: {} };
  // The bundle's require, resolving from its own directory (npm packages, the generated Compose
  // validator beside it), made on the first such require: the bundles of single commands require
  // only Node's modules, which resolve alike from anywhere, and node:module with createRequire
  // cost ~0.35 ms of each start.
  let bundleRequire;
  const requireFromBundle = (id) =>
    id.startsWith("node:")
      ? require(id)
      : (bundleRequire ??= require("node:module").createRequire(bundle))(id);
  script.runInThisContext()(mod.exports, requireFromBundle, mod, bundle, path.dirname(bundle));

  if (training)
    train(
      mod.exports,
      require(path.join(sources, "bundle-training.cjs")).trainingRuns(training),
      script,
      cacheFile,
    );
  else if (process.env.BERTH_CLI_CACHE === "report") {
    // For test/cli/bundle.test.ts: a cache V8 rejects would only make every start slower.
    process.stdout.write(
      `${name} ${!cachedData ? "missing" : script.cachedDataRejected ? "rejected" : "accepted"}\n`,
    );
  } else mod.exports.cliMain(process.argv.slice(2));
}

/**
 * V8's code cache for the modules Node loads from files (npm packages, the sources): Node writes
 * it on their first use and reads it after. Not for the single commands' bundles, which require
 * none: enabling it costs a directory lookup at every start.
 */
function compileCache() {
  require("node:module").enableCompileCache(path.join(dir, "compile-cache"));
}

/**
 * The bundle of the command word after the global flags, if it has one. Not main.ts's parse:
 * any flag not known here to be one of its global flags (by the same names and whether it takes
 * a value; test/cli/bundle.test.ts checks every one) ends the search, and the bundle of every
 * command runs, which parses the line itself.
 */
function ownBundle(argv) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("-")) {
      const own = `berth-${arg}`;
      return /^[a-z]+$/.test(arg) && fs.existsSync(path.join(dir, `${own}.cjs`)) ? own : undefined;
    }
    const flag = arg.split("=", 1)[0];
    if (VALUE_FLAGS.has(flag)) {
      if (flag === arg) i++;
    } else if (!BOOL_FLAGS.has(arg)) return undefined;
  }
  return undefined;
}

async function train(cli, commands, script, cacheFile) {
  const sink = { write: () => true, isTTY: false, on() {}, once() {}, columns: 80 };
  const io = { stdin: process.stdin, stdout: sink, stderr: sink };
  await require(path.join(sources, "bundle-training.cjs")).withTrainingDaemon(async (host) => {
    for (const argv of commands) {
      // A command that fails here trained its error path only: the canned answers no longer
      // fit what the CLI reads, which set-up must say rather than ship a weaker cache.
      const code = await cli.runCli(["-H", host, ...argv], io);
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
