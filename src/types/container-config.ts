// Engine API wire types of a container's portable configuration (`ContainerConfig`,
// `HealthConfig`), as the v1.44 spec defines them. An image's config carries the same
// object (Docker's image config `config`), so the image side uses these too.

/** `HealthConfig`: the health check; durations in nanoseconds, 0 inherits. */
export interface HealthConfig {
  /** `[]` inherits, `["NONE"]` disables, `["CMD", …]` or `["CMD-SHELL", cmd]` runs. */
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
  StartInterval?: number;
}

/** `ContainerConfig`: what `create` takes beside HostConfig, and what inspect shows as Config. */
export interface ContainerConfig {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  /** `"80/tcp": {}`; the values are always empty objects. */
  ExposedPorts?: Record<string, object> | null;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Healthcheck?: HealthConfig | null;
  ArgsEscaped?: boolean | null;
  Image?: string;
  /** `"/data": {}`; the values are always empty objects. */
  Volumes?: Record<string, object> | null;
  WorkingDir?: string;
  Entrypoint?: string[] | null;
  NetworkDisabled?: boolean | null;
  MacAddress?: string | null;
  OnBuild?: string[] | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string | null;
  StopTimeout?: number | null;
  Shell?: string[] | null;
}
