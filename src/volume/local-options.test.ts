import assert from "node:assert/strict";
import { test } from "node:test";
import { parseLocalOptions } from "./local-options.ts";

test("no options: a plain directory", () => {
  assert.deepEqual(parseLocalOptions(undefined), {});
  assert.deepEqual(parseLocalOptions({}), {});
});

test("tmpfs, bind and other types become a mount spec", () => {
  assert.deepEqual(parseLocalOptions({ type: "tmpfs", device: "tmpfs", o: "size=10m,uid=1000" }), {
    mount: { type: "tmpfs", device: "tmpfs", options: "size=10m,uid=1000" },
  });
  // Without a device the type names the source, as `mount -t tmpfs tmpfs`.
  assert.deepEqual(parseLocalOptions({ type: "tmpfs" }).mount, {
    type: "tmpfs",
    device: "tmpfs",
    options: "",
  });
  assert.deepEqual(parseLocalOptions({ type: "none", device: "/srv/x", o: "bind" }).mount, {
    type: "none",
    device: "/srv/x",
    options: "bind",
  });
  assert.deepEqual(parseLocalOptions({ device: "/srv/x", o: "bind,ro" }).mount, {
    type: "none",
    device: "/srv/x",
    options: "bind,ro",
  });
  assert.deepEqual(parseLocalOptions({ type: "nfs", device: ":/export", o: "addr=10.0.0.1,rw" }).mount, {
    type: "nfs",
    device: ":/export",
    options: "addr=10.0.0.1,rw",
  });
});

test("refused options, with dockerd's wording where it has one", () => {
  assert.throws(() => parseLocalOptions({ x: "1" }), {
    name: "InvalidParameterError",
    message: 'invalid option key: "x"',
  });
  assert.throws(() => parseLocalOptions({ size: "1g" }), { message: 'invalid option key: "size"' });
  assert.throws(() => parseLocalOptions({ device: "/dev/sdb1" }), {
    message: 'missing required option: "type"',
  });
  assert.throws(() => parseLocalOptions({ o: "bind" }), { message: 'missing required option: "device"' });
  assert.throws(() => parseLocalOptions({ o: "bind", device: "rel/path" }), /absolute path/);
});

test("uid, gid and mode set a plain volume's root, and only a plain one's", () => {
  assert.deepEqual(parseLocalOptions({ uid: "1000", gid: "50", mode: "0750" }), {
    root: { uid: 1000, gid: 50, mode: 0o750 },
  });
  assert.deepEqual(parseLocalOptions({ mode: "1777" }), { root: { mode: 0o1777 } });
  assert.throws(() => parseLocalOptions({ uid: "bob" }), /invalid option uid: "bob"/);
  assert.throws(() => parseLocalOptions({ mode: "999" }), /invalid option mode/);
  assert.throws(() => parseLocalOptions({ type: "tmpfs", uid: "1" }), /apply to a plain volume only/);
});
