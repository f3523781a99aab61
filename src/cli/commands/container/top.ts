/** `berth top` (docker/cli's container/top.go). */
import type { Command } from "../../command.ts";
import { TabWriter } from "../../format/template.ts";
import { cpath } from "./common.ts";

/** `docker top`'s table: tabwriter.NewWriter(out, 20, 1, 3, ' ', 0). */
export function formatTop(titles: string[], processes: string[][]): string {
  const tw = new TabWriter(20, 1, 3, " ");
  tw.write(`${titles.join("\t")}\n`);
  for (const p of processes) tw.write(`${p.join("\t")}\n`);
  return tw.flush();
}

export const top: Command = {
  name: "top",
  aliases: ["container top"],
  usage: "top CONTAINER [ps OPTIONS]",
  description: "Display the running processes of a container",
  interspersed: false,
  minArgs: 1,
  flags: [],
  async run(ctx, _flags, [name, ...psArgs]) {
    const r = await ctx.client.json<{ Titles: string[]; Processes: string[][] | null }>(
      "GET",
      `${cpath(name)}/top`,
      {
        query: { ps_args: psArgs.length ? psArgs.join(" ") : undefined },
      },
    );
    ctx.stdout.write(formatTop(r.Titles ?? [], r.Processes ?? []));
    return 0;
  },
};
