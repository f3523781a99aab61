/**
 * How the streaming commands word a failure and choose its exit code, as docker/cli's
 * run.go and start.go do.
 */
import { ApiError } from "../../../client/client.ts";

/** The text after "Error response from daemon: " for API errors, the message otherwise. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return `Error response from daemon: ${err.message}`;
  return (err as Error)?.message ?? String(err);
}

/** docker's reportError: "berth: <msg>." and, for usage errors, where to get help. */
export function runErrorMessage(command: string, msg: string, withHelp: boolean): string {
  let s = `${msg.replace(/\.$/, "")}.`;
  if (withHelp) s += `\nSee 'berth ${command} --help'.`;
  return `berth: ${s}`;
}

/**
 * runStartContainerErr: 127 when the command was not found, 126 when it could not be
 * invoked, 125 for any other failure of the daemon.
 */
export function startErrorExitCode(message: string): number {
  const m = message.replace(/^Error response from daemon: /, "");
  if (
    m.includes("executable file not found") ||
    m.includes("no such file or directory") ||
    m.includes("system cannot find the file specified")
  ) {
    return 127;
  }
  if (m.includes("permission denied") || m.includes("is a directory")) return 126;
  return 125;
}
