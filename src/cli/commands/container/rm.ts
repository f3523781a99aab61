/** `berth rm` (docker/cli's container/rm.go). */
import { ApiError } from "../../../client/client.ts";
import { CliError, type Command, writeLine } from "../../command.ts";
import { cpath, parallelOperation } from "./common.ts";
import { errorText } from "./errors.ts";

export const rm: Command = {
  name: "rm",
  aliases: ["container rm", "container remove"],
  usage: "rm [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Remove one or more containers",
  minArgs: 1,
  flags: [
    {
      name: "force",
      short: "f",
      type: "bool",
      description: "Force the removal of a running container (uses SIGKILL)",
    },
    { name: "link", short: "l", type: "bool", description: "Remove the specified link" },
    {
      name: "volumes",
      short: "v",
      type: "bool",
      description: "Remove anonymous volumes associated with the container",
    },
  ],
  async run(ctx, flags, args) {
    const query = {
      force: flags.force ? "1" : undefined,
      link: flags.link ? "1" : undefined,
      v: flags.volumes ? "1" : undefined,
    };
    const errs = await parallelOperation(args, (name) => {
      const id = name.replace(/^\/+|\/+$/g, "");
      if (id === "") return Promise.reject(new CliError("Container name cannot be empty", 1));
      return ctx.client.ok("DELETE", cpath(id), { query });
    });
    const failed: string[] = [];
    args.forEach((name, i) => {
      const err = errs[i];
      if (err === undefined) {
        writeLine(ctx.stdout, name);
        return;
      }
      if (!(err instanceof ApiError || err instanceof CliError)) throw err;
      // With -f, a container that is already gone is not a failure.
      if (flags.force && err instanceof ApiError && err.status === 404) writeLine(ctx.stderr, errorText(err));
      else failed.push(errorText(err));
    });
    if (failed.length) throw new CliError(failed.join("\n"), 1);
    return 0;
  },
};
