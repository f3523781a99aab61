import { InvalidParameterError } from "../errdefs/errors.ts";
import type { CgroupVersion } from "../runtime/cgroups.ts";
import {
  mergeTmpfsOptions,
  parseDeviceCgroupRule,
  resources,
  type SpecInput,
  validateSysctls,
} from "../runtime/oci-spec.ts";
import type { HostConfig, RestartPolicy } from "../types/host-config.ts";

// What dockerd refuses at create (daemon.verifyContainerSettings) but the runtime spec only
// meets at start: checked here with the spec generator's own checks and messages, so a bad
// value is a 400 at create and never a stored container that cannot start.

const restartPolicies = ["", "no", "always", "unless-stopped", "on-failure"];

/** moby's container.ValidateRestartPolicy, for create and update. */
export function validateRestartPolicy(policy: RestartPolicy | null | undefined): void {
  if (!policy) return;
  const name = String(policy.Name ?? "");
  if (!restartPolicies.includes(name)) {
    throw new InvalidParameterError(
      `invalid restart policy: unknown policy '${name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`,
    );
  }
  const retries = Number(policy.MaximumRetryCount ?? 0);
  if (name === "on-failure" && retries < 0) {
    throw new InvalidParameterError("invalid restart policy: maximum retry count cannot be negative");
  }
  if (name !== "" && name !== "on-failure" && retries !== 0) {
    throw new InvalidParameterError(
      `invalid restart policy: maximum retry count can only be used with 'on-failure'${retries < 0 ? " and cannot be negative" : ""}`,
    );
  }
}

function checkMode(value: unknown, kind: string, allowed: string[]): void {
  const mode = String(value ?? "");
  if (allowed.includes(mode)) return;
  if (mode.startsWith("container:") && kind !== "UTS" && kind !== "cgroup namespace") {
    if (mode.length > "container:".length) return;
  }
  throw new InvalidParameterError(`invalid ${kind} mode: ${mode}`);
}

/**
 * Every HostConfig value and WorkingDir that the start path would refuse, refused now.
 * `cgroups` and `kernel` are the host's, as the start path sees them.
 */
export function validateCreate(
  config: { WorkingDir?: unknown; Hostname?: unknown; ExposedPorts?: unknown },
  hc: HostConfig,
  host: { cgroupVersion: CgroupVersion; kernelSupport: SpecInput["kernelSupport"] },
): void {
  const wd = config.WorkingDir;
  if (typeof wd === "string" && wd !== "" && !wd.startsWith("/")) {
    throw new InvalidParameterError(
      `the working directory '${wd}' is invalid, it needs to be an absolute path`,
    );
  }
  // Memory, swap, swappiness, reservation, CPU period/quota/shares/NanoCpus, cpusets, blkio weight.
  resources(host, hc);
  checkMode(hc.UTSMode, "UTS", ["", "host"]);
  checkMode(hc.PidMode, "PID", ["", "host"]);
  checkMode(hc.IpcMode, "IPC", ["", "host", "private", "shareable", "none"]);
  checkMode(hc.CgroupnsMode, "cgroup namespace", ["", "private", "host"]);
  if ((hc.ShmSize ?? 0) < 0) throw new InvalidParameterError("SHM size can not be less than 0");
  for (const [dest, data] of Object.entries(hc.Tmpfs ?? {})) {
    if (!dest.startsWith("/")) {
      throw new InvalidParameterError(
        `invalid mount config for type "tmpfs": invalid mount path: '${dest}' mount path must be absolute`,
      );
    }
    mergeTmpfsOptions(data ? String(data).split(",") : []);
  }
  for (const rule of hc.DeviceCgroupRules ?? []) parseDeviceCgroupRule(rule);
  // What the runtime would otherwise refuse at start with an opaque cgroup error.
  for (const d of hc.Devices ?? []) {
    if (!d.PathOnHost) throw new InvalidParameterError("invalid device mapping: PathOnHost is empty");
    if (d.CgroupPermissions && !/^[rwm]{1,3}$/.test(d.CgroupPermissions)) {
      throw new InvalidParameterError(`invalid device mode: ${d.CgroupPermissions}`);
    }
  }
  const network = String(hc.NetworkMode ?? "");
  if (network.startsWith("container:")) sharedNetworkConflicts(config, hc);
  validateSysctls(hc.Sysctls ?? {}, {
    ipc: hc.IpcMode !== "host",
    network: network !== "host",
    uts: hc.UTSMode !== "host",
  });
  validateRestartPolicy(hc.RestartPolicy);
}

/**
 * moby's validateNetContainerMode: a container in another's network namespace takes that
 * container's hostname, /etc/hosts and /etc/resolv.conf, so it cannot set its own.
 */
function sharedNetworkConflicts(
  config: { Hostname?: unknown; ExposedPorts?: unknown },
  hc: HostConfig,
): void {
  const conflict = (what: string) =>
    new InvalidParameterError(`conflicting options: ${what} and the network mode`);
  if (typeof config.Hostname === "string" && config.Hostname !== "") throw conflict("hostname");
  // moby refuses --dns only; berth also --dns-search and --dns-option, which it could not apply.
  if ((hc.Dns ?? []).length || (hc.DnsSearch ?? []).length || (hc.DnsOptions ?? []).length)
    throw conflict("dns");
  if ((hc.ExtraHosts ?? []).length) throw conflict("custom host-to-IP mapping");
  // moby checks publishing before exposing (`-p 80` sends both).
  if (Object.keys(hc.PortBindings ?? {}).length || hc.PublishAllPorts === true)
    throw new InvalidParameterError(
      "conflicting options: port publishing and the container type network mode",
    );
  if (config.ExposedPorts && Object.keys(config.ExposedPorts).length)
    throw new InvalidParameterError("conflicting options: port exposing and the container type network mode");
}
