// Engine API wire types of networks (`/networks/*`) and of a container's endpoints, as the
// v1.44 spec defines them.

/** `EndpointIPAMConfig`: the addresses asked for an endpoint. */
export interface EndpointIPAMConfig {
  IPv4Address?: string;
  IPv6Address?: string;
  LinkLocalIPs?: string[] | null;
}

/** `EndpointSettings`: a container's endpoint on one network (asked at create, shown by inspect). */
export interface EndpointSettings {
  IPAMConfig?: EndpointIPAMConfig | null;
  Links?: string[] | null;
  MacAddress?: string;
  Aliases?: string[] | null;
  NetworkID?: string;
  EndpointID?: string;
  Gateway?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  IPv6Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  DriverOpts?: Record<string, string> | null;
  DNSNames?: string[] | null;
}

/** `NetworkingConfig`: the networks a container joins at create, by network name. */
export interface NetworkingConfig {
  EndpointsConfig?: Record<string, EndpointSettings | null> | null;
}

/** `IPAMConfig`: one pool of a network. */
export interface IPAMConfig {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string> | null;
}

/** `IPAM`: a network's address management. */
export interface IPAM {
  Driver?: string;
  Config?: IPAMConfig[] | null;
  Options?: Record<string, string> | null;
}

/** `NetworkContainer`: a container attached to a network, as network inspect lists it. */
export interface NetworkContainer {
  Name?: string;
  EndpointID?: string;
  MacAddress?: string;
  IPv4Address?: string;
  IPv6Address?: string;
}

/** `Network` (`GET /networks`, `GET /networks/{id}`). */
export interface Network {
  Name: string;
  Id: string;
  Created: string;
  Scope: string;
  Driver: string;
  EnableIPv6: boolean;
  IPAM: IPAM;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  Containers: Record<string, NetworkContainer>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** `POST /networks/create`'s body. */
export interface NetworkCreateRequest {
  Name: string;
  /** Deprecated: always enabled. */
  CheckDuplicate?: boolean;
  Driver?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  IPAM?: IPAM | null;
  EnableIPv6?: boolean;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/** `POST /networks/create`'s reply. */
export interface NetworkCreateResponse {
  Id: string;
  Warning: string;
}

/** `POST /networks/{id}/connect`'s body. */
export interface NetworkConnectRequest {
  Container: string;
  EndpointConfig?: EndpointSettings | null;
}

/** `POST /networks/{id}/disconnect`'s body. */
export interface NetworkDisconnectRequest {
  Container: string;
  Force?: boolean;
}

/** `POST /networks/prune`'s reply. */
export interface NetworkPruneResponse {
  NetworksDeleted: string[] | null;
}
