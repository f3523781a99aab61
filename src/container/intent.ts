// The intent journal: a multi-step container operation writes what it is about to do into
// the container's directory before it acts, and clears it once done (or undone). After a
// kill -9, reconcile.ts reads what is left and finishes or undoes each operation.

import { open, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { errno } from "../errdefs/errors.ts";
import type { HostConfig } from "../types/host-config.ts";
import { syncDir, writeJsonAtomic } from "../util/atomic-file.ts";

export type IntentOp = "start" | "stop" | "rm" | "commit" | "update";

export interface Intent {
  op: IntentOp;
  /** When the intent was written (RFC 3339). */
  at?: string;
  /** What the operation needs to be finished: absent when written on a full disk. */
  data?: IntentData;
}

/** What an intent carries: each operation writes its own fields. */
export interface IntentData {
  /** update: the HostConfig the record gets. */
  hostConfig?: HostConfig;
  /** update: the cgroup resources handed to the runtime (`runc update`'s JSON). */
  resources?: unknown;
  /** stop: when the stop's timeout ends, in ms since the epoch. */
  deadline?: number;
}

const OPS: readonly IntentOp[] = ["start", "stop", "rm", "commit", "update"];

function intentFile(dir: string, op: IntentOp): string {
  return path.join(dir, `intent-${op}.json`);
}

/**
 * Records an intent durably (temp + fsync + rename, then the directory fsynced). One file
 * per operation, because stop and commit run beside other operations on the same container.
 *
 * On a full disk (ENOSPC, EDQUOT), an operation that can be finished from its name alone
 * (`dataOptional`) records an empty file: creating one takes an inode and no data block, so
 * `rm -f` on a full data root is still journalled instead of failing half-way.
 */
export async function writeIntent(
  dir: string,
  op: IntentOp,
  data?: IntentData,
  opts: { dataOptional?: boolean } = {},
): Promise<void> {
  const file = intentFile(dir, op);
  try {
    await writeJsonAtomic(file, { op, at: new Date().toISOString(), ...(data ? { data } : {}) });
  } catch (err) {
    const full = errno(err) === "ENOSPC" || errno(err) === "EDQUOT";
    if (!full || !opts.dataOptional) throw err;
    const fh = await open(file, "w", 0o600);
    await fh.sync();
    await fh.close();
    await syncDir(dir);
  }
}

/** Clears an intent once its operation is finished or undone; gone already is fine. */
export async function clearIntent(dir: string, op: IntentOp): Promise<void> {
  await rm(intentFile(dir, op), { force: true });
}

/** The intents left in a container's directory (by an interrupted berthd), by operation. */
export async function readIntents(dir: string): Promise<Map<IntentOp, Intent>> {
  const out = new Map<IntentOp, Intent>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (errno(err) === "ENOENT") return out;
    throw err;
  }
  for (const op of OPS) {
    if (!names.includes(`intent-${op}.json`)) continue;
    const text = await readFile(intentFile(dir, op), "utf8").catch(() => "");
    let intent: Intent = { op };
    try {
      if (text.trim()) intent = { ...(JSON.parse(text) as Intent), op };
    } catch {
      // A torn write cannot happen (rename), but a hand-edited file must not stop start-up.
    }
    out.set(op, intent);
  }
  return out;
}
