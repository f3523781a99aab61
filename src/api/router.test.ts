import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { isInternalError, publicMessage } from "./public-error.ts";
import { decodeSegment, Router, routeAction } from "./router.ts";

test("a malformed percent-escape is a typed 400, not a URIError", () => {
  const r = new Router();
  r.get("/containers/{id}/json", () => {});
  assert.throws(() => r.match("GET", "/containers/%zz/json"), {
    name: "InvalidParameterError",
    message: 'invalid URL escape "%zz"',
  });
  assert.throws(() => decodeSegment("abc%"), { message: 'invalid URL escape "%"' });
  assert.throws(() => decodeSegment("%4"), InvalidParameterError);
  // Escapes that are not UTF-8 decode as Go's do (to bytes, shown as U+FFFD): a lookup answers 404.
  assert.equal(r.match("GET", "/containers/%ff/json")?.params.id, "\ufffd");
  assert.equal(decodeSegment("a%2Fb%20c"), "a/b c");
  assert.equal(decodeSegment("%e2%82%ac%ff"), "€\ufffd");
});

test("each route knows what it does, for messages", () => {
  assert.equal(routeAction("POST", "/containers/create"), "create container");
  assert.equal(routeAction("POST", "/containers/{id}/start"), "start container");
  assert.equal(routeAction("GET", "/containers/{id}/json"), "inspect container");
  assert.equal(routeAction("GET", "/containers/json"), "list containers");
  assert.equal(routeAction("DELETE", "/images/{name*}"), "remove image");
  assert.equal(routeAction("POST", "/images/load"), "load image");
  assert.equal(routeAction("POST", "/exec/{id}/start"), "start exec instance");
  assert.equal(routeAction("POST", "/commit"), "commit container");
  assert.equal(routeAction("POST", "/auth"), "log in to registry");
  const r = new Router();
  r.post("/containers/create", () => {});
  assert.equal(r.match("POST", "/containers/create")?.action, "create container");
});

test("JavaScript's own errors never reach a client; typed and host errors keep their text", () => {
  const bug = new TypeError("idx.manifests is not iterable");
  assert.ok(isInternalError(bug));
  assert.equal(publicMessage(bug, "load image"), "Cannot load image: internal error, see berthd's log");
  assert.equal(
    publicMessage(new RangeError("Maximum call stack size exceeded"), "x"),
    "Cannot x: internal error, see berthd's log",
  );
  assert.equal(publicMessage("a string", "x"), "Cannot x: internal error, see berthd's log");
  assert.equal(publicMessage(new NotFoundError("No such container: a"), "x"), "No such container: a");
  const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  assert.equal(publicMessage(enospc, "x"), enospc.message);
});
