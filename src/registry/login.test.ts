import assert from "node:assert/strict";
import { test } from "node:test";
import { loginDomain } from "./login.ts";

test("loginDomain maps Docker Hub's spellings to docker.io and keeps other hosts", () => {
  assert.equal(loginDomain(undefined), "docker.io");
  assert.equal(loginDomain("https://index.docker.io/v1/"), "docker.io");
  assert.equal(loginDomain("registry-1.docker.io"), "docker.io");
  assert.equal(loginDomain("http://127.0.0.1:5000/v2/"), "127.0.0.1:5000");
  assert.equal(loginDomain("ghcr.io"), "ghcr.io");
});
