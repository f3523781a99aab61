// Where the docker CLI's client config lives. Its own module because every command needs it
// (the context store) while only registry commands need the credential code of auth-config.ts.
import path from "node:path";

/** The client config directory: `--config`, else DOCKER_CONFIG, else ~/.docker. */
export function configDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  // node:os only when HOME is unset, as Go's os.UserHomeDir: loading it costs every command ~1 ms.
  const home = env.HOME || process.getBuiltinModule("node:os").homedir();
  return flag || env.DOCKER_CONFIG || path.join(home, ".docker");
}
