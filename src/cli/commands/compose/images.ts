/** `berth compose build|pull|push|images`. */
import { buildService, pullImage, pushImage } from "../../../compose/engine/images.ts";
import { imageName } from "../../../compose/engine/labels.ts";
import { projectContainers } from "../../../compose/engine/state.ts";
import { humanSize, shortId } from "../../../format/units.ts";
import { writeLine } from "../../command.ts";
import { type ComposeCommand, table } from "./common.ts";

function selected(project: { services: Record<string, unknown> }, args: string[]): string[] {
  for (const a of args) if (!project.services[a]) throw new Error(`no such service: ${a}`);
  return args.length ? args : Object.keys(project.services);
}

export const build: ComposeCommand = {
  name: "build",
  usage: "build [OPTIONS] [SERVICE...]",
  description: "Build or rebuild services",
  flags: [
    { name: "no-cache", type: "bool", description: "Do not use cache when building the image" },
    { name: "pull", type: "bool", description: "Always attempt to pull a newer version of the image" },
    { name: "quiet", short: "q", type: "bool", description: "Don't print anything to STDOUT" },
    { name: "build-arg", type: "list", description: "Set build-time variables for services" },
  ],
  async run(ctx, env, flags, args) {
    const project = await env.project();
    for (const arg of (flags["build-arg"] as string[]) ?? []) {
      const eq = arg.indexOf("=");
      const [k, v] = eq < 0 ? [arg, process.env[arg] ?? null] : [arg.slice(0, eq), arg.slice(eq + 1)];
      for (const s of Object.values(project.services))
        if (s.build) s.build.args = { ...s.build.args, [k]: v };
    }
    for (const name of selected(project, args)) {
      const s = project.services[name];
      if (!s.build) continue;
      env.progress("Service", name, "Building");
      await buildService(
        ctx.client,
        project,
        s,
        { noCache: Boolean(flags["no-cache"]), pull: Boolean(flags.pull) },
        (t) => {
          if (!flags.quiet) ctx.stdout.write(t);
        },
      );
      env.progress("Service", name, "Built");
    }
    return 0;
  },
};

export const pull: ComposeCommand = {
  name: "pull",
  usage: "pull [OPTIONS] [SERVICE...]",
  description: "Pull service images",
  flags: [
    { name: "ignore-buildable", type: "bool", description: "Ignore images that can be built" },
    {
      name: "ignore-pull-failures",
      type: "bool",
      description: "Pull what it can and ignores images with pull failures",
    },
    { name: "quiet", short: "q", type: "bool", description: "Pull without printing progress information" },
  ],
  async run(ctx, env, flags, args) {
    const project = await env.project();
    for (const name of selected(project, args)) {
      const s = project.services[name];
      if (!s.image || (s.build && flags["ignore-buildable"])) continue;
      try {
        await pullImage(ctx.client, s.image, flags.quiet ? () => {} : env.progress, name);
      } catch (err) {
        if (!flags["ignore-pull-failures"] && !s.build) throw err;
        env.progress("Service", name, `Warn: ${(err as Error).message}`);
      }
    }
    return 0;
  },
};

export const push: ComposeCommand = {
  name: "push",
  usage: "push [OPTIONS] [SERVICE...]",
  description: "Push service images",
  flags: [
    {
      name: "ignore-push-failures",
      type: "bool",
      description: "Push what it can and ignores images with push failures",
    },
    { name: "quiet", short: "q", type: "bool", description: "Push without printing progress information" },
  ],
  async run(ctx, env, flags, args) {
    const project = await env.project();
    for (const name of selected(project, args)) {
      const s = project.services[name];
      if (!s.build && !s.image) continue;
      // Compose pushes the images it builds (and tagged ones it was told about), not pulled ones.
      if (!s.build) continue;
      for (const ref of [imageName(project, s), ...(s.build.tags ?? [])]) {
        try {
          await pushImage(ctx.client, ref, flags.quiet ? () => {} : env.progress, name);
        } catch (err) {
          if (!flags["ignore-push-failures"]) throw err;
          env.progress("Service", name, `Warn: ${(err as Error).message}`);
        }
      }
    }
    return 0;
  },
};

export const images: ComposeCommand = {
  name: "images",
  usage: "images [OPTIONS] [SERVICE...]",
  description: "List images used by the created containers",
  flags: [
    { name: "quiet", short: "q", type: "bool", description: "Only display IDs" },
    {
      name: "format",
      type: "string",
      default: "table",
      description: "Format the output. Values: [table | json]",
    },
  ],
  async run(ctx, env, flags, args) {
    const name = await env.projectName();
    const containers = await projectContainers(ctx.client, name, { all: true, services: args });
    const rows: {
      Container: string;
      Repository: string;
      Tag: string;
      ID: string;
      Size: number;
      Created: number;
    }[] = [];
    for (const c of containers) {
      const img = await ctx.client.json<{
        Id: string;
        RepoTags: string[] | null;
        Size: number;
        Created: string;
      }>("GET", `/images/${c.imageId}/json`);
      const ref = c.summary.Image;
      const colon = ref.lastIndexOf(":");
      const [repo, tag] =
        colon > ref.lastIndexOf("/") ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, "latest"];
      rows.push({
        Container: c.name,
        Repository: repo,
        Tag: tag,
        ID: img.Id,
        Size: img.Size,
        Created: Date.parse(img.Created),
      });
    }
    if (flags.quiet) {
      for (const id of new Set(rows.map((r) => r.ID))) writeLine(ctx.stdout, shortId(id));
      return 0;
    }
    if (flags.format === "json") {
      writeLine(ctx.stdout, JSON.stringify(rows));
      return 0;
    }
    ctx.stdout.write(
      table([
        ["CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE"],
        ...rows.map((r) => [r.Container, r.Repository, r.Tag, shortId(r.ID), humanSize(r.Size)]),
      ]),
    );
    return 0;
  },
};
