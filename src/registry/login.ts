// `POST /auth` on the service side: Docker's login check against a registry.

import { SystemError, UnauthorizedError } from "../errdefs/errors.ts";
import { DEFAULT_DOMAIN, LEGACY_DEFAULT_DOMAIN } from "../image/reference.ts";
import type { RegistryCredentials } from "./auth.ts";
import { RegistryClient, type RegistryConfig, readAll, registryErrorText } from "./registry-client.ts";

/** The registry domain a login's `serveraddress` names: Hub's URL or spellings, else the host. */
export function loginDomain(serveraddress: string | undefined): string {
  const addr = (serveraddress ?? "").trim();
  if (!addr) return DEFAULT_DOMAIN;
  const host = addr.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  if (host === DEFAULT_DOMAIN || host === LEGACY_DEFAULT_DOMAIN || host === "registry-1.docker.io") {
    return DEFAULT_DOMAIN;
  }
  return host;
}

/**
 * Docker's login check: `GET /v2/` with the credentials, through the challenge the registry
 * answers (Basic, or a Bearer token fetched from the realm with the credentials). The token
 * request asks for a refresh token (`offline_token=true`); one the server hands out is the
 * identity token the client stores instead of the password.
 */
export async function checkLogin(
  creds: RegistryCredentials,
  config: RegistryConfig,
): Promise<string | undefined> {
  const client = new RegistryClient(loginDomain(creds.serveraddress), "", creds, config, {
    offlineToken: true,
  });
  // The probe first: for an insecure registry it picks the scheme the URL below names.
  await client.ping();
  const url = new URL("v2/", client.base);
  try {
    const res = await client.request("GET", url, { scopes: [] });
    const body = await readAll(res, 1024 * 1024);
    if (res.status !== 200) {
      throw new SystemError(`Get "${url.href}": ${registryErrorText(body, res.status)}`);
    }
    return client.identityToken;
  } catch (err) {
    if (err instanceof UnauthorizedError) {
      // The token server's or the registry's refusal, worded as Docker's.
      const cause = err.message.replace(/^(GET \S+|Cannot get a token from \S+): /, "");
      throw new UnauthorizedError(`Get "${url.href}": ${cause}`, { cause: err });
    }
    throw err;
  }
}
