import assert from "node:assert/strict";
import { test } from "node:test";
import { commandTable } from "./command-table.ts";

// The table repeats each command's name, aliases and description so that `berth --help` and the
// lookup load no command module; a command edited in its module but not here would drift.
test("every entry loads the command it names, with the same aliases and description", async () => {
  for (const entry of commandTable) {
    const cmd = await entry.load();
    assert.equal(cmd.name, entry.name);
    assert.deepEqual(cmd.aliases ?? [], entry.aliases ?? [], entry.name);
    assert.equal(cmd.description, entry.description, entry.name);
  }
});

test("no two entries answer to the same name", () => {
  const names = commandTable.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  assert.equal(new Set(names).size, names.length);
});
