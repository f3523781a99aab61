// Compose files write durations as Go does ("1m30s", "1.5h", "300ms"); the Engine API wants
// nanoseconds. Go's time.ParseDuration grammar, which no npm package matches exactly (ms-style
// parsers accept "1 minute" and reject "1h30m"), so it is written here.

const UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Nanoseconds in a Go duration string; throws naming the text when it is not one. */
export function durationToNanos(text: string): number {
  const bad = () =>
    new Error(
      `invalid duration ${JSON.stringify(text)}: expected a number and a unit (ns, us, ms, s, m, h), as in "1m30s"`,
    );
  let s = text.trim();
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw bad();
  let total = 0;
  // µ and μ escaped: one non-ASCII character in the CLI bundle makes Node read all of it as a
  // two-byte string, ~8 ms more at every `berth` start (test/cli/bundle.test.ts).
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = part.exec(s);
    if (!m) throw bad();
    total += Number(m[1]) * (UNITS[m[2] as string] as number);
    s = s.slice(m[0].length);
  }
  return sign * Math.round(total);
}
