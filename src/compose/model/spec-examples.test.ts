// The Compose Specification's own example files (test/fixtures/compose-spec, extracted from the
// spec's chapters) load and normalise, or fail with the error expected.json records (snippets
// that are not whole projects, and features berth refuses). src/cli/commands/compose/
// config.test.ts compares a few with the whole `config` output expected for them.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadProject } from "./load.ts";

const dir = fileURLToPath(new URL("../../../test/fixtures/compose-spec", import.meta.url));
const expected = JSON.parse(readFileSync(`${dir}/expected.json`, "utf8")) as Record<string, string>;
const examples = readdirSync(dir).filter((f) => f.endsWith(".yaml") && !f.endsWith(".config.yaml"));

test("every example file has an expectation, and most load", () => {
  assert.deepEqual(examples.sort(), Object.keys(expected).sort());
  assert.ok(Object.values(expected).filter((v) => v === "ok").length >= 40);
});

for (const f of examples) {
  test(`compose-spec example ${f}`, async () => {
    const load = loadProject({
      files: [`${dir}/${f}`],
      env: {},
      cwd: dir,
      profiles: ["*"],
      projectName: "spec",
    });
    if (expected[f] === "ok") {
      const p = await load;
      assert.equal(p.name, "spec");
      for (const s of Object.values(p.services))
        assert.ok(s.image || s.build, `${f}: ${s.name} has an image or a build`);
    } else {
      await assert.rejects(load, (e: Error) => {
        assert.equal(e.message.replaceAll(`${dir}/`, "").replaceAll(`${dirname(dir)}/`, "../"), expected[f]);
        return true;
      });
    }
  });
}
