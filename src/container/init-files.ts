// The init layer as the first resource of the seam: /etc/hostname, /etc/hosts and
// /etc/resolv.conf written into the container's directory and bind-mounted, so that diff
// and commit leave them out (as Docker's).

import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerResource, SpecContribution } from "./resources.ts";

function readFileSafe(p: string): string | undefined {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
}

export class InitFiles implements ContainerResource {
  readonly name = "init-files";
  private readonly dirOf: (id: string) => string;

  constructor(dirOf: (id: string) => string) {
    this.dirOf = dirOf;
  }

  async prepare(rec: ContainerRecord, sofar: SpecContribution): Promise<SpecContribution> {
    const dir = this.dirOf(rec.ID);
    const hc = rec.HostConfig;
    const hostname = rec.Config.Hostname ?? rec.ID.slice(0, 12);
    const files = {
      hostname: path.join(dir, "hostname"),
      hosts: path.join(dir, "hosts"),
      resolvConf: path.join(dir, "resolv.conf"),
    };
    await writeFile(files.hostname, `${hostname}\n`);
    const extraHosts = (hc.ExtraHosts ?? []).map((h) => {
      const i = h.indexOf(":");
      return `${h.slice(i + 1)}\t${h.slice(0, i)}`;
    });
    const hosts = [
      "127.0.0.1\tlocalhost",
      "::1\tlocalhost ip6-localhost ip6-loopback",
      "fe00::0\tip6-localnet",
      "ff00::0\tip6-mcastprefix",
      "ff02::1\tip6-allnodes",
      "ff02::2\tip6-allrouters",
      ...(sofar.hostsEntries ?? []),
      ...extraHosts,
    ];
    if (hc.NetworkMode === "host") {
      await writeFile(files.hosts, readFileSafe("/etc/hosts") ?? `${hosts.join("\n")}\n`);
    } else await writeFile(files.hosts, `${hosts.join("\n")}\n`);
    const dns = [...(hc.Dns ?? [])];
    if (!dns.length) dns.push(...(sofar.nameservers ?? []));
    const search = hc.DnsSearch ?? [];
    const options = hc.DnsOptions ?? [];
    let resolv = readFileSafe("/etc/resolv.conf") ?? "";
    // A loopback resolver of the host is unreachable from a private network namespace.
    if (hc.NetworkMode !== "host") {
      resolv = resolv
        .split("\n")
        .filter((l) => !/^\s*nameserver\s+(127\.|::1)/.test(l))
        .join("\n");
    }
    if (dns.length || search.length || options.length) {
      resolv = [
        ...dns.map((d) => `nameserver ${d}`),
        ...(search.length ? [`search ${search.join(" ")}`] : []),
        ...(options.length ? [`options ${options.join(" ")}`] : []),
        "",
      ].join("\n");
    }
    await writeFile(files.resolvConf, resolv);
    return { initFiles: files };
  }

  // The files live in the container's directory: removal takes them, a new start rewrites them.
  async release(): Promise<void> {}

  async adopt(): Promise<void> {}
}
