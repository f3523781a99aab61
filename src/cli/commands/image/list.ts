/** `berth images` (docker/cli's image/list.go and formatter/image.go). */
import { humanSize, shortId, timeAgo } from "../../../format/units.ts";
import type { ImageSummary } from "../../../types/image.ts";
import { type Command, filtersJson, formatFlag, list, str, writeLine } from "../../command.ts";
import { goTimeString } from "../../format/go-time.ts";
import { printRows } from "../../output.ts";

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

export const images: Command = {
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
