import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { test } from "node:test";
import { docker, startDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

const DOCKER_DEFAULT_CAPS = 0xa80425fbn;

async function capEff(out: string): Promise<bigint> {
  const m = /CapEff:\s+([0-9a-f]+)/.exec(out);
  assert.ok(m, out);
  return BigInt(`0x${m[1]}`);
}

test("isolation: hostname, pid namespace, mounts, masked and read-only paths, capabilities", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const host = await docker(d, [
    "run",
    "--rm",
    "-h",
    "boxname",
    "--domainname",
    "example.org",
    "busybox",
    "sh",
    "-c",
    "hostname; cat /proc/sys/kernel/domainname; cat /etc/hostname",
  ]);
  assert.equal(host.stdout, "boxname\nexample.org\nboxname\n");
  const ps = await docker(d, ["run", "--rm", "busybox", "ps", "-o", "pid,comm"]);
  assert.equal(
    ps.stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.trim())
      .join("|"),
    "1 ps",
  );
  const mounts = (await docker(d, ["run", "--rm", "busybox", "cat", "/proc/mounts"])).stdout;
  assert.match(mounts, /^overlay \/ overlay /m);
  assert.match(mounts, /^proc \/proc proc rw/m);
  assert.match(mounts, /^tmpfs \/dev tmpfs /m);
  assert.match(mounts, /^devpts \/dev\/pts devpts /m);
  assert.match(mounts, /^shm \/dev\/shm tmpfs .*size=65536k/m);
  assert.match(mounts, /^mqueue \/dev\/mqueue mqueue /m);
  assert.match(mounts, /^sysfs \/sys sysfs ro,/m);
  assert.match(mounts, /\/etc\/hosts /);
  assert.match(mounts, /\/etc\/resolv.conf /);
  const masked = await docker(d, [
    "run",
    "--rm",
    "busybox",
    "sh",
    "-c",
    "wc -c < /proc/timer_list; ls /sys/firmware | wc -l; echo 3 > /proc/sys/vm/drop_caches && echo writable || echo refused; cat /proc/keys | wc -c",
  ]);
  assert.equal(masked.stdout.replace(/ +/g, ""), "0\n0\nrefused\n0\n");
  const caps = await capEff(
    (await docker(d, ["run", "--rm", "busybox", "grep", "CapEff", "/proc/self/status"])).stdout,
  );
  assert.equal(caps, DOCKER_DEFAULT_CAPS);
  const dropped = await capEff(
    (
      await docker(d, [
        "run",
        "--rm",
        "--cap-drop",
        "NET_RAW",
        "--cap-add",
        "SYS_ADMIN",
        "busybox",
        "grep",
        "CapEff",
        "/proc/self/status",
      ])
    ).stdout,
  );
  assert.equal(dropped, (DOCKER_DEFAULT_CAPS & ~(1n << 13n)) | (1n << 21n));
  const priv = await capEff(
    (await docker(d, ["run", "--rm", "--privileged", "busybox", "grep", "CapEff", "/proc/self/status"]))
      .stdout,
  );
  assert.ok(priv > DOCKER_DEFAULT_CAPS && (priv & (1n << 21n)) !== 0n);
  const nnp = await docker(d, [
    "run",
    "--rm",
    "--security-opt",
    "no-new-privileges",
    "busybox",
    "grep",
    "NoNewPrivs",
    "/proc/self/status",
  ]);
  assert.match(nnp.stdout, /NoNewPrivs:\s+1/);
  const ro = await docker(d, ["run", "--rm", "--read-only", "busybox", "sh", "-c", "touch /x 2>&1; echo $?"]);
  assert.match(ro.stdout, /Read-only file system\n1\n/);
  const mount = await docker(d, [
    "run",
    "--rm",
    "busybox",
    "sh",
    "-c",
    "mount -t tmpfs none /mnt 2>&1; echo $?",
  ]);
  assert.match(mount.stdout, /denied|not permitted/);
});

test("users, groups, env, workdir, entrypoint and cmd resolve as in Docker", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const id = async (args: string[]) =>
    (await docker(d, ["run", "--rm", ...args, "busybox", "id"])).stdout.trim();
  assert.equal(await id([]), "uid=0(root) gid=0(root) groups=0(root)");
  assert.equal(await id(["-u", "nobody"]), "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)");
  assert.equal(await id(["-u", "1234:5678"]), "uid=1234 gid=5678 groups=5678");
  assert.equal(
    await id(["-u", "nobody", "--group-add", "root"]),
    "uid=65534(nobody) gid=65534(nogroup) groups=0(root),65534(nogroup)",
  );
  const bad = await docker(d, ["run", "--rm", "-u", "nosuchuser", "busybox", "id"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /unable to find user nosuchuser: no matching entries in passwd file/);

  const env = await docker(d, [
    "run",
    "--rm",
    "-h",
    "envbox",
    "-e",
    "A=1",
    "-e",
    "PATH=/bin",
    "-u",
    "nobody",
    "busybox",
    "env",
  ]);
  const lines = env.stdout.trim().split("\n").sort();
  assert.deepEqual(lines, ["A=1", "HOME=/nonexistent", "HOSTNAME=envbox", "PATH=/bin"]);
  const wd = await docker(d, ["run", "--rm", "-w", "/made/for/me", "busybox", "pwd"]);
  assert.equal(wd.stdout, "/made/for/me\n", wd.stderr);

  // Entrypoint/cmd: the table of Docker's "how CMD and ENTRYPOINT interact".
  const cases: [string[], string][] = [
    [[], "sh"],
    [["echo", "a", "b"], "a b"],
    [["--entrypoint", "echo", "busybox", "x"], "x"],
  ];
  for (const [args, want] of cases) {
    const r =
      args[0] === "--entrypoint"
        ? await docker(d, ["run", "--rm", ...args])
        : await docker(d, ["run", "--rm", "busybox", ...args]);
    if (args.length === 0) assert.equal(r.code, 0);
    else assert.equal(r.stdout.trim(), want, args.join(" "));
  }
  const inspect = await docker(d, ["create", "--entrypoint", "/bin/echo", "busybox", "hi"]);
  const cid = inspect.stdout.trim();
  assert.equal(
    (
      await docker(d, [
        "inspect",
        "-f",
        "{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Path}} {{json .Args}}",
        cid,
      ])
    ).stdout.trim(),
    '["/bin/echo"] ["hi"] /bin/echo ["hi"]',
  );
});

test("resources: memory, cpu and cpuset values land in the cgroup; update changes them live", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, [
    "run",
    "-d",
    "--name",
    "res",
    "--memory",
    "64m",
    "--memory-reservation",
    "32m",
    "--cpus",
    "0.5",
    "--cpu-shares",
    "512",
    "--cpuset-cpus",
    "0",
    "--pids-limit",
    "50",
    "busybox",
    "sleep",
    "1000",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const id = r.stdout.trim();
  const cg = (c: string, f: string) => readFileSync(`/sys/fs/cgroup/${c}/berth/${id}/${f}`, "utf8").trim();
  assert.equal(cg("memory", "memory.limit_in_bytes"), String(64 * 1024 * 1024));
  assert.equal(cg("memory", "memory.soft_limit_in_bytes"), String(32 * 1024 * 1024));
  assert.equal(cg("cpu", "cpu.cfs_quota_us"), "50000");
  assert.equal(cg("cpu", "cpu.cfs_period_us"), "100000");
  assert.equal(cg("cpu", "cpu.shares"), "512");
  assert.equal(cg("cpuset", "cpuset.cpus"), "0");
  assert.equal(cg("pids", "pids.max"), "50");
  const hc = await docker(d, [
    "inspect",
    "-f",
    "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.CpusetCpus}} {{.HostConfig.PidsLimit}}",
    "res",
  ]);
  assert.equal(hc.stdout.trim(), `${64 * 1024 * 1024} 500000000 0 50`);
  const up = await docker(d, [
    "update",
    "--memory",
    "128m",
    "--memory-swap",
    "256m",
    "--cpus",
    "1",
    "--pids-limit",
    "80",
    "res",
  ]);
  assert.equal(up.code, 0, up.stderr);
  assert.equal(cg("memory", "memory.limit_in_bytes"), String(128 * 1024 * 1024));
  assert.equal(cg("cpu", "cpu.cfs_quota_us"), "100000");
  assert.equal(cg("pids", "pids.max"), "80");
  assert.equal(
    (await docker(d, ["inspect", "-f", "{{.HostConfig.Memory}}", "res"])).stdout.trim(),
    String(128 * 1024 * 1024),
  );
  assert.equal((await docker(d, ["rm", "-f", "res"])).code, 0);
  assert.equal(existsSync(`/sys/fs/cgroup/memory/berth/${id}`), false, "the container's cgroup goes with it");
});

test("the memory cgroup's OOM kill is exit 137 with OOMKilled; a pids limit stops a fork bomb", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const oom = await docker(d, [
    "run",
    "--name",
    "oom",
    "--memory",
    "16m",
    "--memory-swap",
    "16m",
    "busybox",
    "sh",
    "-c",
    "x=a; while true; do x=$x$x; done",
  ]);
  assert.equal(oom.code, 137);
  assert.equal(
    (await docker(d, ["inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}}", "oom"])).stdout.trim(),
    "true 137",
  );
  const bomb = await docker(d, [
    "run",
    "-d",
    "--pids-limit",
    "20",
    "busybox",
    "sh",
    "-c",
    "bomb() { bomb | bomb & }; bomb; sleep 1000",
  ]);
  assert.equal(bomb.code, 0, bomb.stderr);
  const pids = (f: string) => readFileSync(`/sys/fs/cgroup/pids/berth/${bomb.stdout.trim()}/${f}`, "utf8");
  await waitFor("the fork bomb to hit its limit", () => /^max [1-9]/m.test(pids("pids.events")));
  assert.ok(Number(pids("pids.current")) <= 20);
  assert.equal((await docker(d, ["rm", "-f", bomb.stdout.trim()])).code, 0);
});

test("--privileged gets the host's devices and may use them; an unprivileged container has none of them", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const hostDevs = ["/dev/kmsg", "/dev/loop0"].filter((p) => existsSync(p));
  assert.ok(hostDevs.length > 0, "the host has /dev/kmsg or /dev/loop0");
  const script = `for p in ${hostDevs.join(" ")}; do stat -c '%n %F %t:%T' $p 2>&1; done; dd if=/dev/loop0 of=/dev/null bs=512 count=1 2>&1 | grep -c 'not permitted'`;
  const expected = hostDevs.map((p) => {
    const st = statSync(p);
    const kind = st.isCharacterDevice() ? "character special file" : "block special file";
    return `${p} ${kind} ${(st.rdev >> 8).toString(16)}:${(st.rdev & 0xff).toString(16)}`;
  });
  const priv = await docker(d, ["run", "--rm", "--privileged", "busybox", "sh", "-c", script]);
  assert.equal(priv.stdout, `${expected.join("\n")}\n0\n`, priv.stderr);
  // The runtime's own /dev/console and /dev/pts stay the container's.
  const pts = await docker(d, ["run", "--rm", "--privileged", "busybox", "ls", "/dev/pts"]);
  assert.equal(pts.stdout, "ptmx\n");
  const plain = await docker(d, ["run", "--rm", "busybox", "sh", "-c", script]);
  assert.equal(
    plain.stdout,
    `${hostDevs.map((p) => `stat: can't stat '${p}': No such file or directory`).join("\n")}\n0\n`,
  );
});
