/**
 * The command line: argument parsing (pure) and `main`, which maps a plan to output and an exit code:
 * 0 planned cleanly, 1 the plan failed (project, stack file or program error), 2 usage error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "./errors";
import { renderJson, renderText } from "./render";
import { runPlan } from "./run";

export const USAGE = `Usage: wissel plan [<project dir>] --stack <name> [--json]

Runs the Pulumi program in <project dir> (default: the current directory) offline, under the Pulumi
mock runtime, with the config of Pulumi.<name>.yaml, and prints what each Wissel component becomes on
its target vendor. It deploys nothing and needs no credentials; deploy with \`pulumi up\`.

Options:
  -s, --stack <name>  the stack whose config to use (required)
      --json          print one JSON document instead of text
  -h, --help          show this help

Exit codes: 0 planned, 1 the plan failed, 2 usage error.`;

/** A parsed command line. */
export type Command =
  | { readonly command: "help" }
  | { readonly command: "plan"; readonly dir: string; readonly stack: string; readonly json: boolean };

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** Parses the arguments after `wissel`. Throws a UsageError for anything malformed. */
export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") return { command: "help" };
  if (command !== "plan") throw new UsageError(`unknown command ${JSON.stringify(command)}; wissel knows: plan.`);

  const positional: string[] = [];
  let stack: string | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    if (arg === "-h" || arg === "--help") return { command: "help" };
    if (arg === "--json") {
      json = true;
    } else if (arg === "--stack" || arg === "-s") {
      const value = rest[++i];
      if (value === undefined || value.startsWith("-")) throw new UsageError(`${arg} needs a stack name, e.g. \`${arg} kubernetes\`.`);
      stack = value;
    } else if (arg.startsWith("--stack=")) {
      stack = arg.slice("--stack=".length);
    } else if (arg.startsWith("-")) {
      throw new UsageError(`unknown option ${arg}.`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1) throw new UsageError(`plan takes one project directory; received ${positional.map((p) => JSON.stringify(p)).join(", ")}.`);
  if (stack === undefined || stack === "") {
    throw new UsageError("--stack is required: name the stack whose Pulumi.<stack>.yaml to plan, e.g. `--stack kubernetes`.");
  }
  // `org/project/stack`, as Pulumi accepts it: the stack file is named after the last part.
  const stackName = stack.slice(stack.lastIndexOf("/") + 1);
  if (!STACK_NAME.test(stackName)) {
    throw new UsageError(`--stack ${JSON.stringify(stack)} is not a stack name (letters, digits, hyphens, underscores, periods).`);
  }
  return { command: "plan", dir: positional[0] ?? ".", stack: stackName, json };
}

/** Where `main` writes. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Directory the project path is resolved against. */
  readonly cwd: string;
}

/** Runs the command line and returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
    if (command.command === "plan") {
      const dir = path.resolve(io.cwd, command.dir);
      if (fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) {
        throw new UsageError(`${dir} is not a directory; pass the directory that holds Pulumi.yaml.`);
      }
      command = { ...command, dir };
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`wissel: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.command === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }

  const report = await runPlan({ dir: command.dir, stack: command.stack });
  if (command.json) {
    io.stdout(renderJson(report));
  } else {
    const { out, err } = renderText(report);
    io.stdout(out);
    if (err !== "") io.stderr(err);
  }
  return report.errors.length > 0 ? 1 : 0;
}
