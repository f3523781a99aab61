import { createRequire } from "node:module";
import type { Ajv, Options } from "ajv";

const require = createRequire(import.meta.url);

/**
 * ajv, loaded on the first validation rather than at import: its few dozen CommonJS files
 * would otherwise add to every berthd start-up (and every CLI run that imports api/).
 */
export function loadAjv(options: Options): Ajv {
  const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
  return new AjvClass(options);
}
