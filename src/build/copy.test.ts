import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { BuildCache, cacheKey } from "./cache.ts";
import { matchPattern } from "./context.ts";
import { parseChmod, planCopy } from "./copy.ts";
import { ignoreFilter, readIgnorePatterns } from "./dockerignore.ts";

test("matchPattern is Go's filepath.Match: wildcards never cross /", () => {
  assert.ok(matchPattern("*.txt", "a.txt"));
  assert.ok(!matchPattern("*.txt", "dir/a.txt"));
  assert.ok(matchPattern("dir/?.txt", "dir/a.txt"));
  assert.ok(matchPattern("[ab].txt", "b.txt"));
  assert.ok(!matchPattern("[!ab].txt", "b.txt"));
});

test(".dockerignore: Docker's rules, exceptions re-include", () => {
  const keep = ignoreFilter(readIgnorePatterns("# comment\n*.log\nsub/*\n!sub/keep.txt\n\n"));
  assert.equal(keep("a.log"), false);
  assert.equal(keep("dir/a.log"), true, "a bare pattern matches at the root only");
  assert.equal(keep("sub/drop.txt"), false);
  assert.equal(keep("sub/keep.txt"), true);
  assert.equal(keep("main.go"), true);
});

test("planCopy: a trailing slash, several sources, a directory's contents, missing parents", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-copy-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, "src/sub"), { recursive: true });
  await writeFile(path.join(dir, "a.txt"), "a");
  await writeFile(path.join(dir, "b.txt"), "b");
  await writeFile(path.join(dir, "src/sub/c.txt"), "c");
  const entry = (rel: string) => ({ rel, abs: path.join(dir, rel) });
  const existing = new Set(["/", "/app"]);
  const kind = async (p: string) => (existing.has(p) ? ("dir" as const) : undefined);
  const names = async (srcs: string[], dest: string, wd = "/") =>
    (await planCopy(srcs.map(entry), dest, wd, kind)).map((e) => e.name);
  assert.deepEqual(await names(["a.txt"], "/app/"), ["app/a.txt"]);
  assert.deepEqual(await names(["a.txt"], "/app"), ["app/a.txt"], "an existing dir takes the file inside");
  assert.deepEqual(await names(["a.txt"], "/new/name.txt"), ["new", "new/name.txt"]);
  assert.deepEqual(await names(["a.txt"], "x", "/app"), ["app/x"]);
  assert.deepEqual(await names(["a.txt", "b.txt"], "/out/"), ["out", "out/a.txt", "out/b.txt"]);
  assert.deepEqual(await names(["src"], "/app/"), ["app/sub", "app/sub/c.txt"]);
  await assert.rejects(names(["a.txt", "b.txt"], "/file"), /must be a directory and end with a \//);
  assert.equal(parseChmod("0755"), 0o755);
  assert.throws(() => parseChmod("u+x"), /invalid chmod/);
});

test("BuildCache survives a new instance and forgets removed images", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "berth-cache-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  const live = new Set(["sha256:a", "sha256:b"]);
  const exists = (id: string) => live.has(id);
  const k1 = cacheKey("sha256:p", "RUN x", {});
  assert.notEqual(k1, cacheKey("sha256:p", "RUN y", {}));
  assert.notEqual(k1, cacheKey("sha256:q", "RUN x", {}));
  await new BuildCache(root).set(k1, "sha256:a", exists);
  const again = new BuildCache(root);
  assert.equal(await again.get(k1, exists), "sha256:a");
  live.delete("sha256:a");
  assert.equal(await again.get(k1, exists), undefined);
});
