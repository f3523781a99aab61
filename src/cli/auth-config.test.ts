import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { parseNormalizedNamed } from "../image/reference.ts";
import {
  authKeyFor,
  ConfigFile,
  convertToHostname,
  decodeAuthConfig,
  encodeAuthConfig,
  INDEX_SERVER,
  registryAuthHeader,
} from "./auth-config.ts";
import { configDir } from "./config-dir.ts";

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-auth-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test("X-Registry-Auth: padded base64url of the JSON, e30= without credentials", () => {
  assert.equal(encodeAuthConfig({}), "e30=");
  const h = encodeAuthConfig({ serveraddress: "r:5000", password: "p?>?", username: "u", email: "" });
  assert.doesNotMatch(h, /[+/]/);
  assert.equal(
    Buffer.from(h, "base64url").toString(),
    '{"username":"u","password":"p?>?","serveraddress":"r:5000"}',
  );
  assert.deepEqual(decodeAuthConfig(encodeAuthConfig({ identitytoken: "tok" })), { identitytoken: "tok" });
});

test("config keys: Docker Hub's URL, else the registry host", () => {
  assert.equal(authKeyFor(parseNormalizedNamed("busybox")), INDEX_SERVER);
  assert.equal(authKeyFor(parseNormalizedNamed("127.0.0.1:5000/bb:1")), "127.0.0.1:5000");
  assert.equal(convertToHostname("https://reg.example:5000/v1/"), "reg.example:5000");
  assert.equal(convertToHostname("reg.example"), "reg.example");
  assert.equal(configDir("/flag", { DOCKER_CONFIG: "/env", HOME: "/h" }), "/flag");
  assert.equal(configDir(undefined, { DOCKER_CONFIG: "/env", HOME: "/h" }), "/env");
  assert.equal(configDir(undefined, { HOME: "/h" }), "/h/.docker");
});

test("credentials round trip through config.json, other keys kept, mode 0600", async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, "config.json");
  await writeFile(file, JSON.stringify({ psFormat: "{{.ID}}", auths: { "other:1": { auth: "YTpi" } } }));
  const cfg = await ConfigFile.load(dir);
  await cfg.store({ username: "alice", password: "s:e:cret", serveraddress: "127.0.0.1:5000" });
  const saved = JSON.parse(await readFile(file, "utf8"));
  assert.deepEqual(saved, {
    psFormat: "{{.ID}}",
    auths: {
      "other:1": { auth: "YTpi" },
      "127.0.0.1:5000": { auth: Buffer.from("alice:s:e:cret").toString("base64") },
    },
  });
  assert.match(await readFile(file, "utf8"), /^\{\n\t"auths": \{\n\t\t"other:1"/);
  assert.equal((await stat(file)).mode & 0o777, 0o600);

  const again = await ConfigFile.load(dir);
  assert.deepEqual(await again.get("127.0.0.1:5000"), {
    username: "alice",
    password: "s:e:cret",
    serveraddress: "127.0.0.1:5000",
  });
  assert.deepEqual(await again.get("nowhere:1"), {});
  const header = await registryAuthHeader(parseNormalizedNamed("127.0.0.1:5000/x"), dir);
  assert.deepEqual(decodeAuthConfig(header), {
    username: "alice",
    password: "s:e:cret",
    serveraddress: "127.0.0.1:5000",
  });
  assert.equal(await registryAuthHeader(parseNormalizedNamed("busybox"), dir), "e30=");

  await again.erase("127.0.0.1:5000");
  const after = JSON.parse(await readFile(file, "utf8"));
  assert.deepEqual(after.auths, { "other:1": { auth: "YTpi" } });
  assert.equal(after.psFormat, "{{.ID}}");
});

test("entries keyed by URL are found by host name; identity tokens are kept", async (t) => {
  const dir = await tempDir(t);
  await writeFile(
    path.join(dir, "config.json"),
    JSON.stringify({ auths: { "https://reg.example:5000": { auth: "dTo=", identitytoken: "tok" } } }),
  );
  const cfg = await ConfigFile.load(dir);
  assert.deepEqual(await cfg.get("reg.example:5000"), {
    username: "u",
    password: "",
    identitytoken: "tok",
    serveraddress: "https://reg.example:5000",
  });
});

test("a missing config is created on save, through a symlinked config.json to its target", async (t) => {
  const dir = await tempDir(t);
  const fresh = path.join(dir, "fresh");
  const cfg = await ConfigFile.load(fresh);
  await cfg.store({ username: "u", password: "p", serveraddress: INDEX_SERVER });
  assert.deepEqual(JSON.parse(await readFile(path.join(fresh, "config.json"), "utf8")), {
    auths: { [INDEX_SERVER]: { auth: "dTpw" } },
  });
  assert.equal((await stat(fresh)).mode & 0o777, 0o700);

  const linked = path.join(dir, "linked");
  await (await ConfigFile.load(linked)).save();
  await writeFile(path.join(dir, "real.json"), "{}");
  await rm(path.join(linked, "config.json"));
  await symlink(path.join(dir, "real.json"), path.join(linked, "config.json"));
  await (await ConfigFile.load(linked)).store({ username: "u", password: "p", serveraddress: "r" });
  assert.deepEqual(JSON.parse(await readFile(path.join(dir, "real.json"), "utf8")).auths, {
    r: { auth: "dTpw" },
  });
});

test("a broken config file is reported with its path", async (t) => {
  const dir = await tempDir(t);
  await writeFile(path.join(dir, "config.json"), "{nope");
  await assert.rejects(ConfigFile.load(dir), /^Error: parsing config file \(.*config\.json\): /);
});

/** A docker-credential-helpers program keeping its secrets in a JSON file beside it. */
const fakeHelper = `#!${process.execPath}
const fs = require("node:fs");
const path = require("node:path");
const db = path.join(__dirname, "creds.json");
const action = process.argv[2];
const input = fs.readFileSync(0, "utf8");
fs.appendFileSync(path.join(__dirname, "calls.log"), action + " " + input + "\\n");
let data = {};
try { data = JSON.parse(fs.readFileSync(db, "utf8")); } catch {}
const notFound = () => { process.stdout.write("credentials not found in native keychain\\n"); process.exit(1); };
if (action === "store") {
  const c = JSON.parse(input);
  if (c.Secret === "explode") { process.stdout.write("keychain locked\\n"); process.exit(3); }
  data[c.ServerURL] = c;
  fs.writeFileSync(db, JSON.stringify(data));
} else if (action === "get") {
  const c = data[input];
  if (!c) notFound();
  process.stdout.write(JSON.stringify(c));
} else if (action === "erase") {
  if (!data[input]) notFound();
  delete data[input];
  fs.writeFileSync(db, JSON.stringify(data));
}
`;

test("credHelpers and credsStore run docker-credential-<name> get/store/erase", async (t) => {
  const dir = await tempDir(t);
  const bin = path.join(dir, "bin");
  await (await ConfigFile.load(bin)).save(); // creates the directory
  await writeFile(path.join(bin, "docker-credential-fake"), fakeHelper);
  await chmod(path.join(bin, "docker-credential-fake"), 0o755);
  const savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath}`;
  t.after(() => {
    process.env.PATH = savedPath;
  });
  const cfgFile = path.join(dir, "config.json");
  await writeFile(cfgFile, JSON.stringify({ credHelpers: { "127.0.0.1:5000": "fake" } }));

  const cfg = await ConfigFile.load(dir);
  await cfg.store({ username: "bob", password: "hunter2", serveraddress: "127.0.0.1:5000" });
  // Nothing secret in the file: an empty entry, as docker leaves it.
  assert.deepEqual(JSON.parse(await readFile(cfgFile, "utf8")), {
    credHelpers: { "127.0.0.1:5000": "fake" },
    auths: { "127.0.0.1:5000": {} },
  });
  assert.deepEqual(JSON.parse(await readFile(path.join(bin, "creds.json"), "utf8")), {
    "127.0.0.1:5000": { ServerURL: "127.0.0.1:5000", Username: "bob", Secret: "hunter2" },
  });
  assert.deepEqual(await (await ConfigFile.load(dir)).get("127.0.0.1:5000"), {
    username: "bob",
    password: "hunter2",
    serveraddress: "127.0.0.1:5000",
  });
  // Other registries stay in the file.
  assert.deepEqual(await cfg.get("elsewhere:1"), {});

  await cfg.store({ username: "bob", identitytoken: "idtok", serveraddress: "127.0.0.1:5000" });
  assert.deepEqual(await cfg.get("127.0.0.1:5000"), {
    identitytoken: "idtok",
    serveraddress: "127.0.0.1:5000",
  });

  await assert.rejects(cfg.store({ username: "bob", password: "explode", serveraddress: "127.0.0.1:5000" }), {
    message: "error storing credentials - err: exit status 3, out: `keychain locked`",
  });

  await cfg.erase("127.0.0.1:5000");
  assert.deepEqual(JSON.parse(await readFile(path.join(bin, "creds.json"), "utf8")), {});
  assert.deepEqual(JSON.parse(await readFile(cfgFile, "utf8")).auths, {});
  assert.deepEqual(await cfg.get("127.0.0.1:5000"), {});
  await assert.rejects(cfg.erase("127.0.0.1:5000"), {
    message:
      "error erasing credentials - err: exit status 1, out: `credentials not found in native keychain`",
  });

  // credsStore covers every registry; get is sent the key alone on stdin.
  await writeFile(cfgFile, JSON.stringify({ credsStore: "fake" }));
  const all = await ConfigFile.load(dir);
  await all.store({ username: "hub", password: "pw", serveraddress: INDEX_SERVER });
  assert.deepEqual(await all.get(INDEX_SERVER), {
    username: "hub",
    password: "pw",
    serveraddress: INDEX_SERVER,
  });
  const log = await readFile(path.join(bin, "calls.log"), "utf8");
  assert.match(log, /^get https:\/\/index\.docker\.io\/v1\/$/m);

  await writeFile(cfgFile, JSON.stringify({ credsStore: "missing" }));
  await assert.rejects((await ConfigFile.load(dir)).get(INDEX_SERVER), {
    message:
      'error getting credentials - err: exec: "docker-credential-missing": executable file not found in $PATH, out: ``',
  });
});
