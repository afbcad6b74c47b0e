/**
 * The command line: `main`, which maps a plan to output and an exit code:
 * 0 planned cleanly, 1 the plan failed (project, stack file or program error), 2 usage error,
 * 3 planned cleanly against a deployed state, but the change deletes or replaces data.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs, type Command } from "./args";
import { compareMain } from "./compare-cli";
import { reportMain } from "./report-cli";
import { UsageError } from "./errors";
import { renderJson, renderText } from "./render";
import { startProgress } from "./progress";
import { runPlan } from "./run";

export const USAGE = `Usage: wissel plan [<project dir>] --stack <name> [--json] [--policy-config <file>]
                   [--against <state file>]
       wissel compare [<project dir>] [--stack <base>] [--require <target,…>] [--json]
       wissel report <project dir…> --out <file.html> [--stack <name>]
       wissel --version

Runs the Pulumi program in <project dir> (default: the current directory) offline, under the Pulumi
mock runtime, with the config of Pulumi.<name>.yaml, and prints what each Wissel component becomes on
its target vendor. It deploys nothing and needs no credentials; deploy with \`pulumi up\`.

Options:
  -s, --stack <name>  the stack whose config to use (required)
      --json          print one JSON document instead of text
      --policy-config <file>
                      the @wissel/policy rules' levels and residency facts, as the file
                      \`pulumi preview --policy-pack-config\` reads
      --against <file>
                      diff the plan against the stack's state, as \`pulumi stack export\`
                      writes it: what is created, updated, replaced or deleted
  -h, --help          show this help
      --version       print the version of wissel, of the Pulumi SDK it runs and of Node.js

Exit codes: 0 planned, 1 the plan failed (a mandatory policy violation included), 2 usage error,
3 planned against a state, and the change deletes or replaces a resource that holds data.

compare plans the program once per installed target (the base stack's config with wissel:target
swapped, each adapter's settings from that target's own stack file) and prints a block × target
matrix. --require <targets>: exit 1 unless the program plans cleanly on each of them.

report plans every stack of each project (or the one --stack names) and writes one self-contained
HTML page: the EU-controlled share against the 30 % target, resources by vendor and country,
sensitive data, and each project's capability matrix.`;

/** Where `main` writes. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Directory the project path is resolved against. */
  readonly cwd: string;
  /** True when stderr is a terminal: then a plan that takes a while shows a progress line there. */
  readonly stderrIsTTY?: boolean;
}

/** `wissel 0.1.0 (@pulumi/pulumi 3.270.0, Node.js v24.9.0)`: what a bug report needs. */
export function versionLine(): string {
  const own = (require("../package.json") as { version: string }).version;
  const sdk = (require("@pulumi/pulumi/package.json") as { version: string }).version;
  return `wissel ${own} (@pulumi/pulumi ${sdk}, Node.js ${process.version})`;
}

/** Runs the command line and returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
    if (command.command === "plan" || command.command === "compare") {
      const dir = path.resolve(io.cwd, command.dir);
      if (fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) {
        throw new UsageError(
          `${dir} is not a directory; pass the directory that holds Pulumi.yaml.`,
        );
      }
      command = { ...command, dir };
    }
    if (command.command === "report") {
      for (const dir of command.dirs) {
        const full = path.resolve(io.cwd, dir);
        if (fs.statSync(full, { throwIfNoEntry: false })?.isDirectory() !== true)
          throw new UsageError(
            `${full} is not a directory; pass the directories that hold Pulumi.yaml.`,
          );
      }
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
  if (command.command === "version") {
    io.stdout(`${versionLine()}\n`);
    return 0;
  }

  if (command.command === "compare") return compareMain(command, io);
  if (command.command === "report") return reportMain(command, io);

  const progress = io.stderrIsTTY === true ? startProgress(io.stderr) : undefined;
  let report;
  try {
    report = await runPlan({
      dir: command.dir,
      stack: command.stack,
      ...(command.policyConfig !== undefined ? { policyConfig: command.policyConfig } : {}),
      ...(command.against !== undefined ? { against: path.resolve(io.cwd, command.against) } : {}),
      ...(progress !== undefined ? { onProgress: progress.update } : {}),
    });
  } finally {
    progress?.stop();
  }
  if (command.json) {
    io.stdout(renderJson(report));
  } else {
    const { out, err } = renderText(report);
    io.stdout(out);
    if (err !== "") io.stderr(err);
  }
  if (report.errors.length > 0) return 1;
  return report.diff?.deletesOrReplacesData === true ? 3 : 0;
}
