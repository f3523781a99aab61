// The swarm routes of a node that is in no swarm, answered as dockerd answers them then: 503
// "not a swarm manager" (or "not part of a swarm" for leave), after the same request checks
// dockerd makes first (JSON bodies, filters, version parameters). berth is a single-host engine:
// creating or joining a swarm is refused (501), never pretended.

import {
  InvalidParameterError,
  NotImplementedError,
  SystemError,
  UnavailableError,
} from "../../errdefs/errors.ts";
import { filtersParam, readJson } from "../http-util.ts";
import type { RequestContext, Router } from "../router.ts";

// moby daemon/cluster: errNoManager for a node with no swarm, errNoSwarm for leave.
export const NOT_A_MANAGER =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
export const NOT_IN_A_SWARM = "This node is not part of a swarm";

const notManager = () => new UnavailableError(NOT_A_MANAGER);

/** moby's `strconv.ParseUint(version)` check of the update routes, with each route's wording. */
function versionParam(ctx: RequestContext, what: string, plain = false): void {
  const raw = ctx.query.get("version") ?? "";
  if (/^\d+$/.test(raw) && BigInt(raw) < 2n ** 64n) return;
  if (plain) throw new InvalidParameterError(`invalid ${what} version`);
  const why = raw === "" || !/^\d+$/.test(raw) ? "invalid syntax" : "value out of range";
  throw new InvalidParameterError(
    `invalid ${what} version '${raw}': strconv.ParseUint: parsing ${JSON.stringify(raw)}: ${why}`,
  );
}

/** A body must be JSON when given (httputils.ReadJSON); its content is never used here. */
async function jsonBody(ctx: RequestContext): Promise<void> {
  await readJson(ctx.req);
}

// strconv.ParseBool's accepted spellings.
const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;

/** A flag as moby's httputils.BoolValue reads it: anything but "", 0, no, false, none is true. */
function boolValue(ctx: RequestContext, name: string): boolean {
  const v = (ctx.query.get(name) ?? "").trim().toLowerCase();
  return !["", "0", "no", "false", "none"].includes(v);
}

/** swarmLogs' first check, which dockerd reports as a plain (500) error. */
function logStreams(ctx: RequestContext): void {
  if (!boolValue(ctx, "stdout") && !boolValue(ctx, "stderr"))
    throw new SystemError("Bad parameters: you must choose at least one stream");
}

export function registerSwarmRoutes(router: Router): void {
  const refuseSwarm = (what: string) => async (ctx: RequestContext) => {
    await jsonBody(ctx);
    throw new NotImplementedError(
      `Cannot ${what} a swarm: berth is a single-host engine and does not implement swarm mode`,
    );
  };
  router.post("/swarm/init", refuseSwarm("initialize"));
  router.post("/swarm/join", refuseSwarm("join"));
  router.post("/swarm/leave", () => {
    throw new UnavailableError(NOT_IN_A_SWARM);
  });
  router.get("/swarm", () => {
    throw notManager();
  });
  router.get("/swarm/unlockkey", () => {
    throw notManager();
  });
  router.post("/swarm/update", async (ctx) => {
    await jsonBody(ctx);
    versionParam(ctx, "swarm");
    for (const flag of ["rotateWorkerToken", "rotateManagerToken", "rotateManagerUnlockKey"]) {
      const v = ctx.query.get(flag);
      if (v && !GO_BOOL.test(v)) throw new InvalidParameterError(`invalid value for ${flag}: ${v}`);
    }
    throw notManager();
  });
  router.post("/swarm/unlock", async (ctx) => {
    await jsonBody(ctx);
    throw notManager();
  });

  // Lists check their filters' syntax first; the keys only a manager checks.
  for (const list of ["/services", "/nodes", "/tasks", "/secrets", "/configs"]) {
    router.get(list, (ctx) => {
      filtersParam(ctx.query, "any");
      throw notManager();
    });
  }
  router.get("/services/{id}", (ctx) => {
    const v = ctx.query.get("insertDefaults");
    if (v && !GO_BOOL.test(v)) throw new InvalidParameterError(`invalid value for insertDefaults: ${v}`);
    throw notManager();
  });
  for (const logs of ["/services/{id}/logs", "/tasks/{id}/logs"]) {
    router.get(logs, (ctx) => {
      logStreams(ctx);
      throw notManager();
    });
  }
  for (const kind of ["services", "secrets", "configs"]) {
    router.post(`/${kind}/create`, async (ctx) => {
      await jsonBody(ctx);
      throw notManager();
    });
  }
  const updates: [string, string, boolean][] = [
    ["services", "service", false],
    ["nodes", "node", false],
    ["secrets", "secret", true],
    ["configs", "config", true],
  ];
  for (const [kind, what, plain] of updates) {
    router.post(`/${kind}/{id}/update`, async (ctx) => {
      await jsonBody(ctx);
      versionParam(ctx, what, plain);
      throw notManager();
    });
  }
  for (const kind of ["services", "nodes", "tasks", "secrets", "configs"]) {
    if (kind !== "services") {
      router.get(`/${kind}/{id}`, () => {
        throw notManager();
      });
    }
    if (kind !== "tasks") {
      router.delete(`/${kind}/{id}`, () => {
        throw notManager();
      });
    }
  }
}
