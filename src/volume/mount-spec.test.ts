import assert from "node:assert/strict";
import { test } from "node:test";
import { mountPointsOf, parseBind, parseMount, parseVolumesFrom } from "./mount-spec.ts";

test("-v forms: anonymous, named, bind with modes", () => {
  assert.deepEqual(
    [parseBind("/ctr")].map((m) => [m.Type, m.Name, m.Destination, m.RW]),
    [["volume", "", "/ctr", true]],
  );
  const named = parseBind("data:/d:ro,nocopy");
  assert.deepEqual([named.Type, named.Name, named.RW, named.NoCopy], ["volume", "data", false, true]);
  const bind = parseBind("/host/./dir:/x:rshared,z");
  assert.deepEqual(
    [bind.Type, bind.Source, bind.Propagation, bind.RW, bind.CreateSource],
    ["bind", "/host/dir", "rshared", true, true],
  );
  assert.equal(parseBind("/host:/x").Propagation, "rprivate");
  assert.equal(parseBind("/ctr:ro").Type, "volume");
});

test("-v refusals carry Docker's wording", () => {
  assert.throws(() => parseBind("a:b:c:d"), { message: "invalid volume specification: 'a:b:c:d'" });
  assert.throws(() => parseBind("/h:/x:ro,rw"), { message: "invalid mode: ro,rw" });
  assert.throws(() => parseBind("/h:rel"), /invalid mount config for type "bind": invalid mount path: 'rel'/);
  assert.throws(() => parseBind("/h:/"), /destination can't be '\/'/);
  assert.throws(() => parseBind("../up:/x"), /invalid characters for a local volume name/);
});

test("--mount: bind source must exist, tmpfs options, local driver only, subpath stays inside", () => {
  assert.throws(() => parseMount({ Type: "bind", Source: "/nonexistent-berth", Target: "/x" }), {
    message: 'invalid mount config for type "bind": bind source path does not exist: /nonexistent-berth',
  });
  const t = parseMount({ Type: "tmpfs", Target: "/t", TmpfsOptions: { SizeBytes: 1024, Mode: 0o1777 } });
  assert.deepEqual(t.TmpfsOptions, ["size=1024", "mode=1777"]);
  assert.throws(
    () => parseMount({ Type: "volume", Target: "/v", VolumeOptions: { DriverConfig: { Name: "nfs" } } }),
    /plugin "nfs" not found/,
  );
  assert.throws(
    () =>
      parseMount({
        Type: "volume",
        Source: "vv",
        Target: "/v",
        VolumeOptions: { Subpath: "../x" } as object,
      }),
    /subpath must be a relative path/,
  );
  assert.equal(parseMount({ Type: "bind", Source: "/tmp", Target: "/x", ReadOnly: true }).RW, false);
});

test("image VOLUMEs become anonymous volumes unless a mount covers them; duplicates refused", () => {
  const points = mountPointsOf({ Binds: ["named:/data"] }, { "/data": {}, "/logs/": {} });
  assert.deepEqual(
    points.map((p) => [p.Destination, p.Name]),
    [
      ["/data", "named"],
      ["/logs", ""],
    ],
  );
  assert.throws(() => mountPointsOf({ Binds: ["/a:/x", "bb:/x"] }, null), /Duplicate mount point: \/x/);
});

test("--volumes-from entries: container[:ro|rw]", () => {
  assert.deepEqual(parseVolumesFrom("db"), { container: "db", mode: "" });
  assert.deepEqual(parseVolumesFrom("db:ro"), { container: "db", mode: "ro" });
  assert.throws(() => parseVolumesFrom("db:rx"), { message: "invalid mode for volumes-from: rx" });
  assert.throws(() => parseVolumesFrom("a:b:c"), { message: "invalid volume specification: 'a:b:c'" });
});

test("bind options berth does not apply are refused, not ignored", () => {
  assert.throws(
    () => parseMount({ Type: "bind", Source: "/", Target: "/x", BindOptions: { NonRecursive: true } }),
    /BindOptions.NonRecursive is not supported by berth yet/,
  );
});
