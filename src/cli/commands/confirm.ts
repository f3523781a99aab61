import { type CliContext, writeLine } from "../command.ts";

/** docker's prompt: "Are you sure you want to continue? [y/N]"; anything but y/Y declines. */
export async function confirm(
  ctx: CliContext,
  warning: string,
  declined = "Total reclaimed space: 0B",
): Promise<boolean> {
  ctx.stdout.write(`${warning}\nAre you sure you want to continue? [y/N] `);
  const answer = await new Promise<string>((resolve) => {
    let buf = "";
    const onData = (c: Buffer) => {
      buf += c.toString();
      if (buf.includes("\n")) done();
    };
    const done = () => {
      ctx.stdin.off("data", onData);
      ctx.stdin.off("end", done);
      ctx.stdin.pause();
      resolve(buf.split("\n")[0].trim());
    };
    ctx.stdin.on("data", onData);
    ctx.stdin.on("end", done);
  });
  if (!/^[yY]$/.test(answer)) {
    writeLine(ctx.stdout, declined);
    return false;
  }
  return true;
}
