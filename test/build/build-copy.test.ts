// COPY and ADD write their layer without an intermediate container (src/build/step-layer.ts),
// as Docker's builder does: no "Running in" for them, the image's directories keep their owner
// and mode, the image's symlinks are followed inside its root, and nothing is left behind.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { contextDir, dockerBuild } from "../helpers/build.ts";
import { berth, docker, startDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("COPY/ADD without a container: no Running in, the image's dirs and symlinks kept, nothing left", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await contextDir(t, {
    "f.txt": "copied\n",
    "pkg/inner.txt": "from the tar\n",
    Dockerfile: `FROM busybox
RUN mkdir -m 0700 /data && chown 1000:1000 /data && mkdir /real && ln -s /real /link
COPY f.txt /data/
COPY --chown=1000:1000 f.txt /link/
COPY f.txt /made/deep/
ADD pkg.tar /link/unpacked/
COPY f.txt /etc/hosts
`,
  });
  execFileSync("tar", ["-C", dir, "-cf", path.join(dir, "pkg.tar"), "pkg"]);

  const r = await dockerBuild(d, ["-t", "copied:1", dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const steps = r.stdout.split(/^Step /m).slice(1);
  const copies = steps.filter((s) => /^\d+\/\d+ : (COPY|ADD) /.test(s));
  assert.equal(copies.length, 5);
  for (const s of copies) {
    assert.doesNotMatch(s, /Running in|Removing intermediate container/, s);
    assert.match(s, /^ ---> [0-9a-f]{12}$/m, s);
  }
  assert.match(steps[1], /Running in/, "the RUN step still runs in a container");

  const check = await berth(d, [
    "run",
    "--rm",
    "copied:1",
    "sh",
    "-c",
    "stat -c '%n %a %u:%g %F' /data /data/f.txt /real/f.txt /made/deep /made /link /real/unpacked/pkg/inner.txt; cat /real/unpacked/pkg/inner.txt",
  ]);
  assert.equal(check.code, 0, check.stderr);
  assert.equal(
    check.stdout,
    [
      "/data 700 1000:1000 directory",
      "/data/f.txt 644 0:0 regular file",
      "/real/f.txt 644 1000:1000 regular file",
      "/made/deep 755 0:0 directory",
      "/made 755 0:0 directory",
      "/link 777 0:0 symbolic link",
      "/real/unpacked/pkg/inner.txt 644 0:0 regular file",
      "from the tar",
      "",
    ].join("\n"),
  );
  // A COPY to /etc/hosts is the image's file (a container sees its own over it), as Docker's.
  const saved = path.join(d.dir, "saved");
  await mkdir(saved);
  const save = await docker(d, ["save", "-o", path.join(d.dir, "saved.tar"), "copied:1"]);
  assert.equal(save.code, 0, save.stderr);
  execFileSync("tar", ["-x", "-C", saved, "-f", path.join(d.dir, "saved.tar")]);
  const manifest = JSON.parse(await readFile(path.join(saved, "manifest.json"), "utf8")) as {
    Layers: string[];
  }[];
  const top = execFileSync("tar", ["-xOf", path.join(saved, manifest[0].Layers.at(-1)!), "etc/hosts"]);
  assert.equal(top.toString(), "copied\n");
  const all = await d.client.json<unknown[]>("GET", "/containers/json", { query: { all: "1" } });
  assert.deepEqual(all, [], "no intermediate container is left");
  assert.deepEqual(await readdir(path.join(d.dataRoot, "tmp")), [], "no step layer is left");
});

test("a stage's image is held until the build ends: an image prune while another stage runs leaves it", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await contextDir(t, {
    Dockerfile: `FROM busybox AS a
RUN echo from-a > /a.txt
FROM busybox AS b
RUN while [ ! -f /go ]; do sleep 0.05; done
FROM busybox
COPY --from=a /a.txt /
COPY --from=b /etc/passwd /b
CMD ["cat", "/a.txt"]
`,
  });
  const building = dockerBuild(d, ["-t", "held:1", dir]);
  // Stage a is done (its image, untagged and used by nothing, is the second image) while
  // stage b's RUN still waits.
  const waiting = await waitFor(
    "stage a's image and stage b's RUN at once",
    async () => {
      const imgs = await d.client.json<unknown[]>("GET", "/images/json", { query: { all: "1" } });
      const list = await d.client.json<{ Id: string; Command: string }[]>("GET", "/containers/json");
      const b = list.find((c) => c.Command.includes("while [ ! -f /go ]"));
      return imgs.length === 2 && b ? b : undefined;
    },
    60_000,
  );
  const pruned = await docker(d, ["image", "prune", "-f"]);
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.doesNotMatch(pruned.stdout, /deleted:/i, "the build's images are not dangling to prune");
  const go = await berth(d, ["exec", waiting.Id, "touch", "/go"]);
  assert.equal(go.code, 0, go.stderr);
  const r = await building;
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal((await berth(d, ["run", "--rm", "held:1"])).stdout, "from-a\n");
});
