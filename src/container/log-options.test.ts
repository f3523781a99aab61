import assert from "node:assert/strict";
import { test } from "node:test";
import { expandTag, journalFields, logAttrs, logSettings } from "./log-options.ts";

test("each driver takes its own options, with dockerd's errors for the rest", () => {
  assert.deepEqual(logSettings(undefined, { "max-size": "1k", "max-file": "2" }), {
    driver: "json-file",
    maxSize: 1000,
    maxFiles: 2,
  });
  assert.deepEqual(logSettings("local", {}), {
    driver: "local",
    maxSize: 20 * 1024 * 1024,
    maxFiles: 5,
    compress: true,
  });
  assert.deepEqual(logSettings("none", {}), { driver: "none" });
  assert.throws(
    () => logSettings("json-file", { foo: "1" }),
    /: unknown log opt 'foo' for json-file log driver$/,
  );
  assert.throws(() => logSettings("local", { foo: "1" }), /unknown log opt 'foo' for log driver local/);
  assert.throws(
    () => logSettings("none", { "max-size": "1k" }),
    /unknown log opt 'max-size' for log driver none/,
  );
  assert.throws(() => logSettings("gelf", {}), /logger: no log driver named 'gelf' is registered/);
  assert.throws(() => logSettings("local", { compress: "yes" }), /strconv.ParseBool: parsing "yes"/);
  assert.throws(
    () => logSettings("local", { "max-file": "1" }),
    /compression cannot be enabled when max file count is 1/,
  );
  assert.throws(() => logSettings("json-file", { compress: "true" }), /compress cannot be true/);
  assert.throws(() => logSettings("json-file", { mode: "non-blocking" }), /non-blocking/);
  assert.throws(() => logSettings("json-file", { "env-regex": "(" }), /invalid log option env-regex/);
  // The daemon's log-opts belong to the daemon's driver (json-file unless daemon.json says).
  const daemon = { opts: { "max-size": "1k", labels: "x" } };
  assert.deepEqual(logSettings("local", {}, daemon).maxSize, 20 * 1024 * 1024);
  assert.equal(logSettings("json-file", {}, daemon).maxSize, 1000);
  assert.equal(logSettings(undefined, {}, { driver: "local", opts: { "max-size": "2k" } }).maxSize, 2000);
  assert.equal(logSettings(undefined, {}, { driver: "local", opts: {} }).driver, "local");
});

test("attributes: labels, env (and their regexes) and the tag, sorted by key", () => {
  const info = {
    id: "0123456789abcdef",
    name: "/web",
    imageId: "sha256:fedcba9876543210",
    imageName: "busybox",
    labels: { team: "a", "com.x.y": "z" },
    env: ["FOO=1", "BAR=2=3", "PATH=/bin"],
  };
  assert.deepEqual(
    logAttrs(
      { labels: "team,nope", "labels-regex": "^com\\.", env: "BAR", "env-regex": "^F", tag: "{{.Name}}" },
      info,
    ),
    [
      ["BAR", "2=3"],
      ["FOO", "1"],
      ["com.x.y", "z"],
      ["tag", "web"],
      ["team", "a"],
    ],
  );
  assert.equal(
    expandTag("{{.ID}} {{.FullID}} {{ .ImageID }} {{.ImageName}} {{.DaemonName}}", info),
    "0123456789ab 0123456789abcdef fedcba987654 busybox docker",
  );
  assert.throws(() => expandTag("{{upper .Name}}", info), /is not supported/);
});

test("journald: the fields moby's driver sends, tag defaulting to the short ID, labels and env as journal keys", () => {
  const info = {
    id: "0123456789abcdef".repeat(4),
    name: "/web",
    imageId: "sha256:ff",
    imageName: "busybox",
    labels: { "com.example.team": "a", _x: "y" },
    env: ["db_host=h", "OTHER=o"],
  };
  assert.deepEqual(journalFields({ labels: "com.example.team,_x", env: "db_host" }, info), [
    ["CONTAINER_ID", "0123456789ab"],
    ["CONTAINER_ID_FULL", info.id],
    ["CONTAINER_NAME", "web"],
    ["CONTAINER_TAG", "0123456789ab"],
    ["IMAGE_NAME", "busybox"],
    ["SYSLOG_IDENTIFIER", "0123456789ab"],
    ["X", "y"],
    ["COM_EXAMPLE_TEAM", "a"],
    ["DB_HOST", "h"],
  ]);
  assert.equal(journalFields({ tag: "{{.Name}}" }, info)[3][1], "web");
  assert.throws(
    () => logSettings("journald", { "max-file": "2" }),
    /unknown log opt 'max-file' for journald log driver/,
  );
});
