import path from "node:path";
import { InvalidParameterError } from "../errdefs/errors.ts";

/** Docker's default cgroup parent under the cgroupfs driver is /docker; berth's is /berth. */
export const DEFAULT_CGROUP_PARENT = "/berth";

/**
 * The cgroupsPath handed to the runtime for `--cgroup-parent` (cgroupfs driver).
 *
 * Semantics are Docker's cgroupfs driver's, i.e. runc's: an absolute parent lies under the
 * root of each hierarchy; a relative one under the cgroup of the process that creates the
 * container (berthd's own, which the monitor and runc inherit). runc cleans the path
 * (libcontainer/utils.CleanPath) and so silently clamps `../x` to `x`; berth refuses a
 * parent that would climb out instead of guessing what was meant, and stores the cleaned
 * form so that removal finds what the start made.
 */
export function cgroupsPathFor(parent: unknown, id: string): string {
  if (parent === undefined || parent === null || parent === "")
    return path.posix.join(DEFAULT_CGROUP_PARENT, id);
  if (typeof parent !== "string") {
    throw new InvalidParameterError("invalid cgroup parent: HostConfig.CgroupParent must be a string");
  }
  if (parent.includes("\0"))
    throw new InvalidParameterError(`invalid cgroup parent "${parent}": contains NUL`);
  const abs = parent.startsWith("/");
  let depth = 0;
  for (const seg of parent.split("/")) {
    if (seg === "..") depth--;
    else if (seg !== "" && seg !== ".") depth++;
    if (depth < 0) {
      throw new InvalidParameterError(
        `invalid cgroup parent "${parent}": it climbs out of ${abs ? "the cgroup hierarchy" : "berthd's own cgroup"}`,
      );
    }
  }
  const cleaned = path.posix.normalize(parent).replace(/\/+$/, "");
  if (cleaned === "." || cleaned === "" || cleaned === "/") {
    return abs ? path.posix.join("/", id) : id;
  }
  return path.posix.join(cleaned, id);
}
