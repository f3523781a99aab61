import { InvalidParameterError } from "../../errdefs/errors.ts";
import { LIST_FILTERS } from "../../network/network-filters.ts";
import type { NetworkCreateRequest, NetworkRecord } from "../../network/network-record.ts";
import type { NetworkService } from "../../network/network-service.ts";
import { validateRequestBody } from "../../schema/engine-schema.ts";
import type { NetworkConnectRequest, NetworkDisconnectRequest } from "../../types/network.ts";
import { filtersParam, readJson, sendJson, sendNoContent, untilParam } from "../http-util.ts";
import type { Router } from "../router.ts";

/** What the network routes use of berthd. */
export interface NetworksBackend {
  readonly networks: Pick<
    NetworkService,
    "list" | "get" | "create" | "remove" | "prune" | "containersOf" | "containerName"
  >;
  /** Containers joining and leaving networks (the container service's operation). */
  readonly containers: {
    connectNetwork(
      network: string,
      container: string | undefined,
      es?: NetworkConnectRequest["EndpointConfig"],
    ): Promise<void>;
    disconnectNetwork(network: string, container: string | undefined, force?: boolean): Promise<void>;
  };
}

/** Docker's NetworkResource: the record plus `Containers` (ID → endpoint), empty in lists as dockerd. */
function resource(backend: NetworksBackend, rec: NetworkRecord, withContainers: boolean) {
  const containers: Record<string, unknown> = {};
  if (withContainers) {
    for (const ep of backend.networks.containersOf(rec.Id)) {
      containers[ep.ContainerID] = {
        Name: backend.networks.containerName(ep.ContainerID),
        EndpointID: ep.EndpointID,
        MacAddress: ep.MacAddress,
        IPv4Address: `${ep.IPAddress}/${ep.IPPrefixLen}`,
        IPv6Address: "",
      };
    }
  }
  const {
    Name,
    Id,
    Created,
    Scope,
    Driver,
    EnableIPv6,
    IPAM,
    Internal,
    Attachable,
    Ingress,
    ConfigFrom,
    ConfigOnly,
    Options,
    Labels,
  } = rec;
  return {
    Name,
    Id,
    Created,
    Scope,
    Driver,
    EnableIPv6,
    IPAM,
    Internal,
    Attachable,
    Ingress,
    ConfigFrom,
    ConfigOnly,
    Containers: containers,
    Options,
    Labels,
  };
}

export function registerNetworkRoutes(router: Router, backend: NetworksBackend): void {
  router.get("/networks", (ctx) => {
    const filters = filtersParam(ctx.query, LIST_FILTERS);
    sendJson(
      ctx.res,
      200,
      backend.networks.list(filters).map((n) => resource(backend, n, false)),
    );
  });

  router.get("/networks/{id}", (ctx) => {
    sendJson(ctx.res, 200, resource(backend, backend.networks.get(ctx.params.id), true));
  });

  router.post("/networks/create", async (ctx) => {
    const body = validateRequestBody("NetworkCreate", await readJson<NetworkCreateRequest>(ctx.req));
    if (!body) throw new InvalidParameterError("Cannot create network: the request body is empty");
    sendJson(ctx.res, 201, await backend.networks.create(body));
  });

  router.delete("/networks/{id}", async (ctx) => {
    await backend.networks.remove(ctx.params.id);
    sendNoContent(ctx.res);
  });

  router.post("/networks/prune", async (ctx) => {
    const filters = filtersParam(ctx.query, ["until", "label", "label!"]);
    const until = filters.get("until")?.map(untilParam);
    const removed = await backend.networks.prune(filters, until?.length ? Math.min(...until) : undefined);
    // dockerd's nil slice: null when nothing went.
    sendJson(ctx.res, 200, { NetworksDeleted: removed.length > 0 ? removed : null });
  });

  // 200 with no body, as dockerd's handlers that return nothing.
  router.post("/networks/{id}/connect", async (ctx) => {
    const body = validateRequestBody("NetworkConnect", await readJson<NetworkConnectRequest>(ctx.req));
    await backend.containers.connectNetwork(ctx.params.id, body?.Container, body?.EndpointConfig);
    sendNoContent(ctx.res, 200);
  });

  router.post("/networks/{id}/disconnect", async (ctx) => {
    const body = validateRequestBody("NetworkDisconnect", await readJson<NetworkDisconnectRequest>(ctx.req));
    await backend.containers.disconnectNetwork(ctx.params.id, body?.Container, body?.Force === true);
    sendNoContent(ctx.res, 200);
  });
}
