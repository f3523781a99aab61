// Volume names as dockerd's local driver validates them (volume/local/local.go): a name is
// a directory name under the data root, never a path.

import { randomBytes } from "node:crypto";
import { InvalidParameterError } from "../errdefs/errors.ts";

/** moby's names.RestrictedNameChars, quoted in the error as dockerd does. */
const RESTRICTED_NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** The label Docker 23+ puts on anonymous volumes (what prune without `all` removes). */
export const ANONYMOUS_LABEL = "com.docker.volume.anonymous";

/** Throws dockerd's "create NAME: …" errors for a name the local driver refuses. */
export function validateVolumeName(name: string): void {
  if (name.length === 1) {
    throw new InvalidParameterError(
      `create ${name}: volume name is too short, names should be at least two alphanumeric characters`,
    );
  }
  if (!NAME_RE.test(name)) {
    throw new InvalidParameterError(
      `create ${name}: ${JSON.stringify(name)} includes invalid characters for a local volume name, only ${JSON.stringify(RESTRICTED_NAME_CHARS)} are allowed. If you intended to pass a host directory, use absolute path`,
    );
  }
}

/** A new anonymous volume's name: 64 hex digits, as dockerd's stringid.GenerateRandomID. */
export function anonymousName(): string {
  return randomBytes(32).toString("hex");
}
