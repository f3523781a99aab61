/**
 * `berth compose exec` and `run`: the container is found (exec) or created (run) the Compose
 * way, then berth's own `exec` / `start --attach` do the streaming, so the TTY, signal and
 * exit-code handling is the one `berth exec` / `berth run` already have.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { projectContainers, selectServices } from "../../../compose/engine/state.ts";
import { createContainer, prepareProject, up as upProject } from "../../../compose/engine/up.ts";
import { CliError, list, str, writeLine } from "../../command.ts";
import { exec as execCommand } from "../container/exec.ts";
import { start as startCommand } from "../container/start.ts";
import type { ComposeCommand } from "./common.ts";

export const exec: ComposeCommand = {
  name: "exec",
  usage: "exec [OPTIONS] SERVICE COMMAND [ARGS...]",
  description: "Execute a command in a running container",
  interspersed: false,
  flags: [
    { name: "detach", short: "d", type: "bool", description: "Detached mode: Run command in the background" },
    {
      name: "no-TTY",
      short: "T",
      type: "bool",
      description: "Disable pseudo-TTY allocation. By default `berth compose exec` allocates a TTY.",
    },
    { name: "env", short: "e", type: "list", description: "Set environment variables" },
    { name: "user", short: "u", type: "string", description: "Run the command as this user" },
    {
      name: "workdir",
      short: "w",
      type: "string",
      description: "Path to workdir directory for this command",
    },
    {
      name: "index",
      type: "int",
      default: 1,
      description: "Index of the container if service has multiple replicas",
    },
    { name: "privileged", type: "bool", description: "Give extended privileges to the process" },
  ],
  async run(ctx, env, flags, args) {
    const [service, ...cmd] = args;
    if (!service || cmd.length === 0)
      throw new CliError('"berth compose exec" requires at least 2 arguments: SERVICE COMMAND', 1);
    const project = await env.project();
    if (!project.services[service]) throw new Error(`no such service: ${service}`);
    const c = (await projectContainers(ctx.client, project.name, { all: false, services: [service] })).find(
      (x) => x.number === flags.index,
    );
    if (!c) throw new CliError(`service "${service}" is not running`, 1);
    return execCommand.run(
      ctx,
      {
        detach: flags.detach,
        tty: !flags["no-TTY"] && Boolean(ctx.stdin.isTTY),
        interactive: !flags.detach,
        env: list(flags, "env"),
        "env-file": [],
        user: str(flags, "user"),
        workdir: str(flags, "workdir"),
        privileged: flags.privileged,
      },
      [c.id, ...cmd],
    );
  },
};

function portBinding(spec: string): [string, { HostIp: string; HostPort: string }] {
  const [addr, proto = "tcp"] = spec.split("/");
  const parts = addr.split(":");
  const target = parts.pop();
  const hostPort = parts.pop() ?? "";
  const hostIp = parts.join(":");
  if (!target || !/^\d+$/.test(target)) throw new CliError(`invalid port "${spec}"`, 1);
  return [`${target}/${proto}`, { HostIp: hostIp, HostPort: hostPort }];
}

export const run: ComposeCommand = {
  name: "run",
  usage: "run [OPTIONS] SERVICE [COMMAND] [ARGS...]",
  description: "Run a one-off command on a service",
  interspersed: false,
  flags: [
    {
      name: "detach",
      short: "d",
      type: "bool",
      description: "Run container in background and print container ID",
    },
    { name: "rm", type: "bool", description: "Automatically remove the container when it exits" },
    { name: "env", short: "e", type: "list", description: "Set environment variables" },
    { name: "label", short: "l", type: "list", description: "Add or override a label" },
    { name: "name", type: "string", description: "Assign a name to the container" },
    { name: "entrypoint", type: "string", description: "Override the entrypoint of the image" },
    { name: "user", short: "u", type: "string", description: "Run as specified username or uid" },
    { name: "workdir", short: "w", type: "string", description: "Working directory inside the container" },
    { name: "no-deps", type: "bool", description: "Don't start linked services" },
    {
      name: "service-ports",
      type: "bool",
      description: "Run command with all service's ports enabled and mapped to the host",
    },
    {
      name: "no-TTY",
      short: "T",
      type: "bool",
      description: "Disable pseudo-TTY allocation (default: auto-detected)",
    },
    {
      name: "interactive",
      short: "i",
      type: "bool",
      default: true,
      description: "Keep STDIN open even if not attached",
    },
    { name: "volume", short: "v", type: "list", description: "Bind mount a volume" },
    { name: "publish", short: "p", type: "list", description: "Publish a container's port(s) to the host" },
    { name: "build", type: "bool", description: "Build image before starting container" },
  ],
  async run(ctx, env, flags, args) {
    const [service, ...cmd] = args;
    if (!service) throw new CliError('"berth compose run" requires at least 1 argument: SERVICE', 1);
    const project = await env.project();
    const svc = project.services[service];
    if (!svc) throw new Error(`no such service: ${service}`);
    if (flags.detach && flags.rm) throw new CliError("--detach and --rm cannot be combined", 1);
    if (!flags["no-deps"]) {
      const deps = selectServices(project, [service]).filter((s) => s !== service);
      if (deps.length)
        await upProject(ctx.client, project, { services: deps }, env.progress, (t) => ctx.stderr.write(t));
    }
    await prepareProject(ctx.client, project, [service], { build: Boolean(flags.build) }, env.progress, (t) =>
      ctx.stderr.write(t),
    );
    const name = str(flags, "name") ?? `${project.name}-${service}-run-${randomBytes(6).toString("hex")}`;
    const tty = !flags["no-TTY"] && Boolean(ctx.stdin.isTTY) && !flags.detach;
    const interactive = Boolean(flags.interactive) && !flags.detach;
    const id = await createContainer(
      ctx.client,
      project,
      svc,
      1,
      () => {},
      { oneoff: true, name, publish: Boolean(flags["service-ports"]) },
      (body) => {
        if (cmd.length) body.Cmd = cmd;
        const entrypoint = str(flags, "entrypoint");
        if (entrypoint !== undefined) body.Entrypoint = entrypoint.split(/\s+/).filter(Boolean);
        body.Env = [...(body.Env ?? []), ...list(flags, "env")];
        const user = str(flags, "user");
        if (user) body.User = user;
        const wd = str(flags, "workdir");
        if (wd) body.WorkingDir = wd;
        for (const l of list(flags, "label")) {
          const eq = l.indexOf("=");
          body.Labels = { ...body.Labels, [eq < 0 ? l : l.slice(0, eq)]: eq < 0 ? "" : l.slice(eq + 1) };
        }
        const hc = (body.HostConfig ??= {});
        for (const v of list(flags, "volume")) {
          const [src, ...rest] = v.split(":");
          const abs = src.startsWith(".") ? path.resolve(project.working_dir, src) : src;
          hc.Binds = [...(hc.Binds ?? []), [abs, ...rest].join(":")];
        }
        for (const p of list(flags, "publish")) {
          const [key, b] = portBinding(p);
          hc.PortBindings = { ...hc.PortBindings, [key]: [...(hc.PortBindings?.[key] ?? []), b] };
          body.ExposedPorts = { ...body.ExposedPorts, [key]: {} };
        }
        if (flags.rm) hc.AutoRemove = true;
        body.Tty = tty;
        body.OpenStdin = interactive;
        body.StdinOnce = interactive;
        body.AttachStdin = interactive;
        body.AttachStdout = !flags.detach;
        body.AttachStderr = !flags.detach;
        // The restart policy is the service's, not a one-off's (Compose drops it too).
        hc.RestartPolicy = undefined;
      },
    );
    if (flags.detach) {
      await ctx.client.ok("POST", `/containers/${id}/start`);
      writeLine(ctx.stdout, name);
      return 0;
    }
    return startCommand.run(ctx, { attach: true, interactive }, [id]);
  },
};
