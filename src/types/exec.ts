// Engine API wire types of exec (`POST /containers/{id}/exec`, `POST /exec/{id}/start`,
// `GET /exec/{id}/json`), as the v1.44 spec defines them.

/** `ExecConfig`: `POST /containers/{id}/exec`'s body. */
export interface ExecConfig {
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  /** `[height, width]`. */
  ConsoleSize?: [number, number] | null;
  DetachKeys?: string;
  Tty?: boolean;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Privileged?: boolean;
  User?: string;
  WorkingDir?: string;
}

/** `ExecStartConfig`: `POST /exec/{id}/start`'s body. */
export interface ExecStartConfig {
  Detach?: boolean;
  Tty?: boolean;
  /** `[height, width]`. */
  ConsoleSize?: [number, number] | null;
}

/** `ProcessConfig` of an exec inspect. */
export interface ExecProcessConfig {
  tty: boolean;
  entrypoint: string;
  arguments: string[];
  privileged: boolean;
  user?: string;
}

/** `ExecInspectResponse` (`GET /exec/{id}/json`). */
export interface ExecInspect {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  ProcessConfig: ExecProcessConfig;
  OpenStdin: boolean;
  OpenStderr: boolean;
  OpenStdout: boolean;
  CanRemove: boolean;
  ContainerID: string;
  DetachKeys: string;
  Pid: number;
}
