// Here-documents of RUN, COPY and ADD, as BuildKit's Dockerfile frontend reads and applies
// them (moby/buildkit frontend/dockerfile/parser: heredocsFromLine, ParseHeredoc,
// ChompHeredocContent; dockerfile2llb dispatchRun). dockerfile-ast tells which lines belong
// to the instruction; the names, contents and terminators are read here by BuildKit's rules,
// because dockerfile-ast's argument text joins line continuations inside the documents.
// Hand-written: no npm package implements BuildKit's heredoc rules.

import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import { InvalidParameterError } from "../errdefs/errors.ts";

export interface Heredoc {
  name: string;
  /** The lines up to the terminator, each with its newline, as written (tabs kept). */
  content: string;
  /** `<<-`: leading tabs are stripped from the content and the terminator. */
  chomp: boolean;
  /** False when the name was quoted (`<<"EOF"`, `<<'EOF'`): no variable expansion. */
  expand: boolean;
}

const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;

/** Shell words of a line with their quotes kept (BuildKit's lexer with RawQuotes). */
function rawWords(line: string, esc: string): string[] {
  const out: string[] = [];
  let word = "";
  let inWord = false;
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      word += ch;
      if (ch === quote) quote = "";
      else if (ch === esc && quote === '"' && i + 1 < line.length) word += line[++i];
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) out.push(word);
      word = "";
      inWord = false;
      continue;
    }
    inWord = true;
    word += ch;
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === esc && i + 1 < line.length) word += line[++i];
  }
  if (inWord) out.push(word);
  return out;
}

/** The heredoc a word opens (`<<EOF`, `<<-EOF`, `<<"EOF"`), or undefined: BuildKit's ParseHeredoc. */
export function parseHeredocWord(word: string, esc = "\\"): Omit<Heredoc, "content"> | undefined {
  const m = HEREDOC_WORD.exec(word);
  if (!m || m[3] === "") return undefined;
  const rest = m[3];
  if (rawWords(rest, esc).length !== 1) return undefined;
  // Quote removal, as the shell does to a here-document's delimiter.
  let name = "";
  let quote = "";
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (quote) {
      if (ch === quote) quote = "";
      else name += ch;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === esc && i + 1 < rest.length) name += rest[++i];
    else name += ch;
  }
  if (name === "") return undefined;
  return { name, chomp: m[2] === "-", expand: name === rest };
}

/** BuildKit's ChompHeredocContent: leading tabs off every line. */
export function chompHeredoc(content: string): string {
  return content.replace(/^\t+/gm, "");
}

/**
 * Splits an instruction's raw argument text (flags already off, line breaks kept) into its
 * command line (continuations joined) and its here-documents, or undefined when it opens
 * none. An unterminated document or text after the last one is an error naming the line.
 */
export function splitHeredocs(
  raw: string,
  esc: string,
  line: number,
): { command: string; heredocs: Heredoc[] } | undefined {
  const lines = raw.split("\n");
  let command = "";
  let i = 0;
  // The logical line: physical lines joined while one ends with the escape token.
  for (; i < lines.length; i++) {
    const l = lines[i].replace(/\r$/, "");
    if (l.trimEnd().endsWith(esc) && i + 1 < lines.length) {
      command += l.trimEnd().slice(0, -esc.length);
      continue;
    }
    command += l;
    i++;
    break;
  }
  const opened = rawWords(command, esc)
    .map((w) => parseHeredocWord(w, esc))
    .filter((h) => h !== undefined);
  if (opened.length === 0) return undefined;
  const heredocs: Heredoc[] = [];
  for (const h of opened) {
    let content = "";
    let terminated = false;
    for (; i < lines.length; i++) {
      const l = lines[i].replace(/\r$/, "");
      if ((h.chomp ? l.replace(/^\t+/, "") : l) === h.name) {
        terminated = true;
        i++;
        break;
      }
      content += `${lines[i]}\n`;
    }
    if (!terminated)
      throw new InvalidParameterError(`Dockerfile parse error on line ${line}: unterminated heredoc`);
    heredocs.push({ ...h, content });
  }
  const left = lines.slice(i).join("\n").trim();
  if (left !== "")
    throw new InvalidParameterError(
      `Dockerfile parse error on line ${line}: unexpected text after the heredoc ${opened.at(-1)?.name}`,
    );
  return { command: command.trim(), heredocs };
}

/**
 * RUN's command for its here-documents, as dispatchRun: a lone `<<EOF` runs the document
 * (through a file under /dev/pipes/ when it starts with `#!`, else as the shell's script);
 * anything else hands the whole text, documents included, to the shell, which reads them
 * itself. Returns the script for the shell, or a file to write and run.
 */
export function runHeredocCommand(
  command: string,
  heredocs: Heredoc[],
  esc: string,
): { script: string } | { file: { name: string; content: string } } {
  const lone = parseHeredocWord(command, esc);
  if (lone && heredocs.length >= 1) {
    const doc = heredocs[0];
    const data = doc.chomp ? chompHeredoc(doc.content) : doc.content;
    if (data.startsWith("#!")) return { file: { name: doc.name, content: data } };
    return { script: data };
  }
  let full = command;
  for (const d of heredocs) full += `\n${d.content}${d.name}`;
  return { script: full };
}

/**
 * COPY/ADD's sources: the words that open here-documents become files named after them
 * (0644, content chomped for `<<-` and expanded unless the name was quoted, as BuildKit's
 * SourceContent), written under `dir`; the other words are returned as paths.
 */
export async function heredocSources(
  srcs: string[],
  heredocs: Heredoc[] | undefined,
  dir: string,
  expand: (content: string) => string,
  esc: string,
): Promise<{ paths: string[]; files: { rel: string; abs: string }[] }> {
  if (!heredocs?.length) return { paths: srcs, files: [] };
  const paths: string[] = [];
  const files: { rel: string; abs: string }[] = [];
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let next = 0;
  for (const s of srcs) {
    const h = parseHeredocWord(s, esc);
    if (!h || next >= heredocs.length) {
      paths.push(s);
      continue;
    }
    const doc = heredocs[next++];
    let data = doc.chomp ? chompHeredoc(doc.content) : doc.content;
    if (doc.expand) data = expand(data);
    const sub = await mkdtemp(path.join(dir, "heredoc-"));
    const abs = path.join(sub, path.basename(doc.name));
    await writeFile(abs, data, { mode: 0o644 });
    await chmod(abs, 0o644);
    files.push({ rel: doc.name, abs });
  }
  return { paths, files };
}
