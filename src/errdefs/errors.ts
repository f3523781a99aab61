// Typed errors, as containerd's errdefs: raised where the failure is understood, mapped to
// an HTTP status once in api/ and to an exit code once in cli/. Each class has a stable
// `code` so callers never match on message text.

export type ErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_PARAMETER"
  | "FORBIDDEN"
  | "UNAUTHORIZED"
  | "UNAVAILABLE"
  | "NOT_MODIFIED"
  | "NOT_IMPLEMENTED"
  | "SYSTEM";

export class BerthError extends Error {
  readonly code: ErrorCode = "SYSTEM";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotFoundError extends BerthError {
  override readonly code = "NOT_FOUND";
}
export class ConflictError extends BerthError {
  override readonly code = "CONFLICT";
}
export class InvalidParameterError extends BerthError {
  override readonly code = "INVALID_PARAMETER";
}
export class ForbiddenError extends BerthError {
  override readonly code = "FORBIDDEN";
}
export class UnauthorizedError extends BerthError {
  override readonly code = "UNAUTHORIZED";
}
export class UnavailableError extends BerthError {
  override readonly code = "UNAVAILABLE";
}
export class NotModifiedError extends BerthError {
  override readonly code = "NOT_MODIFIED";
}
export class NotImplementedError extends BerthError {
  override readonly code = "NOT_IMPLEMENTED";
}
export class SystemError extends BerthError {}

export function errorCode(err: unknown): ErrorCode {
  return err instanceof BerthError ? err.code : "SYSTEM";
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Node's errno code (ENOENT, EEXIST, …) of a failed fs or child_process call, if any. */
export function errno(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err && typeof err.code === "string"
    ? err.code
    : undefined;
}
