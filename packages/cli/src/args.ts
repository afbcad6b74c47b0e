/**
 * Parsing the arguments after `wissel` (pure): the command, its flags and the project directory.
 * Every malformed line is a UsageError that names the argument and, where one is close, suggests the
 * flag or command that was probably meant.
 */
import { validation } from "@wissel/core";
import { parseCompareArgs, type CompareCommand } from "./compare-args";
import { UsageError } from "./errors";
import { parseReportArgs, type ReportCommand } from "./report/report-args";

/** A parsed command line. */
export type Command =
  | { readonly command: "help" }
  | { readonly command: "version" }
  | {
      readonly command: "plan";
      readonly dir: string;
      readonly stack: string;
      readonly json: boolean;
      /** A CrossGuard pack config file (`--policy-config`): the rules' levels and residency facts. */
      readonly policyConfig: string | undefined;
      /** A stack's exported state (`--against`): the plan is diffed against it. */
      readonly against: string | undefined;
    }
  | CompareCommand
  | ReportCommand;

const COMMANDS = ["plan", "compare", "report"] as const;
/** The flags `plan` takes, long form first. */
const PLAN_FLAGS = [
  "--stack",
  "-s",
  "--json",
  "--policy-config",
  "--against",
  "--help",
  "-h",
  "--version",
] as const;
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

function suggestion(value: string, known: readonly string[]): string {
  const guess = validation.closest(value, known);
  return guess !== undefined ? ` Did you mean ${guess}?` : "";
}

/** Parses the arguments after `wissel`. Throws a UsageError for anything malformed. */
export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help")
    return { command: "help" };
  if (command === "--version" || command === "version") return { command: "version" };
  if (command === "compare") return parseCompareArgs(rest);
  if (command === "report") return parseReportArgs(rest);
  if (command !== "plan") {
    const known = command.startsWith("-") ? ["--help", "--version"] : [...COMMANDS];
    const what = command.startsWith("-") ? "option" : "command";
    throw new UsageError(
      `unknown ${what} ${JSON.stringify(command)}; wissel knows: plan, compare, report, --help, --version.${suggestion(command, known)}`,
    );
  }

  const positional: string[] = [];
  let stack: { flag: string; value: string } | undefined;
  let json = false;
  let policyConfig: string | undefined;
  let against: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    if (arg === "-h" || arg === "--help") return { command: "help" };
    if (arg === "--version") return { command: "version" };
    if (arg === "--json") {
      if (json) throw new UsageError("--json is given twice; pass it once.");
      json = true;
    } else if (arg === "--policy-config" || arg.startsWith("--policy-config=")) {
      const inline = arg.startsWith("--policy-config=");
      const value = inline ? arg.slice("--policy-config=".length) : rest[++i];
      if (value === undefined || value === "" || value.startsWith("-"))
        throw new UsageError(
          "--policy-config needs a file, e.g. `--policy-config policy-config.json` (the file `pulumi preview --policy-pack-config` reads).",
        );
      if (policyConfig !== undefined)
        throw new UsageError("--policy-config is given twice; pass it once.");
      policyConfig = value;
    } else if (arg === "--against" || arg.startsWith("--against=")) {
      const inline = arg.startsWith("--against=");
      const value = inline ? arg.slice("--against=".length) : rest[++i];
      if (value === undefined || value === "" || value.startsWith("-"))
        throw new UsageError(
          "--against needs a file, e.g. `--against state.json`, written by `pulumi stack export --file state.json`.",
        );
      if (against !== undefined) throw new UsageError("--against is given twice; pass it once.");
      against = value;
    } else if (arg === "--stack" || arg === "-s" || arg.startsWith("--stack=")) {
      const inline = arg.startsWith("--stack=");
      const flag = inline ? "--stack" : arg;
      const value = inline ? arg.slice("--stack=".length) : rest[++i];
      if (value === undefined || value.startsWith("-"))
        throw new UsageError(`${arg} needs a stack name, e.g. \`${arg} kubernetes\`.`);
      if (stack !== undefined) {
        throw new UsageError(
          `the stack is given twice (${stack.flag} ${JSON.stringify(stack.value)}, then ${flag} ${JSON.stringify(value)}); pass --stack once.`,
        );
      }
      stack = { flag, value };
    } else if (arg.startsWith("-")) {
      const name = arg.split("=")[0] ?? arg;
      const guess = suggestion(name, PLAN_FLAGS);
      throw new UsageError(
        `unknown option ${arg}; plan takes --stack <name>, --json, --policy-config <file>, --against <file> and --help.${guess}`,
      );
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1)
    throw new UsageError(
      `plan takes one project directory; received ${positional.map((p) => JSON.stringify(p)).join(", ")}.`,
    );
  if (stack === undefined || stack.value === "") {
    throw new UsageError(
      "--stack is required: name the stack whose Pulumi.<stack>.yaml to plan, e.g. `--stack kubernetes`.",
    );
  }
  // `org/project/stack`, as Pulumi accepts it: the stack file is named after the last part.
  const stackName = stack.value.slice(stack.value.lastIndexOf("/") + 1);
  if (!STACK_NAME.test(stackName)) {
    throw new UsageError(
      `--stack ${JSON.stringify(stack.value)} is not a stack name (letters, digits, hyphens, underscores, periods).`,
    );
  }
  return {
    command: "plan",
    dir: positional[0] ?? ".",
    stack: stackName,
    json,
    policyConfig,
    against,
  };
}
