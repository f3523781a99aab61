// Go's time.Duration.String, for messages that quote a duration as dockerd prints it
// ("Health check exceeded timeout (1.5s)"). Hand-written: a dozen lines of Go's own
// algorithm, and no npm package reproduces its exact output ("1h0m0s", "1.5µs").

/** `ns` nanoseconds as Go prints a time.Duration: "0s", "100ms", "1.5s", "1m30s", "1h0m0s". */
export function goDurationString(ns: number | bigint): string {
  let u = BigInt(ns);
  const neg = u < 0n;
  if (neg) u = -u;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return "0s";
    const [unit, prec] = u < 1_000n ? ["ns", 0] : u < 1_000_000n ? ["µs", 3] : ["ms", 6];
    out = `${fraction(u, prec)}${unit}`;
  } else {
    const secs = u / 1_000_000_000n;
    const frac = fraction(u % 1_000_000_000n, 9).replace(/^0/, "");
    out = `${secs % 60n}${frac}s`;
    const mins = secs / 60n;
    if (mins > 0n) {
      out = `${mins % 60n}m${out}`;
      const hours = mins / 60n;
      if (hours > 0n) out = `${hours}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** v / 10^prec with the fraction's trailing zeros dropped (and its point, if nothing is left). */
function fraction(v: bigint, prec: number): string {
  if (prec === 0) return String(v);
  const scale = 10n ** BigInt(prec);
  const digits = String(v % scale)
    .padStart(prec, "0")
    .replace(/0+$/, "");
  return digits ? `${v / scale}.${digits}` : String(v / scale);
}
