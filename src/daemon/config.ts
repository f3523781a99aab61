import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { errno, InvalidParameterError } from "../errdefs/errors.ts";
import { isLogLevel, type LogLevel } from "../util/logger.ts";

export interface DaemonConfig {
  hosts: string[];
  dataRoot: string;
  execRoot: string;
  pidfile?: string;
  logLevel: LogLevel;
  configFile: string;
  /** Other daemon.json keys (runtimes, registries, log options), read by the parts that own them. */
  extra: Record<string, unknown>;
}

export const DEFAULT_SOCKET = "unix:///run/berth/berth.sock";

const usage = `Usage:	berthd [OPTIONS]

A self-sufficient runtime for containers, with Docker's API

Options:
      --config-file string   Daemon configuration file (default "/etc/berth/daemon.json")
      --data-root string     Root directory of persistent berth state (default "/var/lib/berth")
      --exec-root string     Root directory for execution state files (default "/run/berth")
  -H, --host list            Daemon socket(s) to connect to (default unix:///run/berth/berth.sock)
  -l, --log-level string     Set the logging level ("debug"|"info"|"warn"|"error"|"fatal") (default "info")
  -p, --pidfile string       Path to use for daemon PID file
      --registry-certs-dir string
                             Registry certificates, as <dir>/<host:port>/ca.crt (default "/etc/berth/certs.d")
  -b, --bridge string        Attach containers to a network bridge (default "berth0"; "none" disables it)
      --bip string           Specify network bridge IP
      --iptables string      Enable addition of iptables rules ("true"|"false") (default "true")
  -h, --help                 Print usage
`;

/** Flags as dockerd names them; daemon.json takes the same keys; a key set in both is an error, as in dockerd. */
export async function loadConfig(argv: string[]): Promise<DaemonConfig | "help"> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: "string", short: "H", multiple: true },
      "data-root": { type: "string" },
      "exec-root": { type: "string" },
      pidfile: { type: "string", short: "p" },
      "log-level": { type: "string", short: "l" },
      "config-file": { type: "string" },
      "registry-certs-dir": { type: "string" },
      // dockerd's networking flags, read by network/network-options.ts from `extra`.
      bridge: { type: "string", short: "b" },
      bip: { type: "string" },
      iptables: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return "help";
  }
  const configFile = values["config-file"] ?? "/etc/berth/daemon.json";
  let file: Record<string, unknown> = {};
  try {
    file = JSON.parse(await readFile(configFile, "utf8")) as Record<string, unknown>;
  } catch (err) {
    if (errno(err) !== "ENOENT" || values["config-file"]) {
      throw new InvalidParameterError(
        `Cannot read the configuration file ${configFile}: ${(err as Error).message}`,
      );
    }
  }
  const pick = (flag: string | string[] | undefined, key: string) => {
    if (flag !== undefined && file[key] !== undefined) {
      throw new InvalidParameterError(
        `the following directives are specified both as a flag and in the configuration file: ${key}: (from flag: ${flag}, from file: ${JSON.stringify(file[key])})`,
      );
    }
    return flag ?? file[key];
  };
  const hosts = (pick(values.host, "hosts") as string[] | undefined) ?? [DEFAULT_SOCKET];
  const logLevel = String(pick(values["log-level"], "log-level") ?? "info");
  if (!isLogLevel(logLevel)) throw new InvalidParameterError(`Unable to parse logging level: ${logLevel}`);
  const { hosts: _h, "data-root": _d, "exec-root": _e, pidfile: _p, "log-level": _l, ...extra } = file;
  const certsDir = pick(values["registry-certs-dir"], "registry-certs-dir");
  if (certsDir !== undefined) extra["registry-certs-dir"] = String(certsDir);
  for (const k of ["bridge", "bip", "iptables"] as const)
    if (values[k] !== undefined) extra[k] = pick(values[k], k);
  return {
    hosts,
    dataRoot: String(pick(values["data-root"], "data-root") ?? "/var/lib/berth"),
    execRoot: String(pick(values["exec-root"], "exec-root") ?? "/run/berth"),
    pidfile: pick(values.pidfile, "pidfile") as string | undefined,
    logLevel,
    configFile,
    extra,
  };
}

/** A `-H` value as a unix socket path; TCP waits for TLS (a later issue). */
export function socketPath(host: string): string {
  if (host.startsWith("unix://")) return host.slice("unix://".length);
  if (host.startsWith("/")) return host;
  if (host.startsWith("tcp://") || host.startsWith("fd://")) {
    throw new InvalidParameterError(
      `Cannot listen on ${host}: berthd serves the API on unix sockets only until TLS-protected TCP is supported; use -H unix:///path/to/berth.sock`,
    );
  }
  throw new InvalidParameterError(`Cannot listen on ${host}: expected unix:///path`);
}
