import os from "node:os";
import { ContainerFs } from "../../container/container-fs.ts";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import { chainIds } from "../../oci/digest.ts";
import { goArch } from "../../oci/platform.ts";
import { cgroupVersion } from "../../runtime/cgroups.ts";
import type { EngineEvent } from "../../util/events.ts";
import type { Daemon } from "../backend.ts";
import { filtersParam, sendJson } from "../http-util.ts";
import type { Router } from "../router.ts";
import { API_VERSION, MIN_API_VERSION, SERVER_VERSION } from "../server.ts";
import { statusString } from "./containers.ts";

export function registerSystemRoutes(router: Router, daemon: Daemon): void {
  const ping = (ctx: { req: { method?: string }; res: import("node:http").ServerResponse }) => {
    ctx.res.writeHead(200, {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-cache, no-store, must-revalidate",
      Pragma: "no-cache",
      "Builder-Version": "1",
      "Content-Length": ctx.req.method === "HEAD" ? 0 : 2,
    });
    ctx.res.end(ctx.req.method === "HEAD" ? undefined : "OK");
  };
  router.get("/_ping", ping);

  // Sizes are what is on disk: layer content once per layer, each container's upper dir.
  router.get("/system/df", async (ctx) => {
    const images = daemon.images;
    const fsops = new ContainerFs(daemon.containers, images, daemon.events);
    const layers = await images.layers.list();
    const layerSize = new Map(layers.map((l) => [l.chainId, l.size]));
    const records = images.store.list();
    const users = new Map<string, number>();
    for (const r of records) {
      for (const c of chainIds(r.layers.map((l) => l.diffId))) users.set(c, (users.get(c) ?? 0) + 1);
    }
    const all = daemon.containers.store.list();
    const imageOut = [];
    for (const r of records) {
      const chains = chainIds(r.layers.map((l) => l.diffId));
      const size = chains.reduce((s, c) => s + (layerSize.get(c) ?? 0), 0);
      const shared = chains
        .filter((c) => (users.get(c) ?? 0) > 1)
        .reduce((s, c) => s + (layerSize.get(c) ?? 0), 0);
      const cfg = await images.config(r);
      imageOut.push({
        Containers: all.filter((c) => c.Image === r.id).length,
        Created: Math.floor(Date.parse(cfg.created ?? r.storedAt) / 1000),
        Id: r.id,
        Labels: cfg.config?.Labels ?? null,
        ParentId: r.parent ?? "",
        RepoDigests: images.repoDigests(r.id),
        RepoTags: images.repoTags(r.id),
        SharedSize: shared,
        Size: size,
      });
    }
    const containerOut = [];
    for (const c of all) {
      containerOut.push({
        Id: c.ID,
        Names: [c.Name],
        Image: c.Config.Image,
        ImageID: c.Image,
        Command: [c.Path, ...c.Args].join(" "),
        Created: Math.floor(Date.parse(c.Created) / 1000),
        ...(await fsops.sizes(c)),
        Labels: c.Config.Labels ?? {},
        State: c.State.Paused ? "paused" : c.State.Status,
        Status: statusString(c),
        Mounts: [],
      });
    }
    sendJson(ctx.res, 200, {
      LayersSize: layers.reduce((s, l) => s + l.size, 0),
      Images: imageOut,
      Containers: containerOut,
      Volumes: [],
      BuildCache: [],
    });
  });

  router.get("/version", (ctx) => {
    const version = {
      Platform: { Name: "Berth Engine" },
      Components: [
        {
          Name: "Engine",
          Version: SERVER_VERSION,
          Details: {
            ApiVersion: API_VERSION,
            Arch: goArch(),
            BuildTime: "",
            Experimental: "false",
            GitCommit: "",
            GoVersion: `node${process.versions.node}`,
            KernelVersion: os.release(),
            MinAPIVersion: MIN_API_VERSION,
            Os: "linux",
          },
        },
      ],
      Version: SERVER_VERSION,
      ApiVersion: API_VERSION,
      MinAPIVersion: MIN_API_VERSION,
      GitCommit: "",
      GoVersion: `node${process.versions.node}`,
      Os: "linux",
      Arch: goArch(),
      KernelVersion: os.release(),
      BuildTime: "",
    };
    sendJson(ctx.res, 200, version);
  });

  router.get("/info", async (ctx) => {
    const images = daemon.images.store.list().length;
    const containers = daemon.containerCounts();
    const info = {
      ID: daemon.id,
      Containers: containers.total,
      ContainersRunning: containers.running,
      ContainersPaused: containers.paused,
      ContainersStopped: containers.stopped,
      Images: images,
      Driver: "overlay2",
      DriverStatus: [
        ["Backing Filesystem", await daemon.backingFilesystem()],
        ["Supports d_type", "true"],
        ["Using metacopy", "false"],
        ["Native Overlay Diff", "true"],
        ["userxattr", "false"],
      ],
      Plugins: {
        Volume: ["local"],
        Network: ["bridge", "host", "null"],
        Authorization: null,
        Log: ["json-file"],
      },
      MemoryLimit: true,
      SwapLimit: true,
      KernelMemoryTCP: false,
      CpuCfsPeriod: true,
      CpuCfsQuota: true,
      CPUShares: true,
      CPUSet: true,
      PidsLimit: true,
      IPv4Forwarding: true,
      BridgeNfIptables: false,
      BridgeNfIp6tables: false,
      Debug: daemon.config.logLevel === "debug",
      NFd: 0,
      OomKillDisable: true,
      NGoroutines: 0,
      SystemTime: new Date().toISOString(),
      LoggingDriver: "json-file",
      CgroupDriver: "cgroupfs",
      CgroupVersion: cgroupVersion(),
      NEventsListener: 0,
      KernelVersion: os.release(),
      OperatingSystem: await daemon.operatingSystem(),
      OSVersion: "",
      OSType: "linux",
      Architecture: os.machine(),
      IndexServerAddress: "https://index.docker.io/v1/",
      RegistryConfig: {
        AllowNondistributableArtifactsCIDRs: null,
        AllowNondistributableArtifactsHostnames: null,
        InsecureRegistryCIDRs: ["127.0.0.0/8"],
        IndexConfigs: {
          "docker.io": { Name: "docker.io", Mirrors: [], Secure: true, Official: true },
        },
        Mirrors: null,
      },
      NCPU: os.cpus().length,
      MemTotal: os.totalmem(),
      GenericResources: null,
      DockerRootDir: daemon.config.dataRoot,
      HttpProxy: process.env.HTTP_PROXY ?? "",
      HttpsProxy: process.env.HTTPS_PROXY ?? "",
      NoProxy: process.env.NO_PROXY ?? "",
      Name: daemon.hostName(),
      Labels: [],
      ExperimentalBuild: false,
      ServerVersion: SERVER_VERSION,
      Runtimes: daemon.containers.runtimeNames(),
      DefaultRuntime: daemon.containers.defaultRuntimeName,
      Swarm: {
        NodeID: "",
        NodeAddr: "",
        LocalNodeState: "inactive",
        ControlAvailable: false,
        Error: "",
        RemoteManagers: null,
      },
      LiveRestoreEnabled: true,
      Isolation: "",
      InitBinary: "docker-init",
      ContainerdCommit: { ID: "" },
      RuncCommit: { ID: "" },
      InitCommit: { ID: "" },
      SecurityOptions: ["name=seccomp,profile=builtin"],
      DefaultAddressPools: [],
      Warnings: [] as string[],
    };
    const data = JSON.stringify(info);
    // Docker answers /info chunked; clients do not care, but keep the shape honest.
    ctx.res.writeHead(200, { "Content-Type": "application/json" });
    ctx.res.end(data);
  });

  router.get("/events", (ctx) => {
    const filters = filtersParam(ctx.query, [
      "type",
      "event",
      "image",
      "container",
      "label",
      "scope",
      "daemon",
      "network",
      "volume",
    ]);
    const parseTime = (name: string): number | undefined => {
      const v = ctx.query.get(name);
      if (!v) return undefined;
      // Unix seconds with optional fraction, as the docker CLI sends; RFC 3339 also accepted.
      if (/^\d+(\.\d+)?$/.test(v)) {
        const [s, frac = ""] = v.split(".");
        return Number(s) * 1e9 + Number(frac.padEnd(9, "0").slice(0, 9));
      }
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw new InvalidParameterError(`invalid value for ${name}: ${v}`);
      return t * 1e6;
    };
    const since = parseTime("since");
    const until = parseTime("until");
    const matches = (ev: EngineEvent) => {
      const f = (k: string, ...vals: (string | undefined)[]) => {
        const want = filters.get(k);
        return !want || want.some((w) => vals.includes(w));
      };
      const labels = filters.get("label");
      return (
        f("type", ev.Type) &&
        f("event", ev.Action, ev.Action.split(":")[0]) &&
        (ev.Type !== "image" || f("image", ev.Actor.ID, ev.Actor.Attributes.name)) &&
        (!filters.has("image") || ev.Type === "image" || f("image", ev.Actor.Attributes.image)) &&
        (!filters.has("container") ||
          (ev.Type === "container" && f("container", ev.Actor.ID, ev.Actor.Attributes.name))) &&
        (!labels ||
          labels.every((l) => {
            const [k, v] = l.split("=", 2);
            return v === undefined ? k in ev.Actor.Attributes : ev.Actor.Attributes[k] === v;
          }))
      );
    };
    ctx.res.writeHead(200, { "Content-Type": "application/json" });
    ctx.res.flushHeaders();
    const write = (ev: EngineEvent) => {
      if (matches(ev)) ctx.res.write(`${JSON.stringify(ev)}\n`);
    };
    const nowNs = Date.now() * 1e6;
    if (until !== undefined && until <= nowNs) {
      for (const ev of daemon.events.past(since ?? 0, until)) write(ev);
      ctx.res.end();
      return;
    }
    const unsubscribe = daemon.events.subscribe(write, since);
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (!ctx.res.writableEnded) ctx.res.end();
    };
    if (until !== undefined) timer = setTimeout(stop, Math.max(0, (until - nowNs) / 1e6));
    ctx.req.socket.on("close", stop);
  });
}
