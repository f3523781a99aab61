// Engine API wire types of the registry endpoints, as the v1.44 spec has them. This folder
// imports nothing: the daemon (api/) and its clients (client/, cli/) both depend on it.

/** One entry of `GET /images/search`'s reply. */
export interface SearchResult {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}

/**
 * `AuthConfig`: `POST /auth`'s body, and the JSON in `X-Registry-Auth` (base64url). The spec
 * lists four fields; Docker's clients also send the two token fields of Go's AuthConfig.
 */
export interface AuthConfig {
  username?: string;
  password?: string;
  email?: string;
  serveraddress?: string;
  identitytoken?: string;
  registrytoken?: string;
}

/** `POST /auth`'s reply. */
export interface SystemAuthResponse {
  Status: string;
  IdentityToken?: string;
}

/** `OCIPlatform` as `GET /distribution/{name}/json` lists it. */
export interface DistributionPlatform {
  architecture: string;
  os: string;
  "os.version"?: string;
  "os.features"?: string[];
  variant?: string;
}

/** `GET /distribution/{name}/json`'s reply: the manifest's descriptor and its platforms. */
export interface DistributionInspect {
  Descriptor: { mediaType: string; digest: string; size: number };
  /** null when the registry tells none (Go's nil slice). */
  Platforms: DistributionPlatform[] | null;
}
