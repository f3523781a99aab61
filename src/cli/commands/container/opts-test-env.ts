// What the run/create option tests share: a fake environment (a seam: no real files or
// variables) and `berth run <argv>` parsed as the command does it.
import { parseFlags } from "../../flags.ts";
import { parseContainerOptions } from "./opts.ts";
import type { OptionsEnv } from "./opts-common.ts";
import { containerFlags, createOnlyFlags, runOnlyFlags } from "./opts-flags.ts";

export const files: Record<string, string> = {
  "/cfg/app.env": "# comment\n\nFOO=bar\n  SPACED=x y\nFROM_HOST\nEMPTY=\n",
  "/cfg/labels": "com.example.a=1\ncom.example.flag\n",
};

export const env: OptionsEnv = {
  lookupEnv: (k) => ({ FROM_HOST: "host-value", HOME: "/root" })[k],
  readFile: (f) => {
    if (f in files) return files[f];
    throw Object.assign(new Error(`ENOENT: ${f}`), { code: "ENOENT" });
  },
  cwd: "/work/dir",
};

/** `berth run <argv>` parsed as the command does it. */
export function runBody(argv: string[]) {
  const { flags, args } = parseFlags(argv, [...runOnlyFlags, ...createOnlyFlags, ...containerFlags], {
    interspersed: false,
  });
  const [image, ...cmd] = args;
  return parseContainerOptions(flags, image, cmd, env).body;
}
