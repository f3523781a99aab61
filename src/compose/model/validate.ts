// The consistency checks compose-go makes of a loaded project (loader/validate.go, graph's
// cycle check), with its messages, on the enabled services: references to services,
// distinct values given twice, unique container names and mount targets, dependency cycles.
import type { Project, Service } from "../types.ts";
import type { YamlPath } from "./yaml-source.ts";

export type Fail = (path: YamlPath, message: string) => Error;

const q = JSON.stringify;
/** compose-go's errdefs.ErrInvalid, which most (not all) of its messages wrap. */
const INVALID = ": invalid compose project";

export function checkServices(
  services: Record<string, Service>,
  disabled: Record<string, Service>,
  secrets: Project["secrets"],
  fail: Fail,
): void {
  const containerNames = new Map<string, string>();
  for (const [name, s] of Object.entries(services)) {
    const at = (...p: YamlPath) => ["services", name, ...p];
    if (s.network_mode !== undefined && Object.keys(s.networks).length > 0) {
      throw fail(
        at("network_mode"),
        `service ${name} declares mutually exclusive \`network_mode\` and \`networks\`${INVALID}`,
      );
    }
    for (const [dep, d] of Object.entries(s.depends_on)) {
      if (services[dep] || (disabled[dep] && !d.required)) continue;
      throw fail(
        at("depends_on", dep),
        `service ${q(name)} depends on undefined service ${q(dep)}${INVALID}`,
      );
    }
    for (const [key, mode] of [
      ["network_mode", s.network_mode],
      ["pid", s.pid],
      ["ipc", s.ipc],
    ] as const) {
      const target = mode?.startsWith("service:") ? mode.slice("service:".length) : undefined;
      if (target !== undefined && !services[target]) {
        throw fail(at(key), `service ${q(target)} not found for ${key} 'service:${target}'`);
      }
    }
    for (const vf of s.volumes_from ?? []) {
      const target = vf.split(":")[0];
      if (!vf.startsWith("container:") && !services[target]) {
        throw fail(at("volumes_from"), `service ${q(name)} depends on undefined service ${q(target)}`);
      }
    }
    const limits = s.deploy?.resources?.limits;
    const reservations = s.deploy?.resources?.reservations;
    for (const [short, value, long, other] of [
      ["cpus", s.cpus, "deploy.resources.limits.cpus", limits?.cpus],
      ["mem_limit", s.mem_limit, "deploy.resources.limits.memory", limits?.memory],
      ["mem_reservation", s.mem_reservation, "deploy.resources.reservations.memory", reservations?.memory],
      ["pids_limit", s.pids_limit, "deploy.resources.limits.pids", limits?.pids],
    ] as const) {
      if (value !== undefined && other !== undefined && value !== other) {
        throw fail(
          at(short),
          `services.${name}: can't set distinct values on '${short}' and '${long}'${INVALID}`,
        );
      }
    }
    if (s.scale !== undefined && s.scale < 0)
      throw fail(at("scale"), `services.${name}.scale: must be greater than or equal to 0`);
    if (s.container_name !== undefined) {
      if ((s.scale ?? 1) > 1) {
        const attr = s.deploy?.replicas !== undefined ? "deploy.replicas" : "scale";
        throw fail(
          at("container_name"),
          `services.${name}: can't set container_name and ${attr} as container name must be unique${INVALID}`,
        );
      }
      const other = containerNames.get(s.container_name);
      if (other !== undefined) {
        throw fail(
          at("container_name"),
          `services.${name}: container name ${q(s.container_name)} is already in use by service ${other}`,
        );
      }
      containerNames.set(s.container_name, name);
    }
    const mounts = new Map<string, string>();
    const mount = (target: string, loc: string, path: YamlPath) => {
      const p = mounts.get(target);
      if (p !== undefined) throw fail(path, `${loc}: target ${target} already mounted as ${p}`);
      mounts.set(target, loc);
    };
    for (const [i, t] of (s.tmpfs ?? []).entries()) {
      mount(t.split(":")[0], `services.${name}.tmpfs[${i}]`, at("tmpfs", i));
    }
    for (const [i, v] of s.volumes.entries())
      mount(v.target, `services.${name}.volumes[${i}]`, at("volumes", i));
  }
  for (const [name, secret] of Object.entries(secrets)) {
    if (!secret.external && secret.file === undefined && secret.environment === undefined) {
      throw fail(
        ["secrets", name],
        `secret ${q(name)} must declare either \`file\` or \`environment\`${INVALID}`,
      );
    }
  }
  checkCycle(services, fail);
}

function checkCycle(services: Record<string, Service>, fail: Fail): void {
  const done = new Set<string>();
  const visit = (name: string, path: string[]) => {
    const i = path.indexOf(name);
    if (i >= 0) {
      throw fail(
        ["services", name, "depends_on"],
        `dependency cycle detected: ${[...path.slice(i), name].join(" -> ")}`,
      );
    }
    if (done.has(name) || !services[name]) return;
    for (const dep of Object.keys(services[name].depends_on)) visit(dep, [...path, name]);
    done.add(name);
  };
  for (const name of Object.keys(services).sort()) visit(name, []);
}
