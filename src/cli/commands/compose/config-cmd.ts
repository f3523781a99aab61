/** `berth compose config`: the model engineer's composeConfig (config.ts) behind the subcommand seam. */

import type { ComposeCommand } from "./common.ts";
import { composeConfig } from "./config.ts";

export const config: ComposeCommand = {
  name: "config",
  usage: "config [OPTIONS] [SERVICE...]",
  description: "Parse, resolve and render compose file in canonical format",
  // composeConfig parses its own flags: they are passed through untouched.
  flags: [],
  passThrough: true,
  async run(ctx, env, _flags, args) {
    return composeConfig(ctx, env.loadOptions, args);
  },
};
