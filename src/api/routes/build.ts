import type { Readable } from "node:stream";
import type { BuildMessage, BuildOptions } from "../../build/builder.ts";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import { parseNormalizedNamed, type Reference, tagNameOnly } from "../../image/reference.ts";
import { hostPlatform, normalizePlatform, parsePlatform, platformString } from "../../oci/platform.ts";
import type { RegistryCredentials } from "../../registry/auth.ts";
import {
  type BuildCachePruneOptions,
  type BuildCachePruneReport,
  checkKeepStorage,
} from "../../system/build-cache.ts";
import { boolParam, clientGone, filtersParam, sendJson, startJsonStream, untilParam } from "../http-util.ts";
import type { Router } from "../router.ts";

/** What the build routes need of berthd: the classic builder and the build cache's prune. */
export interface BuildBackend {
  build(
    input: Readable,
    opts: BuildOptions,
    send: (m: BuildMessage) => void,
    signal: AbortSignal,
  ): Promise<string>;
  pruneCache(opts: BuildCachePruneOptions): Promise<BuildCachePruneReport>;
}

// moby builder-next Prune's valid filters (cacheFields plus until, unused-for, label, label!).
const BUILD_PRUNE_FILTERS = [
  "until",
  "unused-for",
  "label",
  "label!",
  "id",
  "parent",
  "type",
  "description",
  "inuse",
  "shared",
  "private",
] as const;

function jsonMap(q: URLSearchParams, name: string): Record<string, string | null> {
  const v = q.get(name);
  if (!v) return {};
  try {
    const parsed: unknown = JSON.parse(v);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, string | null>;
  } catch {
    // refused below
  }
  throw new InvalidParameterError(`invalid ${name} parameter: expected a JSON object of strings`);
}

/** X-Registry-Config: base64url JSON of registry host → auth config; unreadable means none, as Docker's. */
function registryConfigHeader(v: string | string[] | undefined): {
  registryAuths?: Record<string, RegistryCredentials>;
} {
  if (typeof v !== "string" || !v) return {};
  try {
    const json = Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === "object")
      return { registryAuths: parsed as Record<string, RegistryCredentials> };
  } catch {
    // Docker decodes it best effort too and builds without credentials.
  }
  return {};
}

function jsonList(q: URLSearchParams, name: string): string[] {
  const v = q.get(name);
  if (!v) return [];
  try {
    const parsed: unknown = JSON.parse(v);
    if (parsed === null) return [];
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) return parsed as string[];
  } catch {
    // refused below
  }
  throw new InvalidParameterError(`invalid ${name} parameter: expected a JSON array of strings`);
}

/**
 * Query parameters of the legacy builder that berth does not apply yet: refused when set to
 * anything but their default, never dropped.
 */
const NOT_YET: [string, (v: string) => boolean][] = [
  ["remote", (v) => v !== ""],
  ["extrahosts", (v) => v !== ""],
  ["squash", (v) => v === "1" || v === "true"],
  ["memory", (v) => v !== "" && v !== "0"],
  ["memswap", (v) => v !== "" && v !== "0"],
  ["cpushares", (v) => v !== "" && v !== "0"],
  ["cpusetcpus", (v) => v !== ""],
  ["cpusetmems", (v) => v !== ""],
  ["cpuperiod", (v) => v !== "" && v !== "0"],
  ["cpuquota", (v) => v !== "" && v !== "0"],
  ["shmsize", (v) => v !== "" && v !== "0"],
  ["cgroupparent", (v) => v !== ""],
  ["isolation", (v) => v !== "" && v !== "default"],
  ["ulimits", (v) => v !== "" && v !== "null" && v !== "[]"],
  ["outputs", (v) => v !== "" && v !== "null" && v !== "[]"],
  ["session", (v) => v !== ""],
];

/**
 * `RUN --mount=type=secret` values for berth's own clients. The legacy `/build` API has no
 * session to fetch secrets through (BuildKit's), so `berth build --secret` sends them in this
 * berth-specific header: base64 of a JSON object, id → base64 of the value. A header, not a
 * query parameter, because query strings end up in access logs and error texts; it only
 * travels over berthd's local socket (tcp:// hosts are refused). The values reach the RUN
 * as a read-only file only: never the image, its history or the cache index.
 */
export const SECRETS_HEADER = "x-berth-build-secrets";

function secretsHeader(v: string | string[] | undefined): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (v === undefined) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(String(v), "base64").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new InvalidParameterError(`invalid ${SECRETS_HEADER} header: expected base64 of a JSON object`);
  for (const [id, value] of Object.entries(parsed)) {
    if (typeof value !== "string")
      throw new InvalidParameterError(
        `invalid ${SECRETS_HEADER} header: secret ${id} is not a base64 string`,
      );
    out.set(id, Buffer.from(value, "base64"));
  }
  return out;
}

/** `POST /build`: the docker CLI's legacy-builder request, answered with the classic JSON stream. */
export function registerBuildRoutes(router: Router, builder: BuildBackend): void {
  router.post("/build/prune", async (ctx) => {
    const filters = filtersParam(ctx.query, BUILD_PRUNE_FILTERS);
    const keep = ctx.query.get("keep-storage") || "0";
    if (!/^[+-]?\d+$/.test(keep)) {
      throw new InvalidParameterError(
        `keep-storage is in bytes and expects an integer, got ${keep}: strconv.Atoi: parsing ${JSON.stringify(keep)}: invalid syntax`,
      );
    }
    const until = filters.get("until") ?? [];
    const unusedFor = filters.get("unused-for") ?? [];
    if (until.length && unusedFor.length)
      throw new InvalidParameterError('conflicting filters: "until" and "unused-for"');
    const ages = [...until, ...unusedFor];
    if (ages.length > 1) throw new InvalidParameterError("filters expect only one value");
    for (const [key, values] of filters) {
      if (!["until", "unused-for", "label", "label!"].includes(key) && values.length > 1)
        throw new InvalidParameterError("filters expect only one value");
      // Applied below or refused: berth's cache records have no such fields to match.
      if (!["until", "unused-for", "label", "label!"].includes(key))
        throw new InvalidParameterError(`the build cache filter ${key} is not supported by berth`);
    }
    checkKeepStorage(keep);
    const opts: BuildCachePruneOptions = {
      all: boolParam(ctx.query, "all"),
      ...(ages.length === 1 ? { until: untilParam(ages[0]) } : {}),
      labels: {
        positive: (filters.get("label") ?? []).length,
        negative: (filters.get("label!") ?? []).length,
      },
    };
    sendJson(ctx.res, 200, await builder.pruneCache(opts));
  });

  router.post("/build", async (ctx) => {
    const q = ctx.query;
    if ((q.get("version") ?? "1") !== "1")
      throw new InvalidParameterError(
        "BuildKit (version=2) is not supported by berth: use the legacy builder (DOCKER_BUILDKIT=0)",
      );
    for (const [name, set] of NOT_YET) {
      const v = q.get(name);
      if (v !== null && set(v))
        throw new InvalidParameterError(`build option ${name} is not supported yet by berth's builder`);
    }
    if (q.has("rm") && !boolParam(q, "rm"))
      throw new InvalidParameterError(
        "berth's builder always removes intermediate containers: --rm=false is not supported",
      );
    const platform = q.get("platform") ? normalizePlatform(parsePlatform(q.get("platform")!)) : undefined;
    if (platform) {
      const want = platformString(platform);
      const host = platformString(normalizePlatform(hostPlatform()));
      if (want !== host)
        throw new InvalidParameterError(
          `berth builds for this host's platform only (${host}), not ${want}: build steps run natively, without emulation`,
        );
    }
    const cacheFrom = jsonList(q, "cachefrom");
    const tags: Reference[] = q.getAll("t").map((t) => {
      const ref = parseNormalizedNamed(t);
      if (ref.digest) throw new InvalidParameterError(`invalid reference format: ${t} (a tag, not a digest)`);
      return tagNameOnly(ref);
    });
    const labels = jsonMap(q, "labels");
    const opts: BuildOptions = {
      tags,
      dockerfile: q.get("dockerfile") || "Dockerfile",
      buildArgs: jsonMap(q, "buildargs"),
      labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v ?? ""])),
      noCache: boolParam(q, "nocache"),
      pull: boolParam(q, "pull"),
      ...(cacheFrom.length ? { cacheFrom } : {}),
      ...(platform ? { platform } : {}),
      // berth's own: \`berth build\` on a terminal asks for step events to draw the stages.
      progress: boolParam(q, "berthprogress"),
      ...registryConfigHeader(ctx.req.headers["x-registry-config"]),
      secrets: secretsHeader(ctx.req.headers[SECRETS_HEADER]),
      quiet: boolParam(q, "q"),
      ...(q.get("target") ? { target: q.get("target")! } : {}),
      ...(q.get("networkmode") && q.get("networkmode") !== "default"
        ? { networkMode: q.get("networkmode")! }
        : {}),
    };
    const send = startJsonStream(ctx.res);
    // A failure from here on is written in-band (errorDetail) by the server.
    await builder.build(ctx.req, opts, send, clientGone(ctx.res));
    ctx.res.end();
  });
}
