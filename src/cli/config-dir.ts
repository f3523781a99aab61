// Where the docker CLI's client config lives. Its own module because every command needs it
// (the context store) while only registry commands need the credential code of auth-config.ts.
import { homedir } from "node:os";
import path from "node:path";

/** The client config directory: `--config`, else DOCKER_CONFIG, else ~/.docker. */
export function configDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.DOCKER_CONFIG || path.join(env.HOME || homedir(), ".docker");
}
