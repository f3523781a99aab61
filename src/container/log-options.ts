import { errorMessage, InvalidParameterError } from "../errdefs/errors.ts";
import { ramInBytes } from "../format/units.ts";

/** json-file's `max-size` and `max-file`, parsed as Docker does (go-units RAMInBytes). */
export function parseLogOpts(opts: Record<string, string>): { maxSize?: number; maxFiles?: number } {
  let maxSize: number | undefined;
  if (opts["max-size"]) {
    try {
      maxSize = ramInBytes(opts["max-size"]);
    } catch (err) {
      throw new InvalidParameterError(`invalid log option max-size: ${errorMessage(err)}`);
    }
  }
  let maxFiles: number | undefined;
  if (opts["max-file"]) {
    maxFiles = Number(opts["max-file"]);
    if (!Number.isInteger(maxFiles) || maxFiles < 1) {
      throw new InvalidParameterError(
        `invalid log option max-file: ${opts["max-file"]}: must be a whole number ≥ 1`,
      );
    }
  }
  return { ...(maxSize ? { maxSize } : {}), ...(maxFiles ? { maxFiles } : {}) };
}
