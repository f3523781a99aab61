// Settings the host's cgroups cannot apply are discarded with dockerd's warnings
// (daemon/daemon_unix.go verifyPlatformContainerResources): the request still succeeds, the
// warning goes to `Warnings`, and the stored HostConfig no longer claims the setting.

import type { SpecInput } from "../runtime/oci-spec.ts";
import type { Resources } from "../types/host-config.ts";

type Support = NonNullable<SpecInput["kernelSupport"]>;

const DISCARDS: { field: keyof Resources; support: keyof Support; warning: string; zero: 0 | [] }[] = [
  {
    field: "BlkioWeight",
    support: "blkioWeight",
    warning: "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.",
    zero: 0,
  },
  {
    field: "BlkioWeightDevice",
    support: "blkioWeightDevice",
    warning:
      "Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.",
    zero: [],
  },
  {
    field: "BlkioDeviceReadBps",
    support: "blkioReadBps",
    warning:
      "Your kernel does not support BPS Block I/O read limit or the cgroup is not mounted. Block I/O BPS read limit discarded.",
    zero: [],
  },
  {
    field: "BlkioDeviceWriteBps",
    support: "blkioWriteBps",
    warning:
      "Your kernel does not support BPS Block I/O write limit or the cgroup is not mounted. Block I/O BPS write limit discarded.",
    zero: [],
  },
  {
    field: "BlkioDeviceReadIOps",
    support: "blkioReadIOps",
    warning:
      "Your kernel does not support IOPS Block read limit or the cgroup is not mounted. Block I/O IOPS read limit discarded.",
    zero: [],
  },
  {
    field: "BlkioDeviceWriteIOps",
    support: "blkioWriteIOps",
    warning:
      "Your kernel does not support IOPS Block write limit or the cgroup is not mounted. Block I/O IOPS write limit discarded.",
    zero: [],
  },
  {
    field: "KernelMemoryTCP",
    support: "kernelMemoryTCP",
    warning:
      "Your kernel does not support kernel memory TCP limit capabilities or the cgroup is not mounted. Limitation discarded.",
    zero: 0,
  },
];

/** Clears in `res` what `support` lacks; returns dockerd's warnings for them. */
export function discardUnsupported(res: Resources, support: Support): string[] {
  const warnings: string[] = [];
  for (const d of DISCARDS) {
    const v = res[d.field];
    const set = Array.isArray(v) ? v.length > 0 : Boolean(v);
    if (!set || support[d.support] !== false) continue;
    warnings.push(d.warning);
    Object.assign(res, { [d.field]: Array.isArray(d.zero) ? [] : 0 });
  }
  return warnings;
}
