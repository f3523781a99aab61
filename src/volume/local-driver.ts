// The local driver's mounts: a volume created with `type`/`device`/`o` is mounted on its
// `_data` when its first user acquires it and unmounted when its last user releases it,
// as dockerd's local driver. Mounting goes through mount(8) rather than mount(2) directly:
// `o` is a mount(8) option string (flag words such as `ro`, `noexec`, `bind` mixed with
// filesystem data), and NFS and friends need their mount.<type> helpers, which mount(8)
// runs; parsing that by hand would redo util-linux. Unmounting is plain umount2(2).

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SystemError } from "../errdefs/errors.ts";
import { isMountPoint, mountPoints } from "../sys/mountinfo.ts";
import { umount2 } from "../sys/syscalls.ts";
import type { LocalOptions } from "./local-options.ts";

const run = promisify(execFile);

/** Whether anything is mounted on `dir` or below it. */
export async function hasMountUnder(dir: string): Promise<boolean> {
  return (await mountPoints()).some((p) => p === dir || p.startsWith(`${dir}/`));
}

export async function mountVolume(
  name: string,
  dir: string,
  spec: NonNullable<LocalOptions["mount"]>,
): Promise<void> {
  if (await isMountPoint(dir)) return;
  const args = ["-t", spec.type];
  if (spec.options !== "") args.push("-o", spec.options);
  // `--` so that a device beginning with "-" is never read as an option.
  args.push("--", spec.device, dir);
  try {
    await run("mount", args);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new SystemError(`error while mounting volume '${name}': ${stderr || String(err)}`, { cause: err });
  }
}

export async function unmountVolume(name: string, dir: string): Promise<void> {
  if (!(await isMountPoint(dir))) return;
  try {
    umount2(dir);
  } catch (err) {
    throw new SystemError(`error while unmounting volume '${name}': ${String(err)}`, { cause: err });
  }
}
