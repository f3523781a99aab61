// The least a Node.js client can do for `run --rm busybox true`: the docker CLI's four requests
// (create, attach, wait for removal, start) written by hand over node:net, with no flag parsing,
// no output streams and no bundle to load. bench/run-latency.ts times it beside `berth run --rm`
// as the floor any CLI on Node stands on: Node's own start and its net module.
//
// CommonJS and plain JavaScript so that Node starts it as it starts bin/berth (a .cjs file, no
// type stripping, no ES module loader). Usage: node bare-node-run.cjs unix:///path/to/socket
"use strict";
const net = require("node:net");

const socketPath = (process.argv[2] ?? "").replace(/^unix:\/\//, "");

/** One request on a new connection; resolves with the status and body, or the socket on 101. */
function request(method, path, body, upgrade = false) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? "" : JSON.stringify(body);
    const socket = net.connect(socketPath);
    socket.on("error", reject);
    socket.write(
      `${method} /v1.44${path} HTTP/1.1\r\nHost: api\r\n${upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : ""}` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
    );
    let buf = Buffer.alloc(0);
    const onData = (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = buf.subarray(0, end).toString("latin1");
      const status = Number(head.slice(9, 12));
      const rest = buf.subarray(end + 4);
      let text = "";
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (status === 101) {
        socket.off("data", onData);
        resolve({ status, socket });
        return;
      }
      if (length) {
        if (rest.length < Number(length[1])) return;
        text = rest.subarray(0, Number(length[1])).toString();
      } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
        const chunked = rest.toString("latin1");
        if (!/(^|\r\n)0\r\n\r\n$/.test(chunked)) return;
        for (let i = 0; ; ) {
          const eol = chunked.indexOf("\r\n", i);
          const size = Number.parseInt(chunked.slice(i, eol), 16);
          if (!size) break;
          text += chunked.slice(eol + 2, eol + 2 + size);
          i = eol + 2 + size + 2;
        }
      }
      socket.off("data", onData);
      socket.end();
      resolve({ status, text });
    };
    socket.on("data", onData);
  });
}

async function main() {
  const created = await request("POST", "/containers/create", {
    Image: "busybox",
    Cmd: ["true"],
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: { AutoRemove: true },
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const { Id } = JSON.parse(created.text);
  const attached = await request(
    "POST",
    `/containers/${Id}/attach?stream=1&stdout=1&stderr=1`,
    undefined,
    true,
  );
  if (attached.status !== 101) throw new Error(`attach: ${attached.status} ${attached.text}`);
  attached.socket.resume();
  const waited = request("POST", `/containers/${Id}/wait?condition=removed`);
  const started = await request("POST", `/containers/${Id}/start`);
  if (started.status !== 204) throw new Error(`start: ${started.status} ${started.text}`);
  const { StatusCode } = JSON.parse((await waited).text);
  process.exit(StatusCode);
}

main().catch((err) => {
  process.stderr.write(`bare-node-run: ${err.message}\n`);
  process.exit(125);
});
