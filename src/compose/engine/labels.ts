// Compose v2's label set (docker/compose pkg/api/labels.go): the engine's only memory of a
// project is in these labels on containers, networks and volumes, so `ps`, `down` and a second
// `up` find what a first `up` made, and docker compose v2 finds berth's projects too.
import { createHash } from "node:crypto";
import type { Project, Service } from "../types.ts";

export const L = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  number: "com.docker.compose.container-number",
  oneoff: "com.docker.compose.oneoff",
  configHash: "com.docker.compose.config-hash",
  workingDir: "com.docker.compose.project.working_dir",
  configFiles: "com.docker.compose.project.config_files",
  environmentFile: "com.docker.compose.project.environment_file",
  version: "com.docker.compose.version",
  dependsOn: "com.docker.compose.depends_on",
  image: "com.docker.compose.image",
  network: "com.docker.compose.network",
  volume: "com.docker.compose.volume",
} as const;

/** The Compose version berth's labels claim: the v2 label set it writes, not a Compose binary. */
export const COMPOSE_VERSION = "2.24.0";

/**
 * The service's config hash as Compose v2 computes it (ServiceHash): sha256 of the service's
 * normalised JSON without what does not shape the container — `build`, `pull_policy`, `scale`
 * and `deploy.replicas` (scaling changes the number of containers, not each one). Keys are
 * sorted so that the hash depends on the config, not on the order the loader built it in. An
 * image rebuilt under the same name is caught separately, by the container's image ID.
 */
export function configHash(service: Service): string {
  const { build: _b, pull_policy: _p, scale: _s, ...rest } = service;
  const copy: Record<string, unknown> = { ...rest };
  if (service.deploy) {
    const { replicas: _r, ...deploy } = service.deploy;
    copy.deploy = deploy;
  }
  return createHash("sha256").update(stableJson(copy)).digest("hex");
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

/** `db:service_healthy:false,…`, Compose v2's depends_on label. */
export function dependsOnLabel(service: Service): string {
  return Object.entries(service.depends_on)
    .map(([name, d]) => `${name}:${d.condition}:${d.restart ?? false}`)
    .join(",");
}

export function containerLabels(project: Project, service: Service, number: number, oneoff: boolean) {
  return {
    ...service.labels,
    [L.project]: project.name,
    [L.service]: service.name,
    [L.number]: String(number),
    [L.oneoff]: oneoff ? "True" : "False",
    [L.configHash]: configHash(service),
    [L.workingDir]: project.working_dir,
    [L.configFiles]: project.config_files.join(","),
    [L.version]: COMPOSE_VERSION,
    [L.dependsOn]: dependsOnLabel(service),
  };
}

/** `<project>-<service>-<n>` unless container_name; one-off containers get `-run-<id>`. */
export function containerName(project: Project, service: Service, number: number): string {
  return service.container_name ?? `${project.name}-${service.name}-${number}`;
}

/** The service's image: `image:`, else the name Compose v2 gives a built one, `<project>-<service>`. */
export function imageName(project: Project, service: Service): string {
  if (service.image) return service.image;
  if (!service.build)
    throw new Error(
      `service "${service.name}" has neither an image nor a build context specified: invalid compose project`,
    );
  return `${project.name}-${service.name}`;
}

/**
 * The project's networks, with the implicit `default` (`<project>_default`) when a service is
 * on it and the files did not declare it: Compose makes it either way.
 */
export function projectNetworks(project: Project): Project["networks"] {
  if (project.networks.default) return project.networks;
  const used = Object.values(project.services).some((s) => !s.network_mode && "default" in s.networks);
  return used
    ? { ...project.networks, default: { name: `${project.name}_default`, labels: {} } }
    : project.networks;
}
