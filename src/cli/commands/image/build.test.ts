import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { readSecrets } from "./build.ts";

test("berth build --secret: src=, env=, and the id as a variable or a file, as buildx", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-secret-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, "tok");
  await writeFile(file, "from-file");
  process.env.BERTH_TEST_SECRET_VAR = "from-env";
  t.after(() => {
    delete process.env.BERTH_TEST_SECRET_VAR;
  });
  const got = await readSecrets([
    `id=a,src=${file}`,
    "id=b,env=BERTH_TEST_SECRET_VAR",
    "id=BERTH_TEST_SECRET_VAR",
    `type=file,id=c,source=${file}`,
  ]);
  const decoded = Object.fromEntries(
    Object.entries(got).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]),
  );
  assert.deepEqual(decoded, {
    a: "from-file",
    b: "from-env",
    BERTH_TEST_SECRET_VAR: "from-env",
    c: "from-file",
  });
  await assert.rejects(readSecrets(["src=/x"]), /id is required/);
  await assert.rejects(readSecrets([`id=x,src=${dir}/missing`]), /failed to read secret x/);
  await assert.rejects(readSecrets(["id=x,env=BERTH_TEST_UNSET_VAR"]), /is not set/);
  await assert.rejects(readSecrets(["id=x,bogus=1"]), /unexpected key 'bogus'/);
});
