import assert from "node:assert/strict";
import { test } from "node:test";
import { filesystemOf, prettyName } from "./host-facts.ts";

test("os-release's PRETTY_NAME, quoted or not; Linux without one", () => {
  assert.equal(
    prettyName('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'),
    "Debian GNU/Linux 12 (bookworm)",
  );
  assert.equal(prettyName("PRETTY_NAME=Alpine\n"), "Alpine");
  assert.equal(prettyName("NAME=x\n"), "Linux");
});

test("the data root's filesystem is the longest mount above it; ext4 is extfs", () => {
  const mounts = [
    "/dev/sda1 /var/lib ext4 rw 0 0",
    "overlay / overlay rw 0 0",
    "tmpfs /var/lib/berth\\040x tmpfs rw 0 0",
    "tmpfs /var/lib/berthx tmpfs rw 0 0",
  ].join("\n");
  assert.equal(filesystemOf("/var/lib/berth", mounts), "extfs");
  assert.equal(filesystemOf("/var/lib/berth x/d", mounts), "tmpfs");
  assert.equal(filesystemOf("/srv", mounts), "overlay");
  assert.equal(filesystemOf("/srv", ""), "unknown");
});
