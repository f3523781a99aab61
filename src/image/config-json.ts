// A ContainerConfig as dockerd writes it: moby's container.Config marshalled by Go, so
// every field without `omitempty` is there (zero values: "", false, null) and the
// `omitempty` ones only when set. Clients read `Labels`, `Entrypoint`, … without checking
// they exist. Keys outside the struct (an OCI config's own) are dropped, as Go drops them.

import type { ContainerConfig } from "../types/container-config.ts";

type Key = keyof ContainerConfig;

// moby api/types/container.Config, in its field order; `true` marks `json:",omitempty"`.
const FIELDS: [Key, "string" | "bool" | "nullable", boolean][] = [
  ["Hostname", "string", false],
  ["Domainname", "string", false],
  ["User", "string", false],
  ["AttachStdin", "bool", false],
  ["AttachStdout", "bool", false],
  ["AttachStderr", "bool", false],
  ["ExposedPorts", "nullable", true],
  ["Tty", "bool", false],
  ["OpenStdin", "bool", false],
  ["StdinOnce", "bool", false],
  ["Env", "nullable", false],
  ["Cmd", "nullable", false],
  ["Healthcheck", "nullable", true],
  ["ArgsEscaped", "bool", true],
  ["Image", "string", false],
  ["Volumes", "nullable", false],
  ["WorkingDir", "string", false],
  ["Entrypoint", "nullable", false],
  ["NetworkDisabled", "bool", true],
  ["MacAddress", "string", true],
  ["OnBuild", "nullable", false],
  ["Labels", "nullable", false],
  ["StopSignal", "string", true],
  ["StopTimeout", "nullable", true],
  ["Shell", "nullable", true],
];

const ZERO = { string: "", bool: false, nullable: null } as const;

// The pointer fields: `omitempty` drops only nil (a StopTimeout of 0 and an empty
// Healthcheck are written).
const POINTERS = new Set<Key>(["Healthcheck", "StopTimeout"]);

/** Go's `omitempty`: false, "", nil, and an empty slice or map (ExposedPorts, Shell). */
function isEmpty(key: Key, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (POINTERS.has(key)) return false;
  if (v === false || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}

/** `cfg` with Docker's full key set and order; `{}`'s zero values for a missing config. */
export function dockerContainerConfig(cfg: ContainerConfig | null | undefined): ContainerConfig {
  const src = (cfg ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, kind, omitEmpty] of FIELDS) {
    const v = src[key];
    if (omitEmpty && isEmpty(key, v)) continue;
    out[key] = v === undefined || v === null ? ZERO[kind] : v;
  }
  return out as ContainerConfig;
}
