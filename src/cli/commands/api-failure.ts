import { ApiError } from "../../client/client.ts";

/** An API error as docker prints it for one of several arguments; anything else goes on up. */
export function apiFailure(err: unknown): string {
  if (!(err instanceof ApiError)) throw err;
  return `Error response from daemon: ${err.message}`;
}
