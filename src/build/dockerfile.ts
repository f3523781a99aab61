// A Dockerfile read into stages of instructions, through dockerfile-ast (the parser of the
// Dockerfile language server: line continuations, `# escape=`, comments, JSON forms and
// instruction flags as Docker reads them). What phase 1 of the builder cannot apply is
// refused here, naming the line, before anything runs.

import { DockerfileParser } from "dockerfile-ast";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { type Heredoc, splitHeredocs } from "./heredoc.ts";

export interface Instruction {
  /** 1-based line of the instruction's first line. */
  line: number;
  /** Upper case: RUN, COPY, … */
  keyword: string;
  /** The arguments with line continuations removed (Docker's "original" text less the keyword). */
  args: string;
  /** `--name=value` flags, in order. */
  flags: [string, string | undefined][];
  /** The JSON (exec) form's strings, when the arguments are a JSON array. */
  json?: string[];
  /** The instruction as Docker prints it in "Step n/m : …". */
  text: string;
  /** RUN/COPY/ADD's here-documents, in the order the command line opens them. */
  heredocs?: Heredoc[];
}

export interface Stage {
  index: number;
  /** `FROM`'s image word, unexpanded. */
  base: string;
  name?: string;
  from: Instruction;
  body: Instruction[];
}

export interface ParsedDockerfile {
  escape: string;
  /** ARGs before the first FROM. */
  metaArgs: Instruction[];
  stages: Stage[];
  /** Count of instructions, for "Step n/total". */
  total: number;
}

const SUPPORTED = new Set([
  "FROM",
  "RUN",
  "CMD",
  "ENTRYPOINT",
  "ENV",
  "ARG",
  "LABEL",
  "MAINTAINER",
  "EXPOSE",
  "VOLUME",
  "USER",
  "WORKDIR",
  "COPY",
  "ADD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "ONBUILD",
  "SHELL",
]);

/** Flags each instruction takes in phase 1; any other flag is refused with its line. */
const FLAGS: Record<string, string[]> = {
  FROM: ["platform"],
  RUN: ["mount", "network"],
  COPY: ["from", "chown", "chmod", "link"],
  ADD: ["chown", "chmod", "link", "checksum"],
  HEALTHCHECK: ["interval", "timeout", "start-period", "start-interval", "retries"],
};

function refuse(line: number, msg: string): never {
  throw new InvalidParameterError(`Dockerfile parse error on line ${line}: ${msg}`);
}

interface AstInstruction {
  getKeyword(): string;
  getRange(): { start: { line: number } };
  getArgumentsContent(): string | null;
  getRawArgumentsContent(): string | null;
  getFlags?(): { getName(): string; getValue(): string | null }[];
  getJSONStrings?(): { getJSONValue(): string }[];
  getHeredocs?(): unknown[];
}

function toInstruction(ast: AstInstruction, esc: string): Instruction {
  const line = ast.getRange().start.line + 1;
  const keyword = ast.getKeyword().toUpperCase();
  if (!SUPPORTED.has(keyword)) refuse(line, `unknown instruction: ${ast.getKeyword()}`);
  const raw = ast.getRawArgumentsContent() ?? "";
  const flags = (ast.getFlags?.() ?? []).map(
    (f) => [f.getName(), f.getValue() ?? undefined] as [string, string | undefined],
  );
  // dockerfile-ast keeps the flags in the argument text: take them off as Docker's parser does.
  let args = (ast.getArgumentsContent() ?? "").trim();
  for (let i = 0; i < flags.length; i++) args = args.replace(/^--\S+\s*/, "");
  let heredocs: Heredoc[] | undefined;
  if ((keyword === "RUN" || keyword === "COPY" || keyword === "ADD") && (ast.getHeredocs?.() ?? []).length) {
    let rawArgs = raw;
    for (let i = 0; i < flags.length; i++) rawArgs = rawArgs.replace(/^\s*--\S+\s*/, "");
    const split = splitHeredocs(rawArgs, esc, line);
    // dockerfile-ast saw documents the command line does not open as BuildKit reads it.
    if (!split) refuse(line, "the here-documents do not match the command line's << words");
    args = split.command;
    heredocs = split.heredocs;
  }
  if (FLAGS[keyword]) {
    for (const [name] of flags) {
      if (!FLAGS[keyword].includes(name)) {
        if (keyword === "RUN" && name === "security")
          refuse(line, "RUN --security is not supported by berth's builder (no insecure entitlement)");
        refuse(line, `unknown flag: --${name}`);
      }
    }
  } else if (flags.length > 0) refuse(line, `unknown flag: --${flags[0][0]}`);
  let json: string[] | undefined;
  if (!heredocs && /^\[/.test(args)) {
    try {
      const v: unknown = JSON.parse(args);
      if (Array.isArray(v) && v.every((s) => typeof s === "string")) json = v as string[];
    } catch {
      // Not valid JSON: Docker takes such text as the shell form.
    }
  }
  const flagText = flags.map(([n, v]) => (v === undefined ? `--${n}` : `--${n}=${v}`)).join(" ");
  const text = `${keyword} ${flagText ? `${flagText} ` : ""}${args}`.trim();
  return { line, keyword, args, flags, ...(json ? { json } : {}), ...(heredocs ? { heredocs } : {}), text };
}

export function parseDockerfile(source: string): ParsedDockerfile {
  const ast = DockerfileParser.parse(source);
  const escapeChar = ast.getEscapeCharacter();
  for (const d of ast.getDirectives()) {
    const name = d.getDirective()?.toLowerCase();
    if (name !== "escape" && name !== "syntax" && name !== "check")
      refuse(d.getRange().start.line + 1, `unknown parser directive: ${name}`);
  }
  const metaArgs: Instruction[] = [];
  const stages: Stage[] = [];
  let total = 0;
  for (const node of ast.getInstructions() as unknown as AstInstruction[]) {
    const ins = toInstruction(node, escapeChar);
    total++;
    if (ins.keyword === "FROM") {
      const words = ins.args.split(/\s+/).filter(Boolean);
      if (words.length === 3 && words[1].toUpperCase() === "AS") {
        if (!/^[a-z][a-z0-9-_.]*$/i.test(words[2]))
          refuse(
            ins.line,
            `invalid name for build stage: "${words[2]}", name can't start with a number or contain symbols`,
          );
        stages.push({
          index: stages.length,
          base: words[0],
          name: words[2].toLowerCase(),
          from: ins,
          body: [],
        });
      } else if (words.length === 1) {
        stages.push({ index: stages.length, base: words[0], from: ins, body: [] });
      } else refuse(ins.line, "FROM requires either one or three arguments");
    } else if (stages.length === 0) {
      if (ins.keyword !== "ARG") refuse(ins.line, "no build stage in current context");
      metaArgs.push(ins);
    } else stages[stages.length - 1].body.push(ins);
  }
  if (stages.length === 0) throw new InvalidParameterError("the Dockerfile (Dockerfile) cannot be empty");
  const names = new Set<string>();
  for (const s of stages) {
    if (s.name && names.has(s.name)) refuse(s.from.line, `duplicate name ${s.name}`);
    if (s.name) names.add(s.name);
  }
  return { escape: escapeChar, metaArgs, stages, total };
}
