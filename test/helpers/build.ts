import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { run, type TestDaemon } from "./daemon.ts";

/** The docker CLI's legacy builder path, as docker CLI 28 takes it without buildx. */
export function dockerBuild(d: TestDaemon, args: string[]) {
  return run("docker", ["-H", d.host, "build", ...args], {
    env: { DOCKER_CONFIG: path.join(d.dir, "docker-config"), DOCKER_BUILDKIT: "0" },
  });
}

/** A build context of the given files in a temporary directory removed after the test. */
export async function contextDir(
  t: { after(fn: () => Promise<void>): void },
  files: Record<string, string>,
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-build-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}
