import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { ApiError } from "../../client/client.ts";
import { humanSize, shortId, timeAgo } from "../../format/units.ts";
import { familiarString, parseNormalizedNamed } from "../../image/reference.ts";
import type {
  HistoryResponseItem,
  ImageDeleteResponseItem,
  ImageInspect,
  ImagePruneResponse,
  ImageSummary,
} from "../../types/image.ts";
import {
  type CliContext,
  CliError,
  type Command,
  filtersJson,
  formatFlag,
  list,
  str,
  writeLine,
} from "../command.ts";
import { printInspect, printRows } from "../output.ts";

const imageHeaders = {
  ID: "IMAGE ID",
  Repository: "REPOSITORY",
  Tag: "TAG",
  Digest: "DIGEST",
  CreatedSince: "CREATED",
  CreatedAt: "CREATED AT",
  Size: "SIZE",
  SharedSize: "SHARED SIZE",
  UniqueSize: "UNIQUE SIZE",
  VirtualSize: "VIRTUAL SIZE",
  Containers: "CONTAINERS",
};

/** Go's time.Time String() form that docker prints for CreatedAt: "2026-11-23 18:00:00 +0000 UTC". */
export function goTimeString(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const tz = Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
    .formatToParts(d)
    .find((x) => x.type === "timeZoneName")?.value;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sign}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)} ${tz === "UTC" || off === 0 ? "UTC" : tz}`;
}

/** One row per repository:tag (and per digest-only repository), as docker's image formatter. */
function imageRows(images: ImageSummary[], opts: { noTrunc: boolean; digests: boolean }) {
  const rows = [];
  for (const img of images) {
    const id = opts.noTrunc ? img.Id : shortId(img.Id);
    const base = {
      ID: id,
      CreatedSince: timeAgo(new Date(img.Created * 1000)),
      CreatedAt: goTimeString(new Date(img.Created * 1000)),
      Size: humanSize(img.Size),
      SharedSize: img.SharedSize < 0 ? "N/A" : humanSize(img.SharedSize),
      UniqueSize: img.SharedSize < 0 ? "N/A" : humanSize(img.Size - img.SharedSize),
      VirtualSize: humanSize(img.Size),
      Containers: img.Containers < 0 ? "N/A" : String(img.Containers),
    };
    const repos = new Map<string, { tags: string[]; digests: string[] }>();
    for (const t of img.RepoTags ?? []) {
      if (t === "<none>:<none>") continue;
      const i = t.lastIndexOf(":");
      const repo = t.slice(0, i);
      const e = repos.get(repo) ?? { tags: [], digests: [] };
      e.tags.push(t.slice(i + 1));
      repos.set(repo, e);
    }
    for (const d of img.RepoDigests ?? []) {
      if (d === "<none>@<none>") continue;
      const i = d.indexOf("@");
      const repo = d.slice(0, i);
      const e = repos.get(repo) ?? { tags: [], digests: [] };
      e.digests.push(d.slice(i + 1));
      repos.set(repo, e);
    }
    if (repos.size === 0) {
      rows.push({ ...base, Repository: "<none>", Tag: "<none>", Digest: "<none>" });
      continue;
    }
    for (const [repo, { tags, digests }] of repos) {
      if (tags.length === 0) {
        for (const d of digests.length ? digests : ["<none>"])
          rows.push({ ...base, Repository: repo, Tag: "<none>", Digest: d });
        continue;
      }
      for (const tag of tags) {
        if (opts.digests && digests.length > 1) {
          for (const d of digests) rows.push({ ...base, Repository: repo, Tag: tag, Digest: d });
        } else {
          rows.push({
            ...base,
            Repository: repo,
            Tag: tag,
            Digest: digests.length === 1 ? digests[0] : "<none>",
          });
        }
      }
    }
  }
  return rows;
}

const images: Command = {
  name: "images",
  aliases: ["image ls", "image list"],
  usage: "images [OPTIONS] [REPOSITORY[:TAG]]",
  description: "List images",
  maxArgs: 1,
  flags: [
    {
      name: "all",
      short: "a",
      type: "bool",
      description: "Show all images (default hides intermediate images)",
    },
    { name: "digests", type: "bool", description: "Show digests" },
    { name: "filter", short: "f", type: "list", description: "Filter output based on conditions provided" },
    formatFlag,
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Only show image IDs" },
  ],
  async run(ctx, flags, args) {
    const filters = list(flags, "filter");
    if (args[0]) filters.push(`reference=${args[0]}`);
    const list_ = await ctx.client.json<ImageSummary[]>("GET", "/images/json", {
      query: { all: flags.all ? "1" : undefined, filters: filtersJson(filters) },
    });
    const noTrunc = Boolean(flags["no-trunc"]);
    if (flags.quiet) {
      const seen = new Set<string>();
      for (const img of list_) {
        const id = noTrunc ? img.Id : shortId(img.Id);
        if (!seen.has(id)) writeLine(ctx.stdout, id);
        seen.add(id);
      }
      return 0;
    }
    const digests = Boolean(flags.digests);
    const dflt = digests
      ? "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
      : "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    printRows(ctx.stdout, str(flags, "format"), dflt, imageRows(list_, { noTrunc, digests }), imageHeaders);
    return 0;
  },
};

const rmi: Command = {
  name: "rmi",
  aliases: ["image rm", "image remove"],
  usage: "rmi [OPTIONS] IMAGE [IMAGE...]",
  description: "Remove one or more images",
  minArgs: 1,
  flags: [
    { name: "force", short: "f", type: "bool", description: "Force removal of the image" },
    { name: "no-prune", type: "bool", description: "Do not delete untagged parents" },
  ],
  async run(ctx, flags, args) {
    let failed = false;
    for (const name of args) {
      try {
        const items = await ctx.client.json<ImageDeleteResponseItem[]>(
          "DELETE",
          `/images/${encodeURIComponent(name)}`,
          { query: { force: flags.force ? "1" : undefined, noprune: flags["no-prune"] ? "1" : undefined } },
        );
        for (const i of items) {
          if (i.Untagged) writeLine(ctx.stdout, `Untagged: ${i.Untagged}`);
          if (i.Deleted) writeLine(ctx.stdout, `Deleted: ${i.Deleted}`);
        }
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        ctx.stderr.write(`Error response from daemon: ${err.message}\n`);
        failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};

const tag: Command = {
  name: "tag",
  aliases: ["image tag"],
  usage: "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
  description: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
  minArgs: 2,
  maxArgs: 2,
  flags: [],
  async run(ctx, _flags, [source, target]) {
    let ref: ReturnType<typeof parseNormalizedNamed>;
    try {
      ref = parseNormalizedNamed(target);
    } catch (err) {
      throw new CliError(
        `Error parsing reference: "${target}" is not a valid repository/tag: ${(err as Error).message}`,
        1,
      );
    }
    if (ref.digest) throw new CliError("refusing to create a tag with a digest reference", 1);
    await ctx.client.ok("POST", `/images/${encodeURIComponent(source)}/tag`, {
      query: { repo: `${ref.domain}/${ref.path}`, tag: ref.tag ?? "latest" },
    });
    return 0;
  },
};

const imageInspect: Command = {
  name: "image inspect",
  usage: "image inspect [OPTIONS] IMAGE [IMAGE...]",
  description: "Display detailed information on one or more images",
  minArgs: 1,
  flags: [{ ...formatFlag, short: "f" }],
  async run(ctx, flags, args) {
    return inspectImages(ctx, str(flags, "format"), args);
  },
};

export async function inspectImages(
  ctx: CliContext,
  format: string | undefined,
  names: string[],
): Promise<number> {
  const found: ImageInspect[] = [];
  const errors: string[] = [];
  for (const n of names) {
    try {
      found.push(await ctx.client.json<ImageInspect>("GET", `/images/${encodeURIComponent(n)}/json`));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.push(
        err.status === 404 ? `Error: No such image: ${n}` : `Error response from daemon: ${err.message}`,
      );
    }
  }
  printInspect(ctx.stdout, format, found);
  for (const e of errors) writeLine(ctx.stderr, e);
  return errors.length ? 1 : 0;
}

const history: Command = {
  name: "history",
  aliases: ["image history"],
  usage: "history [OPTIONS] IMAGE",
  description: "Show the history of an image",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    formatFlag,
    {
      name: "human",
      short: "H",
      type: "bool",
      default: true,
      description: "Print sizes and dates in human readable format",
    },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Only show image IDs" },
  ],
  async run(ctx, flags, [name]) {
    const rows = await ctx.client.json<HistoryResponseItem[]>(
      "GET",
      `/images/${encodeURIComponent(name)}/history`,
    );
    const noTrunc = Boolean(flags["no-trunc"]);
    const human = flags.human !== false;
    const id = (i: string) => (i === "<missing>" || noTrunc ? i : shortId(i));
    if (flags.quiet) {
      for (const r of rows) writeLine(ctx.stdout, id(r.Id));
      return 0;
    }
    const out = rows.map((r) => {
      const createdBy = r.CreatedBy.replace(/\t/g, " ");
      return {
        ID: id(r.Id),
        CreatedSince: human
          ? timeAgo(new Date(r.Created * 1000))
          : new Date(r.Created * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
        CreatedAt: new Date(r.Created * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
        CreatedBy:
          noTrunc || [...createdBy].length <= 45 ? createdBy : `${[...createdBy].slice(0, 44).join("")}…`,
        Size: human ? humanSize(r.Size) : String(r.Size),
        Comment: r.Comment,
      };
    });
    printRows(
      ctx.stdout,
      str(flags, "format"),
      "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
      out,
      {
        ID: "IMAGE",
        CreatedSince: "CREATED",
        CreatedAt: "CREATED AT",
        CreatedBy: "CREATED BY",
        Size: "SIZE",
        Comment: "COMMENT",
      },
    );
    return 0;
  },
};

const load: Command = {
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

const save: Command = {
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

const importCmd: Command = {
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

const imagePrune: Command = {
  name: "image prune",
  usage: "image prune [OPTIONS]",
  description: "Remove unused images",
  maxArgs: 0,
  flags: [
    {
      name: "all",
      short: "a",
      type: "bool",
      description: "Remove all unused images, not just dangling ones",
    },
    { name: "filter", type: "list", description: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  async run(ctx, flags) {
    const warning = flags.all
      ? "WARNING! This will remove all images without at least one container associated to them."
      : "WARNING! This will remove all dangling images.";
    if (!flags.force && !(await confirm(ctx, warning))) return 0;
    const filters = list(flags, "filter");
    if (flags.all) filters.push("dangling=false");
    const res = await ctx.client.json<ImagePruneResponse>("POST", "/images/prune", {
      query: { filters: filtersJson(filters) },
    });
    if (res.ImagesDeleted?.length) {
      writeLine(ctx.stdout, "Deleted Images:");
      for (const i of res.ImagesDeleted) {
        if (i.Untagged) writeLine(ctx.stdout, `untagged: ${i.Untagged}`);
        if (i.Deleted) writeLine(ctx.stdout, `deleted: ${i.Deleted}`);
      }
      writeLine(ctx.stdout);
    }
    writeLine(ctx.stdout, `Total reclaimed space: ${humanSize(res.SpaceReclaimed)}`);
    return 0;
  },
};

/** docker's prompt: "Are you sure you want to continue? [y/N]"; anything but y/Y declines. */
export async function confirm(ctx: CliContext, warning: string): Promise<boolean> {
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
    writeLine(ctx.stdout, "Total reclaimed space: 0B");
    return false;
  }
  return true;
}

export const imageCommands: Command[] = [
  images,
  rmi,
  tag,
  imageInspect,
  history,
  load,
  save,
  importCmd,
  imagePrune,
];
