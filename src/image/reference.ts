// Image references, parsed and normalised as Docker does (github.com/distribution/reference
// with go-digest's digest validation). The grammar, the order of the checks and the error
// texts follow the Go code so that clients see the same answers as from dockerd.
//
//   reference        := name [ ":" tag ] [ "@" digest ]
//   name             := [domain '/'] remote-name
//   domain           := host [':' port-number]
//   host             := domain-name | IPv4address | \[ IPv6address \]
//   path-component   := alpha-numeric [separator alpha-numeric]*
//   separator        := /[_.]|__|[-]+/
//   tag              := /[\w][\w.-]{0,127}/
//   digest           := algorithm ":" hex   (sha256, sha384, sha512; lowercase hex)

import { InvalidParameterError } from "../errdefs/errors.ts";

/** A parsed reference. From parseNormalizedNamed the domain is always set (`docker.io` for
 *  Docker Hub) and official images carry the `library/` prefix. */
export interface Reference {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

export const DEFAULT_DOMAIN = "docker.io";
export const LEGACY_DEFAULT_DOMAIN = "index.docker.io";
export const DEFAULT_REGISTRY_HOST = "registry-1.docker.io";
export const OFFICIAL_REPO_PREFIX = "library/";
export const DEFAULT_TAG = "latest";
export const REPOSITORY_NAME_TOTAL_LENGTH_MAX = 255;

// Error texts of distribution/reference and go-digest, verbatim.
const ERR_REFERENCE_INVALID_FORMAT = "invalid reference format";
const ERR_TAG_INVALID_FORMAT = "invalid tag format";
const ERR_DIGEST_INVALID_FORMAT = "invalid digest format";
const ERR_NAME_CONTAINS_UPPERCASE = "repository name must be lowercase";
const ERR_NAME_EMPTY = "repository name must have at least one component";
const ERR_NAME_TOO_LONG = `repository name must not be more than ${REPOSITORY_NAME_TOTAL_LENGTH_MAX} characters`;
const ERR_CHECKSUM_INVALID_FORMAT = "invalid checksum digest format";
const ERR_CHECKSUM_INVALID_LENGTH = "invalid checksum digest length";
const ERR_DIGEST_UNSUPPORTED = "unsupported digest algorithm";

// The pattern pieces are composed exactly as in regexp.go. JavaScript's backtracking
// matcher prefers alternatives in the same order as Go's leftmost-first RE2 semantics,
// so the capture groups split names identically.
const alphanumeric = "[a-z0-9]+";
const separator = "(?:[._]|__|[-]+)";
const localhost = "localhost";
const domainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const optionalPort = "(?::[0-9]+)?";
const tagPat = "[\\w][\\w.-]{0,127}";
const digestPat = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
const identifier = "([a-f0-9]{64})";
const ipv6address = "\\[(?:[a-fA-F0-9:]+)\\]";
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = host + optionalPort;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

const referenceRegexp = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredTagRegexp = new RegExp(`^${tagPat}$`);
const anchoredDigestRegexp = new RegExp(`^${digestPat}$`);
const anchoredIdentifierRegexp = new RegExp(`^${identifier}$`);

// go-digest: the loose shape every digest must have, and the registered algorithms (moby
// links crypto/sha256 and crypto/sha512, so sha384 is available too) with their hex length.
const goDigestRegexpAnchored = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const digestHexLength: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const lowerHex = /^[a-f0-9]+$/;

const imageIdRegexp = /^(?:sha256:)?[a-f0-9]{1,64}$/;

function invalid(message: string): InvalidParameterError {
  return new InvalidParameterError(message);
}

function makeReference(domain: string, path: string, tag?: string, digest?: string): Reference {
  const ref: Reference = { domain, path };
  if (tag) ref.tag = tag;
  if (digest) ref.digest = digest;
  return ref;
}

/** Validates a digest as go-digest's digest.Parse and returns it unchanged. */
export function parseDigest(s: string): string {
  const i = s.indexOf(":");
  if (i <= 0 || i + 1 === s.length) throw invalid(ERR_CHECKSUM_INVALID_FORMAT);
  const algorithm = s.slice(0, i);
  const encoded = s.slice(i + 1);
  const length = Object.hasOwn(digestHexLength, algorithm) ? digestHexLength[algorithm] : undefined;
  if (length === undefined) {
    throw invalid(goDigestRegexpAnchored.test(s) ? ERR_DIGEST_UNSUPPORTED : ERR_CHECKSUM_INVALID_FORMAT);
  }
  if (encoded.length !== length) throw invalid(ERR_CHECKSUM_INVALID_LENGTH);
  if (!lowerHex.test(encoded)) throw invalid(ERR_CHECKSUM_INVALID_FORMAT);
  return s;
}

/** True when s is a valid, supported digest (`sha256:<64 hex>`, …). */
export function isDigest(s: string): boolean {
  try {
    parseDigest(s);
    return true;
  } catch {
    return false;
  }
}

/** Throws "invalid tag format" unless s is a valid tag (as reference.WithTag checks). */
export function validateTag(s: string): void {
  if (!anchoredTagRegexp.test(s)) throw invalid(ERR_TAG_INVALID_FORMAT);
}

/** reference.Parse: the strict, non-normalising parser. The domain is "" when the name has
 *  none; "busybox" stays "busybox". */
export function parseReference(s: string): Reference {
  if (s === "") throw invalid(ERR_NAME_EMPTY);
  const matches = referenceRegexp.exec(s);
  if (matches === null) {
    const lower = s.toLowerCase();
    if (lower !== s && referenceRegexp.test(lower)) throw invalid(ERR_NAME_CONTAINS_UPPERCASE);
    throw invalid(ERR_REFERENCE_INVALID_FORMAT);
  }
  const name = matches[1];
  const nameMatch = anchoredNameRegexp.exec(name);
  const domain = nameMatch?.[1] ?? "";
  const path = nameMatch ? nameMatch[2] : name;
  if (path.length > REPOSITORY_NAME_TOTAL_LENGTH_MAX) throw invalid(ERR_NAME_TOO_LONG);
  const digest = matches[3] ? parseDigest(matches[3]) : undefined;
  return makeReference(domain, path, matches[2], digest);
}

// splitDockerDomain: decides whether the first component is a registry. The name must be
// validated afterwards.
function splitDockerDomain(name: string): [domain: string, remainder: string] {
  const slash = name.indexOf("/");
  if (slash === -1) {
    // A single element ("ubuntu", "ubuntu:latest") is always an official image; checking
    // it as host:port would misread the tag as a port.
    return [DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name];
  }
  const maybeDomain = name.slice(0, slash);
  const maybeRemote = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (maybeDomain === localhost) {
    [domain, remainder] = [maybeDomain, maybeRemote];
  } else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) {
    [domain, remainder] = [DEFAULT_DOMAIN, maybeRemote];
  } else if (/[.:]/.test(maybeDomain)) {
    [domain, remainder] = [maybeDomain, maybeRemote];
  } else if (maybeDomain.toLowerCase() !== maybeDomain) {
    // Namespaces are lowercase, so an uppercase first element can only be a host name.
    [domain, remainder] = [maybeDomain, maybeRemote];
  } else {
    [domain, remainder] = [DEFAULT_DOMAIN, name];
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes("/")) {
    remainder = OFFICIAL_REPO_PREFIX + remainder;
  }
  return [domain, remainder];
}

/** reference.ParseNormalizedNamed: a name as typed by users ("busybox", "foo/bar:1",
 *  "localhost:5000/x@sha256:…") to its fully qualified form. */
export function parseNormalizedNamed(s: string): Reference {
  if (anchoredIdentifierRegexp.test(s)) {
    throw invalid(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const [domain, remainder] = splitDockerDomain(s);
  const tagSep = remainder.indexOf(":");
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw invalid(`invalid reference format: repository name (${remote}) must be lowercase`);
  }
  return parseReference(`${domain}/${remainder}`);
}

/** reference.WithTag: replaces the tag, keeping any digest. */
export function withTag(ref: Reference, tag: string): Reference {
  validateTag(tag);
  return makeReference(ref.domain, ref.path, tag, ref.digest);
}

/** reference.WithDigest: sets the digest, keeping any tag. */
export function withDigest(ref: Reference, digest: string): Reference {
  if (!anchoredDigestRegexp.test(digest)) throw invalid(ERR_DIGEST_INVALID_FORMAT);
  return makeReference(ref.domain, ref.path, ref.tag, digest);
}

/** reference.TagNameOnly: a bare name gets the tag "latest". */
export function tagNameOnly(ref: Reference): Reference {
  return ref.tag || ref.digest ? ref : makeReference(ref.domain, ref.path, DEFAULT_TAG);
}

/** "docker.io/library/busybox", "localhost:5000/a/b". */
export function fullName(ref: Reference): string {
  return ref.domain === "" ? ref.path : `${ref.domain}/${ref.path}`;
}

function suffix(ref: Reference): string {
  return (ref.tag ? `:${ref.tag}` : "") + (ref.digest ? `@${ref.digest}` : "");
}

/** The canonical string: full name, then ":tag" and/or "@digest". */
export function referenceString(ref: Reference): string {
  return fullName(ref) + suffix(ref);
}

/** The name as Docker's UI shows it: without "docker.io/", and without "library/" for
 *  official images ("library/a/b" keeps its prefix, as upstream). */
export function familiarName(ref: Reference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return fullName(ref);
  if (ref.path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = ref.path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes("/")) return rest;
  }
  return ref.path;
}

/** familiarName with ":tag" and/or "@digest". */
export function familiarString(ref: Reference): string {
  return familiarName(ref) + suffix(ref);
}

/** The Engine API's pull form (`fromImage`, `tag`), as moby's image-create handler: a
 *  trailing ":" on the name is ignored, and `tag` may be a digest, which replaces any tag.
 *  No default tag is added: a bare name means "all tags" to a pull. */
export function parseRepositoryTag(repo: string, tag?: string): Reference {
  const ref = parseNormalizedNamed(repo.endsWith(":") ? repo.slice(0, -1) : repo);
  if (!tag) return ref;
  if (isDigest(tag)) return withDigest(makeReference(ref.domain, ref.path), tag);
  return withTag(ref, tag);
}

/** The host to contact for a pull: Docker Hub's API lives on registry-1.docker.io. */
export function registryHost(ref: Pick<Reference, "domain">): string {
  return ref.domain === DEFAULT_DOMAIN ? DEFAULT_REGISTRY_HOST : ref.domain;
}

/** True for a full or abbreviated image ID ("3f57d9401f8d", "sha256:3f57…"), the forms the
 *  image store resolves by prefix. */
export function looksLikeImageId(s: string): boolean {
  return imageIdRegexp.test(s);
}
