import { setTimeout as delay } from "node:timers/promises";
import { humanSizeWithPrecision } from "../format/units.ts";

/** A JSON progress message as the Engine API streams them for pull and push. */
export interface ProgressMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
  aux?: unknown;
}

export type SendProgress = (msg: ProgressMessage) => void;

/** jsonmessage.JSONProgress.String() at the daemon's width (200): "[==>   ]  1.2MB/3.4MB". */
export function progressBar(current: number, total: number): string {
  const size = (n: number) => humanSizeWithPrecision(n, 4);
  if (total <= 0) return current > 0 ? size(current).padStart(8) : "";
  const pct = Math.min(50, Math.floor(Math.floor((current / total) * 100) / 2));
  const box = `[${"=".repeat(pct)}>${" ".repeat(Math.max(0, 50 - pct))}] `;
  const numbers = current > total ? "" : `${size(current).padStart(8)}/${size(total)}`;
  return box + numbers;
}

/** Reports byte progress at most every 100 ms (and always at the end). */
export function byteProgress(send: SendProgress, id: string, status: string, total: number) {
  let last = 0;
  return (current: number) => {
    const now = Date.now();
    if (now - last < 100 && current < total) return;
    last = now;
    send({ status, progressDetail: { current, total }, progress: progressBar(current, total), id });
  };
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

/** Docker's retry countdown for layer `id`: "Retrying in N seconds", one message a second. */
export async function retryCountdown(
  send: SendProgress,
  id: string | undefined,
  seconds: number,
  signal?: AbortSignal,
): Promise<void> {
  for (let left = seconds; left > 0; left--) {
    if (id) send({ status: `Retrying in ${left} second${left > 1 ? "s" : ""}`, progressDetail: {}, id });
    await delay(1000, undefined, { signal });
  }
}
