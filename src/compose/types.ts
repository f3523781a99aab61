// The normalised Compose model: what the loader (model/) hands the engine (engine/) and what
// `berth compose config` prints. It is the Compose Specification in its long, canonical form,
// after interpolation, `.env`/`env_file`, `extends`, `include`, merging of several files and
// profiles, so the engine never sees a short syntax and never re-reads a file. Property names
// are the spec's YAML keys (snake_case) so that printing the model is plain serialisation, as
// `docker compose config` does. Like types/, this file imports nothing and holds no logic.

/** A Go-style duration as the file wrote it after validation ("1m30s", "500ms"); see duration.ts. */
export type Duration = string;

export interface Project {
  name: string;
  /** Absolute; relative paths in the files were resolved against it. */
  working_dir: string;
  /** Absolute paths of the files merged, in order (`-f`, or the default file). */
  config_files: string[];
  /** Enabled services only: those without `profiles`, or with an active profile. */
  services: Record<string, Service>;
  /** Every service named in the files but disabled by profiles (for `config --services --profile`). */
  disabled_services?: Record<string, Service>;
  networks: Record<string, Network>;
  volumes: Record<string, Volume>;
  secrets: Record<string, FileObject>;
  configs: Record<string, FileObject>;
  /** The variables interpolation used (process env overlaid on `.env`/`--env-file`). */
  environment: Record<string, string>;
  /** Active profiles (`--profile`, COMPOSE_PROFILES). */
  profiles: string[];
  [extension: `x-${string}`]: unknown;
}

export interface Service {
  name: string;
  image?: string;
  build?: Build;
  pull_policy?: "always" | "never" | "missing" | "build" | "if_not_present";
  container_name?: string;
  hostname?: string;
  domainname?: string;
  /** Already split into words (a string command is split as a POSIX shell would). */
  command?: string[] | null;
  entrypoint?: string[] | null;
  working_dir?: string;
  user?: string;
  /** env_file contents then `environment`, merged; a null value = unset (the variable is absent from the host env too). */
  environment: Record<string, string | null>;
  env_file?: EnvFile[];
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  ports: ServicePort[];
  expose?: string[];
  volumes: ServiceVolume[];
  volumes_from?: string[];
  tmpfs?: string[];
  /** Normalised to the long form; short list syntax becomes condition service_started, required true. */
  depends_on: Record<string, DependsOn>;
  /** Normalised: the short list becomes `{ name: null }`; absent means `{ default: null }` unless network_mode is set. */
  networks: Record<string, ServiceNetwork | null>;
  network_mode?: string;
  links?: string[];
  external_links?: string[];
  dns?: string[];
  dns_search?: string[];
  dns_opt?: string[];
  /** "host:ip", Docker's form. */
  extra_hosts?: string[];
  healthcheck?: Healthcheck;
  restart?: string;
  deploy?: Deploy;
  /** Set from `scale`, `deploy.replicas` or `--scale`; default 1. */
  scale?: number;
  init?: boolean;
  privileged?: boolean;
  read_only?: boolean;
  stdin_open?: boolean;
  tty?: boolean;
  cap_add?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  devices?: string[];
  group_add?: string[];
  ulimits?: Record<string, { soft: number; hard: number }>;
  sysctls?: Record<string, string>;
  stop_signal?: string;
  stop_grace_period?: Duration;
  logging?: { driver?: string; options?: Record<string, string> };
  pid?: string;
  ipc?: string;
  userns_mode?: string;
  cgroup_parent?: string;
  /** Bytes. */
  shm_size?: number;
  mem_limit?: number;
  mem_reservation?: number;
  memswap_limit?: number;
  cpus?: number;
  cpu_shares?: number;
  cpuset?: string;
  pids_limit?: number;
  oom_kill_disable?: boolean;
  oom_score_adj?: number;
  platform?: string;
  profiles?: string[];
  secrets?: ServiceFileRef[];
  configs?: ServiceFileRef[];
  [extension: `x-${string}`]: unknown;
}

export interface Build {
  /** Absolute path (or a URL, which the engine refuses). */
  context: string;
  /** Relative to the context, as the file wrote it; "Dockerfile" when absent. */
  dockerfile: string;
  dockerfile_inline?: string;
  args?: Record<string, string | null>;
  target?: string;
  labels?: Record<string, string>;
  network?: string;
  no_cache?: boolean;
  pull?: boolean;
  tags?: string[];
  platforms?: string[];
  extra_hosts?: string[];
  shm_size?: number;
  cache_from?: string[];
  secrets?: ServiceFileRef[];
}

export interface EnvFile {
  /** Absolute. */
  path: string;
  required: boolean;
}

export interface ServicePort {
  mode: "ingress" | "host";
  host_ip?: string;
  target: number;
  /** A port or a range "8000-8010"; absent = a random host port. */
  published?: string;
  protocol: "tcp" | "udp" | "sctp";
  name?: string;
  app_protocol?: string;
}

export interface ServiceVolume {
  type: "bind" | "volume" | "tmpfs" | "npipe" | "cluster" | "image";
  /** bind: absolute host path; volume: the project-level key (not yet prefixed with the project); absent for anonymous and tmpfs. */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: "z" | "Z"; recursive?: string };
  volume?: { nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: number; mode?: number };
}

export interface DependsOn {
  condition: "service_started" | "service_healthy" | "service_completed_successfully";
  required: boolean;
  restart?: boolean;
}

export interface ServiceNetwork {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  priority?: number;
  mac_address?: string;
  link_local_ips?: string[];
}

export interface Healthcheck {
  /** ["NONE"], ["CMD", …] or ["CMD-SHELL", "…"]; a string test becomes CMD-SHELL. */
  test?: string[];
  interval?: Duration;
  timeout?: Duration;
  retries?: number;
  start_period?: Duration;
  start_interval?: Duration;
  disable?: boolean;
}

export interface Deploy {
  mode?: string;
  replicas?: number;
  labels?: Record<string, string>;
  resources?: {
    limits?: { cpus?: number; memory?: number; pids?: number };
    reservations?: { cpus?: number; memory?: number };
  };
  restart_policy?: {
    condition?: "none" | "on-failure" | "any";
    delay?: Duration;
    max_attempts?: number;
    window?: Duration;
  };
}

export interface ServiceFileRef {
  /** The project-level secret/config key. */
  source: string;
  /** Absolute in the container; defaults to /run/secrets/<source> (secrets) or /<source> (configs). */
  target: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface Network {
  /** The engine's name: "<project>_<key>" unless `name:` or external. */
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  ipam?: {
    driver?: string;
    config?: {
      subnet?: string;
      ip_range?: string;
      gateway?: string;
      aux_addresses?: Record<string, string>;
    }[];
    options?: Record<string, string>;
  };
  external?: boolean;
  internal?: boolean;
  attachable?: boolean;
  enable_ipv6?: boolean;
  labels: Record<string, string>;
}

export interface Volume {
  /** The engine's name: "<project>_<key>" unless `name:` or external. */
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
  labels: Record<string, string>;
}

export interface FileObject {
  name: string;
  /** Absolute. */
  file?: string;
  environment?: string;
  content?: string;
  external?: boolean;
  labels?: Record<string, string>;
}

/** What the loader needs to know, from the global flags of `berth compose`. */
export interface LoadOptions {
  /** `-f`, several; empty = look for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml in the project directory and its parents. "-" = stdin. */
  files: string[];
  /** `-p` / COMPOSE_PROJECT_NAME; else `name:` in the file; else the project directory's base name, normalised. */
  projectName?: string;
  /** `--project-directory`; else the first file's directory. */
  projectDirectory?: string;
  /** `--env-file`, several; default `<project dir>/.env` if present. */
  envFiles?: string[];
  /** `--profile` (plus COMPOSE_PROFILES). */
  profiles?: string[];
  /** The process environment to interpolate from (tests pass their own). */
  env: Record<string, string | undefined>;
  /** The working directory relative `-f` paths resolve against. */
  cwd: string;
}
