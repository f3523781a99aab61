// TEMPORARY STUB for the engine branch: the model engineer's real `berth compose config`
// replaces this file at merge.
import { stringify } from "yaml";
import { loadProject } from "../../../compose/model/load.ts";
import type { LoadOptions } from "../../../compose/types.ts";
import type { CliIO } from "../../command.ts";

export async function composeConfig(io: CliIO, options: LoadOptions, _args: string[]): Promise<number> {
  const project = await loadProject(options);
  io.stdout.write(stringify(project));
  return 0;
}
