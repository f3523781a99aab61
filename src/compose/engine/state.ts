// What exists of a project on the engine: its containers, found by Compose's labels.
import type { EngineClient } from "../../client/client.ts";
import type { ContainerSummary } from "../../types/container.ts";
import type { DependsOn, Project, Service } from "../types.ts";
import { L } from "./labels.ts";

export interface ProjectContainer {
  id: string;
  name: string;
  service: string;
  number: number;
  oneoff: boolean;
  state: string;
  configHash: string;
  imageId: string;
  summary: ContainerSummary;
}

export function toProjectContainer(c: ContainerSummary): ProjectContainer {
  const labels = c.Labels ?? {};
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id).replace(/^\//, ""),
    service: labels[L.service] ?? "",
    number: Number(labels[L.number] ?? 0),
    oneoff: labels[L.oneoff] === "True",
    state: c.State,
    configHash: labels[L.configHash] ?? "",
    imageId: c.ImageID,
    summary: c,
  };
}

/** The project's containers (one-off `run` containers only when asked), by service then number. */
export async function projectContainers(
  client: EngineClient,
  projectName: string,
  opts: { all?: boolean; oneoff?: boolean; services?: string[] } = { all: true },
): Promise<ProjectContainer[]> {
  const label = [`${L.project}=${projectName}`];
  if (!opts.oneoff) label.push(`${L.oneoff}=False`);
  const list = await client.json<ContainerSummary[]>("GET", "/containers/json", {
    query: { all: opts.all ?? true, filters: JSON.stringify({ label }) },
  });
  return list
    .map(toProjectContainer)
    .filter((c) => !opts.services?.length || opts.services.includes(c.service))
    .sort((a, b) => (a.service === b.service ? a.number - b.number : a.service < b.service ? -1 : 1));
}

/**
 * What a service needs started first: its depends_on, plus the services its network_mode
 * (`service:x`) and volumes_from name, which Compose treats as dependencies too.
 */
export function dependenciesOf(service: Service): Record<string, DependsOn> {
  const out: Record<string, DependsOn> = { ...service.depends_on };
  const implicit = (name: string) => {
    out[name] ??= { condition: "service_started", required: true };
  };
  if (service.network_mode?.startsWith("service:")) implicit(service.network_mode.slice("service:".length));
  for (const v of service.volumes_from ?? []) if (!v.startsWith("container:")) implicit(v.split(":")[0]);
  return out;
}

/**
 * The services to act on: those named (all when none), with the services they depend on unless
 * `noDeps` (an optional dependency absent from the project is skipped, as `required: false` says).
 */
export function selectServices(project: Project, names: string[], noDeps = false): string[] {
  for (const n of names) if (!project.services[n]) throw new Error(`no such service: ${n}`);
  if (names.length === 0) return Object.keys(project.services);
  const out = new Set<string>();
  const visit = (n: string) => {
    if (out.has(n)) return;
    out.add(n);
    if (noDeps) return;
    for (const [dep, d] of Object.entries(dependenciesOf(project.services[n]))) {
      if (!project.services[dep]) {
        if (d.required)
          throw new Error(`service "${n}" depends on undefined service "${dep}": invalid compose project`);
        continue;
      }
      visit(dep);
    }
  };
  for (const n of names) visit(n);
  return [...out];
}

/** Services in start order (dependencies first); throws on a cycle, as Compose does. */
export function startOrder(project: Project, services: string[]): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (n: string, path: string[]) => {
    if (state.get(n) === "done") return;
    if (state.get(n) === "visiting")
      throw new Error(`dependency cycle detected: ${[...path, n].join(" -> ")}`);
    state.set(n, "visiting");
    for (const dep of Object.keys(project.services[n] ? dependenciesOf(project.services[n]) : {}))
      if (services.includes(dep)) visit(dep, [...path, n]);
    state.set(n, "done");
    order.push(n);
  };
  for (const s of services) visit(s, []);
  return order;
}
