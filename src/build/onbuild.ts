// ONBUILD triggers of a base image, read back into instructions to run right after FROM, as
// moby's classic builder (processOnBuild): the same refusals (`ONBUILD ONBUILD`, FROM and
// MAINTAINER as triggers), each trigger parsed as a one-line Dockerfile.

import { InvalidParameterError } from "../errdefs/errors.ts";
import { type Instruction, parseDockerfile } from "./dockerfile.ts";

export function parseTriggers(triggers: string[], fromLine: number): Instruction[] {
  const out: Instruction[] = [];
  for (const t of triggers) {
    const word = t.trim().split(/\s+/)[0]?.toUpperCase() ?? "";
    if (word === "ONBUILD")
      throw new InvalidParameterError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    if (word === "FROM" || word === "MAINTAINER")
      throw new InvalidParameterError(`${word} isn't allowed as an ONBUILD trigger`);
    let body: Instruction[];
    try {
      body = parseDockerfile(`FROM scratch\n${t}\n`).stages[0].body;
    } catch (err) {
      throw new InvalidParameterError(
        `Dockerfile line ${fromLine}: the base image's ONBUILD trigger ${JSON.stringify(t)}: ${(err as Error).message}`,
      );
    }
    for (const ins of body) out.push({ ...ins, line: fromLine });
  }
  return out;
}
