// `.dockerignore` with Docker's semantics, through @balena/dockerignore (a port of moby's
// matcher with its tests). Its own module: the berth CLI filters the context it sends with
// it and must not load the daemon's side of the builder.

import dockerignore from "@balena/dockerignore";

/** Patterns of a .dockerignore file: comments and blank lines dropped, as Docker reads them. */
export function readIgnorePatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** A filter that keeps what the patterns do not exclude (paths relative, `/`-separated). */
export function ignoreFilter(patterns: string[]): (rel: string) => boolean {
  // The package is CommonJS (`module.exports = factory`); its typings say ES default export.
  const factory = dockerignore as unknown as typeof dockerignore.default;
  const ig = factory({ ignorecase: false }).add(patterns);
  return (rel) => !ig.ignores(rel);
}
