import { InvalidParameterError } from "../errdefs/errors.ts";
import { formatCidr, formatIPv4, parseCidr } from "./ipv4.ts";
import { type AddressPool, DEFAULT_POOLS, validatePools } from "./subnet-pool.ts";

/** berthd's networking settings: dockerd's `bridge`, `bip`, `default-address-pools`, `iptables`. */
export interface NetworkOptions {
  /** Device of the default `bridge` network; `none` disables that network. */
  bridge: string;
  /** `--bip`: the bridge's gateway address with its prefix, as dockerd. */
  bip?: { subnet: string; gateway: string };
  pools: AddressPool[];
  /** false: berth adds no packet-filter rules and no masquerade (`--iptables=false`). */
  iptables: boolean;
}

export const DEFAULT_BRIDGE = "berth0";

/** From daemon.json keys / flags as daemon/config.ts passes them in `extra`. */
export function networkOptions(extra: Record<string, unknown>): NetworkOptions {
  const bridge = extra.bridge === undefined ? DEFAULT_BRIDGE : String(extra.bridge);
  if (!/^[a-zA-Z0-9_.-]{1,15}$/.test(bridge)) {
    throw new InvalidParameterError(
      `invalid bridge name ${JSON.stringify(bridge)}: at most 15 of [a-zA-Z0-9_.-]`,
    );
  }
  let bip: NetworkOptions["bip"];
  if (extra.bip !== undefined && extra.bip !== "") {
    const c = parseCidr(String(extra.bip));
    if (!c || c.addr === c.base || c.prefix > 30) {
      throw new InvalidParameterError(
        `invalid bip ${JSON.stringify(extra.bip)}: want the bridge's address and prefix, as 10.20.0.1/16`,
      );
    }
    bip = { subnet: formatCidr(c), gateway: formatIPv4(c.addr) };
  }
  const pools =
    extra["default-address-pools"] === undefined
      ? DEFAULT_POOLS
      : validatePools(extra["default-address-pools"]);
  const ipt = extra.iptables;
  if (ipt !== undefined && ![true, false, "true", "false"].includes(ipt as never)) {
    throw new InvalidParameterError(`invalid iptables ${JSON.stringify(ipt)}: must be true or false`);
  }
  return { bridge, bip, pools, iptables: ipt === undefined || ipt === true || ipt === "true" };
}
