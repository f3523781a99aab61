/** `berth wait` (docker/cli's container/wait.go). */
import { ApiError } from "../../../client/client.ts";
import { CliError, type Command, writeLine } from "../../command.ts";
import { cpath } from "./common.ts";
import { errorText } from "./errors.ts";

export const wait: Command = {
  name: "wait",
  aliases: ["container wait"],
  usage: "wait CONTAINER [CONTAINER...]",
  description: "Block until one or more containers stop, then print their exit codes",
  minArgs: 1,
  flags: [],
  async run(ctx, _flags, args) {
    const errs: string[] = [];
    for (const name of args) {
      try {
        const r = await ctx.client.json<{ StatusCode: number }>("POST", `${cpath(name)}/wait`);
        writeLine(ctx.stdout, String(r.StatusCode));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        errs.push(errorText(err));
      }
    }
    if (errs.length) throw new CliError(errs.join("\n"), 1);
    return 0;
  },
};
