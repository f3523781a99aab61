import { InvalidParameterError } from "../../errdefs/errors.ts";
import { loadArchive } from "../../image/archive-load.ts";
import { saveArchive } from "../../image/archive-save.ts";
import type { ImageService } from "../../image/image-service.ts";
import type { ImageRecord } from "../../image/image-store.ts";
import { importRootfs } from "../../image/import-rootfs.ts";
import { parseNormalizedNamed, parseRepositoryTag, tagNameOnly } from "../../image/reference.ts";
import { chainIds } from "../../oci/digest.ts";
import type { HistoryEntry, ImageConfig } from "../../oci/oci-types.ts";
import { parsePlatform } from "../../oci/platform.ts";
import { decodeRegistryAuth } from "../../registry/auth.ts";
import { BlobMemory } from "../../registry/blob-memory.ts";
import { listRepositoryTags, resolvePull, runPull, runPullAllTags } from "../../registry/pull.ts";
import { checkPushPlatform, runPush } from "../../registry/push.ts";
import { registryConfig } from "../../registry/registry-client.ts";
import type { Daemon } from "../backend.ts";
import { boolParam, filtersParam, sendJson, startJsonStream, untilParam } from "../http-util.ts";
import type { RequestContext, Router } from "../router.ts";

function unixSeconds(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

function olderThan(a: string, b: string): boolean {
  return a < b;
}

/** Docker's `reference=` filter: a shell-style pattern on the familiar name, with or without the tag. */
function matchReference(pattern: string, refs: string[]): boolean {
  const re = new RegExp(
    `^${pattern
      .split("")
      .map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("")}$`,
  );
  return refs.some((r) => {
    const name = r.replace(/[:@][^/]*$/, "");
    return re.test(r) || re.test(name);
  });
}

async function summary(images: ImageService, rec: ImageRecord, config: ImageConfig, apiVersion: string) {
  const size = await images.size(rec);
  const s: Record<string, unknown> = {
    Containers: -1,
    Created: unixSeconds(config.created),
    Id: rec.id,
    Labels: config.config?.Labels ?? null,
    ParentId: rec.parent ?? "",
    RepoDigests: images.repoDigests(rec.id),
    RepoTags: images.repoTags(rec.id),
    SharedSize: -1,
    Size: size,
  };
  if (Number(apiVersion.split(".")[1]) < 44) s.VirtualSize = size;
  return s;
}

/** An AbortSignal that fires when the client goes away before the reply is complete. */
function clientGone(ctx: RequestContext): AbortSignal {
  const ac = new AbortController();
  ctx.res.on("close", () => {
    if (!ctx.res.writableFinished) ac.abort(new Error("the client closed the connection"));
  });
  return ac.signal;
}

export function registerImageRoutes(router: Router, daemon: Daemon): void {
  const images = daemon.images;
  const blobMemory = new BlobMemory(daemon.config.dataRoot);

  router.get("/images/json", async (ctx) => {
    const all = boolParam(ctx.query, "all");
    const filters = filtersParam(ctx.query, ["dangling", "label", "before", "since", "reference", "until"]);
    const dangling = filters.get("dangling");
    if (dangling?.some((d) => !["true", "false", "1", "0"].includes(d))) {
      throw new InvalidParameterError(`invalid filter 'dangling=${dangling[0]}'`);
    }
    const before = filters.get("before")?.map((n) => images.resolve(n));
    const since = filters.get("since")?.map((n) => images.resolve(n));
    const out = [];
    const records = images.store.list();
    const configs = new Map<string, ImageConfig>();
    for (const rec of records) configs.set(rec.id, await images.config(rec));
    const created = (r: ImageRecord) => configs.get(r.id)?.created ?? "";
    for (const rec of records) {
      const tags = images.repoTags(rec.id);
      const isDangling = tags.length === 0 && images.repoDigests(rec.id).length === 0;
      // Intermediate images (untagged parents) are hidden unless -a, as in Docker.
      if (!all && isDangling && images.children(rec.id).length > 0) continue;
      if (dangling && (dangling[0] === "true" || dangling[0] === "1") !== isDangling) continue;
      if (before && !before.every((b) => olderThan(created(rec), created(b)))) continue;
      if (since && !since.every((b) => olderThan(created(b), created(rec)))) continue;
      const refs = filters.get("reference");
      if (refs && !refs.some((p) => matchReference(p, [...tags, ...images.repoDigests(rec.id)]))) continue;
      const labels = filters.get("label");
      const cfgLabels = configs.get(rec.id)?.config?.Labels ?? {};
      if (
        labels &&
        !labels.every((l) => {
          const [k, v] = l.split("=", 2);
          return v === undefined ? k in cfgLabels : cfgLabels[k] === v;
        })
      )
        continue;
      out.push(await summary(images, rec, configs.get(rec.id)!, ctx.apiVersion));
    }
    out.sort((a, b) => (b.Created as number) - (a.Created as number));
    sendJson(ctx.res, 200, out);
  });

  // A failure once a JSON stream has started is written in-band by the server (errorDetail),
  // which also keeps JavaScript exception text from the client and logs it.
  router.post("/images/load", async (ctx) => {
    // `quiet` only hides progress bars, which a load from a local tar does not draw.
    const send = startJsonStream(ctx.res);
    await loadArchive(images, ctx.req, (line) => send({ stream: line }), clientGone(ctx));
    ctx.res.end();
  });

  router.get("/images/get", async (ctx) => {
    const names = ctx.query.getAll("names");
    for (const n of names) images.resolve(n);
    ctx.res.writeHead(200, { "Content-Type": "application/x-tar" });
    await saveArchive(images, names, ctx.res);
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
      const id = await importRootfs(images, ctx.req, {
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
      const signal = clientGone(ctx);
      const opts = {
        platform,
        signal,
        creds: decodeRegistryAuth(ctx.req.headers["x-registry-auth"] as string | undefined),
      };
      const config = registryConfig(daemon.config.extra);
      // A name without tag or digest pulls every tag (`pull -a`), as Docker's API does.
      if (!named.tag && !named.digest) {
        const tags = await listRepositoryTags(config, named, opts);
        const send = startJsonStream(ctx.res);
        await runPullAllTags(images, blobMemory, config, named, tags, send, opts);
        ctx.res.end();
        return;
      }
      const ref = tagNameOnly(named);
      // Until the manifest is in hand, failures are plain HTTP errors, as Docker's.
      const resolved = await resolvePull(config, ref, opts);
      const send = startJsonStream(ctx.res);
      await runPull(images, blobMemory, resolved, send, opts);
      ctx.res.end();
      return;
    }
    throw new InvalidParameterError("Cannot create an image: give fromImage (pull) or fromSrc (import)");
  });

  router.post("/images/prune", async (ctx) => {
    const filters = filtersParam(ctx.query, ["dangling", "label", "until"]);
    const danglingOnly = (filters.get("dangling")?.[0] ?? "true") !== "false";
    const untilRaw = filters.get("until")?.[0];
    const until = untilRaw ? untilParam(untilRaw) : undefined;
    const labels = filters.get("label");
    const deleted: { Untagged?: string; Deleted?: string }[] = [];
    let reclaimed = 0;
    for (const rec of images.store.list()) {
      if (!images.store.get(rec.id)) continue;
      const tags = images.store.refsOf(rec.id);
      if (danglingOnly && tags.length > 0) continue;
      if (images.users.containersUsing(rec.id).length > 0) continue;
      if (images.children(rec.id).length > 0) continue;
      const cfg = await images.config(rec);
      if (until !== undefined && Date.parse(cfg.created ?? "") >= until) continue;
      if (labels) {
        const l = cfg.config?.Labels ?? {};
        const ok = labels.every((f) => {
          const neg = f.startsWith("label!=");
          const [k, v] = f.replace(/^label!?=/, "").split("=", 2);
          const has = v === undefined ? k in l : l[k] === v;
          return neg ? !has : has;
        });
        if (!ok) continue;
      }
      const size = await images.size(rec);
      const items = await images.remove(rec.id, { force: true });
      deleted.push(...items);
      reclaimed += size;
    }
    // Downloads of pulls that failed and were never retried.
    reclaimed += await images.content.prunePartials();
    sendJson(ctx.res, 200, { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed });
  });

  router.post("/images/{name*}/push", async (ctx) => {
    const ref = parseRepositoryTag(ctx.params.name, ctx.query.get("tag") || undefined);
    if (ref.digest) throw new InvalidParameterError("Cannot push a digest reference: push a tag");
    const signal = clientGone(ctx);
    const creds = decodeRegistryAuth(ctx.req.headers["x-registry-auth"] as string | undefined);
    // A missing image is a plain 404 before streaming.
    if (ref.tag) images.resolve(`${ctx.params.name}:${ref.tag}`);
    const platform = ctx.query.get("platform");
    if (platform) await checkPushPlatform(images, ref, platform);
    const send = startJsonStream(ctx.res);
    await runPush(images, blobMemory, registryConfig(daemon.config.extra), ref, send, { creds, signal });
    ctx.res.end();
  });

  router.get("/images/{name*}/json", async (ctx) => {
    const { record: rec, config } = await images.get(ctx.params.name);
    const size = await images.size(rec);
    const dirs = images.layerDirs(rec);
    const body: Record<string, unknown> = {
      Id: rec.id,
      RepoTags: images.repoTags(rec.id),
      RepoDigests: images.repoDigests(rec.id),
      Parent: rec.parent ?? "",
      Comment: config.comment ?? "",
      Created: config.created ?? "",
      DockerVersion: config.docker_version ?? "",
      Author: config.author ?? "",
      Config: config.config ?? null,
      Architecture: config.architecture,
      ...(config.variant ? { Variant: config.variant } : {}),
      Os: config.os,
      ...(config["os.version"] ? { OsVersion: config["os.version"] } : {}),
      Size: size,
      GraphDriver: {
        Name: "overlay2",
        Data: {
          LowerDir: dirs.slice(0, -1).reverse().join(":") || undefined,
          UpperDir: dirs.at(-1),
          MergedDir: undefined,
          WorkDir: undefined,
        },
      },
      RootFS: { Type: "layers", Layers: config.rootfs.diff_ids },
      Metadata: { LastTagTime: rec.storedAt },
    };
    if (Number(ctx.apiVersion.split(".")[1]) < 45) {
      body.Container = config.container ?? "";
      body.ContainerConfig = config.container_config ?? null;
    }
    if (Number(ctx.apiVersion.split(".")[1]) < 44) body.VirtualSize = size;
    const gd = body.GraphDriver as { Data: Record<string, string | undefined> };
    gd.Data = Object.fromEntries(Object.entries(gd.Data).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    sendJson(ctx.res, 200, body);
  });

  router.get("/images/{name*}/history", async (ctx) => {
    const { record: rec, config } = await images.get(ctx.params.name);
    const chain = chainIds(rec.layers.map((l) => l.diffId));
    const sizes = await Promise.all(chain.map(async (c) => (await images.layers.get(c))?.size ?? 0));
    const history: HistoryEntry[] = config.history?.length
      ? config.history
      : rec.layers.map(() => ({ created: config.created, created_by: "" }));
    let layerIdx = 0;
    const rows = history.map((h) => {
      const size = h.empty_layer ? 0 : (sizes[layerIdx++] ?? 0);
      return {
        Comment: h.comment ?? "",
        Created: unixSeconds(h.created),
        CreatedBy: h.created_by ?? "",
        Id: "<missing>",
        Size: size,
        Tags: null as string[] | null,
      };
    });
    rows.reverse();
    if (rows[0]) {
      rows[0].Id = rec.id;
      rows[0].Tags = images.repoTags(rec.id);
    }
    // Older entries that are local parent images get their IDs, as Docker shows them.
    let parent = rec.parent ? images.store.get(rec.parent) : undefined;
    let idx = rows.length - (config.history?.length ?? 0);
    while (parent && idx >= 0) {
      const pcfg = await images.config(parent);
      const pos = rows.length - (pcfg.history?.length ?? 0);
      if (rows[pos]) {
        rows[pos].Id = parent.id;
        rows[pos].Tags = images.repoTags(parent.id);
      }
      idx = pos;
      parent = parent.parent ? images.store.get(parent.parent) : undefined;
    }
    sendJson(ctx.res, 200, rows);
  });

  router.get("/images/{name*}/get", async (ctx) => {
    images.resolve(ctx.params.name);
    ctx.res.writeHead(200, { "Content-Type": "application/x-tar" });
    await saveArchive(images, [ctx.params.name], ctx.res);
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
