import assert from "node:assert/strict";
import { test } from "node:test";
import { loginDomain, splitSearchTerm } from "./registry.ts";

test("loginDomain maps Docker Hub's spellings to docker.io and keeps other hosts", () => {
  assert.equal(loginDomain(undefined), "docker.io");
  assert.equal(loginDomain("https://index.docker.io/v1/"), "docker.io");
  assert.equal(loginDomain("registry-1.docker.io"), "docker.io");
  assert.equal(loginDomain("http://127.0.0.1:5000/v2/"), "127.0.0.1:5000");
  assert.equal(loginDomain("ghcr.io"), "ghcr.io");
});

test("splitSearchTerm finds the registry a term addresses", () => {
  assert.deepEqual(splitSearchTerm("busybox"), { domain: "docker.io", remainder: "busybox" });
  assert.deepEqual(splitSearchTerm("library/busybox"), { domain: "docker.io", remainder: "library/busybox" });
  assert.deepEqual(splitSearchTerm("127.0.0.1:5000/bb"), { domain: "127.0.0.1:5000", remainder: "bb" });
  assert.deepEqual(splitSearchTerm("localhost/x/y"), { domain: "localhost", remainder: "x/y" });
  assert.deepEqual(splitSearchTerm("index.docker.io/nginx"), { domain: "docker.io", remainder: "nginx" });
});
