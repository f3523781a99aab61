// The composition of the routes' backends: each routes file declares the narrow interface it
// needs (as moby's backend.go), and this is the one place that fills them from the services.

import path from "node:path";
import type { BuildBackend } from "../api/routes/build.ts";
import type { ArchiveBackend } from "../api/routes/container-archive.ts";
import type { ContainerBackend } from "../api/routes/containers.ts";
import type { ImageBackend } from "../api/routes/images.ts";
import type { NetworksBackend } from "../api/routes/networks.ts";
import type { RegistryBackend } from "../api/routes/registry.ts";
import type { SystemBackend } from "../api/routes/system.ts";
import type { VolumesBackend } from "../api/routes/volumes.ts";
import { SERVER_VERSION } from "../api/server.ts";
import { Builder, type BuildMessage } from "../build/builder.ts";
import { BuildCache } from "../build/cache.ts";
import { ContainerFs } from "../container/container-fs.ts";
import { type ContainerListSource, listContainers } from "../container/container-list.ts";
import { openAttach, openLogs } from "../container/container-logs.ts";
import { copyPaths } from "../container/copy-paths.ts";
import { inspectExec } from "../container/exec-inspect-view.ts";
import { type InspectSource, inspectContainer } from "../container/inspect-view.ts";
import { containerPruneFilter } from "../container/prune-filter.ts";
import { loadArchive } from "../image/archive-load.ts";
import { saveArchive } from "../image/archive-save.ts";
import { imageHistory } from "../image/history.ts";
import { imageCatalog } from "../image/image-catalog.ts";
import { listImages } from "../image/image-list.ts";
import { importRootfs } from "../image/import-rootfs.ts";
import { inspectImage } from "../image/inspect-view.ts";
import { pruneImages } from "../image/prune.ts";
import { BlobMemory } from "../registry/blob-memory.ts";
import { inspectDistribution } from "../registry/distribution-inspect.ts";
import { checkLogin } from "../registry/login.ts";
import { listRepositoryTags, resolvePull, runPull, runPullAllTags } from "../registry/pull.ts";
import { checkPushPlatform, runPush } from "../registry/push.ts";
import { registryConfig } from "../registry/registry-client.ts";
import { searchRegistry } from "../registry/search.ts";
import { buildCacheUsage, pruneBuildCache } from "../system/build-cache.ts";
import { diskUsage } from "../system/disk-usage.ts";
import { systemInfo } from "../system/info.ts";
import type { Daemon } from "./daemon.ts";

export interface Backends {
  build: BuildBackend;
  containers: ContainerBackend;
  archive: ArchiveBackend;
  images: ImageBackend;
  registry: RegistryBackend;
  system: SystemBackend;
  networks: NetworksBackend;
  volumes: VolumesBackend;
}

/** `obj`'s methods `keys`, bound to it: a narrow view of a service. */
function methods<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) {
    const fn = obj[k];
    out[k] = (typeof fn === "function" ? fn.bind(obj) : fn) as T[K];
  }
  return out;
}

export function backends(daemon: Daemon): Backends {
  const { containers, images, events } = daemon;
  const fsops = new ContainerFs(containers, images, events);
  const catalog = imageCatalog(images);
  const blobMemory = new BlobMemory(daemon.config.dataRoot);
  const registry = () => registryConfig(daemon.config.extra);

  const listSource: ContainerListSource = {
    list: () => containers.store.list(),
    get: (ref) => containers.get(ref),
    imageId: (ref) => images.tryResolve(ref)?.id,
    sizes: (rec) => fsops.sizes(rec),
    network: (rec) => daemon.containerNetwork.summary(rec),
  };
  const inspectSource: InspectSource = {
    dir: (id) => containers.store.dir(id),
    logPath: (rec) => containers.logPathOf(rec),
    runningExecs: (id) =>
      [...containers.execs.values()].filter((e) => e.ContainerID === id && e.Running).map((e) => e.ID),
    imageLayerDirs: (imageId) => {
      const image = images.store.get(imageId);
      return image ? images.layerDirs(image) : [];
    },
    sizes: (rec) => fsops.sizes(rec),
    networkSettings: (rec) => daemon.containerNetwork.settings(rec),
  };

  const archive = copyPaths(containers, images.tmpDir, (rec, fn) =>
    daemon.containerVolumes.withHostMounts(rec, fn),
  );
  const buildCache = new BuildCache(daemon.config.dataRoot);
  const cacheDeps = {
    images: catalog,
    cache: buildCache,
    dataRoot: daemon.config.dataRoot,
    activeBuilds: () => builder.active,
    events,
  };
  const builder = new Builder({
    images,
    containers,
    cache: buildCache,
    tmpDir: images.tmpDir,
    puller: async (ref, platform, send, signal, auths) => {
      // X-Registry-Config's keys are registry hosts; Docker Hub's is its v1 index URL.
      const creds =
        auths?.[ref.domain] ??
        (ref.domain === "docker.io" ? auths?.["https://index.docker.io/v1/"] : undefined);
      const opts = { platform, signal, ...(creds ? { creds } : {}) };
      const resolved = await resolvePull(registry(), ref, opts);
      // A pull sends no aux message; its other fields are those of the build stream.
      const { id } = await runPull(images, blobMemory, resolved, (m) => send(m as BuildMessage), opts);
      return images.resolve(id);
    },
    cacheMountsDir: path.join(daemon.config.dataRoot, "build", "cache-mounts"),
  });

  return {
    build: {
      build: (input, opts, send, signal) => builder.build(input, opts, send, signal),
      pruneCache: (opts) => pruneBuildCache(cacheDeps, opts),
    },
    containers: {
      ...methods(containers, [
        "create",
        "start",
        "stop",
        "restart",
        "kill",
        "pause",
        "unpause",
        "rename",
        "update",
        "resize",
        "wait",
        "remove",
        "top",
        "stats",
        "createExec",
        "getExec",
        "startExec",
        "resizeExec",
      ]),
      ...methods(fsops, ["changes", "export", "commit"]),
      list: (opts) => listContainers(listSource, opts),
      inspect: (ref, withSize) => inspectContainer(inspectSource, containers.get(ref), withSize),
      prune: (filters, untilMs) => containers.prune(containerPruneFilter(filters, untilMs)),
      inspectExec: (id) => inspectExec(containers.getExec(id)),
      openLogs: (ref, streams) => openLogs(containers, ref, streams),
      openAttach: (ref, want) => openAttach(containers, ref, want),
    },
    archive,
    networks: {
      networks: daemon.networks,
      containers: methods(containers, ["connectNetwork", "disconnectNetwork"]),
    },
    volumes: { volumes: daemon.volumes },
    images: {
      ...methods(images, ["resolve", "tagByName", "remove"]),
      list: (opts) => listImages(catalog, opts),
      inspect: (name) => inspectImage(catalog, name),
      history: (name) => imageHistory(catalog, name),
      prune: (filters, untilMs) => pruneImages(catalog, filters, untilMs),
      load: (input, progress, signal) => loadArchive(images, input, progress, signal),
      save: (names, out) => saveArchive(images, names, out),
      importRootfs: (input, opts) => importRootfs(images, input, opts),
      listTags: (ref, opts) => listRepositoryTags(registry(), ref, opts),
      pullTags: (ref, tags, send, opts) =>
        runPullAllTags(images, blobMemory, registry(), ref, tags, send, opts),
      resolvePull: (ref, opts) => resolvePull(registry(), ref, opts),
      pull: (resolved, send, opts) => runPull(images, blobMemory, resolved, send, opts),
      checkPushPlatform: (ref, platform) => checkPushPlatform(images, ref, platform),
      push: (ref, send, opts) => runPush(images, blobMemory, registry(), ref, send, opts),
    },
    registry: {
      login: (creds) => checkLogin(creds, registry()),
      search: (term, opts) => searchRegistry(term, registry(), opts),
      distribution: (name, opts) => inspectDistribution(name, registry(), opts),
    },
    system: {
      events,
      diskUsage: () =>
        diskUsage(catalog, {
          list: () => containers.store.list(),
          sizes: (c) => fsops.sizes(c),
          volumes: () => daemon.volumes.usage(),
          buildCache: () => buildCacheUsage(cacheDeps),
        }),
      info: () =>
        systemInfo({
          id: daemon.id,
          dataRoot: daemon.config.dataRoot,
          debug: daemon.config.logLevel === "debug",
          serverVersion: SERVER_VERSION,
          containerCounts: () => containers.counts(),
          imageCount: () => images.store.list().length,
          runtimes: () => containers.runtimeNames(),
          defaultRuntime: () => containers.defaultRuntimeName,
        }),
    },
  };
}
