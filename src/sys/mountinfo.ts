// The mount points /proc/self/mountinfo lists (its fifth field), with its octal escapes
// (`\040` for a space) decoded: one reading for every "is it mounted" question.

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

const MOUNTINFO = "/proc/self/mountinfo";

export function parseMountPoints(mountinfo: string): string[] {
  const out: string[] = [];
  for (const line of mountinfo.split("\n")) {
    const field = line.split(" ")[4];
    if (field !== undefined)
      out.push(field.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(Number.parseInt(o, 8))));
  }
  return out;
}

export async function mountPoints(): Promise<string[]> {
  return parseMountPoints(await readFile(MOUNTINFO, "utf8"));
}

/** Whether something is mounted exactly on `dir`. */
export async function isMountPoint(dir: string): Promise<boolean> {
  return (await mountPoints()).includes(dir);
}

/** For a caller that must not wait for a thread-pool slot (procfs answers in microseconds). */
export function mountPointsSync(): string[] {
  return parseMountPoints(readFileSync(MOUNTINFO, "utf8"));
}
