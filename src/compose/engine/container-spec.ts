// One service container's ContainerCreate body, field by field from the normalised service (as
// Compose v2's getCreateConfigs). Every key of the service is either mapped here, handled by
// the convergence (build, depends_on, scale, …) or refused by name: "apply or refuse".
import type { ContainerCreateRequest } from "../../types/container-create.ts";
import type { HostConfig, Mount } from "../../types/host-config.ts";
import { durationToNanos } from "../duration.ts";
import { SERVICE_KEYS } from "../service-keys.ts";
import type { Project, Service, ServiceFileRef } from "../types.ts";
import { containerLabels, containerName, imageName, projectNetworks } from "./labels.ts";

/** A service field berth cannot apply: refused before anything is made. */
export class UnsupportedFieldError extends Error {
  constructor(service: string, field: string, why: string) {
    super(`service "${service}": ${field} is not supported by berth: ${why}`);
  }
}

/** Refuses any service key berth does not apply (a newer spec field, `links`, `gpus`, …). */
export function checkServiceFields(service: Service): void {
  for (const [key, value] of Object.entries(service)) {
    if (value === undefined || key.startsWith("x-")) continue;
    const links = key === "links" || key === "external_links";
    if (links ? Array.isArray(value) && value.length === 0 : SERVICE_KEYS.has(key)) continue;
    throw new UnsupportedFieldError(
      service.name,
      key,
      key.endsWith("links")
        ? "legacy links are not supported; use the service name, which resolves on every project network"
        : "berth has no way to apply it",
    );
  }
  const d = service.deploy;
  if (d) {
    if (d.mode && d.mode !== "replicated")
      throw new UnsupportedFieldError(
        service.name,
        "deploy.mode",
        `only "replicated" exists without a swarm`,
      );
    if (d.labels && Object.keys(d.labels).length)
      throw new UnsupportedFieldError(service.name, "deploy.labels", "they label swarm services; use labels");
    if (d.resources?.reservations?.cpus !== undefined)
      throw new UnsupportedFieldError(
        service.name,
        "deploy.resources.reservations.cpus",
        "no engine reserves CPUs",
      );
    const rp = d.restart_policy;
    if (rp && (rp.delay !== undefined || rp.window !== undefined))
      throw new UnsupportedFieldError(
        service.name,
        "deploy.restart_policy.delay/window",
        "the engine's restart policy has no delay or window",
      );
  }
}

const ns = (service: Service, field: string, d: string | undefined): number | undefined => {
  if (d === undefined) return undefined;
  try {
    return durationToNanos(d);
  } catch (err) {
    throw new Error(`service "${service.name}": ${field}: ${(err as Error).message}`);
  }
};

function restartPolicy(service: Service): HostConfig["RestartPolicy"] {
  const rp = service.deploy?.restart_policy;
  if (service.restart) {
    const [name, max] = service.restart.split(":");
    return { Name: name, MaximumRetryCount: max ? Number(max) : 0 };
  }
  if (rp?.condition) {
    const name = { none: "no", "on-failure": "on-failure", any: "always" }[rp.condition];
    return { Name: name, MaximumRetryCount: rp.max_attempts ?? 0 };
  }
  return undefined;
}

function fileMounts(project: Project, service: Service, kind: "secrets" | "configs"): Mount[] {
  const refs: ServiceFileRef[] = service[kind] ?? [];
  return refs.map((ref) => {
    const def = project[kind][ref.source];
    const field = `${kind}.${ref.source}`;
    if (!def)
      throw new Error(`service "${service.name}" refers to undefined ${kind.slice(0, -1)} ${ref.source}`);
    if (!def.file)
      throw new UnsupportedFieldError(
        service.name,
        field,
        "only file-based secrets and configs can be mounted (environment, content and external ones cannot)",
      );
    if (ref.uid !== undefined || ref.gid !== undefined || ref.mode !== undefined)
      throw new UnsupportedFieldError(
        service.name,
        `${field} uid/gid/mode`,
        "a bind-mounted file keeps its host owner and mode",
      );
    return { Type: "bind", Source: def.file, Target: ref.target, ReadOnly: true };
  });
}

export interface SpecOptions {
  number: number;
  oneoff?: boolean;
  /** Container names by service, for `volumes_from: [service:x]` and `network_mode: service:x`. */
  containerOf(service: string): string;
  /** Publish the service's ports (`run` does only with --service-ports). */
  publish?: boolean;
  name?: string;
}

export function containerSpec(
  project: Project,
  service: Service,
  opts: SpecOptions,
): ContainerCreateRequest & { name: string } {
  checkServiceFields(service);
  const s = service;
  const hc: HostConfig = {};
  const exposed: Record<string, object> = {};
  // Ports.
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of s.ports) {
    const key = `${p.target}/${p.protocol}`;
    exposed[key] = {};
    if (opts.publish === false) continue;
    (bindings[key] ??= []).push({ HostIp: p.host_ip ?? "", HostPort: p.published ?? "" });
  }
  for (const e of s.expose ?? []) {
    const [range, proto = "tcp"] = e.split("/");
    const [a, b = a] = range.split("-").map(Number);
    for (let port = a; port <= b; port++) exposed[`${port}/${proto}`] = {};
  }
  if (Object.keys(bindings).length) hc.PortBindings = bindings;
  // Mounts.
  const mounts: Mount[] = [];
  const binds: string[] = [];
  for (const v of s.volumes) {
    const field = `volumes (${v.target})`;
    if (v.type === "bind") {
      if (v.bind?.selinux)
        throw new UnsupportedFieldError(s.name, `${field} bind.selinux`, "berth does not relabel");
      if (v.bind?.recursive && v.bind.recursive !== "enabled")
        throw new UnsupportedFieldError(s.name, `${field} bind.recursive`, "berth always binds recursively");
      // The short syntax (create_host_path) goes through Binds, which makes a missing host
      // directory as Docker does; the long syntax through Mounts, which refuses one.
      if (v.bind?.create_host_path !== false && !v.bind?.propagation) {
        binds.push(`${v.source}:${v.target}${v.read_only ? ":ro" : ""}`);
        continue;
      }
      mounts.push({
        Type: "bind",
        Source: v.source,
        Target: v.target,
        ReadOnly: v.read_only || undefined,
        Consistency: v.consistency,
        BindOptions: v.bind?.propagation ? { Propagation: v.bind.propagation as "rprivate" } : undefined,
      });
    } else if (v.type === "volume") {
      if (v.volume?.subpath)
        throw new UnsupportedFieldError(
          s.name,
          `${field} volume.subpath`,
          "Engine API 1.44 has no volume subpath",
        );
      let source: string | undefined;
      if (v.source) {
        const def = project.volumes[v.source];
        if (!def)
          throw new Error(
            `service "${s.name}" refers to undefined volume ${v.source}: invalid compose project`,
          );
        source = def.name;
      }
      mounts.push({
        Type: "volume",
        Source: source,
        Target: v.target,
        ReadOnly: v.read_only || undefined,
        VolumeOptions: v.volume?.nocopy ? { NoCopy: true } : undefined,
      });
    } else if (v.type === "tmpfs") {
      mounts.push({
        Type: "tmpfs",
        Target: v.target,
        TmpfsOptions: v.tmpfs ? { SizeBytes: v.tmpfs.size, Mode: v.tmpfs.mode } : undefined,
      });
    } else
      throw new UnsupportedFieldError(s.name, `${field} type ${v.type}`, "not a Linux engine mount type");
  }
  mounts.push(...fileMounts(project, s, "secrets"), ...fileMounts(project, s, "configs"));
  if (binds.length) hc.Binds = binds;
  if (mounts.length) hc.Mounts = mounts;
  if (s.volumes_from?.length)
    hc.VolumesFrom = s.volumes_from.map((v) => {
      if (v.startsWith("container:")) return v.slice("container:".length);
      const [svc, mode] = v.split(":");
      const name = opts.containerOf(svc);
      return mode ? `${name}:${mode}` : name;
    });
  if (s.tmpfs?.length)
    hc.Tmpfs = Object.fromEntries(
      s.tmpfs.map((t) => {
        const i = t.indexOf(":");
        return i < 0 ? [t, ""] : [t.slice(0, i), t.slice(i + 1)];
      }),
    );
  // Networks: the first by priority is the container's NetworkMode, as Compose does.
  let networking: ContainerCreateRequest["NetworkingConfig"];
  if (s.network_mode) {
    hc.NetworkMode = s.network_mode.startsWith("service:")
      ? `container:${opts.containerOf(s.network_mode.slice("service:".length))}`
      : s.network_mode;
  } else {
    const nets = Object.entries(s.networks).sort(([, a], [, b]) => (b?.priority ?? 0) - (a?.priority ?? 0));
    const endpoints: Record<string, object> = {};
    for (const [key, cfg] of nets) {
      const net = projectNetworks(project)[key];
      if (!net)
        throw new Error(`service "${s.name}" refers to undefined network ${key}: invalid compose project`);
      const aliases = opts.oneoff ? [...(cfg?.aliases ?? [])] : [s.name, ...(cfg?.aliases ?? [])];
      const ipam =
        cfg?.ipv4_address || cfg?.ipv6_address || cfg?.link_local_ips?.length
          ? { IPv4Address: cfg.ipv4_address, IPv6Address: cfg.ipv6_address, LinkLocalIPs: cfg.link_local_ips }
          : undefined;
      endpoints[net.name] = { Aliases: aliases, IPAMConfig: ipam, MacAddress: cfg?.mac_address };
    }
    if (nets.length) {
      hc.NetworkMode = projectNetworks(project)[nets[0][0]].name;
      networking = { EndpointsConfig: endpoints };
    }
  }
  // Resources.
  const lim = s.deploy?.resources?.limits;
  const cpus = lim?.cpus ?? s.cpus;
  if (cpus !== undefined) hc.NanoCpus = Math.round(cpus * 1e9);
  const mem = lim?.memory ?? s.mem_limit;
  if (mem !== undefined) hc.Memory = mem;
  const pids = lim?.pids ?? s.pids_limit;
  if (pids !== undefined) hc.PidsLimit = pids;
  const memRes = s.deploy?.resources?.reservations?.memory ?? s.mem_reservation;
  if (memRes !== undefined) hc.MemoryReservation = memRes;
  if (s.memswap_limit !== undefined) hc.MemorySwap = s.memswap_limit;
  if (s.cpu_shares !== undefined) hc.CpuShares = s.cpu_shares;
  if (s.cpuset !== undefined) hc.CpusetCpus = s.cpuset;
  if (s.oom_kill_disable !== undefined) hc.OomKillDisable = s.oom_kill_disable;
  if (s.oom_score_adj !== undefined) hc.OomScoreAdj = s.oom_score_adj;
  if (s.shm_size !== undefined) hc.ShmSize = s.shm_size;
  if (s.ulimits)
    hc.Ulimits = Object.entries(s.ulimits).map(([Name, u]) => ({ Name, Soft: u.soft, Hard: u.hard }));
  if (s.sysctls) hc.Sysctls = s.sysctls;
  if (s.init !== undefined) hc.Init = s.init;
  if (s.privileged) hc.Privileged = true;
  if (s.read_only) hc.ReadonlyRootfs = true;
  if (s.cap_add) hc.CapAdd = s.cap_add;
  if (s.cap_drop) hc.CapDrop = s.cap_drop;
  if (s.security_opt) hc.SecurityOpt = s.security_opt;
  if (s.group_add) hc.GroupAdd = s.group_add;
  if (s.devices)
    hc.Devices = s.devices.map((d) => {
      const [host, ctr = host, perm = "rwm"] = d.split(":");
      return { PathOnHost: host, PathInContainer: ctr, CgroupPermissions: perm };
    });
  if (s.dns) hc.Dns = s.dns;
  if (s.dns_search) hc.DnsSearch = s.dns_search;
  if (s.dns_opt) hc.DnsOptions = s.dns_opt;
  if (s.extra_hosts) hc.ExtraHosts = s.extra_hosts;
  if (s.pid) hc.PidMode = s.pid;
  if (s.ipc) hc.IpcMode = s.ipc;
  if (s.userns_mode) hc.UsernsMode = s.userns_mode;
  if (s.cgroup_parent) hc.CgroupParent = s.cgroup_parent;
  if (s.logging) hc.LogConfig = { Type: s.logging.driver ?? "", Config: s.logging.options ?? null };
  if (s.annotations) hc.Annotations = s.annotations;
  const rp = restartPolicy(s);
  if (rp) hc.RestartPolicy = rp;
  // Health check.
  let health: ContainerCreateRequest["Healthcheck"];
  if (s.healthcheck) {
    const h = s.healthcheck;
    health = h.disable
      ? { Test: ["NONE"] }
      : {
          Test: h.test,
          Interval: ns(s, "healthcheck.interval", h.interval),
          Timeout: ns(s, "healthcheck.timeout", h.timeout),
          Retries: h.retries,
          StartPeriod: ns(s, "healthcheck.start_period", h.start_period),
          StartInterval: ns(s, "healthcheck.start_interval", h.start_interval),
        };
  }
  const grace = ns(s, "stop_grace_period", s.stop_grace_period);
  const env = Object.entries(s.environment)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${v}`);
  const name = opts.name ?? containerName(project, s, opts.number);
  return {
    name,
    Hostname: s.hostname,
    Domainname: s.domainname,
    User: s.user,
    ExposedPorts: Object.keys(exposed).length ? exposed : undefined,
    Tty: s.tty,
    OpenStdin: s.stdin_open,
    Env: env,
    Cmd: s.command ?? undefined,
    Entrypoint: s.entrypoint ?? undefined,
    Healthcheck: health,
    Image: imageName(project, s),
    WorkingDir: s.working_dir,
    Labels: containerLabels(project, s, opts.number, Boolean(opts.oneoff)),
    StopSignal: s.stop_signal,
    StopTimeout: grace === undefined ? undefined : Math.ceil(grace / 1e9),
    HostConfig: hc,
    NetworkingConfig: networking,
  };
}
