// `GET /events`' filters and times on the service side.

import { InvalidParameterError } from "../errdefs/errors.ts";
import type { Filters } from "../types/filters.ts";
import type { EngineEvent } from "../util/events.ts";

/** The filters `GET /events` accepts. */
export const EVENT_FILTERS = [
  "type",
  "event",
  "image",
  "container",
  "label",
  "scope",
  "daemon",
  "network",
  "volume",
] as const;

/**
 * `since`/`until` of `GET /events` in ns: unix seconds with optional fraction, as the docker
 * CLI sends; RFC 3339 also accepted. `name` is for the error message.
 */
export function parseEventTime(name: string, v: string | null): number | undefined {
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const [s, frac = ""] = v.split(".");
    return Number(s) * 1e9 + Number(frac.padEnd(9, "0").slice(0, 9));
  }
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new InvalidParameterError(`invalid value for ${name}: ${v}`);
  return t * 1e6;
}

/** Whether an event passes the filters, as dockerd's events filter decides. */
export function eventMatcher(filters: Filters): (ev: EngineEvent) => boolean {
  return (ev) => {
    const f = (k: string, ...vals: (string | undefined)[]) => {
      const want = filters.get(k);
      return !want || want.some((w) => vals.includes(w));
    };
    // moby's FuzzyMatch on the actor's ID or name, for every event whatever its type: an
    // exact value or a prefix of either.
    const fuzzy = (k: string) => {
      const want = filters.get(k);
      if (!want) return true;
      const name = ev.Actor.Attributes.name;
      return want.some((w) => ev.Actor.ID.startsWith(w) || name?.startsWith(w) === true);
    };
    const labels = filters.get("label");
    return (
      f("type", ev.Type) &&
      f("scope", ev.scope) &&
      fuzzy("daemon") &&
      fuzzy("network") &&
      fuzzy("volume") &&
      f("event", ev.Action, ev.Action.split(":")[0]) &&
      (ev.Type !== "image" || f("image", ev.Actor.ID, ev.Actor.Attributes.name)) &&
      (!filters.has("image") || ev.Type === "image" || f("image", ev.Actor.Attributes.image)) &&
      (!filters.has("container") ||
        (ev.Type === "container" && f("container", ev.Actor.ID, ev.Actor.Attributes.name))) &&
      (!labels ||
        labels.every((l) => {
          const [k, v] = l.split("=", 2);
          return v === undefined ? k in ev.Actor.Attributes : ev.Actor.Attributes[k] === v;
        }))
    );
  };
}
