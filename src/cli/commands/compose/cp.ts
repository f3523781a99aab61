/** `berth compose cp`: SERVICE:PATH resolved to the service's container(s), then berth's own `cp` copies. */
import { projectContainers } from "../../../compose/engine/state.ts";
import { CliError } from "../../command.ts";
import { cp as cpCommand, splitCpArg } from "../cp.ts";
import type { ComposeCommand } from "./common.ts";

export const cp: ComposeCommand = {
  name: "cp",
  usage:
    "cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n\tberth compose cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH",
  description: "Copy files/folders between a service container and the local filesystem",
  flags: [
    { name: "all", type: "bool", description: "Include containers created by the run command" },
    { name: "archive", short: "a", type: "bool", description: "Archive mode (copy all uid/gid information)" },
    { name: "follow-link", short: "L", type: "bool", description: "Always follow symbol link in SRC_PATH" },
    { name: "index", type: "int", description: "Index of the container if service has multiple replicas" },
  ],
  async run(ctx, env, flags, args) {
    if (args.length !== 2) throw new CliError('"cp" requires exactly 2 arguments', 1);
    const [source, destination] = args;
    const [srcService, srcPath] = splitCpArg(source);
    const [dstService, dstPath] = splitCpArg(destination);
    if (srcService && dstService) throw new CliError("copying between services is not supported", 1);
    if (!srcService && !dstService) throw new CliError("unknown copy direction", 1);
    const service = srcService || dstService;
    const projectName = await env.projectName();
    const index = (flags.index as number | undefined) ?? 0;
    const all = await projectContainers(ctx.client, projectName, {
      all: true,
      oneoff: Boolean(flags.all) && index === 0,
      services: [service],
    });
    let targets = index > 0 ? all.filter((c) => !c.oneoff && c.number === index) : all;
    if (index > 0 && targets.length === 0)
      throw new CliError(`service "${service}" is not running container #${index}`, 1);
    if (targets.length === 0) throw new CliError(`no container found for service "${service}"`, 1);
    // As Compose: from a service, its first container; to a service, every one of them.
    if (srcService) targets = targets.slice(0, 1);
    const cpFlags = { "follow-link": Boolean(flags["follow-link"]), archive: Boolean(flags.archive) };
    for (const c of targets) {
      const cpArgs = srcService ? [`${c.name}:${srcPath}`, destination] : [source, `${c.name}:${dstPath}`];
      await cpCommand.run(ctx, cpFlags, cpArgs);
    }
    return 0;
  },
};
