// The commands on a container's filesystem layer: diff, commit, export, and system df.

import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { humanSizeWithPrecision, timeAgo } from "../../format/units.ts";
import { familiarString, parseNormalizedNamed } from "../../image/reference.ts";
import type { DiskUsage } from "../../types/system.ts";
import { CliError, type Command, list, str, writeLine } from "../command.ts";
import { TabWriter } from "../format/template.ts";

const cpath = (n: string) => `/containers/${encodeURIComponent(n)}`;

const diff: Command = {
  name: "diff",
  aliases: ["container diff"],
  usage: "diff CONTAINER",
  description: "Inspect changes to files or directories on a container's filesystem",
  minArgs: 1,
  maxArgs: 1,
  flags: [],
  async run(ctx, _flags, [name]) {
    const changes = await ctx.client.json<{ Path: string; Kind: number }[] | null>(
      "GET",
      `${cpath(name)}/changes`,
    );
    for (const c of changes ?? []) writeLine(ctx.stdout, `${["C", "A", "D"][c.Kind] ?? "?"} ${c.Path}`);
    return 0;
  },
};

const commit: Command = {
  name: "commit",
  aliases: ["container commit"],
  usage: "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
  description: "Create a new image from a container's changes",
  minArgs: 1,
  maxArgs: 2,
  flags: [
    {
      name: "author",
      short: "a",
      type: "string",
      description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")',
    },
    {
      name: "change",
      short: "c",
      type: "list",
      description: "Apply Dockerfile instruction to the created image",
    },
    { name: "message", short: "m", type: "string", description: "Commit message" },
    {
      name: "pause",
      short: "p",
      type: "bool",
      default: true,
      description: "Pause container during commit",
    },
  ],
  async run(ctx, flags, [name, repoTag]) {
    let repo: string | undefined;
    let tag: string | undefined;
    if (repoTag) {
      try {
        const ref = parseNormalizedNamed(repoTag);
        repo = familiarString({ domain: ref.domain, path: ref.path });
        tag = ref.tag;
      } catch (err) {
        throw new CliError(`invalid reference format: ${(err as Error).message}`, 1);
      }
    }
    const res = await ctx.client.json<{ Id: string }>("POST", "/commit", {
      query: {
        container: name,
        repo,
        tag,
        comment: str(flags, "message"),
        author: str(flags, "author"),
        pause: flags.pause !== false,
        changes: list(flags, "change"),
      },
    });
    writeLine(ctx.stdout, res.Id);
    return 0;
  },
};

const exportCmd: Command = {
  name: "export",
  aliases: ["container export"],
  usage: "export [OPTIONS] CONTAINER",
  description: "Export a container's filesystem as a tar archive",
  minArgs: 1,
  maxArgs: 1,
  flags: [{ name: "output", short: "o", type: "string", description: "Write to a file, instead of STDOUT" }],
  async run(ctx, flags, [name]) {
    const file = str(flags, "output");
    if (!file && ctx.stdout.isTTY) {
      throw new CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1);
    }
    const res = await ctx.client.call("GET", `${cpath(name)}/export`);
    if (file) {
      const tmp = `${file}.tmp-${process.pid}`;
      await pipeline(res.body, createWriteStream(tmp));
      await rename(tmp, file);
    } else {
      await pipeline(res.body, ctx.stdout, { end: false });
    }
    return 0;
  },
};

/** go-units HumanSize, as `docker system df` prints sizes: 4 significant digits. */
const humanSize = (n: number) => humanSizeWithPrecision(n, 4);

function reclaimable(reclaim: number, total: number, withPercent = true): string {
  if (!withPercent) return humanSize(reclaim);
  const pct = total > 0 ? Math.trunc((reclaim * 100) / total) : 0;
  return `${humanSize(reclaim)} (${pct}%)`;
}

const systemDf: Command = {
  name: "system df",
  usage: "system df [OPTIONS]",
  description: "Show berth disk usage",
  maxArgs: 0,
  flags: [
    { name: "verbose", short: "v", type: "bool", description: "Show detailed information on space usage" },
  ],
  async run(ctx, flags) {
    const du = await ctx.client.json<DiskUsage>("GET", "/system/df");
    const tw = new TabWriter(10, 1, 3);
    const activeImages = du.Images.filter((i) => i.Containers > 0);
    // docker/cli's DiskUsageImagesContext: what active images use uniquely stays.
    const used = activeImages.reduce((s, i) => s + i.Size - i.SharedSize, 0);
    const containers = du.Containers;
    const ctrSize = containers.reduce((s, c) => s + (c.SizeRw ?? 0), 0);
    const ctrReclaim = containers
      .filter((c) => c.State !== "running" && c.State !== "paused")
      .reduce((s, c) => s + (c.SizeRw ?? 0), 0);
    // docker/cli's diskUsageVolumesContext: a size of -1 (not computed) counts as nothing.
    const sized = du.Volumes.filter((v) => (v.UsageData?.Size ?? -1) >= 0);
    const volSize = sized.reduce((s, v) => s + (v.UsageData?.Size ?? 0), 0);
    const volReclaim = sized
      .filter((v) => v.UsageData?.RefCount === 0)
      .reduce((s, v) => s + (v.UsageData?.Size ?? 0), 0);
    const volActive = du.Volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length;
    // docker/cli's diskUsageBuildCacheContext: shared records are the images' bytes.
    const cacheSize = du.BuildCache.filter((b) => !b.Shared).reduce((s, b) => s + b.Size, 0);
    const cacheInUse = du.BuildCache.filter((b) => b.InUse && !b.Shared).reduce((s, b) => s + b.Size, 0);
    const cacheActive = du.BuildCache.filter((b) => b.InUse).length;
    tw.write("TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE\n");
    tw.write(
      `Images\t${du.Images.length}\t${activeImages.length}\t${humanSize(du.LayersSize)}\t${reclaimable(du.LayersSize - used, du.LayersSize)}\n`,
    );
    tw.write(
      `Containers\t${containers.length}\t${containers.length - containers.filter((c) => c.State !== "running" && c.State !== "paused").length}\t${humanSize(ctrSize)}\t${reclaimable(ctrReclaim, ctrSize)}\n`,
    );
    tw.write(
      `Local Volumes\t${du.Volumes.length}\t${volActive}\t${humanSize(volSize)}\t${reclaimable(volReclaim, volSize, volSize > 0)}\n`,
    );
    tw.write(
      `Build Cache\t${du.BuildCache.length}\t${cacheActive}\t${humanSize(cacheSize)}\t${humanSize(cacheSize - cacheInUse)}\n`,
    );
    if (!flags.verbose) {
      ctx.stdout.write(tw.flush());
      return 0;
    }
    // -v: docker prints the detailed tables only.
    const now = Date.now();
    const it = new TabWriter(10, 1, 3);
    it.write("REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tSHARED SIZE\tUNIQUE SIZE\tCONTAINERS\n");
    for (const i of du.Images) {
      const tags = i.RepoTags?.length ? i.RepoTags : ["<none>:<none>"];
      for (const t of tags) {
        const at = t.lastIndexOf(":");
        it.write(
          `${t.slice(0, at)}\t${t.slice(at + 1)}\t${i.Id.replace(/^sha256:/, "").slice(0, 12)}\t${timeAgo(i.Created * 1000, now)}\t${humanSizeWithPrecision(i.Size, 3)}\t${humanSize(i.SharedSize)}\t${humanSize(i.Size - i.SharedSize)}\t${i.Containers}\n`,
        );
      }
    }
    ctx.stdout.write(`Images space usage:\n\n${it.flush()}`);
    const ct = new TabWriter(10, 1, 3);
    ct.write("CONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES\n");
    for (const c of containers) {
      const cmd = [...c.Command].length > 20 ? `${[...c.Command].slice(0, 19).join("")}…` : c.Command;
      ct.write(
        `${c.Id.slice(0, 12)}\t${c.Image}\t${JSON.stringify(cmd)}\t0\t${humanSize(c.SizeRw ?? 0)}\t${timeAgo(c.Created * 1000, now)}\t${c.Status}\t${(c.Names ?? []).map((n) => n.slice(1)).join(",")}\n`,
      );
    }
    ctx.stdout.write(`\nContainers space usage:\n\n${ct.flush()}`);
    const vt = new TabWriter(10, 1, 3);
    vt.write("VOLUME NAME\tLINKS\tSIZE\n");
    for (const v of du.Volumes) {
      const size = v.UsageData && v.UsageData.Size >= 0 ? humanSize(v.UsageData.Size) : "N/A";
      vt.write(`${v.Name}\t${v.UsageData?.RefCount ?? "N/A"}\t${size}\n`);
    }
    ctx.stdout.write(`\nLocal Volumes space usage:\n\n${vt.flush()}`);
    const bt = new TabWriter(10, 1, 3);
    bt.write("CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED\n");
    for (const b of du.BuildCache) {
      const created = b.CreatedAt ? timeAgo(Date.parse(b.CreatedAt), now) : "";
      const used = b.LastUsedAt ? timeAgo(Date.parse(b.LastUsedAt), now) : "";
      bt.write(
        `${(b.ID ?? "").slice(0, 12)}\t${b.Type ?? ""}\t${humanSizeWithPrecision(b.Size, 3)}\t${created}\t${used}\t${b.UsageCount ?? 0}\t${b.Shared}\n`,
      );
    }
    ctx.stdout.write(`\nBuild cache usage: ${humanSize(cacheSize)}\n\n${bt.flush()}`);
    return 0;
  },
};

export const containerFsCommands: Command[] = [diff, commit, exportCmd, systemDf];
