import type { Readable, Writable } from "node:stream";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import type { LoadProgress } from "../../image/archive-load.ts";
import { IMAGE_LIST_FILTERS, type ImageListOptions } from "../../image/image-list.ts";
import type { ImageService } from "../../image/image-service.ts";
import type { ImportOptions } from "../../image/import-rootfs.ts";
import { IMAGE_PRUNE_FILTERS } from "../../image/prune.ts";
import {
  parseNormalizedNamed,
  parseRepositoryTag,
  type Reference,
  tagNameOnly,
} from "../../image/reference.ts";
import { parsePlatform } from "../../oci/platform.ts";
import { decodeRegistryAuth } from "../../registry/auth.ts";
import type { SendProgress } from "../../registry/progress.ts";
import type { PullOptions, ResolvedPull } from "../../registry/pull.ts";
import type { PushOptions } from "../../registry/push.ts";
import type { Filters } from "../../types/filters.ts";
import type {
  HistoryResponseItem,
  ImageInspect,
  ImagePruneResponse,
  ImageSummary,
} from "../../types/image.ts";
import {
  boolParam,
  clientGone,
  filtersParam,
  registryAuthHeader,
  sendJson,
  startJsonStream,
  untilParam,
} from "../http-util.ts";
import type { Router } from "../router.ts";

/**
 * What the image routes need of berthd (moby's image router backend): the image service's
 * own operations, the read-side views, and pull/push through the registry client. daemon/
 * wires the concrete services into it.
 */
export interface ImageBackend extends Pick<ImageService, "resolve" | "tagByName" | "remove"> {
  list(opts: ImageListOptions): Promise<ImageSummary[]>;
  inspect(name: string): Promise<ImageInspect>;
  history(name: string): Promise<HistoryResponseItem[]>;
  /** Removes what the filters select; `untilMs` already parsed. */
  prune(filters: Filters, untilMs: number | undefined): Promise<ImagePruneResponse>;
  /** `signal` aborts when the client goes away, so an abandoned load stops. */
  load(input: Readable, progress: LoadProgress, signal?: AbortSignal): Promise<unknown>;
  save(names: string[], out: Writable): Promise<void>;
  importRootfs(input: Readable, opts: ImportOptions): Promise<string>;
  /** The tags `pull -a` pulls; before the stream starts, so a missing repository is a 404. */
  listTags(ref: Reference, opts: PullOptions): Promise<string[]>;
  pullTags(ref: Reference, tags: string[], send: SendProgress, opts: PullOptions): Promise<void>;
  /** Fetches the manifest; before the stream starts, so its failures are plain HTTP errors. */
  resolvePull(ref: Reference, opts: PullOptions): Promise<ResolvedPull>;
  pull(resolved: ResolvedPull, send: SendProgress, opts: PullOptions): Promise<unknown>;
  checkPushPlatform(ref: Reference, platform: string): Promise<unknown>;
  push(ref: Reference, send: SendProgress, opts: PushOptions): Promise<void>;
}

function apiMinor(apiVersion: string): number {
  return Number(apiVersion.split(".")[1]);
}

export function registerImageRoutes(router: Router, images: ImageBackend): void {
  router.get("/images/json", async (ctx) => {
    const filters = filtersParam(ctx.query, IMAGE_LIST_FILTERS);
    const until = filters.get("until")?.[0];
    const out = await images.list({
      all: boolParam(ctx.query, "all"),
      filters,
      ...(until ? { untilMs: untilParam(until) } : {}),
    });
    if (apiMinor(ctx.apiVersion) < 44) for (const s of out) s.VirtualSize = s.Size;
    sendJson(ctx.res, 200, out);
  });

  // A failure once a JSON stream has started is written in-band by the server (errorDetail),
  // which also keeps JavaScript exception text from the client and logs it.
  router.post("/images/load", async (ctx) => {
    // `quiet` only hides progress bars, which a load from a local tar does not draw.
    const send = startJsonStream(ctx.res);
    await images.load(ctx.req, (line) => send({ stream: line }), clientGone(ctx.res));
    ctx.res.end();
  });

  router.get("/images/get", async (ctx) => {
    const names = ctx.query.getAll("names");
    for (const n of names) images.resolve(n);
    ctx.res.writeHead(200, { "Content-Type": "application/x-tar" });
    await images.save(names, ctx.res);
  });

  router.post("/images/create", async (ctx) => {
    const fromSrc = ctx.query.get("fromSrc");
    const fromImage = ctx.query.get("fromImage");
    if (fromSrc !== null) {
      if (fromSrc !== "-") {
        throw new InvalidParameterError(
          `Cannot import from ${fromSrc}: berthd imports a tarball sent in the request body (fromSrc=-) only`,
        );
      }
      const repo = ctx.query.get("repo") ?? undefined;
      const tag = ctx.query.get("tag") ?? undefined;
      const changes = ctx.query.getAll("changes");
      const message = ctx.query.get("message") ?? undefined;
      const platform = ctx.query.get("platform");
      const [os, architecture] = platform ? platform.split("/") : [];
      // Validate before streaming so a bad reference is a plain 400.
      if (repo) parseNormalizedNamed(repo);
      const send = startJsonStream(ctx.res);
      const id = await images.importRootfs(ctx.req, {
        repo,
        tag,
        changes,
        message,
        source: "-",
        platform: { os, architecture },
      });
      send({ status: id });
      ctx.res.end();
      return;
    }
    if (fromImage !== null) {
      const named = parseRepositoryTag(fromImage, ctx.query.get("tag") || undefined);
      const platform = ctx.query.get("platform") ? parsePlatform(ctx.query.get("platform")!) : undefined;
      const signal = clientGone(ctx.res);
      const opts = {
        platform,
        signal,
        creds: decodeRegistryAuth(registryAuthHeader(ctx.req)),
      };
      // A name without tag or digest pulls every tag (`pull -a`), as Docker's API does.
      if (!named.tag && !named.digest) {
        const tags = await images.listTags(named, opts);
        const send = startJsonStream(ctx.res);
        await images.pullTags(named, tags, send, opts);
        ctx.res.end();
        return;
      }
      const ref = tagNameOnly(named);
      // Until the manifest is in hand, failures are plain HTTP errors, as Docker's.
      const resolved = await images.resolvePull(ref, opts);
      const send = startJsonStream(ctx.res);
      await images.pull(resolved, send, opts);
      ctx.res.end();
      return;
    }
    throw new InvalidParameterError("Cannot create an image: give fromImage (pull) or fromSrc (import)");
  });

  router.post("/images/prune", async (ctx) => {
    const filters = filtersParam(ctx.query, IMAGE_PRUNE_FILTERS);
    const until = filters.get("until")?.[0];
    sendJson(ctx.res, 200, await images.prune(filters, until ? untilParam(until) : undefined));
  });

  router.post("/images/{name*}/push", async (ctx) => {
    const ref = parseRepositoryTag(ctx.params.name, ctx.query.get("tag") || undefined);
    if (ref.digest) throw new InvalidParameterError("Cannot push a digest reference: push a tag");
    const signal = clientGone(ctx.res);
    const creds = decodeRegistryAuth(registryAuthHeader(ctx.req));
    // A missing image is a plain 404 before streaming.
    if (ref.tag) images.resolve(`${ctx.params.name}:${ref.tag}`);
    const platform = ctx.query.get("platform");
    if (platform) await images.checkPushPlatform(ref, platform);
    const send = startJsonStream(ctx.res);
    await images.push(ref, send, { creds, signal });
    ctx.res.end();
  });

  router.get("/images/{name*}/json", async (ctx) => {
    const body = await images.inspect(ctx.params.name);
    // Fields the API dropped stay for the clients that still read them.
    if (apiMinor(ctx.apiVersion) >= 45) {
      delete body.Container;
      delete body.ContainerConfig;
    }
    if (apiMinor(ctx.apiVersion) < 44) body.VirtualSize = body.Size;
    sendJson(ctx.res, 200, body);
  });

  router.get("/images/{name*}/history", async (ctx) => {
    sendJson(ctx.res, 200, await images.history(ctx.params.name));
  });

  router.get("/images/{name*}/get", async (ctx) => {
    images.resolve(ctx.params.name);
    ctx.res.writeHead(200, { "Content-Type": "application/x-tar" });
    await images.save([ctx.params.name], ctx.res);
  });

  router.post("/images/{name*}/tag", async (ctx) => {
    const repo = ctx.query.get("repo");
    if (!repo) throw new InvalidParameterError("Cannot tag image: the repo parameter is required");
    await images.tagByName(ctx.params.name, repo, ctx.query.get("tag") || undefined);
    ctx.res.writeHead(201);
    ctx.res.end();
  });

  router.delete("/images/{name*}", async (ctx) => {
    const items = await images.remove(ctx.params.name, {
      force: boolParam(ctx.query, "force"),
      prune: !boolParam(ctx.query, "noprune"),
    });
    sendJson(ctx.res, 200, items);
  });
}
