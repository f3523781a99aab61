/** `berth compose ps|ls|top|port|version`. */
import { COMPOSE_VERSION, L } from "../../../compose/engine/labels.ts";
import { projectContainers, toProjectContainer } from "../../../compose/engine/state.ts";
import { inspect } from "../../../compose/engine/up.ts";
import type { ContainerSummary } from "../../../types/container.ts";
import { CliError, writeLine } from "../../command.ts";
import { renderTemplate } from "../../format/template.ts";
import { ContainerRow } from "../container/formatter.ts";
import { type ComposeCommand, table } from "./common.ts";

const STATUSES = ["paused", "restarting", "removing", "running", "dead", "created", "exited"];

export const ps: ComposeCommand = {
  name: "ps",
  usage: "ps [OPTIONS] [SERVICE...]",
  description: "List containers",
  flags: [
    {
      name: "all",
      short: "a",
      type: "bool",
      description: "Show all stopped containers (including those created by the run command)",
    },
    { name: "quiet", short: "q", type: "bool", description: "Only display IDs" },
    { name: "services", type: "bool", description: "Display services" },
    {
      name: "format",
      type: "string",
      default: "table",
      description: "Format output using a custom template: 'table', 'json' or a Go template",
    },
    {
      name: "status",
      type: "list",
      description:
        "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]",
    },
    {
      name: "filter",
      type: "list",
      description: "Filter services by a property (supported filters: status).",
    },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
  ],
  async run(ctx, env, flags, args) {
    const name = await env.projectName();
    const statuses = [...((flags.status as string[]) ?? [])];
    for (const f of (flags.filter as string[]) ?? []) {
      const [k, v] = f.split("=");
      if (k !== "status" || !v)
        throw new CliError(`invalid filter "${f}": berth compose ps filters on status only`, 1);
      statuses.push(v);
    }
    for (const s of statuses)
      if (!STATUSES.includes(s))
        throw new CliError(`invalid status "${s}": expected one of ${STATUSES.join(", ")}`, 1);
    let containers = await projectContainers(ctx.client, name, {
      all: Boolean(flags.all) || statuses.length > 0,
      oneoff: Boolean(flags.all),
      services: args,
    });
    if (statuses.length) containers = containers.filter((c) => statuses.includes(c.state));
    if (flags.services) {
      for (const s of new Set(containers.map((c) => c.service))) writeLine(ctx.stdout, s);
      return 0;
    }
    if (flags.quiet) {
      for (const c of containers) writeLine(ctx.stdout, c.id);
      return 0;
    }
    const rows = containers.map((c) => {
      const r = new ContainerRow(c.summary, !flags["no-trunc"]);
      return {
        ID: c.id,
        Name: c.name,
        Names: c.name,
        Image: c.summary.Image,
        Command: r.Command,
        Project: name,
        Service: c.service,
        Created: c.summary.Created,
        CreatedAt: r.CreatedAt,
        RunningFor: r.RunningFor,
        State: c.state,
        Status: c.summary.Status,
        Health:
          /\((healthy|unhealthy|health: starting)\)/.exec(c.summary.Status)?.[1]?.replace("health: ", "") ??
          "",
        ExitCode: Number(/^Exited \((\d+)\)/.exec(c.summary.Status)?.[1] ?? 0),
        Ports: r.Ports,
        Labels: r.Labels,
        Publishers: (c.summary.Ports ?? []).map((p) => ({
          URL: p.IP ?? "",
          TargetPort: p.PrivatePort,
          PublishedPort: p.PublicPort ?? 0,
          Protocol: p.Type,
        })),
      };
    });
    const format = (flags.format as string) || "table";
    if (format === "json") {
      for (const r of rows) writeLine(ctx.stdout, JSON.stringify(r));
      return 0;
    }
    if (format === "table") {
      ctx.stdout.write(
        table([
          ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"],
          ...rows.map((r) => [r.Name, r.Image, r.Command, r.Service, r.RunningFor, r.Status, r.Ports]),
        ]),
      );
      return 0;
    }
    for (const r of rows) writeLine(ctx.stdout, renderTemplate(format, r));
    return 0;
  },
};

export const ls: ComposeCommand = {
  name: "ls",
  usage: "ls [OPTIONS]",
  description: "List running compose projects",
  flags: [
    { name: "all", short: "a", type: "bool", description: "Show all stopped Compose projects" },
    { name: "quiet", short: "q", type: "bool", description: "Only display project names" },
    {
      name: "format",
      type: "string",
      default: "table",
      description: "Format the output. Values: [table | json]",
    },
    { name: "filter", type: "list", description: "Filter output based on conditions provided" },
  ],
  async run(ctx, _env, flags) {
    const filterNames: string[] = [];
    for (const f of (flags.filter as string[]) ?? []) {
      const [k, v] = f.split("=");
      if (k !== "name" || !v)
        throw new CliError(`invalid filter "${f}": berth compose ls filters on name only`, 1);
      filterNames.push(v);
    }
    const list = await ctx.client.json<ContainerSummary[]>("GET", "/containers/json", {
      query: { all: true, filters: JSON.stringify({ label: [L.project] }) },
    });
    const projects = new Map<string, { states: Map<string, number>; files: Set<string> }>();
    for (const s of list) {
      const c = toProjectContainer(s);
      const p = s.Labels?.[L.project] ?? "";
      if (filterNames.length && !filterNames.some((n) => p.includes(n))) continue;
      const e = projects.get(p) ?? { states: new Map(), files: new Set() };
      e.states.set(c.state, (e.states.get(c.state) ?? 0) + 1);
      const files = s.Labels?.[L.configFiles];
      if (files) e.files.add(files);
      projects.set(p, e);
    }
    const rows = [...projects.entries()]
      .filter(([, e]) => flags.all || e.states.has("running"))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([Name, e]) => ({
        Name,
        Status: [...e.states.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([st, n]) => `${st}(${n})`)
          .join(", "),
        ConfigFiles: [...e.files].join(","),
      }));
    if (flags.quiet) {
      for (const r of rows) writeLine(ctx.stdout, r.Name);
      return 0;
    }
    if (flags.format === "json") {
      writeLine(ctx.stdout, JSON.stringify(rows));
      return 0;
    }
    if (flags.format !== "table")
      throw new CliError(`format value "${flags.format}" could not be parsed: expected table or json`, 1);
    ctx.stdout.write(
      table([["NAME", "STATUS", "CONFIG FILES"], ...rows.map((r) => [r.Name, r.Status, r.ConfigFiles])]),
    );
    return 0;
  },
};

export const top: ComposeCommand = {
  name: "top",
  usage: "top [SERVICES...]",
  description: "Display the running processes",
  flags: [],
  async run(ctx, env, _flags, args) {
    const name = await env.projectName();
    const containers = await projectContainers(ctx.client, name, { all: false, services: args });
    for (const c of containers) {
      const t = await ctx.client.json<{ Titles: string[]; Processes: string[][] }>(
        "GET",
        `/containers/${c.id}/top`,
      );
      writeLine(ctx.stdout, c.name);
      ctx.stdout.write(table([t.Titles, ...t.Processes]));
      writeLine(ctx.stdout);
    }
    return 0;
  },
};

export const port: ComposeCommand = {
  name: "port",
  usage: "port [OPTIONS] SERVICE PRIVATE_PORT",
  description: "Print the public port for a port binding",
  flags: [
    {
      name: "index",
      type: "int",
      default: 1,
      description: "Index of the container if service has multiple replicas",
    },
    { name: "protocol", type: "string", default: "tcp", description: "tcp or udp" },
  ],
  async run(ctx, env, flags, args) {
    if (args.length !== 2)
      throw new CliError('"berth compose port" requires exactly 2 arguments: SERVICE PRIVATE_PORT', 1);
    const [service, privatePort] = args;
    const name = await env.projectName();
    const c = (await projectContainers(ctx.client, name, { all: false, services: [service] })).find(
      (x) => x.number === flags.index,
    );
    if (!c) throw new CliError(`service "${service}" is not running container #${flags.index}`, 1);
    const info = await inspect(ctx.client, c.id);
    const bindings = (
      info.NetworkSettings?.Ports as Record<string, { HostIp: string; HostPort: string }[] | null> | undefined
    )?.[`${privatePort}/${flags.protocol}`];
    if (!bindings?.length)
      throw new CliError(`no port ${privatePort}/${flags.protocol} for container ${c.name}`, 1);
    const b = bindings[0];
    writeLine(ctx.stdout, `${b.HostIp || "0.0.0.0"}:${b.HostPort}`);
    return 0;
  },
};

export const version: ComposeCommand = {
  name: "version",
  usage: "version [OPTIONS]",
  description: "Show the Docker Compose version information",
  flags: [
    { name: "short", type: "bool", description: "Shows only Compose's version number" },
    { name: "format", short: "f", type: "string", description: "Format the output. Values: [pretty | json]" },
  ],
  async run(ctx, _env, flags) {
    if (flags.short) writeLine(ctx.stdout, COMPOSE_VERSION);
    else if (flags.format === "json")
      writeLine(ctx.stdout, JSON.stringify({ version: `v${COMPOSE_VERSION}` }));
    else
      writeLine(
        ctx.stdout,
        `berth compose version v${COMPOSE_VERSION} (the Compose v2 command set and labels)`,
      );
    return 0;
  },
};
