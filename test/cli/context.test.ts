// `berth context` shares the docker CLI's context store: a context made by either CLI is
// listed and used by both, and `context use` sends later commands of both to that daemon.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { nodeBin, repoRoot, run, startDaemon } from "../helpers/daemon.ts";

test("contexts made by berth or docker serve both CLIs", async (t) => {
  const d = await startDaemon(t);
  const config = path.join(d.dir, "shared-config");
  // No -H and no *_HOST variable: only the context says where the daemon is.
  const env = { DOCKER_CONFIG: config, BERTH_HOST: "", DOCKER_HOST: "", DOCKER_CONTEXT: "" };
  const berthCli = (args: string[], input?: Buffer) =>
    run(nodeBin, ["--disable-warning=ExperimentalWarning", path.join(repoRoot, "src/cli/main.ts"), ...args], {
      env,
      ...(input ? { input } : {}),
    });
  const dockerCli = (args: string[]) => run("docker", args, { env });

  const made = await berthCli([
    "context",
    "create",
    "test-berthd",
    "--description",
    "the test's berthd",
    "--docker",
    `host=${d.host}`,
  ]);
  assert.equal(made.code, 0, made.stderr);
  assert.equal(made.stdout, "test-berthd\n");
  assert.equal(made.stderr, 'Successfully created context "test-berthd"\n');
  const twice = await berthCli(["context", "create", "test-berthd", "--docker", `host=${d.host}`]);
  assert.equal(twice.code, 1);
  assert.equal(twice.stderr, 'context "test-berthd" already exists\n');

  const fromDocker = await dockerCli([
    "context",
    "create",
    "by-docker",
    "--docker",
    "host=unix:///run/nowhere.sock",
  ]);
  assert.equal(fromDocker.code, 0, fromDocker.stderr);
  const ours = await berthCli([
    "context",
    "ls",
    "--format",
    "{{.Name}}|{{.Description}}|{{.DockerEndpoint}}",
  ]);
  assert.equal(
    ours.stdout
      .split("\n")
      .filter((l) => !l.startsWith("default|"))
      .join("\n"),
    `by-docker||unix:///run/nowhere.sock\ntest-berthd|the test's berthd|${d.host}\n`,
  );
  const theirs = await dockerCli([
    "context",
    "inspect",
    "test-berthd",
    "--format",
    "{{.Endpoints.docker.Host}}",
  ]);
  assert.equal(theirs.stdout, `${d.host}\n`, theirs.stderr);

  const use = await berthCli(["context", "use", "test-berthd"]);
  assert.equal(use.code, 0, use.stderr);
  assert.equal(
    JSON.parse(await readFile(path.join(config, "config.json"), "utf8")).currentContext,
    "test-berthd",
  );
  assert.equal((await berthCli(["context", "show"])).stdout, "test-berthd\n");
  const info = await berthCli(["version", "--format", "{{.Server.Version}}"]);
  assert.equal(info.code, 0, `berth reaches berthd through the context: ${info.stderr}`);
  const dockerPs = await dockerCli(["ps", "--format", "{{.ID}}"]);
  assert.equal(dockerPs.code, 0, `docker reaches berthd through the context: ${dockerPs.stderr}`);
  const listed = await dockerCli(["context", "ls", "--format", "{{.Name}} {{.Current}}"]);
  assert.match(listed.stdout, /^test-berthd true$/m);

  const elsewhere = await berthCli(["--context", "by-docker", "ps"]);
  assert.equal(elsewhere.code, 1);
  assert.match(elsewhere.stderr, /nowhere\.sock/);
  const conflict = await berthCli(["--context", "by-docker", "-H", d.host, "ps"]);
  assert.equal(conflict.stderr, "conflicting options: cannot specify both --host and --context\n");

  const inUse = await berthCli(["context", "rm", "test-berthd"]);
  assert.equal(inUse.code, 1);
  assert.equal(inUse.stderr, 'context "test-berthd" is in use, set -f flag to force remove\n');

  // export → import keeps the endpoint, through a file docker reads too.
  const file = path.join(d.dir, "exported.dockercontext");
  assert.equal((await berthCli(["context", "export", "test-berthd", file])).code, 0);
  const imported = await dockerCli(["context", "import", "re-imported", file]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(
    (await berthCli(["context", "inspect", "re-imported", "--format", "{{.Endpoints.docker.Host}}"])).stdout,
    `${d.host}\n`,
  );

  const forced = await berthCli(["context", "rm", "-f", "test-berthd", "re-imported", "by-docker"]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal((await dockerCli(["context", "show"])).stdout, "default\n");
  assert.equal((await berthCli(["context", "ls", "-q"])).stdout, "default\n");
});
