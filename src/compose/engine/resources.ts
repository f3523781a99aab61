// The project's networks and volumes: made before any container (external ones must exist),
// removed by `down` (volumes only with -v), found again by their Compose labels.
import { ApiError, type EngineClient } from "../../client/client.ts";
import type { Project } from "../types.ts";
import { COMPOSE_VERSION, L, projectNetworks } from "./labels.ts";
import type { Progress } from "./progress.ts";

interface NetworkSummary {
  Id: string;
  Name: string;
  Labels?: Record<string, string> | null;
}

const labelFilter = (label: string) => JSON.stringify({ label: [label] });

export async function ensureNetworks(
  client: EngineClient,
  project: Project,
  used: Set<string>,
  progress: Progress,
) {
  for (const [key, net] of Object.entries(projectNetworks(project))) {
    if (!used.has(key)) continue;
    const existing = await client
      .json<NetworkSummary>("GET", `/networks/${encodeURIComponent(net.name)}`)
      .catch((err) => {
        if (err instanceof ApiError && err.status === 404) return undefined;
        throw err;
      });
    if (net.external) {
      if (!existing) throw new Error(`network ${net.name} declared as external, but could not be found`);
      continue;
    }
    if (existing) {
      const owner = existing.Labels?.[L.project];
      if (owner !== undefined && owner !== project.name)
        progress("Network", net.name, `Warn: exists but was created for project "${owner}"`);
      continue;
    }
    if (net.ipam?.config?.some((c) => c.ip_range || c.aux_addresses))
      throw new Error(`network ${key}: ipam ip_range and aux_addresses are not supported by berth`);
    progress("Network", net.name, "Creating");
    await client.ok("POST", "/networks/create", {
      body: {
        Name: net.name,
        CheckDuplicate: true,
        Driver: net.driver ?? "bridge",
        Options: net.driver_opts,
        Internal: net.internal,
        Attachable: net.attachable,
        EnableIPv6: net.enable_ipv6,
        IPAM: net.ipam
          ? {
              Driver: net.ipam.driver ?? "default",
              Options: net.ipam.options,
              Config: (net.ipam.config ?? []).map((c) => ({ Subnet: c.subnet, Gateway: c.gateway })),
            }
          : undefined,
        Labels: { ...net.labels, [L.network]: key, [L.project]: project.name, [L.version]: COMPOSE_VERSION },
      },
    });
    progress("Network", net.name, "Created");
  }
}

export async function ensureVolumes(
  client: EngineClient,
  project: Project,
  used: Set<string>,
  progress: Progress,
) {
  for (const [key, vol] of Object.entries(project.volumes)) {
    if (!used.has(key)) continue;
    const existing = await client.json("GET", `/volumes/${encodeURIComponent(vol.name)}`).catch((err) => {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    });
    if (vol.external) {
      if (!existing) throw new Error(`external volume "${vol.name}" not found`);
      continue;
    }
    if (existing) continue;
    progress("Volume", `"${vol.name}"`, "Creating");
    await client.ok("POST", "/volumes/create", {
      body: {
        Name: vol.name,
        Driver: vol.driver ?? "local",
        DriverOpts: vol.driver_opts ?? {},
        Labels: { ...vol.labels, [L.volume]: key, [L.project]: project.name, [L.version]: COMPOSE_VERSION },
      },
    });
    progress("Volume", `"${vol.name}"`, "Created");
  }
}

/** The project's own networks (by label, so a renamed or removed key is found too). */
export async function removeNetworks(client: EngineClient, projectName: string, progress: Progress) {
  const nets = await client.json<NetworkSummary[]>("GET", "/networks", {
    query: { filters: labelFilter(`${L.project}=${projectName}`) },
  });
  await Promise.all(
    nets.map(async (n) => {
      progress("Network", n.Name, "Removing");
      try {
        await client.ok("DELETE", `/networks/${n.Id}`);
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
      progress("Network", n.Name, "Removed");
    }),
  );
}

export async function removeVolumes(client: EngineClient, projectName: string, progress: Progress) {
  const res = await client.json<{ Volumes: { Name: string }[] | null }>("GET", "/volumes", {
    query: { filters: labelFilter(`${L.project}=${projectName}`) },
  });
  for (const v of res.Volumes ?? []) {
    progress("Volume", v.Name, "Removing");
    try {
      await client.ok("DELETE", `/volumes/${encodeURIComponent(v.Name)}`);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
    progress("Volume", v.Name, "Removed");
  }
}
