/**
 * Parsing the arguments of `wissel report` (pure): the project directories, the output file and an
 * optional stack. Every malformed line is a UsageError naming the argument and the fix.
 */
import { validation } from "@wissel/core";
import { UsageError } from "../errors";

/** A parsed `wissel report` command line. */
export interface ReportCommand {
  readonly command: "report";
  /** One or more project directories. */
  readonly dirs: readonly string[];
  /** The HTML file to write. */
  readonly out: string;
  /** Only this stack of each project; undefined: every stack with a stack file. */
  readonly stack: string | undefined;
}

const FLAGS = ["--out", "-o", "--stack", "-s", "--help", "-h"];
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** Parses the arguments after `wissel report`; `{ command: "help" }` for `--help`. */
export function parseReportArgs(
  rest: readonly string[],
): ReportCommand | { readonly command: "help" } {
  const dirs: string[] = [];
  let out: string | undefined;
  let stack: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    const name = arg.split("=")[0] ?? arg;
    const value = (): string | undefined =>
      arg.includes("=") && arg.startsWith("--") ? arg.slice(name.length + 1) : rest[++i];
    if (arg === "-h" || arg === "--help") return { command: "help" };
    if (name === "--out" || arg === "-o") {
      const file = value();
      if (file === undefined || file === "" || file.startsWith("-"))
        throw new UsageError("--out needs the HTML file to write, e.g. `--out report.html`.");
      if (out !== undefined) throw new UsageError("--out is given twice; pass it once.");
      out = file;
    } else if (name === "--stack" || arg === "-s") {
      const given = value();
      if (given === undefined || given === "" || given.startsWith("-"))
        throw new UsageError(`${name} needs a stack name, e.g. \`${name} scaleway\`.`);
      if (stack !== undefined) throw new UsageError("--stack is given twice; pass it once.");
      const stackName = given.slice(given.lastIndexOf("/") + 1);
      if (!STACK_NAME.test(stackName))
        throw new UsageError(
          `--stack ${JSON.stringify(given)} is not a stack name (letters, digits, hyphens, underscores, periods).`,
        );
      stack = stackName;
    } else if (arg.startsWith("-")) {
      const guess = validation.closest(name, FLAGS);
      throw new UsageError(
        `unknown option ${arg}; report takes <project dir…>, --out <file>, --stack <name> and --help.${guess !== undefined ? ` Did you mean ${guess}?` : ""}`,
      );
    } else {
      dirs.push(arg);
    }
  }
  if (out === undefined)
    throw new UsageError(
      "--out is required: name the HTML file to write, e.g. `--out report.html`.",
    );
  if (!/\.html?$/i.test(out))
    throw new UsageError(
      `--out ${JSON.stringify(out)} is not an .html file; the report is one HTML page, e.g. \`--out report.html\`.`,
    );
  return { command: "report", dirs: dirs.length > 0 ? dirs : ["."], out, stack };
}
