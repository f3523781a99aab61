// Container records for unit tests of the read-side views (no store, no root).

import { type ContainerRecord, initialState } from "./container-record.ts";

let seq = 0;

/** A record with Docker's defaults; `over` replaces fields, `state` merges into State. */
export function fakeContainer(
  over: Partial<ContainerRecord> = {},
  state: Partial<ContainerRecord["State"]> = {},
): ContainerRecord {
  seq++;
  const id = over.ID ?? `${String(seq).padStart(4, "0")}${"a".repeat(60)}`;
  return {
    ID: id,
    Created: `2026-01-01T00:00:${String(seq % 60).padStart(2, "0")}.000Z`,
    Path: "sh",
    Args: ["-c", "true"],
    Config: { Image: "busybox" },
    HostConfig: {},
    Image: "sha256:img",
    Name: `/c${seq}`,
    RestartCount: 0,
    Runtime: "runc",
    CgroupsPath: "",
    ...over,
    State: { ...initialState(), ...state },
  };
}
