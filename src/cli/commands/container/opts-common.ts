/**
 * What every `run`/`create` option parser shares: the create body's shapes, where parsing
 * reads the environment and files, and pflag's wording for a refused value.
 */
import { readFileSync } from "node:fs";
import { InvalidParameterError } from "../../../errdefs/errors.ts";
import type { ContainerCreateRequest } from "../../../types/container-create.ts";
import type { HostConfig } from "../../../types/host-config.ts";

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export interface EndpointSettings {
  IPAMConfig: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] } | null;
  Links: string[] | null;
  Aliases: string[] | null;
  MacAddress: string;
  DriverOpts: Record<string, string> | null;
  GwPriority: number;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  DNSNames: string[] | null;
}

/** The ContainerCreate request: Config's fields, then HostConfig and NetworkingConfig. */
export type CreateBody = ContainerCreateRequest & { Image: string; HostConfig: HostConfig };

/** Where parsing reads the environment, files and the working directory (tests replace them). */
export interface OptionsEnv {
  lookupEnv(name: string): string | undefined;
  readFile(file: string): string;
  cwd: string;
}

export const processEnv: OptionsEnv = {
  lookupEnv: (name) => process.env[name],
  readFile: (file) => readFileSync(file, "utf8"),
  get cwd() {
    return process.cwd();
  },
};

export const fail = (msg: string): never => {
  throw new InvalidParameterError(msg);
};

/** pflag's message for a value its flag type or validator refused. */
export function flagError(spec: string, value: string, msg: string): never {
  throw new InvalidParameterError(`invalid argument "${value}" for "${spec}" flag: ${msg}`);
}

export function errMsg(err: unknown): string {
  return (err as Error).message;
}

/** Go's error text for a failed open(2): "open x: no such file or directory". */
export function goOpenError(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const text: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EISDIR: "is a directory",
    ENOTDIR: "not a directory",
  };
  return `open ${file}: ${(code && text[code]) ?? errMsg(err)}`;
}

export function nullIfEmpty<T>(a: T[]): T[] | null {
  return a.length ? a : null;
}
