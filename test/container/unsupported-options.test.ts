// Until links land, what berth would silently drop is refused at create:
// through the real docker CLI and the berth CLI, with a clear message and no container left.

import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { berth, docker, startDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, importBusybox, makeTar } from "../helpers/images.ts";

const refused: [string[], RegExp][] = [
  [["--link", "other:o"], /links are not supported yet/],
  // The test daemon runs without a default bridge (--bridge none): nothing to publish on.
  [["-p", "80"], /Cannot publish ports: berthd has no default bridge/],
  [["--network", "mynet"], /network mynet not found/],
];

test("--link, -p without a bridge and --network mynet are refused by create, through both CLIs", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  for (const [cli, name] of [
    [docker, "docker"],
    [berth, "berth"],
  ] as const) {
    for (const [flags, message] of refused) {
      const r = await cli(d, ["run", "--name", "refused", ...flags, "busybox", "true"]);
      assert.equal(r.code, 125, `${name} run ${flags.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message, `${name} run ${flags.join(" ")}`);
    }
    // `create` exits 1 on a daemon error, in the docker CLI as in berth's.
    const created = await cli(d, ["create", "--link", "other:o", "busybox"]);
    assert.equal(created.code, 1, created.stderr);
    assert.match(created.stderr, /links are not supported yet/);
  }
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
  const status = await d.client.request("POST", "/containers/create", {
    body: { Image: "busybox", HostConfig: { Links: ["other:o"] } },
  });
  status.body.resume();
  assert.equal(status.status, 501);
  const net = await d.client.request("POST", "/containers/create", {
    body: { Image: "busybox", NetworkingConfig: { EndpointsConfig: { mynet: {} } } },
  });
  net.body.resume();
  assert.equal(net.status, 400);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
});

test("an image's own VOLUME runs, with an anonymous volume that --rm removes", async (t) => {
  const d = await startDaemon(t);
  await d.client.jsonStream(
    "POST",
    "/images/create",
    {
      query: { fromSrc: "-", repo: "withvol", tag: "latest", changes: ['CMD ["sh"]', "VOLUME /data"] },
      stream: Readable.from([await makeTar(busyboxEntries())]),
    },
    () => {},
  );
  const vols = await docker(d, ["image", "inspect", "-f", "{{json .Config.Volumes}}", "withvol"]);
  assert.equal(vols.stdout.trim(), '{"/data":{}}');
  const r = await docker(d, ["run", "--rm", "withvol", "echo", "hi"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "hi\n");
  const b = await berth(d, ["run", "--rm", "withvol", "true"]);
  assert.equal(b.code, 0, b.stderr);
  assert.equal((await docker(d, ["volume", "ls", "-q"])).stdout, "");
});
