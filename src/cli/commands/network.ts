import { ApiError } from "../../client/client.ts";
import { shortId } from "../../format/units.ts";
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
import { apiFailure } from "./api-failure.ts";
import { confirm } from "./confirm.ts";
import { kvMap } from "./container/opts-values.ts";

interface NetworkResource {
  Name: string;
  Id: string;
  Created: string;
  Scope: string;
  Driver: string;
  EnableIPv4?: boolean;
  EnableIPv6: boolean;
  Internal: boolean;
  Labels: Record<string, string> | null;
}

/** Go's time.Time.String() of an RFC 3339 UTC time, as docker prints `.CreatedAt`: "2026-12-07 00:19:42.867 +0000 UTC". */
function goTime(rfc3339: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(rfc3339);
  if (!m) return rfc3339;
  const frac = (m[3] ?? "").replace(/\.?0+$/, "");
  return `${m[1]} ${m[2]}${frac} +0000 UTC`;
}

const create: Command = {
  name: "network create",
  usage: "network create [OPTIONS] NETWORK",
  description: "Create a network",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: "attachable", type: "bool", description: "Enable manual container attachment" },
    {
      name: "driver",
      short: "d",
      type: "string",
      description: 'Driver to manage the Network (default "bridge")',
    },
    { name: "gateway", type: "list", description: "IPv4 or IPv6 Gateway for the master subnet" },
    { name: "internal", type: "bool", description: "Restrict external access to the network" },
    { name: "ip-range", type: "list", description: "Allocate container ip from a sub-range" },
    { name: "ipam-driver", type: "string", description: 'IP Address Management Driver (default "default")' },
    { name: "ipam-opt", type: "list", description: "Set IPAM driver specific options" },
    { name: "ipv6", type: "bool", description: "Enable IPv6 networking" },
    { name: "label", type: "list", description: "Set metadata on a network" },
    { name: "opt", short: "o", type: "list", description: "Set driver specific options" },
    { name: "subnet", type: "list", description: "Subnet in CIDR format that represents a network segment" },
  ],
  async run(ctx, flags, [name]) {
    const subnets = list(flags, "subnet");
    const gateways = list(flags, "gateway");
    const ranges = list(flags, "ip-range");
    // docker's CLI pairs each gateway/range with the subnet that holds it; with one
    // subnet (all berth supports) that is a positional pairing, checked by berthd.
    if (gateways.length > subnets.length || ranges.length > subnets.length) {
      throw new CliError("every ip-range or gateway must have a corresponding subnet", 125);
    }
    const config = subnets.map((Subnet, i) => ({ Subnet, Gateway: gateways[i], IPRange: ranges[i] }));
    try {
      const res = await ctx.client.json<{ Id: string; Warning?: string }>("POST", "/networks/create", {
        body: {
          Name: name,
          CheckDuplicate: true,
          Driver: str(flags, "driver") ?? "bridge",
          Internal: Boolean(flags.internal),
          Attachable: Boolean(flags.attachable),
          EnableIPv6: Boolean(flags.ipv6),
          IPAM: {
            Driver: str(flags, "ipam-driver") ?? "default",
            Config: config,
            Options: kvMap(list(flags, "ipam-opt")),
          },
          Options: kvMap(list(flags, "opt")),
          Labels: kvMap(list(flags, "label")),
        },
      });
      if (res.Warning) writeLine(ctx.stderr, res.Warning);
      writeLine(ctx.stdout, res.Id);
      return 0;
    } catch (err) {
      writeLine(ctx.stderr, apiFailure(err));
      return 1;
    }
  },
};

const ls: Command = {
  name: "network ls",
  aliases: ["network list"],
  usage: "network ls [OPTIONS]",
  description: "List networks",
  maxArgs: 0,
  flags: [
    { name: "filter", short: "f", type: "list", description: 'Provide filter values (e.g. "driver=bridge")' },
    formatFlag,
    { name: "no-trunc", type: "bool", description: "Do not truncate the output" },
    { name: "quiet", short: "q", type: "bool", description: "Only display network IDs" },
  ],
  async run(ctx, flags) {
    const nets = await ctx.client.json<NetworkResource[]>("GET", "/networks", {
      query: { filters: filtersJson(list(flags, "filter")) },
    });
    nets.sort((a, b) => a.Name.localeCompare(b.Name));
    const noTrunc = Boolean(flags["no-trunc"]);
    const id = (n: NetworkResource) => (noTrunc ? n.Id : shortId(n.Id));
    if (flags.quiet) {
      for (const n of nets) writeLine(ctx.stdout, id(n));
      return 0;
    }
    // The fields of docker's networkContext, in the sorted order its `{{json .}}` prints.
    const rows = nets.map((n) => ({
      CreatedAt: goTime(n.Created),
      Driver: n.Driver,
      ID: id(n),
      // API 1.44 has no EnableIPv4: docker's CLI then prints false, and so does berth's.
      IPv4: String(n.EnableIPv4 ?? false),
      IPv6: String(n.EnableIPv6),
      Internal: String(n.Internal),
      Labels: Object.entries(n.Labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
      Name: n.Name,
      Scope: n.Scope,
    }));
    printRows(ctx.stdout, str(flags, "format"), "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}", rows, {
      ID: "NETWORK ID",
      Name: "NAME",
      Driver: "DRIVER",
      Scope: "SCOPE",
      IPv4: "IPV4",
      IPv6: "IPV6",
      Internal: "INTERNAL",
      Labels: "LABELS",
      CreatedAt: "CREATED AT",
    });
    return 0;
  },
};

const inspect: Command = {
  name: "network inspect",
  usage: "network inspect [OPTIONS] NETWORK [NETWORK...]",
  description: "Display detailed information on one or more networks",
  minArgs: 1,
  flags: [
    { ...formatFlag, short: "f" },
    { name: "verbose", short: "v", type: "bool", description: "Verbose output for diagnostics" },
  ],
  async run(ctx, flags, args) {
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const n of args) {
      try {
        found.push(await ctx.client.json("GET", `/networks/${encodeURIComponent(n)}`));
      } catch (err) {
        errors.push(
          err instanceof ApiError && err.status === 404 ? `Error: No such network: ${n}` : apiFailure(err),
        );
      }
    }
    printInspect(ctx.stdout, str(flags, "format"), found);
    for (const e of errors) writeLine(ctx.stderr, e);
    return errors.length ? 1 : 0;
  },
};

const rm: Command = {
  name: "network rm",
  aliases: ["network remove"],
  usage: "network rm NETWORK [NETWORK...]",
  description: "Remove one or more networks",
  minArgs: 1,
  flags: [
    { name: "force", short: "f", type: "bool", description: "Do not error if the network does not exist" },
  ],
  async run(ctx, flags, args) {
    let failed = false;
    for (const n of args) {
      try {
        await ctx.client.ok("DELETE", `/networks/${encodeURIComponent(n)}`);
        writeLine(ctx.stdout, n);
      } catch (err) {
        if (flags.force && err instanceof ApiError && err.status === 404) continue;
        writeLine(ctx.stderr, apiFailure(err));
        failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};

const prune: Command = {
  name: "network prune",
  usage: "network prune [OPTIONS]",
  description: "Remove all unused networks",
  maxArgs: 0,
  flags: [
    { name: "filter", type: "list", description: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  async run(ctx, flags) {
    const warning = "WARNING! This will remove all custom networks not used by at least one container.";
    if (!flags.force && !(await confirm(ctx, warning))) return 0;
    const res = await ctx.client.json<{ NetworksDeleted: string[] | null }>("POST", "/networks/prune", {
      query: { filters: filtersJson(list(flags, "filter")) },
    });
    if (res.NetworksDeleted?.length) {
      writeLine(ctx.stdout, "Deleted Networks:");
      for (const n of res.NetworksDeleted) writeLine(ctx.stdout, n);
      writeLine(ctx.stdout);
    }
    return 0;
  },
};

async function connectOrDisconnect(
  ctx: CliContext,
  verb: "connect" | "disconnect",
  body: unknown,
  network: string,
) {
  try {
    await ctx.client.ok("POST", `/networks/${encodeURIComponent(network)}/${verb}`, { body });
    return 0;
  } catch (err) {
    writeLine(ctx.stderr, apiFailure(err));
    return 1;
  }
}

const connect: Command = {
  name: "network connect",
  usage: "network connect [OPTIONS] NETWORK CONTAINER",
  description: "Connect a container to a network",
  minArgs: 2,
  maxArgs: 2,
  flags: [
    { name: "alias", type: "list", description: "Add network-scoped alias for the container" },
    { name: "driver-opt", type: "list", description: "driver options for the network" },
    { name: "ip", type: "string", description: "IPv4 address (e.g., 172.30.100.104)" },
    { name: "ip6", type: "string", description: "IPv6 address (e.g., 2001:db8::33)" },
    { name: "link", type: "list", description: "Add link to another container" },
    { name: "link-local-ip", type: "list", description: "Add a link-local address for the container" },
  ],
  run(ctx, flags, [network, container]) {
    const ipv4 = str(flags, "ip");
    const ipv6 = str(flags, "ip6");
    return connectOrDisconnect(
      ctx,
      "connect",
      {
        Container: container,
        EndpointConfig: {
          IPAMConfig: ipv4 || ipv6 ? { IPv4Address: ipv4 ?? "", IPv6Address: ipv6 ?? "" } : undefined,
          Aliases: list(flags, "alias"),
          Links: list(flags, "link"),
          DriverOpts: kvMap(list(flags, "driver-opt")),
        },
      },
      network,
    );
  },
};

const disconnect: Command = {
  name: "network disconnect",
  usage: "network disconnect [OPTIONS] NETWORK CONTAINER",
  description: "Disconnect a container from a network",
  minArgs: 2,
  maxArgs: 2,
  flags: [
    {
      name: "force",
      short: "f",
      type: "bool",
      description: "Force the container to disconnect from a network",
    },
  ],
  run(ctx, flags, [network, container]) {
    return connectOrDisconnect(
      ctx,
      "disconnect",
      { Container: container, Force: Boolean(flags.force) },
      network,
    );
  },
};

export const networkCommands: Command[] = [create, ls, inspect, rm, prune, connect, disconnect];
