// Cases taken from distribution/reference's normalize_test.go and reference_test.go, with
// the error texts that package (and go-digest) return.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidParameterError } from "../errdefs/errors.ts";
import {
  familiarName,
  familiarString,
  fullName,
  isDigest,
  looksLikeImageId,
  parseDigest,
  parseNormalizedNamed,
  parseReference,
  parseRepositoryTag,
  type Reference,
  referenceString,
  registryHost,
  tagNameOnly,
  validateTag,
  withDigest,
  withTag,
} from "./reference.ts";

const SHA256_F = `sha256:${"f".repeat(64)}`;
const SHA512_F = `sha512:${"f".repeat(128)}`;
const REDIS_DIGEST = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
const HEX64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

function assertInvalid(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidParameterError, `expected InvalidParameterError, got ${err}`);
    assert.equal(err.message, message);
    return true;
  });
}

describe("parseNormalizedNamed", () => {
  // [input, domain, path, tag?, digest?]
  const valid: [string, string, string, string?, string?][] = [
    ["busybox", "docker.io", "library/busybox"],
    ["busybox:1.36", "docker.io", "library/busybox", "1.36"],
    ["docker.io/busybox", "docker.io", "library/busybox"],
    ["index.docker.io/busybox", "docker.io", "library/busybox"],
    ["index.docker.io/docker/docker", "docker.io", "docker/docker"],
    ["index.docker.io/library/debian", "docker.io", "library/debian"],
    ["docker.io/library/foo/bar", "docker.io", "library/foo/bar"],
    ["docker/docker", "docker.io", "docker/docker"],
    ["library/debian", "docker.io", "library/debian"],
    ["test_com/foo", "docker.io", "test_com/foo"],
    ["docker/migrator", "docker.io", "docker/migrator"],
    ["test.com/foo", "test.com", "foo"],
    ["test.com:8080/foo", "test.com:8080", "foo"],
    ["test-com:8080/foo", "test-com:8080", "foo"],
    ["xn--n3h.com/foo", "xn--n3h.com", "foo"],
    ["xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"],
    ["localhost/foo", "localhost", "foo"],
    ["localhost:5000/a/b:t", "localhost:5000", "a/b", "t"],
    ["127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian"],
    ["192.168.0.1", "docker.io", "library/192.168.0.1"],
    ["192.168.0.1:80", "docker.io", "library/192.168.0.1", "80"],
    ["192.168.0.1:8/debian", "192.168.0.1:8", "debian"],
    ["[::1]:5000/foo", "[::1]:5000", "foo"],
    ["[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker"],
    ["[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian"],
    ["[2001:db8::1]/repo", "[2001:db8::1]", "repo"],
    ["Docker/docker", "Docker", "docker"],
    ["DOCKER/docker", "DOCKER", "docker"],
    [`docker.io/${HEX64}`, "docker.io", `library/${HEX64}`],
    [
      "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
      "docker.io",
      "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    ],
    ["docker-rules/docker", "docker.io", "docker-rules/docker"],
    ["docker---rules/docker", "docker.io", "docker---rules/docker"],
    ["dock__er/docker", "docker.io", "dock__er/docker"],
    ["dock_er-x/a.b_c__d---e", "docker.io", "dock_er-x/a.b_c__d---e"],
    // Upstream quirk: a "." makes the first element a domain, but "_" is not valid in one,
    // so Parse re-reads the whole name as a path and the domain ends up empty.
    ["dock_er.x/docker", "", "dock_er.x/docker"],
    ["d/docker", "docker.io", "d/docker"],
    ["jess/t", "docker.io", "jess/t"],
    ["lowercase:Uppercase", "docker.io", "library/lowercase", "Uppercase"],
    [`foo:${"a".repeat(128)}`, "docker.io", "library/foo", "a".repeat(128)],
    ["foo:_x.Y-z", "docker.io", "library/foo", "_x.Y-z"],
    [`ubuntu@${REDIS_DIGEST}`, "docker.io", "library/ubuntu", undefined, REDIS_DIGEST],
    [`redis:latest@${REDIS_DIGEST}`, "docker.io", "library/redis", "latest", REDIS_DIGEST],
    [`[2001:db8::1]:5000/repo:tag@${SHA256_F}`, "[2001:db8::1]:5000", "repo", "tag", SHA256_F],
    [`xn--7o8h.com/myimage:xn--7o8h.com@${SHA512_F}`, "xn--7o8h.com", "myimage", "xn--7o8h.com", SHA512_F],
    [`${"a/".repeat(126)}a:tag`, "docker.io", `${"a/".repeat(126)}a`, "tag"],
  ];
  for (const [input, domain, path, tag, digest] of valid) {
    test(`accepts ${input.slice(0, 80)}`, () => {
      const expected: Reference = { domain, path };
      if (tag !== undefined) expected.tag = tag;
      if (digest !== undefined) expected.digest = digest;
      assert.deepEqual(parseNormalizedNamed(input), expected);
    });
  }

  const longNamespace =
    "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker";
  const invalid: [string, string][] = [
    [HEX64, `invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings`],
    ["Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase"],
    ["docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase"],
    [
      "docker.io/docker/Docker",
      "invalid reference format: repository name (docker/Docker) must be lowercase",
    ],
    [
      "test:5000/Uppercase/lowercase:tag",
      "invalid reference format: repository name (Uppercase/lowercase) must be lowercase",
    ],
    ["https://github.com/docker/docker", "invalid reference format"],
    ["-docker", "invalid reference format"],
    ["-foo", "invalid reference format"],
    ["-docker/docker", "invalid reference format"],
    ["-docker.io/docker/docker", "invalid reference format"],
    ["docker///docker", "invalid reference format"],
    ["docker.io/docker///docker", "invalid reference format"],
    ["docker-/docker", "invalid reference format"],
    ["-docker-/docker", "invalid reference format"],
    ["____/____", "invalid reference format"],
    ["_docker/_docker", "invalid reference format"],
    ["dock..er/docker", "invalid reference format"],
    ["dock_.er/docker", "invalid reference format"],
    ["dock-.er/docker", "invalid reference format"],
    ["dock___er/docker", "invalid reference format"],
    ["docker/", "invalid reference format"],
    ["", "invalid reference format"],
    [":justtag", "invalid reference format"],
    [`@${SHA256_F}`, "invalid reference format"],
    ["aa/asdf$$^/aa", "invalid reference format"],
    ["[fc00::1]", "invalid reference format"],
    ["[fc00::1]:5000", "invalid reference format"],
    ["fc00::1:5000/debian", "invalid reference format"],
    ["[fe80::1%eth0]:5000/debian", "invalid reference format"],
    ["[2001:db8:3:4::192.0.2.33]:5000/debian", "invalid reference format"],
    [`foo:${"a".repeat(129)}`, "invalid reference format"],
    ["foo:-tag", "invalid reference format"],
    [longNamespace, "repository name must not be more than 255 characters"],
    [`${"a/".repeat(128)}a:tag`, "repository name must not be more than 255 characters"],
    ["repo@sha256:ffffffffffffffffffffffffffffffffff", "invalid checksum digest length"],
    [`validname@invaliddigest:${"f".repeat(64)}`, "unsupported digest algorithm"],
    [`foo@sha256:${"F".repeat(64)}`, "invalid checksum digest format"],
  ];
  for (const [input, message] of invalid) {
    test(`rejects ${JSON.stringify(input.slice(0, 80))}`, () => {
      assertInvalid(() => parseNormalizedNamed(input), message);
    });
  }
});

describe("parseReference (reference.Parse, not normalised)", () => {
  // [input, domain, name, tag?, digest?]; the canonical string must equal the input.
  const valid: [string, string, string, string?, string?][] = [
    ["test_com", "", "test_com"],
    ["test.com:tag", "", "test.com", "tag"],
    ["test.com:5000", "", "test.com", "5000"],
    ["test.com/repo:tag", "test.com", "test.com/repo", "tag"],
    ["test:5000/repo", "test:5000", "test:5000/repo"],
    ["test:5000/repo:tag", "test:5000", "test:5000/repo", "tag"],
    [`test:5000/repo@${SHA256_F}`, "test:5000", "test:5000/repo", undefined, SHA256_F],
    [`test:5000/repo:tag@${SHA256_F}`, "test:5000", "test:5000/repo", "tag", SHA256_F],
    ["lowercase:Uppercase", "", "lowercase", "Uppercase"],
    [`${"a/".repeat(127)}a:tag-puts-this-over-max`, "a", `${"a/".repeat(127)}a`, "tag-puts-this-over-max"],
    ["sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "sub-dom1.foo.com/bar/baz/quux"],
    [
      "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
      "sub-dom1.foo.com",
      "sub-dom1.foo.com/bar/baz/quux",
      "some-long-tag",
    ],
    [
      "b.gcr.io/test.example.com/my-app:test.example.com",
      "b.gcr.io",
      "b.gcr.io/test.example.com/my-app",
      "test.example.com",
    ],
    ["xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "xn--n3h.com/myimage", "xn--n3h.com"],
    ["foo_bar.com:8080", "", "foo_bar.com", "8080"],
    ["foo/foo_bar.com:8080", "foo", "foo/foo_bar.com", "8080"],
    ["192.168.1.1", "", "192.168.1.1"],
    ["192.168.1.1:tag", "", "192.168.1.1", "tag"],
    ["192.168.1.1:5000", "", "192.168.1.1", "5000"],
    ["192.168.1.1/repo", "192.168.1.1", "192.168.1.1/repo"],
    ["192.168.1.1:5000/repo", "192.168.1.1:5000", "192.168.1.1:5000/repo"],
    ["192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "192.168.1.1:5000/repo", "5050"],
    ["[2001:db8::1]/repo", "[2001:db8::1]", "[2001:db8::1]/repo"],
    ["[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "[2001:db8:1:2:3:4:5:6]/repo", "tag"],
    ["[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "[2001:db8::1]:5000/repo"],
    ["[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "[2001:db8::1]:5000/repo", "tag"],
    [
      `[2001:db8::1]:5000/repo@${SHA256_F}`,
      "[2001:db8::1]:5000",
      "[2001:db8::1]:5000/repo",
      undefined,
      SHA256_F,
    ],
    ["[2001:db8::]:5000/repo", "[2001:db8::]:5000", "[2001:db8::]:5000/repo"],
    ["[::1]:5000/repo", "[::1]:5000", "[::1]:5000/repo"],
    [`example.com/${"a".repeat(255)}`, "example.com", `example.com/${"a".repeat(255)}`],
    [`${"a/".repeat(128)}a:tag`, "a", `${"a/".repeat(128)}a`, "tag"],
  ];
  for (const [input, domain, name, tag, digest] of valid) {
    test(`accepts ${input.slice(0, 80)}`, () => {
      const ref = parseReference(input);
      assert.equal(referenceString(ref), input);
      assert.equal(ref.domain, domain);
      assert.equal(fullName(ref), name);
      assert.equal(ref.tag, tag);
      assert.equal(ref.digest, digest);
    });
  }

  const invalid: [string, string][] = [
    ["", "repository name must have at least one component"],
    [":justtag", "invalid reference format"],
    [`@${SHA256_F}`, "invalid reference format"],
    ["repo@sha256:ffffffffffffffffffffffffffffffffff", "invalid checksum digest length"],
    [`validname@invaliddigest:${"f".repeat(64)}`, "unsupported digest algorithm"],
    ["Uppercase:tag", "repository name must be lowercase"],
    ["test:5000/Uppercase/lowercase:tag", "repository name must be lowercase"],
    // v0.6.0 limits the path alone; the domain does not count.
    [`example.com/${"a".repeat(256)}`, "repository name must not be more than 255 characters"],
    ["aa/asdf$$^/aa", "invalid reference format"],
    ["[2001:db8::1]", "invalid reference format"],
    ["[2001:db8::1]:5000", "invalid reference format"],
    ["[2001:db8::1]:tag", "invalid reference format"],
    ["[fe80::1%eth0]:5000/repo", "invalid reference format"],
    ["[fe80::1%@invalidzone]:5000/repo", "invalid reference format"],
  ];
  for (const [input, message] of invalid) {
    test(`rejects ${JSON.stringify(input.slice(0, 80))}`, () => {
      assertInvalid(() => parseReference(input), message);
    });
  }
});

describe("familiar and full names (TestParseRepositoryInfo)", () => {
  // [remote path, familiar, full, ambiguous?, domain]
  const cases: [string, string, string, string, string][] = [
    ["fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"],
    ["library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"],
    ["nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"],
    ["other/library", "other/library", "docker.io/other/library", "", "docker.io"],
    [
      "private/moonbase",
      "127.0.0.1:8000/private/moonbase",
      "127.0.0.1:8000/private/moonbase",
      "",
      "127.0.0.1:8000",
    ],
    ["privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", "", "127.0.0.1:8000"],
    ["private/moonbase", "example.com/private/moonbase", "example.com/private/moonbase", "", "example.com"],
    ["privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"],
    [
      "private/moonbase",
      "example.com:8000/private/moonbase",
      "example.com:8000/private/moonbase",
      "",
      "example.com:8000",
    ],
    [
      "privatebasee",
      "example.com:8000/privatebasee",
      "example.com:8000/privatebasee",
      "",
      "example.com:8000",
    ],
    [
      "library/ubuntu-12.04-base",
      "ubuntu-12.04-base",
      "docker.io/library/ubuntu-12.04-base",
      "index.docker.io/library/ubuntu-12.04-base",
      "docker.io",
    ],
    ["library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"],
    ["library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"],
    ["store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"],
    ["bar", "Foo/bar", "Foo/bar", "", "Foo"],
    ["bar", "FOO/bar", "FOO/bar", "", "FOO"],
    ["foo", "localhost/foo", "localhost/foo", "", "localhost"],
  ];
  for (const [path, familiar, full, ambiguous, domain] of cases) {
    for (const input of [familiar, full, ambiguous].filter((s) => s !== "")) {
      test(input, () => {
        const ref = parseNormalizedNamed(input);
        assert.equal(familiarName(ref), familiar);
        assert.equal(fullName(ref), full);
        assert.equal(referenceString(ref), full);
        assert.equal(ref.domain, domain);
        assert.equal(ref.path, path);
      });
    }
  }

  test("tag and digest survive familiarisation (TestParseReferenceWithTagAndDigest)", () => {
    const short = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    const ref = parseNormalizedNamed(short);
    assert.equal(referenceString(ref), `docker.io/library/${short}`);
    assert.equal(familiarString(ref), short);
  });

  test("familiarString of tagged, digested and private references", () => {
    assert.equal(familiarString(parseNormalizedNamed("docker.io/library/redis:7")), "redis:7");
    assert.equal(
      familiarString(parseNormalizedNamed(`dmcgowan/myapp@${REDIS_DIGEST}`)),
      `dmcgowan/myapp@${REDIS_DIGEST}`,
    );
    assert.equal(familiarString(parseNormalizedNamed("localhost:5000/a/b:t")), "localhost:5000/a/b:t");
  });
});

describe("tagNameOnly", () => {
  test("adds latest to a bare name", () => {
    assert.deepEqual(tagNameOnly(parseNormalizedNamed("busybox")), {
      domain: "docker.io",
      path: "library/busybox",
      tag: "latest",
    });
    assert.equal(
      referenceString(tagNameOnly(parseNormalizedNamed("redis"))),
      "docker.io/library/redis:latest",
    );
  });
  test("keeps an existing tag or digest", () => {
    assert.equal(
      referenceString(tagNameOnly(parseNormalizedNamed("busybox:1"))),
      "docker.io/library/busybox:1",
    );
    assert.equal(
      referenceString(tagNameOnly(parseNormalizedNamed(`busybox@${REDIS_DIGEST}`))),
      `docker.io/library/busybox@${REDIS_DIGEST}`,
    );
  });
});

describe("withTag / withDigest (TestWithTag, TestWithDigest)", () => {
  test("combines name, tag and digest", () => {
    const named = parseReference("test.com:8000/foo");
    assert.equal(referenceString(withTag(named, "TAG5")), "test.com:8000/foo:TAG5");
    const short = "sha256:1234567890098765432112345667890098765";
    assert.equal(
      referenceString(withTag(withDigest(named, short), "TAG5")),
      `test.com:8000/foo:TAG5@${short}`,
    );
    assert.equal(referenceString(withDigest(withTag(named, "tag"), short)), `test.com:8000/foo:tag@${short}`);
  });
  test("rejects an invalid tag or digest (TestInvalidReferenceComponents)", () => {
    const ref = parseNormalizedNamed("busybox");
    assertInvalid(() => withTag(ref, "-foo"), "invalid tag format");
    assertInvalid(() => withDigest(ref, "foo"), "invalid digest format");
  });
});

describe("validateTag", () => {
  test("accepts tags of 1 to 128 word characters, dots and dashes", () => {
    for (const tag of ["latest", "1.36", "_", "A-b_c.d", "a".repeat(128)]) validateTag(tag);
  });
  test("rejects everything else", () => {
    for (const tag of ["", "-x", ".x", "a".repeat(129), "a:b", "a/b", "a@b", "é"]) {
      assertInvalid(() => validateTag(tag), "invalid tag format");
    }
  });
});

describe("parseDigest / isDigest", () => {
  test("accepts sha256, sha384 and sha512 with lowercase hex", () => {
    for (const d of [REDIS_DIGEST, SHA512_F, `sha384:${"0".repeat(96)}`]) {
      assert.equal(parseDigest(d), d);
      assert.ok(isDigest(d));
    }
  });
  const invalid: [string, string][] = [
    ["", "invalid checksum digest format"],
    ["sha256", "invalid checksum digest format"],
    [":abc", "invalid checksum digest format"],
    ["sha256:", "invalid checksum digest format"],
    [`sha256:${"F".repeat(64)}`, "invalid checksum digest format"],
    [`sha256:${"g".repeat(64)}`, "invalid checksum digest format"],
    ["sha256:abc", "invalid checksum digest length"],
    [`sha256:${"f".repeat(65)}`, "invalid checksum digest length"],
    [`sha512:${"f".repeat(64)}`, "invalid checksum digest length"],
    [`md5:${"f".repeat(32)}`, "unsupported digest algorithm"],
    [`sha3+b64:${"f".repeat(64)}`, "unsupported digest algorithm"],
    [`SHA256:${"f".repeat(64)}`, "invalid checksum digest format"],
    ["constructor:abc", "unsupported digest algorithm"],
  ];
  for (const [input, message] of invalid) {
    test(`rejects ${JSON.stringify(input.slice(0, 40))}`, () => {
      assertInvalid(() => parseDigest(input), message);
      assert.equal(isDigest(input), false);
    });
  }
});

describe("parseRepositoryTag", () => {
  const cases: [string, string | undefined, string][] = [
    ["busybox", "1.36", "docker.io/library/busybox:1.36"],
    ["busybox", undefined, "docker.io/library/busybox"],
    ["busybox", "", "docker.io/library/busybox"],
    ["busybox:", undefined, "docker.io/library/busybox"],
    ["busybox:1.0", "2.0", "docker.io/library/busybox:2.0"],
    ["busybox", REDIS_DIGEST, `docker.io/library/busybox@${REDIS_DIGEST}`],
    ["busybox:1.0", REDIS_DIGEST, `docker.io/library/busybox@${REDIS_DIGEST}`],
    [`busybox@${REDIS_DIGEST}`, "v1", `docker.io/library/busybox:v1@${REDIS_DIGEST}`],
    ["localhost:5000/a/b", "t", "localhost:5000/a/b:t"],
  ];
  for (const [repo, tag, expected] of cases) {
    test(`${repo} + ${tag}`, () => {
      assert.equal(referenceString(parseRepositoryTag(repo, tag)), expected);
    });
  }
  test("rejects a bad tag or name", () => {
    assertInvalid(() => parseRepositoryTag("busybox", "-bad"), "invalid tag format");
    assertInvalid(() => parseRepositoryTag("busybox", "sha256:abc"), "invalid tag format");
    assertInvalid(
      () => parseRepositoryTag("Busybox", "1"),
      "invalid reference format: repository name (library/Busybox) must be lowercase",
    );
  });
});

describe("registryHost", () => {
  test("maps Docker Hub to its API host and keeps other domains", () => {
    assert.equal(registryHost(parseNormalizedNamed("busybox")), "registry-1.docker.io");
    assert.equal(registryHost(parseNormalizedNamed("index.docker.io/foo/bar")), "registry-1.docker.io");
    assert.equal(registryHost(parseNormalizedNamed("localhost:5000/foo")), "localhost:5000");
    assert.equal(registryHost(parseNormalizedNamed("[::1]:5000/foo")), "[::1]:5000");
    assert.equal(registryHost(parseNormalizedNamed("ghcr.io/a/b")), "ghcr.io");
  });
});

describe("looksLikeImageId", () => {
  test("accepts full and short hex IDs, with or without sha256:", () => {
    for (const s of ["a", "3f57d9401f8d", REDIS_DIGEST.slice(7), REDIS_DIGEST, "sha256:3f57"]) {
      assert.ok(looksLikeImageId(s), s);
    }
  });
  test("rejects names and malformed IDs", () => {
    for (const s of ["", "busybox", "ABC", "sha256:", `${"a".repeat(65)}`, "sha512:abc", "3f57:latest"]) {
      assert.equal(looksLikeImageId(s), false, s);
    }
  });
});
