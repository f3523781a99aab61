import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { waitFor } from "./daemon.ts";

interface Ctx {
  after(fn: () => Promise<void> | void): void;
}

/** A loopback port nothing listens on right now (on 127.0.0.1, or the given address). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, host, r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function httpStatus(url: string): Promise<number> {
  const get = url.startsWith("https:")
    ? (cb: (res: http.IncomingMessage) => void) => https.get(url, { rejectUnauthorized: false }, cb)
    : (cb: (res: http.IncomingMessage) => void) => http.get(url, cb);
  return new Promise((resolve) => {
    get((res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on("error", () => resolve(0));
  });
}

export interface RegistryOptions {
  /** The loopback address to listen on: "127.0.0.1" (the default) or "::1". */
  address?: string;
  /** Serve HTTPS only, with this certificate and key (PEM file paths). */
  tls?: { cert: string; key: string };
}

/**
 * Debian's docker-registry on a free loopback port with its own storage, optionally behind
 * htpasswd basic auth and TLS; killed and removed after the test. `host` is the registry's
 * `host:port` as image references name it.
 */
export async function startRegistry(
  t: Ctx,
  users?: Record<string, string>,
  opts: RegistryOptions = {},
): Promise<{ port: number; dir: string; host: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-registry-"));
  const address = opts.address ?? "127.0.0.1";
  const port = await freePort(address);
  const host = address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
  let auth = "";
  if (users) {
    const lines = Object.entries(users).map(([u, p]) => `${u}:${bcrypt.hashSync(p, 4)}\n`);
    await writeFile(path.join(dir, "htpasswd"), lines.join(""));
    auth = `auth:\n  htpasswd:\n    realm: berth-test\n    path: ${dir}/htpasswd\n`;
  }
  const tls = opts.tls ? `  tls:\n    certificate: ${opts.tls.cert}\n    key: ${opts.tls.key}\n` : "";
  await writeFile(
    path.join(dir, "config.yml"),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: "${host}"\n${tls}${auth}`,
  );
  const proc = spawn("/usr/bin/docker-registry", ["serve", path.join(dir, "config.yml")], {
    stdio: "ignore",
  });
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const done = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGKILL");
      await done;
    }
  };
  t.after(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });
  const ready = users ? 401 : 200;
  await waitFor(
    "the registry to answer",
    async () => (await httpStatus(`${opts.tls ? "https" : "http"}://${host}/v2/`)) === ready,
  );
  return { port, dir, host, stop };
}

export interface TestCa {
  dir: string;
  /** The CA certificate (PEM), what certs.d's ca.crt holds. */
  caCert: string;
  /** A server certificate for 127.0.0.1 and ::1 signed by the CA, and its key (file paths). */
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile("openssl", args, { cwd }, (err, _out, stderr) =>
      err ? reject(new Error(`openssl ${args[0]} failed: ${stderr || err.message}`)) : resolve(),
    ),
  );
}

/** A throwaway CA and a loopback server certificate made with the openssl CLI; removed after the test. */
export async function makeTestCa(t: Ctx): Promise<TestCa> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-ca-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    path.join(dir, "openssl.cnf"),
    [
      "[req]",
      "distinguished_name = dn",
      "prompt = no",
      "[dn]",
      "CN = berth test CA",
      "[ca]",
      "basicConstraints = critical,CA:TRUE",
      "keyUsage = critical,keyCertSign,cRLSign",
      "subjectKeyIdentifier = hash",
      "[server]",
      "basicConstraints = CA:FALSE",
      "keyUsage = critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage = serverAuth",
      "subjectAltName = IP:127.0.0.1,IP:::1",
      "authorityKeyIdentifier = keyid",
      "",
    ].join("\n"),
  );
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl(
    ["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2"].concat([
      "-config",
      "openssl.cnf",
      "-extensions",
      "ca",
    ]),
    dir,
  );
  await openssl(
    ["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-config", "openssl.cnf"].concat([
      "-subj",
      "/CN=berth test registry",
    ]),
    dir,
  );
  await openssl(
    ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial"].concat([
      "-out",
      "server.crt",
      "-days",
      "2",
      "-extfile",
      "openssl.cnf",
      "-extensions",
      "server",
    ]),
    dir,
  );
  return {
    dir,
    caCert: path.join(dir, "ca.crt"),
    cert: path.join(dir, "server.crt"),
    key: path.join(dir, "server.key"),
  };
}
