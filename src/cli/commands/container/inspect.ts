/** `berth container inspect` (docker/cli's container/inspect.go). */
import { ApiError } from "../../../client/client.ts";
import type { ContainerInspect } from "../../../types/container.ts";
import { type CliContext, type Command, formatFlag, str, writeLine } from "../../command.ts";
import { printInspect } from "../../output.ts";
import { cpath } from "./common.ts";
import { errorText } from "./errors.ts";

/** `container inspect`: the documents found, then one error line per name that was not. */
export async function inspectContainers(
  ctx: CliContext,
  format: string | undefined,
  names: string[],
  size: boolean,
): Promise<number> {
  const found: ContainerInspect[] = [];
  const errors: string[] = [];
  for (const n of names) {
    try {
      found.push(
        await ctx.client.json<ContainerInspect>("GET", `${cpath(n)}/json`, {
          query: { size: size ? "1" : undefined },
        }),
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.push(err.status === 404 ? `Error: No such container: ${n}` : errorText(err));
    }
  }
  printInspect(ctx.stdout, format, found);
  for (const e of errors) writeLine(ctx.stderr, e);
  return errors.length ? 1 : 0;
}

export const containerInspect: Command = {
  name: "container inspect",
  usage: "container inspect [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Display detailed information on one or more containers",
  minArgs: 1,
  flags: [
    { ...formatFlag, short: "f" },
    { name: "size", short: "s", type: "bool", description: "Display total file sizes" },
  ],
  async run(ctx, flags, args) {
    return inspectContainers(ctx, str(flags, "format"), args, Boolean(flags.size));
  },
};
