// Test helper: a temporary project directory with the given files, removed after the test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { LoadOptions, Project } from "../types.ts";
import { loadProject } from "./load.ts";

export function tempProject(
  t: { after(fn: () => void): void },
  files: Record<string, string>,
  name = "proj",
): string {
  const root = mkdtempSync(join(tmpdir(), "berth-compose-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

export function load(dir: string, options: Partial<LoadOptions> = {}): Promise<Project> {
  return loadProject({ files: [], env: { HOME: "/home/u" }, cwd: dir, ...options });
}
