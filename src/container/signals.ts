import os from "node:os";

const signals: Record<string, number> = Object.fromEntries(Object.entries(os.constants.signals));

/** A signal given as "SIGTERM", "TERM", "15" → its number; undefined when unknown. */
export function signalNumber(s: string | number | undefined): number | undefined {
  if (s === undefined || s === "") return undefined;
  if (typeof s === "number" || /^\d+$/.test(String(s))) {
    const n = Number(s);
    return n > 0 && n < 65 ? n : undefined;
  }
  const name = String(s).toUpperCase();
  return signals[name.startsWith("SIG") ? name : `SIG${name}`];
}

/** Docker's exit codes for a process that could not start: 127 not found, 126 not executable. */
export function exitCodeForStartError(message: string): number {
  if (/executable file not found|no such file or directory/i.test(message)) return 127;
  if (/permission denied|not executable|exec format error/i.test(message)) return 126;
  return 125;
}
