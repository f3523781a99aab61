// `docker run --rm busybox true` against berthd with the default bridge and with
// `--bridge none` (loopback only, what berth did before containers joined networks), on
// the same machine in one run. Usage (root): node bench/run-rm-network.ts [runs]
import { removeBridgeRules, removeLink } from "../src/network/host-rules.ts";
import { docker, startDaemon } from "../test/helpers/daemon.ts";
import { importBusybox } from "../test/helpers/images.ts";

const runs = Number(process.argv[2] ?? 15);
const cleanups: (() => Promise<void> | void)[] = [];
const t = { after: (fn: () => Promise<void> | void) => cleanups.push(fn) };

async function measure(args: string[]): Promise<number[]> {
  const d = await startDaemon(t, args);
  await importBusybox(d.client);
  await docker(d, ["run", "--rm", "busybox", "true"]); // warm-up: bridge and rules made once
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await docker(d, ["run", "--rm", "busybox", "true"]);
    if (r.code !== 0) throw new Error(r.stderr);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b);
}

const med = (a: number[]) => a[Math.floor(a.length / 2)];
try {
  const none = await measure(["--bridge", "none"]);
  const bridged = await measure(["--bridge", "btbench", "--bip", "10.199.251.1/24"]);
  console.log(
    `loopback only : median ${med(none).toFixed(0)} ms (${none[0].toFixed(0)}–${none.at(-1)?.toFixed(0)})`,
  );
  console.log(
    `default bridge: median ${med(bridged).toFixed(0)} ms (${bridged[0].toFixed(0)}–${bridged.at(-1)?.toFixed(0)})`,
  );
  console.log(`ratio bridge/loopback: ${(med(bridged) / med(none)).toFixed(2)}`);
} finally {
  for (const fn of cleanups.reverse()) await fn();
  await removeBridgeRules("btbench", false);
  await removeLink("btbench");
}
