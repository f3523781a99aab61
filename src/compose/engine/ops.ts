// The project-wide lifecycle operations: down, and the per-container verbs applied to a
// project's services (stop in reverse dependency order, start in order).
import { ApiError, type EngineClient } from "../../client/client.ts";
import type { Project } from "../types.ts";
import { imageName } from "./labels.ts";
import type { Progress } from "./progress.ts";
import { removeNetworks, removeVolumes } from "./resources.ts";
import {
  dependenciesOf,
  type ProjectContainer,
  projectContainers,
  selectServices,
  startOrder,
} from "./state.ts";
import { stopAndRemove } from "./up.ts";

/**
 * Runs `fn` over the containers service by service, each service as soon as the services that
 * depend on it are done (reverse dependency order), unrelated services at the same time.
 */
async function inStopOrder(
  project: Project | undefined,
  containers: ProjectContainer[],
  fn: (c: ProjectContainer) => Promise<void>,
): Promise<void> {
  const known = project ? Object.keys(project.services) : [];
  const unknown = containers.filter((c) => !known.includes(c.service));
  const done = new Map<string, Promise<void>>();
  const run = (s: string): Promise<void> => {
    let p = done.get(s);
    if (p) return p;
    const dependents = known.filter((o) => o !== s && dependenciesOf((project as Project).services[o])[s]);
    p = Promise.all(dependents.map(run)).then(() =>
      Promise.all(containers.filter((c) => c.service === s).map(fn)).then(() => undefined),
    );
    done.set(s, p);
    return p;
  };
  if (project) startOrder(project, known); // throws on a cycle before anything is stopped
  await Promise.all([...known.map(run), ...unknown.map(fn)]);
}

export interface DownOptions {
  volumes?: boolean;
  rmi?: "local" | "all";
  removeOrphans?: boolean;
  timeout?: number;
}

/**
 * `down`: containers (one-off ones too, as Compose), then networks, then volumes with -v and
 * images with --rmi. Works from labels, so a project whose files are gone can still be removed
 * with `-p` alone (`project` undefined).
 */
export async function down(
  client: EngineClient,
  projectName: string,
  project: Project | undefined,
  opts: DownOptions,
  progress: Progress,
): Promise<void> {
  const all = await projectContainers(client, projectName, { all: true, oneoff: true });
  const known = project
    ? new Set([...Object.keys(project.services), ...Object.keys(project.disabled_services ?? {})])
    : undefined;
  const targets = all.filter((c) => !known || known.has(c.service) || opts.removeOrphans || c.oneoff);
  const orphans = all.filter((c) => !targets.includes(c));
  if (orphans.length)
    progress(
      "Container",
      orphans.map((c) => c.name).join(", "),
      "Warn: found orphan containers for this project (use --remove-orphans)",
    );
  await inStopOrder(project, targets, (c) => stopAndRemove(client, c, progress, { timeout: opts.timeout }));
  // Networks and volumes are independent of each other once the containers are gone.
  await Promise.all([
    orphans.length === 0 ? removeNetworks(client, projectName, progress) : undefined,
    opts.volumes ? removeVolumes(client, projectName, progress) : undefined,
  ]);
  if (opts.rmi) {
    for (const ref of imagesToRemove(projectName, project, all, opts.rmi)) {
      progress("Image", ref, "Removing");
      try {
        await client.ok("DELETE", `/images/${encodeURIComponent(ref)}`);
        progress("Image", ref, "Removed");
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
    }
  }
}

/**
 * The images `down --rmi` removes: from the model when there is one; with `-p` alone, from the
 * containers' labels (their image ref, and for `local` only the `<project>-<service>` name a
 * build without `image:` gets), so that --rmi is applied there too rather than dropped.
 */
function imagesToRemove(
  projectName: string,
  project: Project | undefined,
  containers: { service: string; summary: { Image: string } }[],
  rmi: "local" | "all",
): Set<string> {
  const images = new Set<string>();
  if (project) {
    for (const s of Object.values(project.services))
      if (rmi === "all" || (!s.image && s.build)) images.add(imageName(project, s));
    return images;
  }
  for (const c of containers)
    if (rmi === "all" || c.summary.Image === `${projectName}-${c.service}`) images.add(c.summary.Image);
  return images;
}

export type Verb = "stop" | "start" | "restart" | "kill" | "pause" | "unpause";

const verbStatus: Record<Verb, [string, string]> = {
  stop: ["Stopping", "Stopped"],
  start: ["Starting", "Started"],
  restart: ["Restarting", "Started"],
  kill: ["Killing", "Killed"],
  pause: ["Pausing", "Paused"],
  unpause: ["Unpausing", "Unpaused"],
};

/** A verb over the selected services' containers: start-like ones in dependency order, stop-like in reverse. */
export async function applyVerb(
  client: EngineClient,
  project: Project,
  services: string[],
  verb: Verb,
  query: Record<string, string | number | undefined>,
  progress: Progress,
): Promise<void> {
  const selected = services.length ? selectServices(project, services, true) : Object.keys(project.services);
  const containers = await projectContainers(client, project.name, { services: selected });
  const stopLike = verb === "stop" || verb === "kill" || verb === "pause";
  const [doing, done] = verbStatus[verb];
  const act = async (c: ProjectContainer) => {
    if (verb === "start" && c.state === "running") return;
    if (stopLike && c.state !== "running") return;
    if (verb === "unpause" && c.state !== "paused") return;
    progress("Container", c.name, doing);
    await client.ok("POST", `/containers/${c.id}/${verb}`, { query });
    progress("Container", c.name, done);
  };
  if (stopLike) {
    await inStopOrder(project, containers, act);
    return;
  }
  for (const s of startOrder(project, selected))
    await Promise.all(containers.filter((c) => c.service === s).map(act));
}

/** `rm`: the selected services' stopped containers (all of them with `stop` first). */
export async function removeStopped(
  client: EngineClient,
  project: Project,
  services: string[],
  opts: { stop?: boolean; volumes?: boolean },
  progress: Progress,
): Promise<ProjectContainer[]> {
  const selected = services.length ? services : Object.keys(project.services);
  if (opts.stop) await applyVerb(client, project, selected, "stop", {}, progress);
  const containers = (await projectContainers(client, project.name, { services: selected })).filter(
    (c) => c.state !== "running" && c.state !== "paused" && c.state !== "restarting",
  );
  for (const c of containers) {
    progress("Container", c.name, "Removing");
    await client.ok("DELETE", `/containers/${c.id}`, { query: { v: opts.volumes } });
    progress("Container", c.name, "Removed");
  }
  return containers;
}
