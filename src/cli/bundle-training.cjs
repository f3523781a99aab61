// The daemon a training run of the CLI's loader (build/cli/launcher.cjs with BERTH_CLI_TRAIN,
// scripts/build-cli.ts only) talks to: berthd's answers for the trained commands, canned, on a
// socket of its own.
// A command's code cache then holds what the command runs when it succeeds (the table
// `ps` prints, the attach stream and the wait of `run`, exec's start) and not only its
// start-up and its "cannot connect" path, as when training ran against no daemon: 3-7 ms
// less per command on a 2-core machine (README, Benchmarks). Routes it does not know answer
// 404, as berthd does for a missing container, so an error path is compiled too.
//
// CommonJS and hand-written: it runs at set-up, before anything but Node exists, and stands
// in for berthd only in the shapes the CLI reads (taken from berthd's own answers).
"use strict";
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");

const ID = "c547409e0d9afa290f0f7c69e9e250632c2e0dc54e9b0dc6dcdac6641897e183";
const IMAGE_ID = "sha256:83b28f87b608eeaf26482940240c430d59e35ddaf0a391bccf7706211880347e";
const CREATED = "2026-12-07T18:05:34.052Z";

const summary = (id, name, state, status) => ({
  Id: id,
  Names: [name],
  Image: "busybox",
  ImageID: IMAGE_ID,
  Command: "sh -c while true; do sleep 1; done",
  Created: 1796666734,
  Ports: state === "running" ? [{ IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" }] : [],
  Labels: { "com.example.role": "web" },
  State: state,
  Status: status,
  HostConfig: { NetworkMode: "default" },
  NetworkSettings: { Networks: { bridge: { NetworkID: "", IPAddress: "172.17.0.2", IPPrefixLen: 16 } } },
  Mounts: [],
});

const inspect = {
  Id: ID,
  Created: CREATED,
  Path: "sh",
  Args: ["-c", "while true; do sleep 1; done"],
  State: {
    Status: "running",
    Running: true,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 25453,
    ExitCode: 0,
    Error: "",
    StartedAt: CREATED,
    FinishedAt: "0001-01-01T00:00:00Z",
  },
  Image: IMAGE_ID,
  Name: "/web",
  RestartCount: 0,
  Driver: "overlay2",
  Platform: "linux",
  HostConfig: { LogConfig: { Type: "json-file", Config: {} }, NetworkMode: "default", AutoRemove: false },
  Mounts: [],
  Config: {
    Hostname: "c547409e0d9a",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    Cmd: ["sh", "-c", "while true; do sleep 1; done"],
    Image: "busybox",
    Labels: {},
  },
  NetworkSettings: { Networks: { bridge: { IPAddress: "172.17.0.2", IPPrefixLen: 16 } } },
};

const version = {
  Platform: { Name: "Berth Engine" },
  Components: [{ Name: "Engine", Version: "0.1.0", Details: { ApiVersion: "1.44", MinAPIVersion: "1.24" } }],
  Version: "0.1.0",
  ApiVersion: "1.44",
  MinAPIVersion: "1.24",
  GitCommit: "",
  GoVersion: "node24",
  Os: "linux",
  Arch: "amd64",
  KernelVersion: os.release(),
  BuildTime: "",
};

/** One frame of Docker's multiplexed stream (stream 1 = stdout). */
const frame = (text) => {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = 1;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

/** [status, JSON body or undefined] for a request, by its path without the version prefix. */
function answer(method, route) {
  if (route === "/_ping") return [200, "OK"];
  if (route === "/version") return [200, version];
  if (route === "/containers/json")
    return [
      200,
      [
        summary(ID, "/web", "running", "Up 5 seconds"),
        summary(`d9${ID.slice(2)}`, "/old", "exited", "Exited (0) 2 hours ago"),
      ],
    ];
  if (route === "/images/json")
    return [
      200,
      [
        {
          Containers: -1,
          Created: 1796664303,
          Id: IMAGE_ID,
          Labels: null,
          ParentId: "",
          RepoDigests: [],
          RepoTags: ["busybox:latest"],
          SharedSize: -1,
          Size: 1982286,
        },
      ],
    ];
  if (route === "/containers/create") return [201, { Id: ID, Warnings: [] }];
  if (/^\/containers\/[^/]+\/json$/.test(route)) return [200, inspect];
  if (/^\/containers\/[^/]+\/wait$/.test(route)) return [200, { StatusCode: 0, Error: null }];
  if (/^\/containers\/[^/]+\/exec$/.test(route)) return [201, { Id: ID }];
  if (/^\/exec\/[^/]+\/json$/.test(route))
    return [200, { ID, Running: false, ExitCode: 0, ProcessConfig: { entrypoint: "true", arguments: [] } }];
  if (/^\/containers\/[^/]+\/(start|stop|kill|restart)$/.test(route)) return [204, undefined];
  if (method === "DELETE" && /^\/containers\/[^/]+$/.test(route)) return [204, undefined];
  return [404, { message: `No such container: ${route.split("/")[2] ?? route}` }];
}

/** A stream's answer: attach, exec start, logs. */
const streamed = (route) => /\/(attach|logs)$|^\/exec\/[^/]+\/start$/.test(route);

/** Runs `fn(host)` against the canned daemon; the socket is gone when it returns. */
async function withTrainingDaemon(fn) {
  const sock = path.join(os.tmpdir(), `berth-cli-training-${process.pid}.sock`);
  const server = http.createServer((req, res) => {
    const route = new URL(req.url, "http://berth").pathname.replace(/^\/v[0-9.]+/, "");
    req.resume();
    req.on("end", () => {
      if (streamed(route)) {
        res.writeHead(200, { "Content-Type": "application/vnd.docker.multiplexed-stream" });
        res.end(frame("hello from the training daemon\n"));
        return;
      }
      const [status, body] = answer(req.method, route);
      const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
      res.writeHead(status, {
        "Content-Type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
        "Api-Version": "1.44",
      });
      res.end(text);
    });
  });
  // attach and exec start as the CLI sends them: hijacked, the output, then the end.
  server.on("upgrade", (_req, socket) => {
    socket.write(
      "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n" +
        "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n",
    );
    socket.end(frame("hello from the training daemon\n"));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(sock, resolve);
  });
  try {
    return await fn(`unix://${sock}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

// The commands with a bundle of their own (build/cli/berth-<command>.cjs, scripts/build-cli.ts),
// the most used ones, each with the runs that train its cache. The bundle of every command
// (build/cli/berth.cjs) is trained on `others` only: the loader sends these commands to their
// own bundles (behind global flags too), and a cache holding them would make every other
// command deserialise their code.
const ownBundles = {
  version: [["version"]],
  ps: [["ps", "-a"]],
  run: [["run", "--rm", "-e", "A=1", "-v", "/tmp:/tmp", "busybox", "true"]],
  exec: [["exec", "x", "true"]],
  inspect: [["inspect", "x"]],
};
const others = [["images"], ["logs", "x"], ["stop", "x"], ["rm", "-f", "x"], ["create", "busybox"]];

/** The command lines that train the cache of bundle `name` ("berth" or "berth-<command>"). */
function trainingRuns(name) {
  if (name === "berth") return others;
  const runs = ownBundles[name.replace(/^berth-/, "")];
  if (!runs) throw new Error(`CLI training: no bundle named ${name}`);
  return runs;
}

module.exports = { ownBundles, trainingRuns, withTrainingDaemon };
