/**
 * Parsing the arguments of `wissel compare` (pure). Every malformed line is a UsageError naming the
 * argument, the value and the fix.
 */
import { KNOWN_TARGETS, validation } from "@wissel/core";
import { UsageError } from "./errors";

/** A parsed `wissel compare` command line. */
export interface CompareCommand {
  readonly command: "compare";
  readonly dir: string;
  /** The base stack; undefined: the project's own config defaults. */
  readonly stack: string | undefined;
  /** Targets the project must plan on cleanly; the exit code is 1 when one does not. */
  readonly require: readonly string[];
  readonly json: boolean;
  readonly policyConfig: string | undefined;
}

const FLAGS = ["--stack", "-s", "--require", "--json", "--policy-config", "--help", "-h"];
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

function closest(value: string, known: readonly string[]): string {
  const guess = validation.closest(value, known);
  return guess !== undefined ? ` Did you mean ${guess}?` : "";
}

/** The targets of `--require a,b`: each must be a known target. */
export function parseRequire(value: string): string[] {
  const known = Object.keys(KNOWN_TARGETS);
  const names = value.split(",").map((name) => name.trim());
  for (const name of names) {
    if (name === "")
      throw new UsageError(
        `--require ${JSON.stringify(value)} has an empty target name; list targets separated by commas, e.g. \`--require azure,scaleway\`.`,
      );
    if (!known.includes(name))
      throw new UsageError(
        `--require names an unknown target ${JSON.stringify(name)}; the targets are ${known.join(", ")}.${closest(name, known)}`,
      );
  }
  return [...new Set(names)];
}

/**
 * Parses the arguments after `wissel compare`; `{ command: "help" }` for `--help`.
 * Throws a UsageError for anything malformed.
 */
export function parseCompareArgs(
  rest: readonly string[],
): CompareCommand | { readonly command: "help" } {
  const positional: string[] = [];
  let stack: string | undefined;
  let require: string[] | undefined;
  let json = false;
  let policyConfig: string | undefined;
  const valueOf = (arg: string, flag: string, next: () => string | undefined) =>
    arg.startsWith(`${flag}=`) ? arg.slice(flag.length + 1) : next();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    const next = (): string | undefined => rest[++i];
    const name = arg.split("=")[0] ?? arg;
    if (arg === "-h" || arg === "--help") return { command: "help" };
    if (arg === "--json") {
      if (json) throw new UsageError("--json is given twice; pass it once.");
      json = true;
    } else if (name === "--stack" || arg === "-s") {
      const value = valueOf(arg, "--stack", next);
      if (value === undefined || value === "" || value.startsWith("-"))
        throw new UsageError(`${name} needs a stack name, e.g. \`${name} kubernetes\`.`);
      if (stack !== undefined) throw new UsageError("--stack is given twice; pass it once.");
      const stackName = value.slice(value.lastIndexOf("/") + 1);
      if (!STACK_NAME.test(stackName))
        throw new UsageError(
          `--stack ${JSON.stringify(value)} is not a stack name (letters, digits, hyphens, underscores, periods).`,
        );
      stack = stackName;
    } else if (name === "--require") {
      const value = valueOf(arg, "--require", next);
      if (value === undefined || value === "" || value.startsWith("-"))
        throw new UsageError(
          "--require needs the targets the project must be portable to, e.g. `--require azure,scaleway`.",
        );
      if (require !== undefined) throw new UsageError("--require is given twice; pass it once.");
      require = parseRequire(value);
    } else if (name === "--policy-config") {
      const value = valueOf(arg, "--policy-config", next);
      if (value === undefined || value === "" || value.startsWith("-"))
        throw new UsageError(
          "--policy-config needs a file, e.g. `--policy-config policy-config.json`.",
        );
      if (policyConfig !== undefined)
        throw new UsageError("--policy-config is given twice; pass it once.");
      policyConfig = value;
    } else if (arg.startsWith("-")) {
      throw new UsageError(
        `unknown option ${arg}; compare takes --stack <base>, --require <targets>, --json, --policy-config <file> and --help.${closest(name, FLAGS)}`,
      );
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1)
    throw new UsageError(
      `compare takes one project directory; received ${positional.map((p) => JSON.stringify(p)).join(", ")}.`,
    );
  return {
    command: "compare",
    dir: positional[0] ?? ".",
    stack,
    require: require ?? [],
    json,
    policyConfig,
  };
}
