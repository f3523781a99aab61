/** The container's devices and its device cgroup rules (moby oci/devices_linux.go). */
import { InvalidParameterError, SystemError } from "../../errdefs/errors.ts";
import type { SpecInput, SpecInputDevice } from "../oci-spec.ts";
import type { LinuxDevice, LinuxDeviceCgroup } from "./spec-types.ts";

// Deny every device, then allow those every container has (runtime-spec "default devices").
export const DEFAULT_DEVICE_RULES: readonly LinuxDeviceCgroup[] = [
  { allow: false, access: "rwm" },
  { allow: true, type: "c", major: 1, minor: 3, access: "rwm" }, // null
  { allow: true, type: "c", major: 1, minor: 5, access: "rwm" }, // zero
  { allow: true, type: "c", major: 1, minor: 7, access: "rwm" }, // full
  { allow: true, type: "c", major: 1, minor: 8, access: "rwm" }, // random
  { allow: true, type: "c", major: 1, minor: 9, access: "rwm" }, // urandom
  { allow: true, type: "c", major: 5, minor: 0, access: "rwm" }, // tty
  { allow: true, type: "c", major: 5, minor: 1, access: "rwm" }, // console
  { allow: true, type: "c", major: 5, minor: 2, access: "rwm" }, // ptmx
  { allow: true, type: "c", major: 136, access: "rwm" }, // pts/*
];

const deviceRuleRe = /^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$/;

/** Parses `--device-cgroup-rule` ("c 1:3 mr", "a *:* rwm"). */
export function parseDeviceCgroupRule(rule: string): LinuxDeviceCgroup {
  if (rule === "a") return { allow: true, type: "a", access: "rwm" };
  const m = deviceRuleRe.exec(rule);
  if (!m) throw new InvalidParameterError(`invalid device cgroup rule format: '${rule}'`);
  const out: LinuxDeviceCgroup = { allow: true, type: m[1] as "a" | "b" | "c" };
  if (m[2] !== "*") out.major = Number(m[2]);
  if (m[3] !== "*") out.minor = Number(m[3]);
  out.access = m[4];
  return out;
}

/**
 * The devices the container gets and the cgroup rules that allow them: every host device
 * when privileged, else the default rules plus HostConfig.Devices and DeviceCgroupRules.
 */
export function devicesFor(
  input: SpecInput,
  privileged: boolean,
): { devices: LinuxDevice[]; deviceRules: LinuxDeviceCgroup[] } {
  const hc = input.hostConfig;
  const devices: LinuxDevice[] = [];
  let deviceRules: LinuxDeviceCgroup[];
  const toDevice = (d: SpecInputDevice | LinuxDevice): LinuxDevice => {
    const { access: _access, ...dev } = d as SpecInputDevice;
    return dev;
  };
  if (privileged) {
    // As moby: every host device, then the HostConfig.Devices mappings (which may give a
    // host device a second path, or replace one at the same path), all of them allowed.
    if (input.hostDevices === undefined) {
      throw new SystemError(
        "Cannot generate the runtime spec: a privileged container needs the host's devices, which were not listed",
      );
    }
    const byPath = new Map<string, LinuxDevice>();
    for (const d of [...input.hostDevices, ...(input.devices ?? [])]) byPath.set(d.path, toDevice(d));
    devices.push(...byPath.values());
    deviceRules = [{ allow: true, access: "rwm" }];
  } else {
    if ((hc.Devices ?? []).length > 0 && input.devices === undefined) {
      throw new SystemError(
        "Cannot generate the runtime spec: HostConfig.Devices were not resolved to device numbers",
      );
    }
    deviceRules = DEFAULT_DEVICE_RULES.map((r) => ({ ...r }));
    for (const d of input.devices ?? []) {
      devices.push(toDevice(d));
      const type = d.type === "b" ? "b" : "c";
      deviceRules.push({ allow: true, type, major: d.major, minor: d.minor, access: d.access || "rwm" });
    }
    for (const rule of hc.DeviceCgroupRules ?? []) deviceRules.push(parseDeviceCgroupRule(rule));
  }
  return { devices, deviceRules };
}
