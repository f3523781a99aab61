import os from "node:os";
import { goArch } from "../../oci/platform.ts";
import { EVENT_FILTERS, eventMatcher, parseEventTime } from "../../system/events-filter.ts";
import type { DiskUsage, SystemInfo } from "../../types/system.ts";
import type { EngineEvent, EventBus } from "../../util/events.ts";
import { filtersParam, sendJson } from "../http-util.ts";
import type { Router } from "../router.ts";
import { API_VERSION, MIN_API_VERSION, SERVER_VERSION } from "../server.ts";

/** What the system routes need of berthd (moby's system router backend). */
export interface SystemBackend {
  diskUsage(): Promise<DiskUsage>;
  info(): Promise<SystemInfo>;
  readonly events: Pick<EventBus, "subscribe" | "past">;
}

export function registerSystemRoutes(router: Router, system: SystemBackend): void {
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

  router.get("/system/df", async (ctx) => {
    sendJson(ctx.res, 200, await system.diskUsage());
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
    const info = await system.info();
    const data = JSON.stringify(info);
    // Docker answers /info chunked; clients do not care, but keep the shape honest.
    ctx.res.writeHead(200, { "Content-Type": "application/json" });
    ctx.res.end(data);
  });

  router.get("/events", (ctx) => {
    const matches = eventMatcher(filtersParam(ctx.query, EVENT_FILTERS));
    const since = parseEventTime("since", ctx.query.get("since"));
    const until = parseEventTime("until", ctx.query.get("until"));
    ctx.res.writeHead(200, { "Content-Type": "application/json" });
    ctx.res.flushHeaders();
    const write = (ev: EngineEvent) => {
      if (matches(ev)) ctx.res.write(`${JSON.stringify(ev)}\n`);
    };
    const nowNs = Date.now() * 1e6;
    if (until !== undefined && until <= nowNs) {
      for (const ev of system.events.past(since ?? 0, until)) write(ev);
      ctx.res.end();
      return;
    }
    const unsubscribe = system.events.subscribe(write, since);
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
