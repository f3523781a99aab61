// `up`'s convergence: from what the project's labels say exists to what the model asks for.
// Networks and volumes first, then each service once its dependencies meet their condition;
// a container whose config hash (or image) differs is recreated, the others are left alone,
// so a second `up` changes nothing.
import { ApiError, type EngineClient } from "../../client/client.ts";
import type { ContainerInspect } from "../../types/container.ts";
import type { Project, Service } from "../types.ts";
import { containerSpec } from "./container-spec.ts";
import { ensureImages, imageId } from "./images.ts";
import { configHash, containerName, imageName } from "./labels.ts";
import type { Progress } from "./progress.ts";
import { ensureNetworks, ensureVolumes } from "./resources.ts";
import {
  dependenciesOf,
  type ProjectContainer,
  projectContainers,
  selectServices,
  startOrder,
} from "./state.ts";

export interface UpOptions {
  services: string[];
  build?: boolean;
  noBuild?: boolean;
  pull?: string;
  forceRecreate?: boolean;
  noRecreate?: boolean;
  removeOrphans?: boolean;
  noDeps?: boolean;
  noStart?: boolean;
  scale?: Record<string, number>;
  /** Seconds to wait for a container being replaced or scaled away to stop (`-t`). */
  timeout?: number;
  /** Polling interval for health and completion (ms). */
  pollMs?: number;
}

/** Everything the project needs on the engine: images, networks, volumes. */
export async function prepareProject(
  client: EngineClient,
  project: Project,
  services: string[],
  opts: { build?: boolean; noBuild?: boolean; pull?: string },
  progress: Progress,
  onBuildOutput: (t: string) => void,
): Promise<void> {
  // Every body is built once before anything is made: a field berth refuses, an undefined
  // volume or network, a bad duration fail here, not half-way through the project.
  for (const s of services)
    containerSpec(project, project.services[s], {
      number: 1,
      containerOf: (x) => containerOfService(project, s, x),
    });
  await ensureImages(client, project, services, opts, progress, onBuildOutput);
  const nets = new Set<string>();
  const vols = new Set<string>();
  for (const name of services) {
    const s = project.services[name];
    if (!s.network_mode) for (const n of Object.keys(s.networks)) nets.add(n);
    for (const v of s.volumes) if (v.type === "volume" && v.source) vols.add(v.source);
  }
  await Promise.all([
    ensureNetworks(client, project, nets, progress),
    ensureVolumes(client, project, vols, progress),
  ]);
}

function containerOfService(project: Project, from: string, svc: string): string {
  const other = project.services[svc];
  if (!other) throw new Error(`service "${from}" refers to undefined service ${svc}`);
  return containerName(project, other, 1);
}

export async function inspect(client: EngineClient, id: string): Promise<ContainerInspect> {
  return client.json<ContainerInspect>("GET", `/containers/${encodeURIComponent(id)}/json`);
}

export async function createContainer(
  client: EngineClient,
  project: Project,
  service: Service,
  number: number,
  progress: Progress,
  extra: { oneoff?: boolean; name?: string; publish?: boolean } = {},
  override?: (body: ReturnType<typeof containerSpec>) => void,
): Promise<string> {
  const spec = containerSpec(project, service, {
    number,
    oneoff: extra.oneoff,
    name: extra.name,
    publish: extra.publish,
    containerOf: (svc) => containerOfService(project, service.name, svc),
  });
  override?.(spec);
  const { name, NetworkingConfig, ...body } = spec;
  // The first network goes with create, the others by connect (as Compose v2 for API < 1.44's
  // engines): berthd, like older dockerds, takes one endpoint at create.
  const endpoints = Object.entries(NetworkingConfig?.EndpointsConfig ?? {});
  const first = endpoints.find(([n]) => n === body.HostConfig?.NetworkMode);
  progress("Container", name, "Creating");
  const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", {
    query: { name, platform: service.platform },
    body: { ...body, NetworkingConfig: first ? { EndpointsConfig: { [first[0]]: first[1] } } : undefined },
  });
  for (const [net, cfg] of endpoints) {
    if (net === first?.[0]) continue;
    await client.ok("POST", `/networks/${encodeURIComponent(net)}/connect`, {
      body: { Container: Id, EndpointConfig: cfg },
    });
  }
  progress("Container", name, "Created");
  return Id;
}

async function startContainer(client: EngineClient, c: { id: string; name: string }, progress: Progress) {
  progress("Container", c.name, "Starting");
  await client.ok("POST", `/containers/${c.id}/start`);
  progress("Container", c.name, "Started");
}

export async function stopAndRemove(
  client: EngineClient,
  c: { id: string; name: string },
  progress: Progress,
  opts: { timeout?: number; volumes?: boolean } = {},
): Promise<void> {
  progress("Container", c.name, "Stopping");
  await client.ok("POST", `/containers/${c.id}/stop`, { query: { t: opts.timeout } }).catch((err) => {
    if (!(err instanceof ApiError && (err.status === 304 || err.status === 404))) throw err;
  });
  progress("Container", c.name, "Stopped");
  progress("Container", c.name, "Removing");
  await client
    .ok("DELETE", `/containers/${c.id}`, { query: { force: true, v: opts.volumes } })
    .catch((err) => {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    });
  progress("Container", c.name, "Removed");
}

/** Waits until `dep`'s containers meet `condition`; throws Compose's error text when they cannot. */
async function waitCondition(
  client: EngineClient,
  project: Project,
  dependent: string,
  dep: string,
  condition: string,
  pollMs: number,
): Promise<void> {
  if (condition === "service_started") return;
  const containers = (await projectContainers(client, project.name, { services: [dep] })).filter(
    (c) => !c.oneoff,
  );
  for (const c of containers) {
    for (;;) {
      const info = await inspect(client, c.id);
      if (condition === "service_healthy") {
        const h = info.State.Health;
        if (!h || !info.Config.Healthcheck?.Test || info.Config.Healthcheck.Test[0] === "NONE")
          throw new Error(`dependency failed to start: container ${c.name} has no healthcheck configured`);
        if (h.Status === "healthy") break;
        if (h.Status === "unhealthy")
          throw new Error(`dependency failed to start: container ${c.name} is unhealthy`);
        if (!info.State.Running)
          throw new Error(`dependency failed to start: container ${c.name} exited (${info.State.ExitCode})`);
      } else {
        if (!info.State.Running && info.State.Status !== "created") {
          if (info.State.ExitCode !== 0)
            throw new Error(
              `service "${dep}" didn't complete successfully: exit ${info.State.ExitCode} (needed by "${dependent}")`,
            );
          break;
        }
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}

async function convergeService(
  client: EngineClient,
  project: Project,
  service: Service,
  existing: ProjectContainer[],
  opts: UpOptions,
  progress: Progress,
): Promise<void> {
  const want = opts.scale?.[service.name] ?? service.scale ?? 1;
  if (service.container_name && want > 1)
    throw new Error(
      `service "${service.name}": container_name "${service.container_name}" can only be used with scale 1`,
    );
  const mine = existing.filter((c) => c.service === service.name).sort((a, b) => a.number - b.number);
  // Scale down: the highest numbers go first, as Compose does.
  const extra = mine.splice(want);
  await Promise.all(
    extra.reverse().map((c) => stopAndRemove(client, c, progress, { timeout: opts.timeout })),
  );
  const hash = configHash(service);
  const currentImage = await imageId(client, imageName(project, service));
  const toStart: { id: string; name: string }[] = [];
  for (const c of mine) {
    const changed = c.configHash !== hash || (currentImage !== undefined && c.imageId !== currentImage);
    if (opts.forceRecreate || (changed && !opts.noRecreate)) {
      progress("Container", c.name, "Recreate");
      await stopAndRemove(client, c, progress, { timeout: opts.timeout });
      const id = await createContainer(client, project, service, c.number, progress);
      toStart.push({ id, name: containerName(project, service, c.number) });
    } else if (c.state !== "running" && c.state !== "paused") toStart.push(c);
    else progress("Container", c.name, "Running");
  }
  let next = mine.reduce((m, c) => Math.max(m, c.number), 0) + 1;
  for (let i = mine.length; i < want; i++, next++) {
    const id = await createContainer(client, project, service, next, progress);
    toStart.push({ id, name: containerName(project, service, next) });
  }
  if (opts.noStart) return;
  for (const c of toStart) await startContainer(client, c, progress);
}

/** Converges the selected services; rejects with the first failing service's error. */
export async function up(
  client: EngineClient,
  project: Project,
  opts: UpOptions,
  progress: Progress,
  onBuildOutput: (t: string) => void,
): Promise<void> {
  const services = selectServices(project, opts.services, opts.noDeps);
  const order = startOrder(project, services);
  await prepareProject(client, project, order, opts, progress, onBuildOutput);
  const existing = await projectContainers(client, project.name);
  const orphans = existing.filter(
    (c) => !project.services[c.service] && !project.disabled_services?.[c.service],
  );
  if (orphans.length) {
    if (opts.removeOrphans)
      await Promise.all(orphans.map((c) => stopAndRemove(client, c, progress, { timeout: opts.timeout })));
    else
      progress(
        "Container",
        orphans.map((c) => c.name).join(", "),
        `Warn: found orphan containers for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
      );
  }
  const pollMs = opts.pollMs ?? 100;
  const done = new Map<string, Promise<void>>();
  for (const name of order) {
    const service = project.services[name];
    const deps = Object.entries(dependenciesOf(service)).filter(([d]) => done.has(d));
    done.set(
      name,
      (async () => {
        for (const [d, cond] of deps) {
          await done.get(d)?.catch(() => {
            throw new Error(`dependency failed to start: service "${d}" failed`);
          });
          if (!opts.noStart) await waitCondition(client, project, name, d, cond.condition, pollMs);
        }
        await convergeService(client, project, service, existing, opts, progress);
      })(),
    );
  }
  const results = await Promise.allSettled(done.values());
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/** `--wait`: every selected service's containers running, and healthy where they have a check. */
export async function waitRunning(
  client: EngineClient,
  project: Project,
  services: string[],
  timeoutMs: number | undefined,
  pollMs = 100,
): Promise<void> {
  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
  const containers = await projectContainers(client, project.name, { services });
  for (const c of containers) {
    for (;;) {
      const info = await inspect(client, c.id);
      const h = info.State.Health;
      if (h?.Status === "unhealthy") throw new Error(`container ${c.name} is unhealthy`);
      if (!info.State.Running && info.State.Status !== "created") {
        const cond = Object.values(project.services).some(
          (s) => s.depends_on[c.service]?.condition === "service_completed_successfully",
        );
        if (cond && info.State.ExitCode === 0) break;
        throw new Error(`container ${c.name} exited (${info.State.ExitCode})`);
      }
      if (info.State.Running && (!h || h.Status === "healthy" || h.Status === "none")) break;
      if (Date.now() > deadline) throw new Error(`timeout waiting for the project to be running and healthy`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
