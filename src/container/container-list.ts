// `GET /containers/json` (docker ps) on the service side: the filters and the summary view,
// pure over container records so they are tested without HTTP or root.

import { InvalidParameterError } from "../errdefs/errors.ts";
import { humanDuration } from "../format/units.ts";
import type { ContainerSummary } from "../types/container.ts";
import type { Filters } from "../types/filters.ts";
import { mountsView } from "../volume/container-volumes.ts";
import { type ContainerRecord, ZERO_TIME } from "./container-record.ts";
import { extraFilters } from "./list-filters.ts";

/** The filters `GET /containers/json` accepts; any other name is a 400 at the route. */
export const CONTAINER_LIST_FILTERS = [
  "id",
  "name",
  "label",
  "status",
  "ancestor",
  "exited",
  "before",
  "since",
  "health",
  "network",
  "volume",
  "publish",
  "expose",
  "is-task",
] as const;

const HEALTH_VALUES = ["starting", "healthy", "unhealthy", "none"];
const VALID_STATUS = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

/** What listing reads of the engine: the records, ref lookups and the layer sizes. */
export interface ContainerListSource {
  list(): ContainerRecord[];
  /** The record a name or ID prefix names; throws NotFound as the service does. */
  get(ref: string): ContainerRecord;
  /** The image ID a reference names, if the image is here. */
  imageId(ref: string): string | undefined;
  sizes(rec: ContainerRecord): Promise<{ SizeRw: number; SizeRootFs: number }>;
  /** Published and exposed ports, and the networks joined, from the network resource. */
  network?(rec: ContainerRecord): Pick<ContainerSummary, "Ports" | "NetworkSettings">;
}

export interface ContainerListOptions {
  all: boolean;
  /** At most this many (newest first) when > 0. */
  limit: number;
  size: boolean;
  filters: Filters;
  now?: number;
}

/** Docker's human status: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
export function statusString(rec: ContainerRecord, now = Date.now()): string {
  const s = rec.State;
  if (s.Running) {
    const up = `Up ${humanDuration(now - Date.parse(s.StartedAt))}`;
    if (s.Paused) return `${up} (Paused)`;
    if (s.Restarting)
      return `Restarting (${s.ExitCode}) ${humanDuration(now - Date.parse(s.FinishedAt))} ago`;
    if (s.Health) return `${up} (${s.Health.Status === "starting" ? "health: starting" : s.Health.Status})`;
    return up;
  }
  if (s.Restarting) return `Restarting (${s.ExitCode}) ${humanDuration(now - Date.parse(s.FinishedAt))} ago`;
  if (s.Status === "removing") return "Removal In Progress";
  if (s.Dead) return "Dead";
  if (s.StartedAt === ZERO_TIME) return "Created";
  return `Exited (${s.ExitCode}) ${humanDuration(now - Date.parse(s.FinishedAt))} ago`;
}

/** The `State` word of a summary: paused and restarting win over the recorded status. */
export function summaryState(rec: ContainerRecord): string {
  return rec.State.Paused ? "paused" : rec.State.Restarting ? "restarting" : rec.State.Status;
}

/** A `name=` filter is a regular expression, as Docker's; a bad one is the caller's error. */
function nameRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new InvalidParameterError(`invalid filter 'name=${pattern}': ${(err as Error).message}`);
  }
}

/** `label=k` (has the key) and `label=k=v` (has that value), all of them. */
export function matchesLabels(labels: Record<string, string>, wanted: readonly string[]): boolean {
  return wanted.every((x) => {
    const [k, v] = x.split("=", 2);
    return v === undefined ? k in labels : labels[k] === v;
  });
}

/** Unix time in seconds, since the API rounds container times so. */
export function unixSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** One row of `docker ps`, without sizes. */
export function containerSummary(c: ContainerRecord, now = Date.now()): ContainerSummary {
  return {
    Id: c.ID,
    Names: [c.Name],
    Image: c.Config.Image,
    ImageID: c.Image,
    Command: [c.Path, ...c.Args].join(" "),
    Created: unixSeconds(c.Created),
    Ports: [],
    Labels: c.Config.Labels ?? {},
    State: summaryState(c),
    Status: statusString(c, now),
    HostConfig: { NetworkMode: c.HostConfig.NetworkMode || "default" },
    NetworkSettings: { Networks: {} },
    Mounts: mountsView(c),
  };
}

/** The records `opts` selects, newest first, as Docker's list filters them. */
export function filterContainers(src: ContainerListSource, opts: ContainerListOptions): ContainerRecord[] {
  const { filters, all } = opts;
  const statuses = filters.get("status");
  for (const s of statuses ?? []) {
    if (!VALID_STATUS.includes(s)) throw new InvalidParameterError(`invalid filter 'status=${s}'`);
  }
  const list = src.list().sort((a, b) => (a.Created < b.Created ? 1 : a.Created > b.Created ? -1 : 0));
  const before = filters.get("before")?.map((r) => src.get(r));
  const since = filters.get("since")?.map((r) => src.get(r));
  const ancestors = filters.get("ancestor")?.map((a) => src.imageId(a) ?? a);
  const health = filters.get("health");
  for (const h of health ?? []) {
    if (!HEALTH_VALUES.includes(h))
      throw new InvalidParameterError(`Unrecognised filter value for health: ${h}`);
  }
  const extra = extraFilters(filters);
  const out = list.filter((c) => {
    const status = summaryState(c);
    if (!all && !statuses && !(c.State.Running || c.State.Paused)) return false;
    if (statuses && !statuses.includes(status)) return false;
    const ids = filters.get("id");
    if (ids && !ids.some((i) => c.ID.startsWith(i))) return false;
    const names = filters.get("name");
    if (names && !names.some((n) => nameRegExp(n).test(c.Name) || nameRegExp(n).test(c.Name.slice(1))))
      return false;
    const labels = filters.get("label");
    if (labels && !matchesLabels(c.Config.Labels ?? {}, labels)) return false;
    const exited = filters.get("exited");
    if (
      exited &&
      (c.State.Running || c.State.StartedAt === ZERO_TIME || !exited.includes(String(c.State.ExitCode)))
    )
      return false;
    if (health && !health.includes(c.State.Health?.Status ?? "none")) return false;
    if (ancestors && !ancestors.some((a) => a === c.Image || a === c.Config.Image)) return false;
    if (before && !before.every((b) => c.Created < b.Created)) return false;
    if (since && !since.every((b) => c.Created > b.Created)) return false;
    return extra({
      networks: () => src.network?.(c).NetworkSettings?.Networks ?? {},
      ports: () => src.network?.(c).Ports ?? [],
      mounts: () => mountsView(c),
    });
  });
  return opts.limit > 0 ? out.slice(0, opts.limit) : out;
}

/** `GET /containers/json`: the filtered records as summaries, with sizes when asked. */
export async function listContainers(
  src: ContainerListSource,
  opts: ContainerListOptions,
): Promise<ContainerSummary[]> {
  const list = filterContainers(src, opts);
  const now = opts.now ?? Date.now();
  const sizes = new Map<string, { SizeRw: number; SizeRootFs: number }>();
  if (opts.size) for (const c of list) sizes.set(c.ID, await src.sizes(c));
  return list.map((c) => {
    const s = { ...containerSummary(c, now), ...src.network?.(c) };
    if (!opts.size) return s;
    // Sizes sit after Ports, as the route has always written them.
    const { Labels, State, Status, HostConfig, NetworkSettings, Mounts, ...head } = s;
    return { ...head, ...sizes.get(c.ID), Labels, State, Status, HostConfig, NetworkSettings, Mounts };
  });
}
