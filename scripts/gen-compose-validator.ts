// Writes src/compose/model/compose-spec-validator.generated.cjs, the Compose Specification's
// validator as ajv's standalone code (src/compose/model/schema-codegen.ts says why and how).
// Run after replacing compose-spec.json or upgrading ajv:
//   node scripts/gen-compose-validator.ts
import { writeFileSync } from "node:fs";
import { composeValidatorModule, generatedPath } from "../src/compose/model/schema-codegen.ts";

writeFileSync(generatedPath, composeValidatorModule());
