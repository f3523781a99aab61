// The type of compose-spec-validator.generated.cjs (generated, not type-checked itself):
// ajv's validate function, whose `errors` hold the first violation and what led to it.
import type { ValidateFunction } from "ajv";

declare const validate: ValidateFunction;
export = validate;
