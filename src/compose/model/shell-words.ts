// Splits a string `command`/`entrypoint` into words as Compose does (go-shellwords, without
// environment or backtick expansion): blanks separate words, single quotes are literal, double
// quotes keep blanks and honour `\`, a backslash escapes the next character. Hand-written
// rather than build/shell-lex.ts (compose/ may not import build/, and that is Dockerfile
// syntax) or an npm lexer (shlex/shell-quote split shell operators and comments differently
// from go-shellwords, which Compose uses).

export function splitShellWords(s: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
      continue;
    }
    if (c === "\\" && i + 1 < s.length) {
      const n = s[i + 1];
      // In double quotes a backslash escapes only what the shell lets it escape.
      if (quote === '"' && !'"\\$`\n'.includes(n)) cur += c;
      cur += n;
      inWord = true;
      i++;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
      continue;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
      continue;
    }
    cur += c;
    inWord = true;
  }
  if (quote)
    throw new Error(`invalid command line string: unterminated ${quote === "'" ? "single" : "double"} quote`);
  if (inWord) words.push(cur);
  return words;
}
