import assert from "node:assert/strict";
import { test } from "node:test";
import { removeBridgeRules, removeLink } from "../../src/network/host-rules.ts";
import { berth, docker, run, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { hostNetworkState, testNet } from "./net-fixtures.ts";

/**
 * Names on user networks, end to end: berthd's embedded resolver on each user network's
 * gateway, real containers asking it with busybox nslookup, ping and wget. Every container
 * gets `--dns 127.0.0.1`: the resolver's upstream is then loopback only, so an unknown name
 * is a SERVFAIL and nothing is ever forwarded off the machine.
 */

const NO_UPSTREAM = ["--dns", "127.0.0.1"];

function ok(r: { code: number | null; stdout: string; stderr: string }, what = ""): string {
  assert.equal(r.code, 0, `${what}: ${r.stderr}${r.stdout}`);
  return r.stdout.trim();
}

/** A daemon with a default bridge and one user network, each on a bridge and subnet of the test's own. */
async function dnsDaemon(t: { after(fn: () => Promise<void>): void }) {
  const def = testNet();
  const user = testNet();
  t.after(async () => {
    for (const br of [def.bridge, user.bridge]) {
      await removeBridgeRules(br, false).catch(() => undefined);
      await removeLink(br).catch(() => undefined);
    }
  });
  const d = await startDaemon(t, ["--bridge", def.bridge, "--bip", `${def.prefix}1/24`]);
  await importBusybox(d.client);
  ok(
    await docker(d, [
      "network",
      "create",
      "--subnet",
      user.subnet,
      "-o",
      `com.docker.network.bridge.name=${user.bridge}`,
      "un",
    ]),
    "network create",
  );
  return { d, def, user, gateway: `${user.prefix}1` };
}

const httpd = (name: string, ...opts: string[]) => [
  "run",
  "-d",
  "--name",
  name,
  ...NO_UPSTREAM,
  ...opts,
  "busybox",
  "busybox",
  "httpd",
  "-f",
  "-p",
  "80",
  "-h",
  "/etc",
];

/** A one-shot busybox command in a new container on `network`. */
function oneShot(d: TestDaemon, network: string, ...cmd: string[]) {
  return docker(d, ["run", "--rm", "--network", network, ...NO_UPSTREAM, "busybox", "busybox", ...cmd]);
}

/** The IPv4 addresses busybox nslookup printed for the name (those after its "Name:" line). */
function addressesOf(out: string): string[] {
  const after = out
    .split(/^Name:/m)
    .slice(1)
    .join("\n");
  return [...after.matchAll(/^Address:\s*(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]).sort();
}

async function inspect(d: TestDaemon, name: string) {
  return JSON.parse(ok(await docker(d, ["inspect", name]), `inspect ${name}`))[0] as {
    Id: string;
    State: { Pid: number };
    NetworkSettings: {
      Networks: Record<string, { IPAddress: string; Aliases: string[] | null; DNSNames: string[] | null }>;
    };
  };
}

/** UDP and TCP sockets bound on `ip` port 53 (berthd's resolver), from the host's socket table. */
async function resolverSockets(ip: string): Promise<string[]> {
  const out = (await run("ss", ["-Hlnut", "src", `${ip}:53`])).stdout;
  return out.split("\n").filter(Boolean);
}

test("a container resolves another by name, short ID, hostname and --network-alias; a shared alias gives every address; PTR names it", async (t) => {
  const { d, def, gateway, user } = await dnsDaemon(t);
  ok(
    await docker(d, httpd("web", "--network", "un", "--network-alias", "alpha", "--hostname", "box")),
    "run web",
  );
  // berth's CLI sends the alias as docker's does.
  ok(await berth(d, httpd("web2", "--network", "un", "--network-alias", "alpha")), "berth run web2");
  const web = await inspect(d, "web");
  const web2 = await inspect(d, "web2");
  const ip = web.NetworkSettings.Networks.un.IPAddress;
  const ip2 = web2.NetworkSettings.Networks.un.IPAddress;
  const short = web.Id.slice(0, 12);
  // inspect as dockerd shows API 1.44: asked aliases plus short ID and hostname; the names served.
  assert.deepEqual(web.NetworkSettings.Networks.un.Aliases, ["alpha", short, "box"]);
  assert.deepEqual(web.NetworkSettings.Networks.un.DNSNames, ["web", "alpha", short, "box"]);
  assert.deepEqual(await resolverSockets(gateway).then((s) => s.length), 2, "UDP and TCP on the gateway");

  // The container's resolv.conf points at the network's resolver, with moby's ndots:0.
  const resolv = ok(await docker(d, ["exec", "web", "cat", "/etc/resolv.conf"]), "resolv.conf");
  assert.match(resolv, new RegExp(`^nameserver ${gateway.replaceAll(".", "\\.")}$`, "m"));
  assert.equal(resolv.match(/^nameserver/gm)?.length, 1, resolv);
  assert.match(resolv, /^options ndots:0$/m);

  for (const name of ["web", short, "box", "web.un"]) {
    const out = ok(await oneShot(d, "un", "nslookup", name), `nslookup ${name}`);
    assert.deepEqual(addressesOf(out), [ip], `${name}: ${out}`);
  }
  // Two containers with one alias: both addresses.
  const both = ok(await oneShot(d, "un", "nslookup", "alpha"), "nslookup alpha");
  assert.deepEqual(addressesOf(both), [ip, ip2].sort(), both);
  // The libc resolver of real programs: wget and ping by name.
  assert.equal(ok(await oneShot(d, "un", "wget", "-q", "-O-", "http://web/hostname"), "wget web"), "box");
  ok(await oneShot(d, "un", "ping", "-c1", "-W", "5", "web2"), "ping web2");
  // PTR: the address names the container on the network.
  const ptr = ok(await oneShot(d, "un", "nslookup", ip), "nslookup PTR");
  assert.match(ptr, /name = web\.un\.?$/m, ptr);
  // An unknown name: SERVFAIL at once (the upstream is loopback only), never a hang.
  const unknown = await oneShot(d, "un", "nslookup", "no-such-container");
  assert.notEqual(unknown.code, 0, unknown.stdout);
  assert.match(unknown.stdout + unknown.stderr, /SERVFAIL|can't find/i);

  // container:<x> shares x's namespace and its resolver.
  const joined = await docker(d, [
    "run",
    "--rm",
    "--network",
    "container:web2",
    // No --dns here (dockerd refuses it with container:): web2's resolv.conf, the same file,
    // already has no upstream.
    "busybox",
    "busybox",
    "nslookup",
    "web",
  ]);
  assert.deepEqual(addressesOf(ok(joined, "nslookup from container:web2")), [ip]);
  // A renamed container answers to its new name at once, no longer to the old one.
  ok(await docker(d, ["rename", "web2", "web3"]), "rename");
  assert.deepEqual(addressesOf(ok(await oneShot(d, "un", "nslookup", "web3"), "new name")), [ip2]);
  assert.notEqual((await oneShot(d, "un", "nslookup", "web2")).code, 0, "the old name is gone");

  // A removed container no longer resolves; its alias still gives the other's address.
  ok(await docker(d, ["rm", "-f", "web"]), "rm web");
  const gone = await oneShot(d, "un", "nslookup", "web");
  assert.notEqual(gone.code, 0, gone.stdout);
  assert.deepEqual(addressesOf(ok(await oneShot(d, "un", "nslookup", "alpha"), "alpha after rm")), [ip2]);

  // network rm closes the resolver's sockets.
  ok(await docker(d, ["rm", "-f", "web3"]), "rm web3");
  ok(await docker(d, ["network", "rm", "un"]), "network rm");
  assert.deepEqual(await resolverSockets(gateway), []);
  assert.notEqual((await run("ip", ["link", "show", user.bridge])).code, 0, "the user bridge is gone");
  await d.stop();
  assert.equal(
    (await run("ip", ["-br", "link", "show", "master", def.bridge])).stdout.trim(),
    "",
    "no veth left",
  );
  await removeBridgeRules(def.bridge, false);
  await removeLink(def.bridge);
  // Other engineers' test runs change the host's links and rules meanwhile: compare what is this test's.
  const mine = (st: Awaited<ReturnType<typeof hostNetworkState>>) =>
    [...st.links, ...st.iptables, ...st.nft].filter((l) =>
      [def.bridge, user.bridge, def.prefix, user.prefix].some((x) => l.includes(x)),
    );
  assert.deepEqual(mine(await hostNetworkState()), [], "no link or rule of this test left");
});

test("the default bridge has no name resolution; aliases there are refused as dockerd does", async (t) => {
  const { d, def } = await dnsDaemon(t);
  ok(await docker(d, httpd("bweb")), "run on bridge");
  const resolv = ok(await docker(d, ["exec", "bweb", "cat", "/etc/resolv.conf"]), "resolv.conf");
  assert.doesNotMatch(resolv, new RegExp(`nameserver ${def.prefix.replaceAll(".", "\\.")}1\\b`));
  assert.match(resolv, /^nameserver 127\.0\.0\.1$/m, "the --dns as given, no embedded resolver");
  assert.deepEqual(await resolverSockets(`${def.prefix}1`), [], "no resolver on the default bridge");
  const r = await docker(d, ["run", "--rm", ...NO_UPSTREAM, "busybox", "busybox", "nslookup", "bweb"]);
  assert.notEqual(r.code, 0, r.stdout);
  const bweb = await inspect(d, "bweb");
  assert.equal(bweb.NetworkSettings.Networks.bridge.DNSNames, null);
  assert.equal(bweb.NetworkSettings.Networks.bridge.Aliases, null);
  // The docker CLI refuses --network-alias off a user network itself; the API is refused by berthd.
  await assert.rejects(
    d.client.json("POST", "/containers/create", {
      body: {
        Image: "busybox",
        Cmd: ["true"],
        HostConfig: { NetworkMode: "bridge" },
        NetworkingConfig: { EndpointsConfig: { bridge: { Aliases: ["x"] } } },
      },
    }),
    (err: { status?: number; message: string }) =>
      err.status === 400 &&
      err.message ===
        "invalid config for network bridge: invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in user defined networks",
  );
  const ls = ok(await docker(d, ["ps", "-aq"]), "ps");
  assert.equal(ls.split("\n").length, 1, "no container made by the refused create");
});

test("after kill -9 of berthd and a restart, names on a user network still resolve; a dead container's do not", async (t) => {
  const { d, gateway } = await dnsDaemon(t);
  ok(await docker(d, httpd("keep", "--network", "un", "--network-alias", "kept")), "run keep");
  ok(await docker(d, httpd("dies", "--network", "un")), "run dies");
  ok(await docker(d, httpd("asker", "--network", "un")), "run asker");
  const keep = await inspect(d, "keep");
  const dies = await inspect(d, "dies");
  const keepIp = keep.NetworkSettings.Networks.un.IPAddress;
  assert.deepEqual(
    addressesOf(ok(await docker(d, ["exec", "asker", "busybox", "nslookup", "dies"]), "before")),
    [dies.NetworkSettings.Networks.un.IPAddress],
  );
  await d.stop("SIGKILL");
  process.kill(dies.State.Pid, "SIGKILL");
  await waitFor(
    "the container to die",
    async () => (await run("kill", ["-0", String(dies.State.Pid)])).code !== 0,
  );
  await d.restart();
  // The resolver is back before the API answers: a running container asks it at once.
  for (const name of ["keep", "kept", keep.Id.slice(0, 12)]) {
    const out = ok(
      await docker(d, ["exec", "asker", "busybox", "nslookup", name]),
      `nslookup ${name} after restart`,
    );
    assert.deepEqual(addressesOf(out), [keepIp], out);
  }
  const gone = await docker(d, ["exec", "asker", "busybox", "nslookup", "dies"]);
  assert.notEqual(gone.code, 0, `a dead container's name is gone: ${gone.stdout}`);
  assert.equal((await resolverSockets(gateway)).length, 2);
  // A clean shutdown closes them.
  await d.stop();
  assert.deepEqual(await resolverSockets(gateway), []);
});

test("a container on two user networks resolves names of both; a container of one network never sees the other's", async (t) => {
  const { d } = await dnsDaemon(t);
  const second = testNet();
  t.after(async () => {
    await removeBridgeRules(second.bridge, false).catch(() => undefined);
    await removeLink(second.bridge).catch(() => undefined);
  });
  ok(
    await docker(d, [
      "network",
      "create",
      "--subnet",
      second.subnet,
      "-o",
      `com.docker.network.bridge.name=${second.bridge}`,
      "un2",
    ]),
    "network create un2",
  );
  ok(await docker(d, httpd("only2", "--network", "un2", "--network-alias", "svc")), "run only2");
  ok(await docker(d, httpd("multi", "--network", "un", "--network", "un2")), "run multi");
  const only2 = await inspect(d, "only2");
  const multi = await inspect(d, "multi");
  assert.deepEqual(Object.keys(multi.NetworkSettings.Networks).sort(), ["un", "un2"]);
  // multi asks its first network's resolver, which answers from un2's endpoints too.
  const out = ok(await docker(d, ["exec", "multi", "busybox", "nslookup", "svc"]), "svc from multi");
  assert.deepEqual(addressesOf(out), [only2.NetworkSettings.Networks.un2.IPAddress], out);
  // From un2, multi is its un2 address.
  const back = ok(await docker(d, ["exec", "only2", "busybox", "nslookup", "multi"]), "multi from only2");
  assert.deepEqual(addressesOf(back), [multi.NetworkSettings.Networks.un2.IPAddress], back);
  // A container of un alone does not learn un2's names.
  const isolated = await oneShot(d, "un", "nslookup", "svc");
  assert.notEqual(isolated.code, 0, isolated.stdout);
  for (const c of ["only2", "multi"]) ok(await docker(d, ["rm", "-f", c]), `rm ${c}`);
  ok(await docker(d, ["network", "rm", "un", "un2"]), "network rm");
});

test("network connect --alias on a running container is answered at once; disconnect takes its names away", async (t) => {
  const { d } = await dnsDaemon(t);
  const second = testNet();
  t.after(async () => {
    await removeBridgeRules(second.bridge, false).catch(() => undefined);
    await removeLink(second.bridge).catch(() => undefined);
  });
  ok(
    await docker(d, [
      "network",
      "create",
      "--subnet",
      second.subnet,
      "-o",
      `com.docker.network.bridge.name=${second.bridge}`,
      "un2",
    ]),
    "network create un2",
  );
  ok(await docker(d, httpd("asker", "--network", "un")), "run asker");
  ok(await docker(d, httpd("late", "--network", "un2")), "run late");
  const before = await docker(d, ["exec", "asker", "busybox", "nslookup", "joined"]);
  assert.notEqual(before.code, 0, before.stdout);
  ok(await docker(d, ["network", "connect", "--alias", "joined", "un", "late"]), "connect");
  const late = await inspect(d, "late");
  const ip = late.NetworkSettings.Networks.un.IPAddress;
  assert.ok(late.NetworkSettings.Networks.un.DNSNames?.includes("joined"));
  for (const name of ["joined", "late"]) {
    const out = ok(await docker(d, ["exec", "asker", "busybox", "nslookup", name]), `nslookup ${name}`);
    assert.deepEqual(addressesOf(out), [ip], out);
  }
  ok(await docker(d, ["network", "disconnect", "un", "late"]), "disconnect");
  const after = await docker(d, ["exec", "asker", "busybox", "nslookup", "joined"]);
  assert.notEqual(after.code, 0, `the alias left with the endpoint: ${after.stdout}`);
  for (const c of ["asker", "late"]) ok(await docker(d, ["rm", "-f", c]), `rm ${c}`);
  ok(await docker(d, ["network", "rm", "un", "un2"]), "network rm");
});
