/**
 * `berth build`: the context directory (or a tar on stdin) sent to `POST /build` as docker/cli's
 * legacy builder sends it (image/build.go): `.dockerignore` applied on this side, a Dockerfile
 * outside the context added to the tar under a random name, the JSON stream printed as is.
 */

import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { ignoreFilter, readIgnorePatterns } from "../../../build/dockerignore.ts";
import { ApiError } from "../../../client/client.ts";
import { BuildProgress, type BuildProgressMessage } from "../../build-progress.ts";
import { CliError, type Command, list, str } from "../../command.ts";

/** KEY=VALUE list to an object; `KEY` alone takes the value from this environment, as docker's. */
function keyValues(items: string[], fromEnv: boolean): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
    else if (fromEnv) out[item] = process.env[item] ?? null;
    else out[item] = "";
  }
  return out;
}

/**
 * `--secret id=x[,src=file|,env=VAR]` as buildx reads it (type=file|env, src/source, env):
 * neither src nor env takes the environment variable named like the id when it is set, else
 * the file named like it. Sent to berthd in its own header (see routes/build.ts).
 */
export async function readSecrets(specs: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const f: Record<string, string> = {};
    for (const part of spec.split(",")) {
      const eq = part.indexOf("=");
      if (eq < 0) throw new CliError(`invalid secret ${spec}: ${part} is not key=value`, 1);
      const k = part.slice(0, eq).trim().toLowerCase();
      if (!["id", "src", "source", "env", "type"].includes(k))
        throw new CliError(`unexpected key '${k}' in '${part}'`, 1);
      f[k === "source" ? "src" : k] = part.slice(eq + 1);
    }
    const id = f.id;
    if (!id) throw new CliError(`invalid secret ${spec}: id is required`, 1);
    let type = f.type;
    if (!type) type = f.src ? "file" : f.env ? "env" : process.env[id] !== undefined ? "env" : "file";
    if (type === "env") {
      const v = process.env[f.env ?? id];
      if (v === undefined)
        throw new CliError(`secret ${id}: environment variable ${f.env ?? id} is not set`, 1);
      out[id] = Buffer.from(v).toString("base64");
    } else if (type === "file") {
      const file = f.src ?? id;
      const v = await readFile(file).catch((err: Error) => {
        throw new CliError(`failed to read secret ${id} from ${file}: ${err.message}`, 1);
      });
      out[id] = v.toString("base64");
    } else throw new CliError(`unsupported secret type "${type}"`, 1);
  }
  return out;
}

const SECRETS_HEADER_MAX = 12 * 1024;

/** Why reading the context failed, if it did (the request then fails too). */
let walkError: Error | undefined;

async function contextTar(
  dir: string,
  dockerfile: { inContext?: string; outside?: { name: string; text: Buffer } },
): Promise<Readable> {
  const patterns = readIgnorePatterns(
    await readFile(path.join(dir, ".dockerignore"), "utf8").catch(() => ""),
  );
  const keep = ignoreFilter(patterns);
  const pack = tar.pack();
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(path.join(dir, rel))).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, r);
      const st = await lstat(abs);
      const always = r === ".dockerignore" || r === dockerfile.inContext;
      const base = { name: r, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
      if (st.isDirectory()) {
        if (keep(r)) pack.entry({ ...base, type: "directory" });
        await walk(r);
      } else if (!keep(r) && !always) continue;
      else if (st.isSymbolicLink()) pack.entry({ ...base, type: "symlink", linkname: await readlink(abs) });
      else if (st.isFile())
        await pipeline(createReadStream(abs), pack.entry({ ...base, type: "file", size: st.size }));
    }
  };
  (async () => {
    if (dockerfile.outside)
      pack.entry({ name: dockerfile.outside.name, mode: 0o600, mtime: new Date() }, dockerfile.outside.text);
    await walk("");
    pack.finalize();
  })().catch((err: Error) => {
    walkError = err;
    pack.destroy(err);
  });
  // The request reports a failed connection; a failed read of the context is rethrown by run().
  pack.on("error", () => {});
  return pack as unknown as Readable;
}

/**
 * `berth build - < X`: X is a context tar (plain or compressed) or a bare Dockerfile, which is
 * sent as a tar holding only `Dockerfile`, as docker/cli's GetContextFromReader does.
 */
async function stdinContext(stdin: Readable): Promise<Readable> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(c as Buffer);
  const buf = Buffer.concat(chunks);
  const compressed =
    (buf[0] === 0x1f && buf[1] === 0x8b) ||
    buf.subarray(0, 3).toString() === "BZh" ||
    (buf.length >= 4 && buf.readUInt32LE(0) === 0xfd2fb528) ||
    buf.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
  const isTar = buf.length >= 262 && buf.subarray(257, 262).toString() === "ustar";
  if (compressed || isTar) return Readable.from([buf]);
  const pack = tar.pack();
  pack.entry({ name: "Dockerfile", mode: 0o600, mtime: new Date() }, buf);
  pack.finalize();
  return pack as unknown as Readable;
}

export const build: Command = {
  name: "build",
  aliases: ["image build", "builder build"],
  usage: "build [OPTIONS] PATH | -",
  description: "Build an image from a Dockerfile",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    {
      name: "tag",
      short: "t",
      type: "list",
      description: "Name and optionally a tag in the name:tag format",
    },
    {
      name: "file",
      short: "f",
      type: "string",
      description: "Name of the Dockerfile (Default is PATH/Dockerfile)",
    },
    { name: "build-arg", type: "list", description: "Set build-time variables" },
    { name: "label", type: "list", description: "Set metadata for an image" },
    { name: "target", type: "string", description: "Set the target build stage to build" },
    { name: "no-cache", type: "bool", description: "Do not use cache when building the image" },
    {
      name: "quiet",
      short: "q",
      type: "bool",
      description: "Suppress the build output and print image ID on success",
    },
    { name: "iidfile", type: "string", description: "Write the image ID to the file" },
    {
      name: "network",
      type: "string",
      description: "Set the networking mode for the RUN instructions during build",
    },
    { name: "platform", type: "string", description: "Set platform if server is multi-platform capable" },
    { name: "pull", type: "bool", description: "Always attempt to pull a newer version of the image" },
    { name: "cache-from", type: "list", description: "Images to consider as cache sources" },
    {
      name: "secret",
      type: "list",
      description: 'Secret to expose to the build (format: "id=mysecret[,src=/local/secret]")',
    },
  ],
  async run(ctx, flags, args) {
    const ctxArg = args[0];
    const file = str(flags, "file");
    let body: Readable;
    let dockerfileName = "Dockerfile";
    if (ctxArg === "-") {
      if (file) dockerfileName = file;
      body = await stdinContext(ctx.stdin);
    } else {
      const dir = path.resolve(ctxArg);
      const st = await lstat(dir).catch(() => undefined);
      if (!st?.isDirectory()) throw new CliError(`unable to prepare context: path "${ctxArg}" not found`, 1);
      const df = file ? path.resolve(file) : path.join(dir, "Dockerfile");
      const text = await readFile(df).catch(() => {
        throw new CliError(`Cannot locate specified Dockerfile: ${file ?? "Dockerfile"}`, 1);
      });
      const rel = path.relative(dir, df);
      if (!rel.startsWith("..") && !path.isAbsolute(rel)) {
        dockerfileName = rel.split(path.sep).join("/");
        body = await contextTar(dir, { inContext: dockerfileName });
      } else {
        dockerfileName = `.dockerfile.${randomBytes(10).toString("hex")}`;
        body = await contextTar(dir, { outside: { name: dockerfileName, text } });
      }
    }
    const query: Record<string, string | string[]> = {
      dockerfile: dockerfileName,
      t: list(flags, "tag"),
      version: "1",
    };
    const buildArgs = keyValues(list(flags, "build-arg"), true);
    if (Object.keys(buildArgs).length) query.buildargs = JSON.stringify(buildArgs);
    const labels = keyValues(list(flags, "label"), false);
    if (Object.keys(labels).length) query.labels = JSON.stringify(labels);
    for (const [flag, param] of [
      ["target", "target"],
      ["network", "networkmode"],
      ["platform", "platform"],
    ]) {
      const v = str(flags, flag);
      if (v) query[param] = v;
    }
    if (flags["no-cache"]) query.nocache = "1";
    if (flags.pull) query.pull = "1";
    const cacheFrom = list(flags, "cache-from");
    if (cacheFrom.length) query.cachefrom = JSON.stringify(cacheFrom);
    const quiet = Boolean(flags.quiet);
    if (quiet) query.q = "1";
    const headers: Record<string, string> = { "Content-Type": "application/x-tar" };
    const secrets = await readSecrets(list(flags, "secret"));
    if (Object.keys(secrets).length) {
      const value = Buffer.from(JSON.stringify(secrets)).toString("base64");
      // Node's HTTP server takes 16 KiB of headers in all; leave room for the others.
      if (value.length > SECRETS_HEADER_MAX)
        throw new CliError(
          `the secrets are too large: berth sends them in a request header, ${SECRETS_HEADER_MAX} bytes at most once encoded (about 9 KiB of values)`,
          1,
        );
      headers["X-Berth-Build-Secrets"] = value;
    }
    // On a terminal the steps are drawn per stage (build-progress.ts); elsewhere the classic
    // stream is printed as it comes.
    const display = !quiet && ctx.stdout.isTTY ? new BuildProgress(ctx.stdout) : undefined;
    if (display) query.berthprogress = "1";
    let id = "";
    const sent = ctx.client.jsonStream("POST", "/build", { query, stream: body, headers }, (msg) => {
      const aux = (msg as { aux?: { ID?: string } }).aux;
      if (aux?.ID) id = aux.ID;
      else if (display) display.message(msg as BuildProgressMessage);
      else if (msg.stream) ctx.stdout.write(msg.stream);
      else if (msg.status) ctx.stdout.write(`${msg.id ? `${msg.id}: ` : ""}${msg.status}\n`);
    });
    await sent
      .finally(() => display?.close())
      .catch((err: Error) => {
        if (walkError) throw new CliError(`error reading the build context: ${walkError.message}`, 1);
        // As the docker CLI: a failed step's message alone, and its exit status as ours.
        if (err instanceof ApiError && err.code) throw new CliError(err.message, err.code);
        throw err;
      });
    const iidfile = str(flags, "iidfile");
    if (iidfile && id) await writeFile(iidfile, id);
    return 0;
  },
};
