// Generates compose-spec-validator.generated.cjs, the Compose Specification's validator as
// ajv's standalone code, from compose-spec.json beside this file. Compiling the schema at run
// time cost every `berth compose` command ~165 ms of CPU; the generated module loads in a few.
// Used by scripts/gen-compose-validator.ts, which writes the file, and by schema-codegen.test.ts,
// which fails when the committed file is not what this produces (the schema, ajv's version or
// the options below changed without a regeneration). Never imported by the CLI.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import ajvPackage from "ajv/package.json" with { type: "json" };

export const generatedName = "compose-spec-validator.generated.cjs";
export const generatedPath = path.join(import.meta.dirname, generatedName);

/** The generated module's text: a header, then ajv's standalone CommonJS code. */
export function composeValidatorModule(): string {
  const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, "compose-spec.json"), "utf8"));
  // The options run-time compilation had, whose errors schema.ts's messages are written for:
  // draft-07 with `type` unions, the first error only, no meta-validation of a fixed, tested
  // file; definitions referenced rather than inlined and ajv's optimiser off (they made
  // compiling faster then; now they make the code smaller and its first run faster).
  // `code.source` keeps the code for standaloneCode, `code.lines` puts it on lines for diffs.
  const ajv = new Ajv({
    strict: false,
    allowUnionTypes: true,
    allErrors: false,
    validateSchema: false,
    inlineRefs: false,
    code: { optimize: false, source: true, lines: true },
  });
  const code = standaloneCode.default(ajv, ajv.compile(schema));
  const header = [
    "// GENERATED FILE, do not edit: the Compose Specification's validator (compose-spec.json beside",
    `// this file) as ajv ${ajvPackage.version}'s standalone code, made by src/compose/model/schema-codegen.ts.`,
    "// Regenerate after changing either, or upgrading ajv: node scripts/gen-compose-validator.ts",
    "// (schema-codegen.test.ts fails until then). Loaded by schema.ts.",
  ].join("\n");
  return `${header}\n${code}\n`;
}
