import { spawn } from "node:child_process";
import path from "node:path";
import { SystemError } from "../errdefs/errors.ts";

/** A plugin of a conflist, as CNI's spec: `type` names the binary, the rest is its config. */
export interface PluginConf {
  type: string;
  capabilities?: Record<string, boolean>;
  [key: string]: unknown;
}

export interface NetworkConfList {
  cniVersion: string;
  name: string;
  plugins: PluginConf[];
}

/** The part of a CNI 1.0 result berth reads. */
export interface CniResult {
  cniVersion: string;
  interfaces?: { name: string; mac?: string; sandbox?: string }[];
  ips?: { address: string; gateway?: string; interface?: number }[];
  routes?: { dst: string; gw?: string }[];
  dns?: unknown;
}

export interface Attachment {
  containerId: string;
  netns: string;
  ifName: string;
  /** Per-attachment values for plugins that declare the capability (portMappings, mac, …). */
  runtimeConfig?: Record<string, unknown>;
}

export const DEFAULT_CNI_PATH = "/usr/lib/cni";

/**
 * One plugin's stdin, built as libcni does: the plugin's own config plus the list's
 * name/cniVersion, the previous result, and only the runtimeConfig keys it has a
 * capability for.
 */
export function pluginInput(
  list: NetworkConfList,
  plugin: PluginConf,
  att: Attachment,
  prevResult: CniResult | undefined,
): Record<string, unknown> {
  const { capabilities, ...conf } = plugin;
  const out: Record<string, unknown> = { ...conf, cniVersion: list.cniVersion, name: list.name };
  const rc: Record<string, unknown> = {};
  for (const [cap, on] of Object.entries(capabilities ?? {})) {
    if (on && att.runtimeConfig?.[cap] !== undefined) rc[cap] = att.runtimeConfig[cap];
  }
  if (Object.keys(rc).length > 0) out.runtimeConfig = rc;
  if (prevResult) out.prevResult = prevResult;
  return out;
}

/**
 * The plugin's config for DEL without a `static` IPAM: that plugin allocates nothing, so its
 * DEL does nothing, and the bridge plugin execs its IPAM only when it has one (an L2-only
 * bridge) — one Go binary's start (5–15 ms, more on a busy host) less on every container's
 * exit and `--rm`. The veth is deleted the same way.
 */
export function withoutStaticIpam(plugin: PluginConf): PluginConf {
  const { ipam, ...rest } = plugin;
  return (ipam as { type?: unknown } | undefined)?.type === "static" ? rest : plugin;
}

export class CniError extends SystemError {}

/** Runs plugin binaries per the CNI spec: config on stdin, CNI_* in the environment. */
export class CniRunner {
  readonly pluginDir: string;

  constructor(pluginDir = DEFAULT_CNI_PATH) {
    this.pluginDir = pluginDir;
  }

  exec(command: "ADD" | "DEL" | "CHECK", type: string, input: unknown, att: Attachment): Promise<string> {
    const bin = path.join(this.pluginDir, path.basename(type));
    return new Promise((resolve, reject) => {
      const child = spawn(bin, [], {
        stdio: ["pipe", "pipe", "pipe"],
        env: {
          PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin",
          CNI_COMMAND: command,
          CNI_CONTAINERID: att.containerId,
          CNI_NETNS: att.netns,
          CNI_IFNAME: att.ifName,
          CNI_PATH: this.pluginDir,
        },
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (c: Buffer) => out.push(c));
      child.stderr.on("data", (c: Buffer) => err.push(c));
      child.on("error", (e) => reject(new CniError(`Cannot run CNI plugin ${bin}: ${e.message}`)));
      child.on("close", (code) => {
        const stdout = Buffer.concat(out).toString("utf8");
        if (code === 0) return resolve(stdout);
        // The spec's error object: {"code": n, "msg": "...", "details": "..."}.
        let msg = Buffer.concat(err).toString("utf8").trim() || stdout.trim();
        try {
          const e = JSON.parse(stdout) as { msg?: string; details?: string };
          msg = [e.msg, e.details].filter(Boolean).join(": ") || msg;
        } catch {
          // not JSON: keep the raw text
        }
        reject(new CniError(`CNI plugin ${type} ${command} failed: ${msg || `exit status ${code}`}`));
      });
      child.stdin.on("error", () => undefined);
      child.stdin.end(JSON.stringify(input));
    });
  }

  /** ADD every plugin in order, each getting the previous result; undoes the done part on failure. */
  async add(list: NetworkConfList, att: Attachment): Promise<CniResult> {
    let prev: CniResult | undefined;
    const done: PluginConf[] = [];
    for (const plugin of list.plugins) {
      try {
        prev = JSON.parse(
          await this.exec("ADD", plugin.type, pluginInput(list, plugin, att, prev), att),
        ) as CniResult;
        done.push(plugin);
      } catch (err) {
        // Undo what did succeed, and the failed one (a plugin may fail half-way): the spec
        // makes DEL idempotent, so this leaves no veth or rule behind a failed attach.
        await this.del({ ...list, plugins: [...done, plugin] }, att, prev).catch(() => undefined);
        throw err;
      }
    }
    if (!prev) throw new CniError(`Cannot attach to network ${list.name}: the plugin list is empty`);
    return prev;
  }

  /** DEL in reverse order with the cached ADD result, as libcni: without it the plugins cannot find their rules. */
  async del(list: NetworkConfList, att: Attachment, cached: CniResult | undefined): Promise<void> {
    const errors: string[] = [];
    for (const plugin of [...list.plugins].reverse()) {
      try {
        await this.exec("DEL", plugin.type, pluginInput(list, withoutStaticIpam(plugin), att, cached), att);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    if (errors.length > 0) throw new CniError(errors.join("; "));
  }

  async check(list: NetworkConfList, att: Attachment, cached: CniResult): Promise<void> {
    for (const plugin of list.plugins) {
      await this.exec("CHECK", plugin.type, pluginInput(list, plugin, att, cached), att);
    }
  }
}
