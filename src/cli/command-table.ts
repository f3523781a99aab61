/**
 * Every berth command by name, with what `berth --help` and the lookup need, and where its
 * module is: only the module of the command being run is loaded (each ES module costs start-up
 * time). command-table.test.ts checks each entry against the command its module exports.
 */
import type { Command } from "./command.ts";

export interface CommandEntry {
  /** "images", or "image ls" for a subcommand. */
  name: string;
  aliases?: string[];
  description: string;
  load(): Promise<Command>;
}

/** The command of a module that still exports its group as one list. */
function named(commands: Command[], name: string): Command {
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) throw new Error(`load command ${name}: not in its module`);
  return cmd;
}

export const commandTable: CommandEntry[] = [
  {
    name: "run",
    aliases: ["container run"],
    description: "Create and run a new container from an image",
    load: () => import("./commands/container/run.ts").then((m) => m.run),
  },
  {
    name: "create",
    aliases: ["container create"],
    description: "Create a new container",
    load: () => import("./commands/container/create.ts").then((m) => m.create),
  },
  {
    name: "start",
    aliases: ["container start"],
    description: "Start one or more stopped containers",
    load: () => import("./commands/container/start.ts").then((m) => m.start),
  },
  {
    name: "attach",
    aliases: ["container attach"],
    description: "Attach local standard input, output, and error streams to a running container",
    load: () => import("./commands/container/attach.ts").then((m) => m.attach),
  },
  {
    name: "exec",
    aliases: ["container exec"],
    description: "Execute a command in a running container",
    load: () => import("./commands/container/exec.ts").then((m) => m.exec),
  },
  {
    name: "logs",
    aliases: ["container logs"],
    description: "Fetch the logs of a container",
    load: () => import("./commands/container/logs.ts").then((m) => m.logs),
  },
  {
    name: "ps",
    aliases: ["container ls", "container list", "container ps"],
    description: "List containers",
    load: () => import("./commands/container/list.ts").then((m) => m.ps),
  },
  {
    name: "stop",
    aliases: ["container stop"],
    description: "Stop one or more running containers",
    load: () => import("./commands/container/lifecycle.ts").then((m) => m.stop),
  },
  {
    name: "kill",
    aliases: ["container kill"],
    description: "Kill one or more running containers",
    load: () => import("./commands/container/lifecycle.ts").then((m) => m.kill),
  },
  {
    name: "restart",
    aliases: ["container restart"],
    description: "Restart one or more containers",
    load: () => import("./commands/container/lifecycle.ts").then((m) => m.restart),
  },
  {
    name: "rm",
    aliases: ["container rm", "container remove"],
    description: "Remove one or more containers",
    load: () => import("./commands/container/rm.ts").then((m) => m.rm),
  },
  {
    name: "pause",
    aliases: ["container pause"],
    description: "Pause all processes within one or more containers",
    load: () => import("./commands/container/lifecycle.ts").then((m) => m.pause),
  },
  {
    name: "unpause",
    aliases: ["container unpause"],
    description: "Unpause all processes within one or more containers",
    load: () => import("./commands/container/lifecycle.ts").then((m) => m.unpause),
  },
  {
    name: "rename",
    aliases: ["container rename"],
    description: "Rename a container",
    load: () => import("./commands/container/rename.ts").then((m) => m.rename),
  },
  {
    name: "wait",
    aliases: ["container wait"],
    description: "Block until one or more containers stop, then print their exit codes",
    load: () => import("./commands/container/wait.ts").then((m) => m.wait),
  },
  {
    name: "stats",
    aliases: ["container stats"],
    description: "Display a live stream of container(s) resource usage statistics",
    load: () => import("./commands/container/stats.ts").then((m) => m.stats),
  },
  {
    name: "top",
    aliases: ["container top"],
    description: "Display the running processes of a container",
    load: () => import("./commands/container/top.ts").then((m) => m.top),
  },
  {
    name: "port",
    aliases: ["container port"],
    description: "List port mappings or a specific mapping for the container",
    load: () => import("./commands/container/port.ts").then((m) => m.port),
  },
  {
    name: "update",
    aliases: ["container update"],
    description: "Update configuration of one or more containers",
    load: () => import("./commands/container/update.ts").then((m) => m.update),
  },
  {
    name: "container inspect",
    description: "Display detailed information on one or more containers",
    load: () => import("./commands/container/inspect.ts").then((m) => m.containerInspect),
  },
  {
    name: "container prune",
    description: "Remove all stopped containers",
    load: () => import("./commands/container/prune.ts").then((m) => m.containerPrune),
  },
  {
    name: "diff",
    aliases: ["container diff"],
    description: "Inspect changes to files or directories on a container's filesystem",
    load: () => import("./commands/container-fs.ts").then((m) => named(m.containerFsCommands, "diff")),
  },
  {
    name: "commit",
    aliases: ["container commit"],
    description: "Create a new image from a container's changes",
    load: () => import("./commands/container-fs.ts").then((m) => named(m.containerFsCommands, "commit")),
  },
  {
    name: "export",
    aliases: ["container export"],
    description: "Export a container's filesystem as a tar archive",
    load: () => import("./commands/container-fs.ts").then((m) => named(m.containerFsCommands, "export")),
  },
  {
    name: "system df",
    description: "Show berth disk usage",
    load: () => import("./commands/container-fs.ts").then((m) => named(m.containerFsCommands, "system df")),
  },
  {
    name: "builder prune",
    description: "Remove build cache",
    load: () => import("./commands/builder-prune.ts").then((m) => m.builderPrune),
  },
  {
    name: "system prune",
    description: "Remove unused data",
    load: () => import("./commands/system-prune.ts").then((m) => m.systemPrune),
  },
  {
    name: "cp",
    aliases: ["container cp"],
    description:
      "Copy files/folders between a container and the local filesystem\n\nUse '-' as the source to read a tar archive from stdin\nand extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a\ncontainer source to stdout.",
    load: () => import("./commands/cp.ts").then((m) => m.cp),
  },
  {
    name: "images",
    aliases: ["image ls", "image list"],
    description: "List images",
    load: () => import("./commands/image/list.ts").then((m) => m.images),
  },
  {
    name: "rmi",
    aliases: ["image rm", "image remove"],
    description: "Remove one or more images",
    load: () => import("./commands/image/remove.ts").then((m) => m.rmi),
  },
  {
    name: "tag",
    aliases: ["image tag"],
    description: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
    load: () => import("./commands/image/tag.ts").then((m) => m.tag),
  },
  {
    name: "image inspect",
    description: "Display detailed information on one or more images",
    load: () => import("./commands/image/inspect.ts").then((m) => m.imageInspect),
  },
  {
    name: "history",
    aliases: ["image history"],
    description: "Show the history of an image",
    load: () => import("./commands/image/history.ts").then((m) => m.history),
  },
  {
    name: "build",
    aliases: ["image build", "builder build"],
    description: "Build an image from a Dockerfile",
    load: () => import("./commands/image/build.ts").then((m) => m.build),
  },
  {
    name: "load",
    aliases: ["image load"],
    description: "Load an image from a tar archive or STDIN",
    load: () => import("./commands/image/archive.ts").then((m) => m.load),
  },
  {
    name: "save",
    aliases: ["image save"],
    description: "Save one or more images to a tar archive (streamed to STDOUT by default)",
    load: () => import("./commands/image/archive.ts").then((m) => m.save),
  },
  {
    name: "import",
    aliases: ["image import"],
    description: "Import the contents from a tarball to create a filesystem image",
    load: () => import("./commands/image/archive.ts").then((m) => m.importCmd),
  },
  {
    name: "image prune",
    description: "Remove unused images",
    load: () => import("./commands/image/prune.ts").then((m) => m.imagePrune),
  },
  {
    name: "pull",
    aliases: ["image pull"],
    description: "Download an image from a registry",
    load: () => import("./commands/registry.ts").then((m) => named(m.registryCommands, "pull")),
  },
  {
    name: "push",
    aliases: ["image push"],
    description: "Upload an image to a registry",
    load: () => import("./commands/registry.ts").then((m) => named(m.registryCommands, "push")),
  },
  {
    name: "login",
    description: "Authenticate to a registry",
    load: () => import("./commands/registry.ts").then((m) => named(m.registryCommands, "login")),
  },
  {
    name: "logout",
    description: "Log out from a registry",
    load: () => import("./commands/registry.ts").then((m) => named(m.registryCommands, "logout")),
  },
  {
    name: "search",
    description: "Search Docker Hub for images",
    load: () => import("./commands/registry.ts").then((m) => named(m.registryCommands, "search")),
  },
  {
    name: "version",
    description: "Show the berth version information",
    load: () => import("./commands/system.ts").then((m) => named(m.systemCommands, "version")),
  },
  {
    name: "info",
    aliases: ["system info"],
    description: "Display system-wide information",
    load: () => import("./commands/system.ts").then((m) => named(m.systemCommands, "info")),
  },
  {
    name: "events",
    aliases: ["system events"],
    description: "Get real time events from the server",
    load: () => import("./commands/system.ts").then((m) => named(m.systemCommands, "events")),
  },
  {
    name: "inspect",
    description: "Return low-level information on berth objects",
    load: () => import("./commands/system.ts").then((m) => named(m.systemCommands, "inspect")),
  },
  {
    name: "compose",
    description: "Docker Compose",
    load: () => import("./commands/compose/index.ts").then((m) => m.compose),
  },
  {
    name: "volume create",
    description: "Create a volume",
    load: () => import("./commands/volume.ts").then((m) => named(m.volumeCommands, "volume create")),
  },
  {
    name: "volume ls",
    aliases: ["volume list"],
    description: "List volumes",
    load: () => import("./commands/volume.ts").then((m) => named(m.volumeCommands, "volume ls")),
  },
  {
    name: "volume inspect",
    description: "Display detailed information on one or more volumes",
    load: () => import("./commands/volume.ts").then((m) => named(m.volumeCommands, "volume inspect")),
  },
  {
    name: "volume rm",
    aliases: ["volume remove"],
    description: "Remove one or more volumes",
    load: () => import("./commands/volume.ts").then((m) => named(m.volumeCommands, "volume rm")),
  },
  {
    name: "volume prune",
    description: "Remove unused local volumes",
    load: () => import("./commands/volume.ts").then((m) => named(m.volumeCommands, "volume prune")),
  },
  {
    name: "context create",
    description: "Create a context",
    load: () => import("./commands/context.ts").then((m) => named(m.contextCommands, "context create")),
  },
  {
    name: "context ls",
    aliases: ["context list"],
    description: "List contexts",
    load: () => import("./commands/context.ts").then((m) => named(m.contextCommands, "context ls")),
  },
  {
    name: "context use",
    description: "Set the current docker context",
    load: () => import("./commands/context.ts").then((m) => named(m.contextCommands, "context use")),
  },
  {
    name: "context show",
    description: "Print the name of the current context",
    load: () => import("./commands/context.ts").then((m) => named(m.contextCommands, "context show")),
  },
  {
    name: "context inspect",
    description: "Display detailed information on one or more contexts",
    load: () => import("./commands/context.ts").then((m) => named(m.contextCommands, "context inspect")),
  },
  {
    name: "context update",
    description: "Update a context",
    load: () => import("./commands/context.ts").then((m) => named(m.contextCommands, "context update")),
  },
  {
    name: "context rm",
    aliases: ["context remove"],
    description: "Remove one or more contexts",
    load: () => import("./commands/context.ts").then((m) => named(m.contextCommands, "context rm")),
  },
  {
    name: "context export",
    description: "Export a context to a tar archive FILE or a tar stream on STDOUT.",
    load: () => import("./commands/context.ts").then((m) => named(m.contextCommands, "context export")),
  },
  {
    name: "context import",
    description: "Import a context from a tar or zip file",
    load: () => import("./commands/context.ts").then((m) => named(m.contextCommands, "context import")),
  },
  {
    name: "network create",
    description: "Create a network",
    load: () => import("./commands/network.ts").then((m) => named(m.networkCommands, "network create")),
  },
  {
    name: "network ls",
    aliases: ["network list"],
    description: "List networks",
    load: () => import("./commands/network.ts").then((m) => named(m.networkCommands, "network ls")),
  },
  {
    name: "network inspect",
    description: "Display detailed information on one or more networks",
    load: () => import("./commands/network.ts").then((m) => named(m.networkCommands, "network inspect")),
  },
  {
    name: "network rm",
    aliases: ["network remove"],
    description: "Remove one or more networks",
    load: () => import("./commands/network.ts").then((m) => named(m.networkCommands, "network rm")),
  },
  {
    name: "network prune",
    description: "Remove all unused networks",
    load: () => import("./commands/network.ts").then((m) => named(m.networkCommands, "network prune")),
  },
  {
    name: "network connect",
    description: "Connect a container to a network",
    load: () => import("./commands/network.ts").then((m) => named(m.networkCommands, "network connect")),
  },
  {
    name: "network disconnect",
    description: "Disconnect a container from a network",
    load: () => import("./commands/network.ts").then((m) => named(m.networkCommands, "network disconnect")),
  },
];
