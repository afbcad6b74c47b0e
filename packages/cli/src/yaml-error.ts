/**
 * A YAML syntax error as one message: the file, line and column once, the parser's reason, and a
 * code frame of the lines around it with a caret under the column (the parser's own frame is replaced,
 * so nothing is printed twice).
 */
import { YAMLParseError } from "yaml";
import { SetupError } from "./errors";

/** The lines around `line` (1-based) with a gutter, `>` marking the line and `^` the column. */
export function codeFrame(text: string, line: number, column: number, around = 1): string {
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, line - around);
  const last = Math.min(lines.length, line + around);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    // The empty "line" after a final newline is shown only when the error is on it.
    if (n === lines.length && n !== line && lines[n - 1] === "") continue;
    const gutter = String(n).padStart(width);
    out.push(`${n === line ? ">" : " "} ${gutter} | ${lines[n - 1] ?? ""}`.trimEnd());
    if (n === line) out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}^`);
  }
  return out.join("\n");
}

/** The SetupError for a YAML parse error in `file`; other errors are returned unchanged. */
export function yamlSetupError(error: unknown, text: string, file: string): unknown {
  if (!(error instanceof YAMLParseError)) return error;
  const reason = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  const start = error.linePos?.[0];
  if (start === undefined) return new SetupError(`${file} is not valid YAML: ${reason}.`);
  return new SetupError(
    `${file}:${start.line}:${start.col} is not valid YAML: ${reason}.\n${codeFrame(text, start.line, start.col)}`,
  );
}
