import assert from "node:assert/strict";
import { test } from "node:test";
import { commandTable } from "../../command-table.ts";
import { parseFlags } from "../../flags.ts";
import { formatTable } from "../../format/template.ts";
import { parallelOperation } from "./common.ts";
import { runErrorMessage, startErrorExitCode } from "./errors.ts";
import { buildExecBody, exec } from "./exec.ts";
import {
  ContainerRow,
  type ContainerSummary,
  containerHeaders,
  defaultPsFormat,
  displayablePorts,
  ellipsis,
  formatCommand,
  goQuote,
} from "./formatter.ts";
import { getTimestamp } from "./logs.ts";
import { naturalLess, portLines } from "./port.ts";
import { formatTop } from "./top.ts";
import { buildUpdateBody, update } from "./update.ts";

test("COMMAND is quoted as Go's %q and cut to 20 columns", () => {
  assert.equal(formatCommand("echo 'hello world!'", true), `"echo 'hello world!'"`);
  assert.equal(formatCommand("sh -c 'while true; do sleep 1; done'", true), `"sh -c 'while true; …"`);
  assert.equal(
    formatCommand("sh -c 'while true; do sleep 1; done'", false),
    `"sh -c 'while true; do sleep 1; done'"`,
  );
  assert.equal(formatCommand('echo "a\tb"\n', false), '"echo \\"a\\tb\\"\\n"');
  assert.equal(goQuote("\x00\x7f\u00a0é\\"), '"\\x00\\x7f\\u00a0é\\\\"');
  assert.equal(ellipsis("12345678901234567890", 20), "12345678901234567890");
  assert.equal(ellipsis("123456789012345678901", 20), "1234567890123456789…");
  // Wide characters count two columns.
  assert.equal(ellipsis("日本語のコマンド", 6), "日本…");
});

test("PORTS groups consecutive ports and lists remapped ones last", () => {
  assert.equal(
    displayablePorts([
      { PrivatePort: 9002, Type: "tcp" },
      { PrivatePort: 9000, Type: "tcp" },
      { PrivatePort: 9001, Type: "tcp" },
      { PrivatePort: 53, Type: "udp" },
    ]),
    "53/udp, 9000-9002/tcp",
  );
  assert.equal(
    displayablePorts([
      { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
      { IP: "::", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
      { IP: "0.0.0.0", PrivatePort: 443, PublicPort: 443, Type: "tcp" },
      { IP: "0.0.0.0", PrivatePort: 444, PublicPort: 444, Type: "tcp" },
      { PrivatePort: 22, Type: "tcp" },
    ]),
    "22/tcp, 0.0.0.0:443-444->443-444/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp",
  );
  assert.equal(
    displayablePorts([
      { PrivatePort: 1, Type: "tcp" },
      { PrivatePort: 3, Type: "tcp" },
    ]),
    "1/tcp, 3/tcp",
  );
  assert.equal(displayablePorts([]), "");
});

const summary: ContainerSummary = {
  Id: "4d2bb0a9d316bfe37487465b0496f832385e3d3ba8223e003810399bc4e1f9d4",
  Names: ["/s1", "/other/link"],
  Image:
    "docker.io/library/busybox:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000",
  ImageID: "sha256:1111111111111111111111111111111111111111111111111111111111111111",
  Command: "sleep 100",
  Created: Math.floor(Date.now() / 1000) - 300,
  Ports: [{ PrivatePort: 80, Type: "tcp" }],
  SizeRw: 0,
  SizeRootFs: 1980000,
  Labels: { z: "1", a: "2" },
  State: "running",
  Status: "Up 5 minutes",
  NetworkSettings: { Networks: { bridge: {} } },
  Mounts: [{ Name: "averyveryverylongvolumename", Source: "/x", Driver: "local" }],
};

test("ps rows carry docker's fields", () => {
  const row = new ContainerRow(summary, true);
  assert.equal(row.ID, "4d2bb0a9d316");
  assert.equal(row.Names, "s1");
  assert.equal(row.Image, "busybox:latest");
  assert.equal(row.Command, '"sleep 100"');
  assert.equal(row.RunningFor, "5 minutes ago");
  assert.equal(row.Size, "0B (virtual 1.98MB)");
  assert.equal(row.Labels, "a=2,z=1");
  assert.equal(row.Label("z"), "1");
  assert.equal(row.Mounts, "averyveryveryl…");
  assert.equal(row.LocalVolumes, "1");
  assert.equal(row.Networks, "bridge");
  const full = new ContainerRow(summary, false);
  assert.equal(full.Names, "s1,other/link");
  assert.equal(full.Image, summary.Image);
  assert.equal(new ContainerRow({ ...summary, Image: summary.ImageID }, true).Image, "111111111111");
  assert.equal(new ContainerRow({ ...summary, SizeRootFs: 0 }, true).Size, "0B");
  assert.deepEqual(Object.keys(row.toJSON()), [
    "Command",
    "CreatedAt",
    "ID",
    "Image",
    "Labels",
    "LocalVolumes",
    "Mounts",
    "Names",
    "Networks",
    "Ports",
    "RunningFor",
    "Size",
    "State",
    "Status",
  ]);
});

test("the ps table", () => {
  const row = new ContainerRow({ ...summary, Command: "echo 'hello world!'" }, true);
  const out = formatTable(defaultPsFormat, [row], containerHeaders);
  assert.equal(
    out,
    [
      "CONTAINER ID   IMAGE            COMMAND                 CREATED         STATUS         PORTS     NAMES",
      `4d2bb0a9d316   busybox:latest   "echo 'hello world!'"   5 minutes ago   Up 5 minutes   80/tcp    s1`,
      "",
    ].join("\n"),
  );
  assert.equal(formatTable('{{.Names}} {{.Label "a"}}', [row], containerHeaders), "s1 2\n");
});

test("top aligns docker's way: columns of at least 20, padded by 3", () => {
  assert.equal(
    formatTop(
      ["UID", "PID", "CMD"],
      [
        ["root", "1", "sleep 100"],
        ["averyveryverylonguser", "22", "sh"],
      ],
    ),
    [
      "UID                     PID                 CMD",
      "root                    1                   sleep 100",
      "averyveryverylonguser   22                  sh",
      "",
    ].join("\n"),
  );
});

test("port lines are naturally sorted, and a missing port is docker's error", () => {
  const ports = {
    "80/tcp": [
      { HostIp: "0.0.0.0", HostPort: "8080" },
      { HostIp: "::", HostPort: "8080" },
    ],
    "9/tcp": [{ HostIp: "127.0.0.1", HostPort: "9" }],
    "53/udp": null,
  };
  assert.deepEqual(portLines(ports, "c"), [
    "9/tcp -> 127.0.0.1:9",
    "80/tcp -> 0.0.0.0:8080",
    "80/tcp -> [::]:8080",
  ]);
  assert.deepEqual(portLines(ports, "c", "80"), ["0.0.0.0:8080", "[::]:8080"]);
  assert.throws(() => portLines(ports, "c", "53/udp"), {
    message: "Error: No public port '53/udp' published for c",
  });
  assert.throws(() => portLines(ports, "c", "http"), {
    message: 'Error: invalid port (http): strconv.ParseUint: parsing "http": invalid syntax',
  });
  assert.equal(naturalLess("a2", "a10"), true);
  assert.equal(naturalLess("a10", "a2"), false);
  assert.equal(naturalLess("a", "ab"), true);
});

test("exit codes of a failed start, as runStartContainerErr maps them", () => {
  assert.equal(startErrorExitCode('exec: "nope": executable file not found in $PATH: unknown'), 127);
  assert.equal(startErrorExitCode("Error response from daemon: open /x: no such file or directory"), 127);
  assert.equal(startErrorExitCode('exec: "/etc": permission denied'), 126);
  assert.equal(startErrorExitCode("read /bin: is a directory"), 126);
  assert.equal(startErrorExitCode("No such image: x:latest"), 125);
  assert.equal(
    runErrorMessage("run", "Error response from daemon: x", true),
    "berth: Error response from daemon: x.\nSee 'berth run --help'.",
  );
  assert.equal(runErrorMessage("run", "already a sentence.", false), "berth: already a sentence.");
});

test("exec body in the captured field order", () => {
  const execFlags = exec.flags;
  const { flags, args } = parseFlags(["-e", "A=1", "-w", "/w", "s1", "ps", "-ef"], execFlags, {
    interspersed: false,
  });
  assert.equal(
    JSON.stringify(buildExecBody(flags, args.slice(1), undefined)),
    '{"User":"","Privileged":false,"Tty":false,"AttachStdin":false,"AttachStderr":true,"AttachStdout":true,"Detach":false,"DetachKeys":"","Env":["A=1"],"WorkingDir":"/w","Cmd":["ps","-ef"]}',
  );
  const plain = parseFlags(["s1", "ps"], execFlags, { interspersed: false });
  assert.equal(JSON.stringify(buildExecBody(plain.flags, ["ps"], undefined)).length + 1, 174);
  const tty = parseFlags(["-it", "s1", "sh"], execFlags, { interspersed: false });
  const body = buildExecBody(tty.flags, ["sh"], [30, 100]);
  assert.deepEqual(body.ConsoleSize, [30, 100]);
  assert.equal(body.AttachStdin, true);
});

test("update sends the Resources and the restart policy", () => {
  const updateFlags = update.flags;
  const { flags } = parseFlags(
    ["-m", "256m", "--cpus", "0.5", "--pids-limit", "50", "--restart", "always", "c"],
    updateFlags,
  );
  const body = buildUpdateBody(flags);
  assert.equal(body.Memory, 268435456);
  assert.equal(body.NanoCpus, 5e8);
  assert.equal(body.PidsLimit, 50);
  assert.equal(body.MemorySwappiness, null);
  assert.deepEqual(body.RestartPolicy, { Name: "always", MaximumRetryCount: 0 });
  assert.deepEqual(buildUpdateBody(parseFlags(["-c", "2", "c"], updateFlags).flags).RestartPolicy, {
    Name: "",
    MaximumRetryCount: 0,
  });
});

test("logs --since/--until timestamps", () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  assert.equal(getTimestamp("10m", now), String(now / 1000 - 600));
  assert.equal(getTimestamp("1700000000", now), "1700000000");
  assert.equal(getTimestamp("1700000000.5", now), "1700000000.5");
  assert.equal(getTimestamp("2013-01-02T13:23:37Z", now), "1357133017.000000000");
  assert.equal(getTimestamp("2013-01-02T13:23:37.123+01:00", now), "1357129417.123000000");
  assert.throws(() => getTimestamp("yesterday", now), {
    message: 'failed to parse value as time or duration: "yesterday"',
  });
});

test("parallel operations report in the order given", async () => {
  const started: string[] = [];
  const errs = await parallelOperation(["a", "b", "c"], async (n) => {
    started.push(n);
    await new Promise((r) => setTimeout(r, n === "a" ? 20 : 1));
    if (n === "b") throw new Error("b failed");
  });
  assert.deepEqual(started, ["a", "b", "c"]);
  assert.equal(errs[0], undefined);
  assert.equal((errs[1] as Error).message, "b failed");
  assert.equal(errs[2], undefined);
});

test("every container command is registered once, with docker's aliases", () => {
  const names = commandTable.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  assert.equal(new Set(names).size, names.length);
  for (const n of [
    "run",
    "container run",
    "ps",
    "container ls",
    "rm",
    "container remove",
    "logs",
    "exec",
    "container prune",
  ]) {
    assert.ok(names.includes(n), n);
  }
});
