import { BerthError } from "../errdefs/errors.ts";

// The JavaScript engine's own error classes: their text ("Cannot read properties of
// undefined", "x is not iterable") describes berthd's code, not the request, so it never
// reaches a client. Node's system errors (ENOENT, ENOSPC) and berth's own plain Errors say
// what happened on the host and keep their message.
const engineErrors = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/** True for an error that is a bug in berthd rather than a refusal or a host failure. */
export function isInternalError(err: unknown): boolean {
  if (err instanceof BerthError) return false;
  if (!(err instanceof Error)) return true;
  return engineErrors.some((cls) => err instanceof cls);
}

/** The message a client may see for `err`, raised while doing `action` ("create container"). */
export function publicMessage(err: unknown, action: string): string {
  if (!isInternalError(err)) return (err as Error).message;
  return `Cannot ${action}: internal error, see berthd's log`;
}
