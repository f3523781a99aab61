// ContainerCreate fields berth does not apply, refused at create with dockerd's own error where
// dockerd refuses them on Linux too, else with berth's reason; and the ones dockerd only warns
// about, discarded with its warning. The README's "Create fields" table is the full audit.

import { InvalidParameterError, NotImplementedError } from "../errdefs/errors.ts";
import type { ContainerCreateRequest } from "../types/container-create.ts";
import type { HostConfig } from "../types/host-config.ts";

function set(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "" || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

function notApplied(what: string, why: string): NotImplementedError {
  return new NotImplementedError(`Cannot create container: ${what} is not applied by berth: ${why}`);
}

/** Throws for a field berth would store and ignore; returns dockerd's warnings for what it discards. */
export function refuseUnapplied(req: ContainerCreateRequest, hc: HostConfig): string[] {
  const warnings: string[] = [];
  // dockerd's runconfig check: on Linux only the default isolation exists.
  const isolation = hc.Isolation ?? "";
  if (isolation !== "" && isolation.toLowerCase() !== "default") {
    throw new InvalidParameterError(`invalid isolation (${isolation}): linux only supports 'default'`);
  }
  if (set(hc.IOMaximumBandwidth) || set(hc.IOMaximumIOps)) {
    throw new InvalidParameterError(
      "Invalid QoS settings: linux does not support Maximum IO Bandwidth or Maximum IO IOps",
    );
  }
  if (set(hc.CpuPercent)) {
    warnings.push("linux does not support CPU percent. Percent discarded.");
    hc.CpuPercent = 0;
  }
  if (set(hc.CpuCount)) throw notApplied("CpuCount", "it is a Windows setting (use --cpus)");
  for (const [k] of Object.entries(hc.Annotations ?? {})) {
    if (k === "") {
      throw new InvalidParameterError(
        "invalid Annotations: the empty string is not permitted as an annotation key",
      );
    }
  }
  for (const req of hc.DeviceRequests ?? []) {
    // dockerd's errInvalidDeviceRequest: berth has no device drivers (no NVIDIA/CDI support).
    const caps = (req.Capabilities ?? []).map((c) => `[${c.join(" ")}]`).join(" ");
    throw new InvalidParameterError(
      `could not select device driver ${JSON.stringify(req.Driver ?? "")} with capabilities: [${caps}]`,
    );
  }
  if (set(hc.StorageOpt)) {
    throw new InvalidParameterError(
      "--storage-opt is supported only for overlay over xfs with 'pquota' mount option",
    );
  }
  if (set(hc.CpuRealtimePeriod) || set(hc.CpuRealtimeRuntime)) {
    throw notApplied(
      "--cpu-rt-period/--cpu-rt-runtime",
      "berthd does not set up real-time CPU scheduling for its cgroups",
    );
  }
  if (set(hc.Cgroup)) throw notApplied("HostConfig.Cgroup", "containers always get their own cgroup");
  const userns = hc.UsernsMode ?? "";
  // berthd has no user-namespace remapping, so "host" is what every container gets.
  if (userns !== "" && userns !== "host")
    throw notApplied(`--userns=${userns}`, "berthd has no user namespace remapping");
  if (set((hc as { Capabilities?: unknown }).Capabilities)) {
    throw notApplied("HostConfig.Capabilities", "give --cap-add/--cap-drop instead");
  }
  if (hc.VolumeDriver && hc.VolumeDriver !== "local") {
    throw new InvalidParameterError(
      `Cannot create container: volume driver ${hc.VolumeDriver} is not available (berth has only local)`,
    );
  }
  if (req.NetworkDisabled) throw notApplied("NetworkDisabled", "use --network none");
  return warnings;
}
