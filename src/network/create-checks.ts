// The create-time checks of a container's networking fields, as dockerd makes them before
// anything is written: MAC addresses, aliases off user networks, ports against the network
// mode, networks that exist, `--ip` only on user networks. The network resource of
// container-network.ts calls them from its `validate`.

import { errorMessage, InvalidParameterError } from "../errdefs/errors.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { HostConfig } from "../types/host-config.ts";
import type { NetworkingConfig } from "../types/network.ts";
import { type EndpointSettingsIn, isPrivateNetworkMode, MAC } from "./endpoint-settings.ts";
import type { NetworkService } from "./network-service.ts";
import { type PublishRequest, wantedPorts } from "./port-publish.ts";

interface CheckedContainer {
  Config: Pick<ContainerConfig, "ExposedPorts" | "MacAddress">;
  HostConfig: HostConfig;
  NetworkingConfig?: NetworkingConfig | null;
}

/**
 * At create: the networks exist, the MACs and port specs parse, and the networking fields fit
 * the network mode; `joined` are the networks a start would join. Returns dockerd's warnings.
 */
export function validateNetworking(
  networks: Pick<NetworkService, "list" | "get">,
  c: CheckedContainer,
  joined: string[],
): string[] | undefined {
  const mode = c.HostConfig.NetworkMode || "default";
  refuseAliasesOffUserNetworks(networks, c);
  const macs = [
    c.Config.MacAddress,
    ...Object.values(c.NetworkingConfig?.EndpointsConfig ?? {}).map(
      (e) => (e as EndpointSettingsIn)?.MacAddress,
    ),
  ].filter((m): m is string => Boolean(m));
  for (const m of macs) if (!MAC.test(m)) throw new InvalidParameterError(`invalid MAC address: ${m}`);
  if (macs.length && !isPrivateNetworkMode(mode)) {
    throw new InvalidParameterError("conflicting options: mac-address and the network mode");
  }
  if (mode === "host" || mode === "none" || mode.startsWith("container:")) {
    const hc = c.HostConfig as PublishRequest;
    if (!Object.keys(hc.PortBindings ?? {}).length && hc.PublishAllPorts !== true) return;
    // dockerd's answer for host: a warning (the ports are the host's anyway); none would drop
    // them silently, berth says so instead. container: never gets here: its conflicts are
    // refused first, in moby's order (container/create-validation.ts).
    if (mode === "host") return ["Published ports are discarded when using host network mode"];
    throw new InvalidParameterError(
      "Cannot publish ports with --network none: the container has no network of its own",
    );
  }
  const names = joined;
  for (const n of names) {
    // A 400, not the lookup's 404: the docker CLI takes a 404 from create for a missing
    // image and would try to pull it.
    if (!networks.list().some((r) => r.Name === n || r.Id === n)) networkNotFound(networks, n);
  }
  for (const [n, es] of Object.entries(c.NetworkingConfig?.EndpointsConfig ?? {})) {
    const wantsIp = (es as EndpointSettingsIn | null)?.IPAMConfig?.IPv4Address;
    if (wantsIp && (n === "bridge" || n === "default")) {
      throw new InvalidParameterError("user specified IP address is supported on user defined networks only");
    }
  }
  const hc = c.HostConfig as PublishRequest;
  if (!names.length) {
    if (Object.keys(hc.PortBindings ?? {}).length || hc.PublishAllPorts === true) {
      throw new InvalidParameterError(
        "Cannot publish ports: berthd has no default bridge (--bridge none); use a user network",
      );
    }
    return undefined;
  }
  wantedPorts({
    PortBindings: hc.PortBindings ?? null,
    PublishAllPorts: hc.PublishAllPorts === true,
    ExposedPorts: c.Config.ExposedPorts ?? null,
  });
  return undefined;
}

/** Aliases are names on a network's resolver: the predefined networks have none (dockerd's error). */
function refuseAliasesOffUserNetworks(
  networks: Pick<NetworkService, "list">,
  c: Pick<CheckedContainer, "NetworkingConfig">,
): void {
  for (const [n, es] of Object.entries(c.NetworkingConfig?.EndpointsConfig ?? {})) {
    if (!(es as EndpointSettingsIn | null)?.Aliases?.length) continue;
    const rec = networks.list().find((r) => r.Name === n || r.Id === n);
    const name = n === "default" ? "bridge" : (rec?.Name ?? n);
    if (["bridge", "host", "none"].includes(name) || name.startsWith("container:")) {
      // dockerd 25+'s create wording (validateNetworkingConfig around validateEndpointSettings).
      throw new InvalidParameterError(
        `invalid config for network ${n}: invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in user defined networks`,
      );
    }
  }
}

/** Throws the lookup's message for a network that is not there, as a 400. */
function networkNotFound(networks: Pick<NetworkService, "get">, ref: string): void {
  try {
    networks.get(ref);
  } catch (err) {
    throw new InvalidParameterError(errorMessage(err));
  }
}
