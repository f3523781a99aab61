import { readFileSync } from "node:fs";
import { chmod, chown, mkdir, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import path from "node:path";
import { registerBuildRoutes } from "../api/routes/build.ts";
import { registerContainerArchiveRoutes } from "../api/routes/container-archive.ts";
import { registerContainerRoutes } from "../api/routes/containers.ts";
import { registerImageRoutes } from "../api/routes/images.ts";
import { registerNetworkRoutes } from "../api/routes/networks.ts";
import { registerPluginRoutes } from "../api/routes/plugins.ts";
import { registerRegistryRoutes } from "../api/routes/registry.ts";
import { registerSwarmRoutes } from "../api/routes/swarm.ts";
import { registerSystemRoutes } from "../api/routes/system.ts";
import { registerVolumeRoutes } from "../api/routes/volumes.ts";
import { createApiServer, Router } from "../api/server.ts";
import { BerthError, errorMessage } from "../errdefs/errors.ts";
import { tryLockFile } from "../sys/flock.ts";
import { createLogger } from "../util/logger.ts";
import { backends } from "./backends.ts";
import { loadConfig, socketPath } from "./config.ts";
import { Daemon } from "./daemon.ts";
import { establishRootModes } from "./root-modes.ts";

function groupId(name: string): number | undefined {
  try {
    for (const line of readFileSync("/etc/group", "utf8").split("\n")) {
      const [g, , gid] = line.split(":");
      if (g === name) return Number(gid);
    }
  } catch {
    // no /etc/group: root only
  }
  return undefined;
}

async function listen(server: Server, sock: string): Promise<void> {
  await mkdir(path.dirname(sock), { recursive: true });
  // The lock on the data root guarantees no other berthd owns this socket.
  await rm(sock, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(sock, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const gid = groupId("berth");
  if (gid !== undefined) await chown(sock, 0, gid);
  await chmod(sock, 0o660);
}

export async function main(argv: string[]): Promise<number> {
  const config = await loadConfig(argv);
  if (config === "help") return 0;
  const log = createLogger(config.logLevel);
  const sockets = config.hosts.map(socketPath);
  await establishRootModes(config.dataRoot, config.execRoot, sockets);
  if (!tryLockFile(path.join(config.dataRoot, "berthd.lock"))) {
    throw new BerthError(
      `Cannot start berthd: another berthd is already running on data root ${config.dataRoot}; stop it first or give this one its own --data-root`,
    );
  }
  // Handlers before anything is made: a signal during start-up (a client may send one as
  // soon as the socket answers) is acted on once berthd is up, never by the default action.
  let pending: string | undefined;
  let shutdown: (signal: string) => void = (signal) => {
    pending ??= signal;
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  if (config.pidfile) await writeFile(config.pidfile, `${process.pid}\n`);
  const daemon = new Daemon(config, log);
  await daemon.init();
  await daemon.containers.restore();
  await daemon.reclaimNetworks();
  const router = new Router();
  const backend = backends(daemon);
  registerSystemRoutes(router, backend.system);
  registerImageRoutes(router, backend.images);
  registerBuildRoutes(router, backend.build);
  registerRegistryRoutes(router, backend.registry);
  registerContainerRoutes(router, backend.containers);
  registerContainerArchiveRoutes(router, backend.archive);
  registerNetworkRoutes(router, backend.networks);
  registerVolumeRoutes(router, backend.volumes);
  registerPluginRoutes(router);
  registerSwarmRoutes(router);
  const servers: Server[] = [];
  for (const sock of sockets) {
    const server = createApiServer(router, log.child({ module: "api" }));
    await listen(server, sock);
    servers.push(server);
    log.info("API listening", { socket: sock });
  }
  log.info("berthd started", { dataRoot: config.dataRoot, execRoot: config.execRoot, pid: process.pid });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info("shutting down", { signal });
      await daemon.containers.drain();
      daemon.containers.close();
      // The resolvers' sockets; running containers keep their networks (live restore).
      await daemon.networks.close();
      daemon.volumes.close();
      for (const s of servers) {
        s.close();
        s.closeAllConnections();
      }
      await Promise.all(sockets.map((s) => rm(s, { force: true })));
      if (config.pidfile) await rm(config.pidfile, { force: true });
      resolve(0);
    };
    shutdown = (signal) => void stop(signal);
    if (pending) shutdown(pending);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`berthd: ${errorMessage(err)}\n`);
    process.exit(1);
  },
);
