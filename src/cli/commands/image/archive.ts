/**
 * `berth load`, `save` and `import`: images to and from tar archives (docker/cli's
 * image/load.go, save.go and import.go).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { familiarString, parseNormalizedNamed } from "../../../image/reference.ts";
import { CliError, type Command, list, str, writeLine } from "../../command.ts";

export const load: Command = {
  name: "load",
  aliases: ["image load"],
  usage: "load [OPTIONS]",
  description: "Load an image from a tar archive or STDIN",
  maxArgs: 0,
  flags: [
    {
      name: "input",
      short: "i",
      type: "string",
      description: "Read from tar archive file, instead of STDIN",
    },
    { name: "quiet", short: "q", type: "bool", description: "Suppress the load output" },
  ],
  async run(ctx, flags) {
    const file = str(flags, "input");
    if (!file && ctx.stdin.isTTY) {
      throw new CliError("requested load from stdin, but stdin is empty", 1);
    }
    const input = file ? createReadStream(file) : ctx.stdin;
    if (file)
      await stat(file).catch((err) => {
        throw new CliError(`open ${file}: ${(err as Error).message.replace(/^.*?: /, "")}`, 1);
      });
    await ctx.client.jsonStream(
      "POST",
      "/images/load",
      { query: { quiet: "1" }, stream: input, headers: { "Content-Type": "application/x-tar" } },
      (msg) => {
        if (msg.stream) ctx.stdout.write(msg.stream);
      },
    );
    return 0;
  },
};

export const save: Command = {
  name: "save",
  aliases: ["image save"],
  usage: "save [OPTIONS] IMAGE [IMAGE...]",
  description: "Save one or more images to a tar archive (streamed to STDOUT by default)",
  minArgs: 1,
  flags: [{ name: "output", short: "o", type: "string", description: "Write to a file, instead of STDOUT" }],
  async run(ctx, flags, args) {
    const file = str(flags, "output");
    if (!file && ctx.stdout.isTTY) {
      throw new CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1);
    }
    const res = await ctx.client.call("GET", "/images/get", { query: { names: args } });
    if (file) {
      const tmp = `${file}.tmp-${process.pid}`;
      await pipeline(res.body, createWriteStream(tmp));
      const { rename } = await import("node:fs/promises");
      await rename(tmp, file);
    } else {
      await pipeline(res.body, ctx.stdout, { end: false });
    }
    return 0;
  },
};

export const importCmd: Command = {
  name: "import",
  aliases: ["image import"],
  usage: "import [OPTIONS] file|-  [REPOSITORY[:TAG]]",
  description: "Import the contents from a tarball to create a filesystem image",
  minArgs: 1,
  maxArgs: 2,
  flags: [
    {
      name: "change",
      short: "c",
      type: "list",
      description: "Apply Dockerfile instruction to the created image",
    },
    { name: "message", short: "m", type: "string", description: "Set commit message for imported image" },
    { name: "platform", type: "string", description: "Set platform if server is multi-platform capable" },
  ],
  async run(ctx, flags, [source, repoTag]) {
    let repo: string | undefined;
    let tagName: string | undefined;
    if (repoTag) {
      try {
        const ref = parseNormalizedNamed(repoTag);
        repo = familiarString({ domain: ref.domain, path: ref.path });
        tagName = ref.tag;
      } catch (err) {
        throw new CliError(`Error response from daemon: ${(err as Error).message}`, 1);
      }
    }
    if (/^https?:\/\//.test(source)) {
      throw new CliError(`Cannot import ${source}: berth imports local files or stdin only`, 1);
    }
    const input = source === "-" ? ctx.stdin : createReadStream(source);
    if (source !== "-")
      await stat(source).catch((err) => {
        throw new CliError(`open ${source}: ${(err as Error).message.replace(/^.*?: /, "")}`, 1);
      });
    await ctx.client.jsonStream(
      "POST",
      "/images/create",
      {
        query: {
          fromSrc: "-",
          repo,
          tag: tagName,
          message: str(flags, "message"),
          changes: list(flags, "change"),
          platform: str(flags, "platform"),
        },
        stream: input,
        headers: { "Content-Type": "application/x-tar" },
      },
      (msg) => {
        if (msg.status) writeLine(ctx.stdout, msg.status);
      },
    );
    return 0;
  },
};
